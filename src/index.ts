/**
 * forbidlint's public API: the rule factory and types for rule and plugin authors, the linter
 * and configuration for tools that embed it, the parsers and the request simulator (what
 * `explain` answers), the formatters, and the CLI's `main`.
 */
export {
  createRule,
  interpolate,
  NO_OPTIONS_SCHEMA,
  RULE_DOCS_BASE_URL,
  RULE_ID_PATTERN,
  type DirectiveListener,
  type LintSettings,
  type MessageData,
  type PresetName,
  type RelatedLocation,
  type ReportAnchor,
  type ReportDescriptor,
  type Rule,
  type RuleContext,
  type RuleDefinition,
  type RuleDocs,
  type RuleListeners,
  type RuleMeta,
  type RuleModule,
  type RuleType,
  type Severity,
  type SeverityName,
  type StatusClaim,
  type Suggestion,
  type TextEdit,
} from './engine/rule.js';
export type { ConfigSource, HookedPlugin, LintConfig, RuleSettings } from './engine/settings.js';
export { createLinterHooks, createTargetHooks, type LinterHooks, type TargetHooks } from './engine/hooks.js';
export type { ConfigModel, Finding, FsEntryEvent, LintMessage, LintResult, LintTarget, ServerEvent } from './engine/events.js';
export { Linter, type AuditedView, type LinterOptions } from './engine/linter.js';
export { createLintCache, type LintCache } from './engine/load-target.js';
export { lintTarget, type TargetInput, type TargetOutcome, type TreeWalker } from './engine/lint-target.js';
export { ConfigDiscovery, SEARCH_PLACES, type ConfigDiscoveryOptions } from './config/discover.js';
export { ConfigError } from './config/errors.js';
export { resolveConfig } from './config/resolve-config.js';
export { lintConfigOf } from './config/rule-config.js';
export { presetRuleConfigs } from './config/presets.js';
export type { ConfigData, LintedConfig, OverrideData, Plugin, ResolvedConfig, RuleConfig, RuleSetting, ServerEntry } from './config/types.js';
export { BUILTIN_FORMATS, loadBuiltinFormatter, type Formatter, type FormatterContext } from './format/index.js';
export { main, COMMANDS, type CliIo, type Command } from './cli/main.js';
export { builtinRules } from '../lint-rules/index.js';
export { createSimulator, parseRequestUrl, type SimulationEnv, type HttpRequest, type Simulator, type TraceStep, type Verdict } from './simulate/index.js';
export { loadNginxConfig, parseNginx, printNginx } from './parse/nginx/index.js';
export { loadApacheConfig, parseApache, printApache, readEnvvars } from './parse/apache/index.js';
export type { Argument, Comment, Dialect, Directive, Node, ParsedConfig, ParseDiagnostic, SourceFile, SourceLocation } from './parse/ast.js';
export { LiveFs, loadUserDb, openFsView, type FsView, type UserDb } from './fs/index.js';
export { RuleTester, lintCase, checkInvalid, checkValid, type ExpectedError, type InvalidCase, type RuleCase, type RuleTestCases, type TestBlock, type TestCase } from './testing/rule-tester.js';
export type { ProbeInit, ProbeTarget, ProbeVerdict, ProbedModel, Question, Refusal, ServerProbe } from './probe/types.js';
