import type { Dialect } from '../parse/ast.js';
import type { Rule, Severity, SeverityName } from '../engine/rule.js';
import type { LinterHooks } from '../engine/hooks.js';
import type { LintConfig, RuleSettings } from '../engine/settings.js';
import type { Formatter } from '../format/types.js';

/** A rule's setting as written: `"warn"`, `2`, or `["error", { ...options }]`. */
export type RuleSetting = SeverityName | Severity | readonly [SeverityName | Severity, object?];

export interface OverrideData {
  /** picomatch globs, relative to the config file's directory. */
  files: string[];
  rules?: Record<string, RuleSetting>;
}

/** A configuration to lint, as `servers` lists it. */
export interface ServerEntry {
  /** Shown in per-server lines and SARIF's automationDetails.id. */
  name?: string;
  dialect?: Dialect;
  /** The entry file; with `snapshot`, a path as the server sees it, and optional (the snapshot's own configs). */
  config?: string;
  root?: string;
  serverRoot?: string;
  fsListing?: string;
  fsManifest?: string;
  /** A snapshot `forbidlint snapshot`'s command wrote (like --snapshot): the whole server, configs included. */
  snapshot?: string;
}

/** The contents of a `.forbidlintrc` (schema/forbidlintrc.schema.json). */
export interface ConfigData {
  extends?: string | string[];
  plugins?: string[];
  rules?: Record<string, RuleSetting>;
  overrides?: OverrideData[];
  ignorePatterns?: string[];
  servers?: ServerEntry[];
  /** How many `servers` are linted at once. */
  jobs?: number | 'auto';
  root?: string;
  webUser?: string;
  fsListing?: string;
  fsManifest?: string;
  lsp?: LspSettings;
}

/** Settings of `forbidlint lsp`. */
export interface LspSettings {
  /** Globs, relative to the configuration file, of more files the language server lints. */
  filePatterns?: string[];
}

/** What a plugin module exports (default export or the module namespace itself). */
export interface Plugin {
  /** Short name: rule ids are `<name>/<rule>`, presets are `plugin:<name>/<preset>`. */
  name: string;
  rules?: readonly Rule[];
  formatters?: Readonly<Record<string, Formatter>>;
  /** Presets by name, as config data. */
  configs?: Readonly<Record<string, ConfigData>>;
  /** Taps the linter's hooks. */
  apply?(hooks: LinterHooks): void;
}

/** A rule's resolved setting: the engine's own type, which this module produces. */
export type RuleConfig = RuleSettings;

/** A resolved configuration as the engine receives it. */
export type LintedConfig = ResolvedConfig & LintConfig;

/** A configuration after `extends` and plugins were resolved; overrides are applied per file. */
export interface ResolvedConfig {
  /** The file it was read from; undefined when no configuration file was found. */
  filePath?: string;
  /** Where relative paths and `overrides[].files` globs start from. */
  baseDir: string;
  plugins: Plugin[];
  /** Every rule known to this configuration: the built-in ones and the plugins'. */
  rules: ReadonlyMap<string, Rule>;
  ruleConfigs: Record<string, RuleConfig>;
  overrides: { files: string[]; ruleConfigs: Record<string, RuleConfig> }[];
  ignorePatterns: string[];
  servers: ServerEntry[];
  jobs?: number | 'auto';
  root?: string;
  webUser?: string;
  fsListing?: string;
  fsManifest?: string;
  lsp?: LspSettings;
}
