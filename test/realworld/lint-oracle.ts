import { expect } from 'vitest';
import { appendFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LintMessage, LintResult } from '../../src/engine/events.js';
import type { SourceLocation } from '../../src/parse/ast.js';
import { runCli } from '../cli/run-cli.js';

/**
 * Lint held against a real server on the real-world deployments. The suites send every request
 * to nginx or apache2 and keep what it answered; this module lints the very configuration the
 * server runs (the CLI, as an admin types it) and judges each finding by the server:
 *
 * - every request the server refused with 403 needs a finding (warning or error) at the line
 *   `explain` names as decidedBy, or on the path (or a directory holding it) that refused;
 * - every error must be true: a finding that states a status for a URL is replayed on the real
 *   server and must get that status; a finding without a URL must sit at the cause of a request
 *   the server refused (its deciding line, or a path on the way to what it refused).
 */

export type LintedMessage = LintMessage & { file: string };

/** One request of a suite: what the real server answered, and where explain says it was decided. */
export interface AnsweredRequest {
  deployment: string;
  title: string;
  status: number;
  decidedBy?: SourceLocation;
  /** The path explain maps the request to. */
  path?: string;
}

export interface ReplayedClaim {
  url: string;
  clientIp: string;
  method: string;
}

export interface LintVerdict {
  /** Requests the real server refused with 403. */
  refused: number;
  /** Of those, the ones with a finding at the cause. */
  found: number;
  /** `deployment: title` of each 403 without a finding at its cause. */
  missed: string[];
  /** Errors the real server does not bear out: `deployment: rule: what`. */
  falseErrors: string[];
  /** Warnings that state a status for a URL the real server answers otherwise. */
  falseClaims: string[];
  /** All errors, each with the deployment it belongs to ('' when none owns it). */
  errors: Array<{ deployment: string; message: LintedMessage }>;
  deployments: number;
  /** Deployments without any error. */
  clean: string[];
}

export async function lintJson(config: string, cwd: string): Promise<LintedMessage[]> {
  const run = await runCli([config, '--format', 'json'], { cwd });
  if (run.stderr !== '') throw new Error(`forbidlint wrote to stderr:\n${run.stderr}`);
  const dump = process.env['FORBIDLINT_REALWORLD_LINT'];
  if (dump) appendFileSync(dump, run.stdout + '\n');
  return (JSON.parse(run.stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath })));
}

/** The paths a finding names: its own, and those of its related locations. */
export function namedPaths(message: LintedMessage): string[] {
  return [...(message.fsPath === undefined ? [] : [message.fsPath]), ...(message.relatedLocations ?? []).flatMap((r) => (r.path === undefined ? [] : [r.path]))];
}

/** `$document_root$uri` doubles a slash where the root ends with one: the same path to the kernel. */
const normal = (path: string): string => path.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
const within = (path: string, dir: string): boolean => normal(path) === normal(dir) || normal(path).startsWith(`${normal(dir)}/`);

