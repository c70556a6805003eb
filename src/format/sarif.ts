import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { LintMessage, LintResult } from '../engine/events.js';
import type { RelatedLocation } from '../engine/rule.js';
import type { Formatter, FormatterContext } from './types.js';

const SRCROOT = '%SRCROOT%';
const FINGERPRINT = 'forbidlint/v1';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule that has a result in the driver
 * (GitHub shows `help.text`, not `helpUri`), results with a region and a fingerprint that does
 * not change when lines move, and problems of the tool itself (parse errors, unusable disable
 * comments) as tool execution notifications, which raise no alert.
 */
export const sarif: Formatter = (results, context) => {
  const ruleIds = [...new Set(results.flatMap((r) => r.messages.flatMap((m) => (m.ruleId ? [m.ruleId] : []))))].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const result of results) {
    const seen = new Map<string, number>();
    for (const message of result.messages) {
      if (message.ruleId === null) {
        notifications.push(toNotification(result, message, context));
        continue;
      }
      sarifResults.push(toResult(result, message, ruleIndex.get(message.ruleId) ?? 0, seen, context));
    }
  }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'forbidlint',
            version: context.version,
            informationUri: 'https://github.com/forbidlint/forbidlint',
            rules: ruleIds.map((id) => toRuleDescriptor(id, context)),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function toRuleDescriptor(id: string, context: FormatterContext): Sarif.ReportingDescriptor {
  const rule = context.rules.get(id);
  if (!rule) return { id, shortDescription: { text: id }, fullDescription: { text: id }, help: { text: id } };
  const { docs } = rule.meta;
  return {
    id,
    shortDescription: { text: docs.description },
    fullDescription: { text: docs.description },
    help: { text: `${docs.description}\n\nDocumentation: ${docs.url}`, markdown: `${docs.description}\n\n[Documentation](${docs.url})` },
    helpUri: docs.url,
    defaultConfiguration: { level: rule.meta.defaultSeverity === 'error' ? 'error' : 'warning' },
    properties: { tags: [rule.meta.type], ...(docs.recommended ? { recommended: docs.recommended } : {}) },
  };
}

function toResult(result: LintResult, message: LintMessage, ruleIndex: number, seen: Map<string, number>, context: FormatterContext): Sarif.Result {
  const ruleId = message.ruleId ?? '';
  // The line's text rather than its number, so an alert keeps its identity when lines above
  // it are added; the occurrence count tells identical lines apart.
  const lineText = result.source?.split(/\r?\n/)[message.line - 1]?.trim() ?? '';
  const key = `${ruleId}\0${lineText}\0${message.message}`;
  const occurrence = (seen.get(key) ?? 0) + 1;
  seen.set(key, occurrence);
  return {
    ruleId,
    ruleIndex,
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
    descriptor: { id: message.fatal ? 'parse-error' : 'tool-warning' },
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
      artifactLocation: artifact(file, context.cwd),
      region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: Math.max(span.endColumn, span.endLine === span.line ? span.column : 1) },
    },
  };
}

/** Relative to the checkout (`%SRCROOT%`) when inside it, which is what code scanning can show. */
function artifact(file: string, cwd: string): Sarif.ArtifactLocation {
  const relative = path.relative(cwd, file);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file).href };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
