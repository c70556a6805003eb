import type { SchemaObject } from 'ajv';
import type { Argument, Comment, Dialect, Directive, ParsedConfig, SourceFile, SourceLocation } from '../parse/ast.js';
import type { FsView, Principal, UserDb } from '../fs/types.js';
import type { FsEntryEvent, ServerEvent } from './events.js';
import type { ServerProbe } from '../probe/types.js';

/**
 * The rule contract, in the style of typescript-eslint's RuleCreator: message ids and options
 * are inferred from `meta.messages` and `defaultOptions`, so `report({ messageId: 'typo' })`
 * does not compile. Rules are data plus listeners; they never import tapable or node:fs.
 */

export type RuleType = 'problem' | 'suggestion' | 'security';
export type PresetName = 'recommended' | 'strict';
export type SeverityName = 'off' | 'warn' | 'error';
/** ESLint's numeric severities: 0 off, 1 warning, 2 error. */
export type Severity = 0 | 1 | 2;

/** Where every built-in rule's README lives; `docs.url` is this plus the rule id. */
export const RULE_DOCS_BASE_URL = 'https://github.com/forbidlint/forbidlint/blob/main/lint-rules/';

/** Namespaced kebab-case: `nginx/deny-all`, `fs/world-writable`, `example/no-autoindex`. */
export const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** For rules that take no options: the only accepted value is an empty object. */
export const NO_OPTIONS_SCHEMA: SchemaObject = { type: 'object', properties: {}, additionalProperties: false };

export interface RuleDocs {
  description: string;
  /** The lowest preset that enables the rule: `strict` includes every `recommended` rule. */
  recommended?: PresetName;
  url: string;
}

export interface RuleMeta<MessageIds extends string> {
  id: string;
  type: RuleType;
  docs: RuleDocs;
  /** Message templates by id; `{{name}}` is replaced with `data.name`. */
  messages: Readonly<Record<MessageIds, string>>;
  /** JSON Schema of the options object, checked with ajv before the rule runs. */
  schema: SchemaObject;
  defaultSeverity: Exclude<SeverityName, 'off'>;
  /** Set when the rule's reports carry a config edit (`fix`) that `--fix` may apply. */
  fixable?: 'config';
  hasSuggestions?: boolean;
  deprecated?: boolean;
  replacedBy?: readonly string[];
}

/** Replace the text spanned by `loc` (in `loc.file`) with `text`. */
export interface TextEdit {
  loc: SourceLocation;
  text: string;
}

export interface Suggestion {
  desc: string;
  fix?: TextEdit;
  /** A shell command the user may run, e.g. `chmod o+x /srv/www`. Shown, never run. */
  command?: string;
}

/** A place that explains a finding: a config span, or a path on the audited server. */
export type RelatedLocation = { message: string; loc: SourceLocation; path?: never } | { message: string; path: string; loc?: never };

export type MessageData = Readonly<Record<string, string | number>>;

/**
 * What a finding says a server answers to one request, as the simulator found it: replaying
 * it through `forbidlint explain` gives the same status and cause.
 */
export interface StatusClaim {
  url: string;
  clientIp: string;
  method: string;
  status: number;
  cause: string | null;
}

interface ReportBody<MessageIds extends string> {
  messageId: MessageIds;
  data?: MessageData;
  /**
   * A ceiling for this one finding, for rules whose findings differ in weight (a `deny all` on a
   * whole site against one on a sub-location). It only lowers: a rule configured `warn` never
   * emits an error, and `off` stays off.
   */
  severity?: Exclude<SeverityName, 'off'>;
  fix?: TextEdit;
  suggest?: readonly Suggestion[];
  related?: readonly RelatedLocation[];
  /** The request whose answer the message states (from the probe's verdict). */
  claim?: StatusClaim;
}

/**
 * Where a finding points. A config finding names its node or span; a filesystem finding names
 * the server `path` and is anchored at the directive that serves it (`root`, `alias`,
 * `DocumentRoot`, `<Directory>`): the one given, or else the one the engine finds for `path`,
 * because CI annotations can only point into files of the repository.
 */