/** The finding is at the request's cause: its deciding line, or the refused path or a directory above it. */
export function atCause(message: LintedMessage, request: AnsweredRequest): boolean {
  // A filesystem finding sits at its path: the `root` line it is anchored to decides many requests.
  if (message.fsPath !== undefined) return request.path !== undefined && within(request.path, message.fsPath);
  const d = request.decidedBy;
  return d !== undefined && d.file === message.file && d.line === message.line;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A finding without a URL that names a file (an ignored .htaccess, say) states a fact about its
 * directory: a request the server answered from inside that directory hits it.
 */
function hitByRequest(message: LintedMessage, requests: readonly AnsweredRequest[]): boolean {
  const dirs = (message.relatedLocations ?? []).flatMap((r) => (r.path === undefined ? [] : [isDirectory(r.path) ? r.path : dirname(r.path)]));
  return requests.some((r) => r.path !== undefined && dirs.some((dir) => within(r.path as string, dir)));
}

export async function judgeLint(options: {
  messages: readonly LintedMessage[];
  requests: readonly AnsweredRequest[];
  deployments: readonly string[];
  /** The deployment a message is about (by its claim's host or port, its file, its path), or '' for none. */
  ownerOf(message: LintedMessage): string;
  /** The real server's status for a URL a finding claims. */
  replay(claim: ReplayedClaim): Promise<number>;
}): Promise<LintVerdict> {
  const refusedRequests = options.requests.filter((r) => r.status === 403);
  const missedRequests = refusedRequests.filter((r) => !options.messages.some((m) => atCause(m, r)));
  const missed = missedRequests.map((r) => `${r.deployment}: ${r.title}`);
  if (process.env['FORBIDLINT_REALWORLD_LINT']) for (const r of missedRequests) console.log(`missed ${r.deployment}: ${r.title} decided by ${r.decidedBy ? `${r.decidedBy.file}:${r.decidedBy.line}` : 'nothing'} path ${r.path}`);
  const errors = options.messages.filter((m) => m.severity === 2).map((message) => ({ deployment: options.ownerOf(message), message }));
  const falseErrors: string[] = [];
  for (const { deployment, message } of errors) {
    const what = `${deployment || '(no deployment)'}: ${message.ruleId ?? 'no rule'}: ${message.fsPath ?? `${message.file}:${message.line}`}`;
    // Only loopback clients can be replayed; a claim for another client is judged like a finding without a URL.
    if (message.claim !== undefined && message.claim.clientIp.startsWith('127.')) {
      const real = await options.replay(message.claim);
      if (real !== message.claim.status) falseErrors.push(`${what} (says ${message.claim.status} for ${message.claim.url}, the server answers ${real})`);
    } else if (!refusedRequests.some((r) => atCause(message, r)) && !hitByRequest(message, options.requests)) {
      falseErrors.push(`${what} (no URL, and no request the server answered has its cause there)`);
    }
  }
  const falseClaims: string[] = [];
  for (const message of options.messages) {
    if (message.severity !== 1 || message.claim === undefined || !message.claim.clientIp.startsWith('127.')) continue;
    const real = await options.replay(message.claim);
    if (real !== message.claim.status) falseClaims.push(`${options.ownerOf(message) || '(no deployment)'}: ${message.ruleId ?? 'no rule'}: says ${message.claim.status} for ${message.claim.url}, the server answers ${real}`);
  }
  const owners = new Set(errors.map((e) => e.deployment));
  return {
    refused: refusedRequests.length,
    found: refusedRequests.length - missed.length,
    missed,
    falseErrors,
    falseClaims,
    errors,
    deployments: options.deployments.length,
    clean: options.deployments.filter((d) => !owners.has(d)),
  };
}

export function summary(server: string, verdict: LintVerdict, requests: number): string {
  return `lint on the real-world ${server} deployments: ${requests} requests, ${verdict.found}/${verdict.refused} 403s with a finding at the cause; ${verdict.clean.length}/${verdict.deployments} deployments without an error; ${verdict.errors.length} errors, ${verdict.falseErrors.length} not borne out by the server; ${verdict.falseClaims.length} warnings claiming a status the server does not give${
    verdict.missed.length + verdict.falseErrors.length + verdict.falseClaims.length > 0
      ? `\n${[...verdict.missed.map((m) => `missed: ${m}`), ...verdict.falseErrors.map((f) => `false error: ${f}`), ...verdict.falseClaims.map((f) => `false claim: ${f}`)].join('\n')}`
      : ''
  }`;
}

/** The suite's bar: some 403s to find, and only the differences its known lists name, which only shrink. */
export function expectOnlyKnownDifferences(verdict: LintVerdict, knownMisses: readonly string[], knownFalseErrors: readonly string[]): void {
  expect(verdict.refused).toBeGreaterThan(0);
  expect(verdict.missed).toEqual(knownMisses);
  expect(verdict.falseErrors).toEqual(knownFalseErrors);
  expect(verdict.falseClaims).toEqual([]);
}
