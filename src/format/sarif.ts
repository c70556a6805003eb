import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { LintMessage, LintResult } from '../engine/events.js';
import { RULE_DOCS_BASE_URL, type Rule, type RelatedLocation } from '../engine/rule.js';
import { readmeParts } from './rule-readme.js';
import type { Formatter, FormatterContext, LintedServer } from './types.js';

const SRCROOT = '%SRCROOT%';
const FINGERPRINT = 'forbidlint/v1';
/** GitHub code scanning keeps at most this many results of one run. */
export const MAX_SARIF_RESULTS = 25_000;
/** The default rule id of configurations the server refuses to load (`--sarif-fatal-rule`). */
export const DEFAULT_FATAL_RULE_ID = 'forbidlint/invalid-config';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule that has a result in the driver with
 * its README as `help` (GitHub shows `help`, not `helpUri`), results with a region and a
 * fingerprint that does not change when lines move, URIs relative to the repository root.
 * Alerts come from results only, so a configuration the server refuses to load (`nginx -t`
 * fails) is a result of its own rule, which can gate a pull request; the tool's lesser problems
 * (unusable disable comments, unreadable directories) are notifications, which raise no alert.
 */
export const sarif: Formatter = (results, context) => {
  const servers = context.servers ?? [];
  // A fleet is one run per server, told apart by automationDetails.id, so code scanning keeps
  // each server's alerts apart (and a server left out of a later upload does not close another's).
  const runs =
    servers.length > 1
      ? servers.map((server) =>
          toRun(
            results.filter((r) => r.server === server.name),
            context,
            server,
          ),
        )
      : [toRun(results, context, servers[0])];
  const log: Sarif.Log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function toRun(results: readonly LintResult[], context: FormatterContext, server: LintedServer | undefined): Sarif.Run {
  const fatalRuleId = context.fatalRuleId ?? DEFAULT_FATAL_RULE_ID;
  const found: Found[] = [];
  const notifications: Sarif.Notification[] = [];
  // A fleet's server says itself whether it was seen whole; a lone lint, through its failed mounts.
  if (server === undefined) notifications.push(...incompleteAudits(context));
  else if (!server.complete) {
    notifications.push({ level: 'error', descriptor: { id: 'audit-incomplete' }, message: { text: `The audit of ${server.name} is incomplete: ${server.failure ?? 'unknown reason'}` } });
  }
  for (const result of results) {
    const seen = new Map<string, number>();
    for (const message of result.messages) {
      const ruleId = message.ruleId ?? (message.fatal ? fatalRuleId : undefined);
      if (ruleId === undefined) notifications.push(toNotification(result, message, context));
      else found.push({ ruleId, sarif: toResult(result, message, ruleId, seen, context) });
    }
  }
  const kept = capped(found, notifications);
  const ruleIds = [...new Set(kept.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  return {
    tool: {
      driver: {
        name: 'forbidlint',
        version: context.version,
        rules: ruleIds.map((id) => (id === fatalRuleId && !context.rules.has(id) ? fatalRuleDescriptor(id) : toRuleDescriptor(id, context))),
      },
    },
    ...(server && (context.servers?.length ?? 0) > 1 ? { automationDetails: { id: `forbidlint/${server.name}/` } } : {}),
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(sourceRoot(context)) } },
    columnKind: 'utf16CodeUnits',
    invocations: [{ executionSuccessful: server ? server.complete : (context.incomplete?.length ?? 0) === 0, toolExecutionNotifications: notifications }],
    results: kept.map((f) => ({ ...f.sarif, ruleIndex: ruleIndex.get(f.ruleId) ?? 0 })),
    ...(server ? { properties: { server: server.name, complete: server.complete } } : {}),
  };
}

/** A mount that failed during the audit: the run did not see the whole server. */
function incompleteAudits(context: FormatterContext): Sarif.Notification[] {
  return (context.incomplete ?? []).map(({ root, reason }) => ({ level: 'error', descriptor: { id: 'audit-incomplete' }, message: { text: `audit of ${root} incomplete: ${reason}` } }));
}

interface Found {
  ruleId: string;
  sarif: Sarif.Result;
}

/**
 * At most MAX_SARIF_RESULTS, errors first, each group in file order; what is left out is said in
 * a notification of the run, since GitHub would otherwise refuse the whole upload.
 */
function capped(found: readonly Found[], notifications: Sarif.Notification[]): readonly Found[] {
  if (found.length <= MAX_SARIF_RESULTS) return found;
  const errors = found.filter((f) => f.sarif.level === 'error');
  const kept = [...errors, ...found.filter((f) => f.sarif.level !== 'error')].slice(0, MAX_SARIF_RESULTS);
  const left = found.length - kept.length;
  notifications.push({
    level: 'warning',
    descriptor: { id: 'results-capped' },
    message: {
      text:
        `${left} of ${found.length} results are left out of this log: GitHub code scanning keeps at most ${MAX_SARIF_RESULTS} per run. ` +
        `It holds ${errors.length >= MAX_SARIF_RESULTS ? 'the first errors' : 'every error and the first warnings'}; run forbidlint with --format json or --format stylish to see every result.`,
    },
  });
  return kept;
}

function toRuleDescriptor(id: string, context: FormatterContext): Sarif.ReportingDescriptor {
  const rule = context.rules.get(id);
  if (!rule) return { id, shortDescription: { text: id } };
  const { docs } = rule.meta;
  const readme = context.ruleReadme?.(id);
  const parts = readme === undefined ? undefined : readmeParts(readme);
  return {
    id,
    shortDescription: { text: docs.description },
    ...(parts && parts.lead !== '' && parts.lead !== docs.description ? { fullDescription: { text: parts.lead } } : {}),
    help: parts ? { text: markdownToText(parts.body), markdown: parts.body } : { text: docs.description },
    // The default URL names the project's repository, which is only real where it is published.
    ...(docs.url.startsWith(RULE_DOCS_BASE_URL) ? {} : { helpUri: docs.url }),
    defaultConfiguration: { level: rule.meta.defaultSeverity === 'error' ? 'error' : 'warning' },
    properties: { ...ruleProperties(rule), ...(docs.recommended ? { recommended: docs.recommended } : {}) },
  };
}

/**
 * GitHub ranks an alert by `security-severity` ("0.0".."10.0": 7.0 and up is high, 4.0 up to 7.0
 * medium) for rules tagged `security` only; the others are correctness problems, ranked by level.
 */
function ruleProperties(rule: Rule): Sarif.PropertyBag {
  if (rule.meta.type === 'security') return { tags: ['security'], 'security-severity': rule.meta.defaultSeverity === 'error' ? '8.0' : '5.0' };
  return { tags: rule.meta.type === 'suggestion' ? ['maintainability'] : ['correctness'] };
}

function fatalRuleDescriptor(id: string): Sarif.ReportingDescriptor {
  const text =
    'nginx -t or apachectl configtest would reject this configuration: the server would not start, and a reload would keep the previous configuration. ' +
    'Fix the line the result points at; the message says what the server objects to.';
  return {
    id,
    shortDescription: { text: 'A configuration the server refuses to load' },
    fullDescription: { text },
    help: { text, markdown: text },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['correctness'] },
  };
}

