import type { Dialect, ParseDiagnostic, SourceFile, SourceLocation } from '../parse/ast.js';
import type { WalkEntry } from '../fs/walk.js';
import type { ServedTree, ServerSummary, WebUser } from '../model/types.js';
import type { RelatedLocation, Severity, StatusClaim, Suggestion, TextEdit } from './rule.js';

/** A claim with the configuration it was made of (its entry file), so `explain` can replay it. */
export type TargetClaim = StatusClaim & { config: string };

/** What the engine passes along its hooks, and what it hands to formatters. */

/** One configuration to lint: an entry file and where its server's world lives. */
export interface LintTarget {
  dialect: Dialect;
  /** The entry file, as given (resolved against the working directory). */
  entry: string;
  kind: SourceFile['kind'];
  /** The entry's text when it does not come from disk (`--stdin`). */
  text?: string;
  /** Apache's ServerRoot, for relative Include paths. */
  serverRoot?: string;
  /** The file whose forbidlint configuration applies, when not the entry's (a lone file read in an assumed context). */
  configuredAs?: string;
}

/**
 * What a dialect's model gives the engine: who the workers run as and the servers with the
 * trees they serve. The nginx and Apache models carry more; rules that need it narrow `model`.
 */
export interface ConfigModel {
  webUser: WebUser;
  servers: ServerSummary[];
  /** What the model found wrong while merging (a bad `listen`, a vhost without address). */
  diagnostics: ParseDiagnostic[];
}

export interface ServerEvent {
  server: ServerSummary;
  model: ConfigModel;
}

/** An entry found under a served tree (a document root, an alias, a `<Directory>`). */
export interface FsEntryEvent {
  /** lstat of the entry: a symlink is reported as a symlink, with its target, never followed. */
  entry: WalkEntry;
  tree: ServedTree;
  server: ServerSummary;
}

/** A report after the engine resolved its message, severity and anchor, before disable comments. */
export interface Finding {
  /** `null` for problems of the tool's own: parse errors, unusable disable comments. */
  ruleId: string | null;
  messageId?: string;
  severity: Exclude<Severity, 0>;
  message: string;
  loc: SourceLocation;
  fatal?: boolean;
  /** The server path of a filesystem finding. */
  path?: string;
  fix?: TextEdit;
  suggestions?: Suggestion[];
  related?: RelatedLocation[];
  claim?: TargetClaim;
}

/** ESLint's message shape (1-based lines and columns, exclusive end column) plus our extras. */
export interface LintMessage {
  ruleId: string | null;
  messageId?: string;
  severity: Exclude<Severity, 0>;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  fix?: { line: number; column: number; endLine: number; endColumn: number; text: string };
  suggestions?: Suggestion[];
  relatedLocations?: RelatedLocation[];
  /** The server path of a filesystem finding. */
  fsPath?: string;
  /** The request whose answer the message states, replayable with `forbidlint explain`. */
  claim?: TargetClaim;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  /** Messages a disable comment silenced, with the justification written after `--`. */
  suppressedMessages: (LintMessage & { suppressions: { kind: 'directive'; justification: string }[] })[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The file's text, for formatters that quote it. */
  source?: string;
  /** The `servers` entry (its name) the file was linted for, when the project's servers are linted. */
  server?: string;
}