export type ReportAnchor =
  | { node: Directive | Argument | Comment; loc?: never; path?: string }
  | { loc: SourceLocation; node?: never; path?: string }
  | { path: string; node?: never; loc?: never };

export type ReportDescriptor<MessageIds extends string> = ReportBody<MessageIds> & ReportAnchor;

/** Project-wide settings every rule sees. */
export interface LintSettings {
  /** `--web-user` / `webUser`: overrides the account the config names. */
  webUser?: { user: string; group?: string };
  /** `--root`: where the audited server's `/` is mounted; `/` for the live system. */
  root: string;
  /** False under `--no-fs`: rules that only inspect the filesystem have nothing to look at. */
  fsEnabled: boolean;
}

export interface RuleContext<Options, MessageIds extends string> {
  readonly id: string;
  /** `defaultOptions` deep-merged with the user's options (validated against `meta.schema`). */
  readonly options: Options;
  readonly settings: LintSettings;
  readonly dialect: Dialect;
  /** The whole configuration being linted, entry file first. */
  readonly config: ParsedConfig;
  readonly fs: FsView;
  /** The audited system's users and groups (read through `fs`, never the local machine's). */
  readonly users: UserDb;
  /** The web user resolved to uid and gids; undefined when it does not exist on the audited system. */
  readonly principal: Principal | undefined;
  /**
   * What the servers of this configuration answer, from the engine's one simulator: ask it
   * rather than restate access phases, index choice, symlink policy or path mapping. Absent
   * for a file with no server of its own (a .htaccess, a snippet).
   */
  readonly probe: ServerProbe | undefined;
  getSourceFile(file: string): SourceFile | undefined;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

export type DirectiveListener = (directive: Directive, parents: readonly Directive[]) => void;

/**
 * What a rule subscribes to. Each key becomes a tap on the matching engine hook:
 *
 * - `nginx:<name>` a directive by its exact (case-sensitive) name; `nginx:*` every nginx directive;
 * - `apache:<name>` a directive by its lowercase name; `apache:*` every Apache directive;
 * - `apache:section:<name>` an Apache section (`apache:section:directory` for `<Directory>`);
 * - `file` each parsed file; `server` each nginx server / Apache virtual host with its model;
 * - `fsEntry` each entry under a served tree; `finish` once the configuration has been visited.
 */
export interface RuleListeners {
  file?: (file: SourceFile) => void;
  server?: (event: ServerEvent) => void;
  fsEntry?: (event: FsEntryEvent) => void;
  finish?: () => void;
  [selector: `nginx:${string}`]: DirectiveListener | undefined;
  [selector: `apache:${string}`]: DirectiveListener | undefined;
}

export interface RuleModule<Options extends object, MessageIds extends string> {
  meta: RuleMeta<MessageIds>;
  defaultOptions: Options;
  create(context: RuleContext<Options, MessageIds>): RuleListeners;
}

/** A rule with its types erased, as registries, presets and plugins hold it. */
export type Rule = RuleModule<object, string>;

export interface RuleDefinition<Options extends object, MessageIds extends string> {
  meta: Omit<RuleMeta<MessageIds>, 'docs'> & { docs: Omit<RuleDocs, 'url'> & { url?: string } };
  defaultOptions: Options;
  create(context: RuleContext<NoInfer<Options>, NoInfer<MessageIds>>): RuleListeners;
}

/**
 * The one factory every rule goes through. Fills `docs.url` from the id (plugins may give
 * their own) so the README a message links to is always the rule's own folder.
 */
export function createRule<Options extends object, MessageIds extends string>(
  definition: RuleDefinition<Options, MessageIds>,
): RuleModule<Options, MessageIds> {
  const { meta } = definition;
  return {
    meta: { ...meta, docs: { ...meta.docs, url: meta.docs.url ?? `${RULE_DOCS_BASE_URL}${meta.id}/README.md` } },
    defaultOptions: definition.defaultOptions,
    create: definition.create,
  };
}

/** `{{name}}` placeholders filled from `data`; unknown names stay visible rather than vanish. */
export function interpolate(template: string, data: MessageData = {}): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) =>
    Object.hasOwn(data, key) ? String(data[key]) : whole,
  );
}