function toResult(result: LintResult, message: LintMessage, ruleId: string, seen: Map<string, number>, context: FormatterContext): Sarif.Result {
  // The line's text rather than its number, so an alert keeps its identity when lines above
  // it are added; the occurrence count tells identical lines apart.
  const lineText = result.source?.split(/\r?\n/)[message.line - 1]?.trim() ?? '';
  const key = `${ruleId}\0${lineText}\0${message.message}`;
  const occurrence = (seen.get(key) ?? 0) + 1;
  seen.set(key, occurrence);
  return {
    ruleId,
    level: message.severity === 2 ? 'error' : 'warning',
    message: { text: message.message },
    locations: [physical(result.filePath, message, context)],
    ...(message.relatedLocations?.length ? { relatedLocations: message.relatedLocations.map((r, i) => toRelated(r, i, context)) } : {}),
    partialFingerprints: { [FINGERPRINT]: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32) },
  };
}

function toNotification(result: LintResult, message: LintMessage, context: FormatterContext): Sarif.Notification {
  return {
    level: message.severity === 2 ? 'error' : 'warning',
    message: { text: message.message },
    locations: [physical(result.filePath, message, context)],
    descriptor: { id: 'tool-warning' },
  };
}

function toRelated(related: RelatedLocation, id: number, context: FormatterContext): Sarif.Location {
  if (related.path !== undefined) {
    // A path on the audited server, not a file of the repository: no region.
    return { id, message: { text: related.message }, physicalLocation: { artifactLocation: { uri: pathToFileURL(related.path).href } } };
  }
  return { id, message: { text: related.message }, ...physical(related.loc.file, { line: related.loc.line, column: related.loc.column, endLine: related.loc.endLine, endColumn: related.loc.endColumn }, context) };
}

function physical(file: string, span: Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>, context: FormatterContext): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: artifact(file, sourceRoot(context)),
      region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: Math.max(span.endColumn, span.endLine === span.line ? span.column : 1) },
    },
  };
}

function sourceRoot(context: FormatterContext): string {
  return context.sourceRoot ?? context.cwd;
}

/** Relative to the repository root (`%SRCROOT%`) when inside it, which is what code scanning can place. */
function artifact(file: string, root: string): Sarif.ArtifactLocation {
  const relative = path.relative(root, file);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file).href };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A README's Markdown as plain text, for consumers that do not render `help.markdown`. */
function markdownToText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*```/.test(line))
    .map((line) => line.replace(/^#+\s+/, '').replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)'))
    .join('\n');
}
