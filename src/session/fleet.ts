import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../config/errors.js';
import type { LintResult } from '../engine/events.js';
import type { Rule } from '../engine/rule.js';
import type { FleetJob, FleetReply, FleetStartup, IgnoreSet, ServerLinted, WorkerSettings } from './fleet-protocol.js';
import { LintSession, mergeResultsOfFleet, type FleetServer, type GroupOutcome, type LintRequest, type SessionOutcome } from './lint-session.js';
import { ignoreFilter } from './targets.js';

export type { IgnoreSet } from './fleet-protocol.js';

/** How one server's audit went: what the per-server line on stderr and the SARIF run say. */
export interface ServerRun extends FleetServer {
  /** Entries the walks went through. */
  entries: number;
  seconds: number;
  /** False when the audit did not finish (its findings are partial or absent): the lint exits 2. */
  complete: boolean;
  /** Why it is incomplete. */
  failure?: string;
}

export interface FleetOptions {
  /** Servers linted at once; 1 lints them one after another on this thread. */
  jobs: number;
  ignoreSets: readonly IgnoreSet[];
  walkIgnore: readonly string[];
  onServerDone?: (run: ServerRun) => void;
  /** A worker's session warnings (the session's own `onWarning` serves this thread). */
  onWarning?: (message: string) => void;
  onWalkProgress?: (server: FleetServer, root: string, entries: number, current?: string) => void;
}

export interface FleetOutcome extends SessionOutcome {
  /** In the order of `servers`, whatever order they finished in. */
  servers: ServerRun[];
}

/** Next to this module in the build; absent when the sources run untranspiled (vitest), where servers are linted on this thread. */
const WORKER_SCRIPT = new URL('./fleet-worker.js', import.meta.url);

/** `--jobs auto`: one server per core. */
export function autoJobs(): number {
  return availableParallelism();
}

/**
 * Lints the project's `servers`, `jobs` at a time, each in a worker thread of its own session
 * (parsing, the simulator and the walk are all CPU, and a walk's waits overlap another's).
 * Results come back per server and are put together in `servers` order, so the output does not
 * depend on `jobs` or on which server finished first. A server that cannot be audited (a
 * missing root, a listing that does not load) is incomplete; the others are still reported.
 */
export async function lintFleet(session: LintSession, settings: WorkerSettings, request: LintRequest & { paths: readonly string[] }, fleet: readonly FleetServer[], options: FleetOptions): Promise<FleetOutcome> {
  const outcomes: Done[] = new Array(fleet.length);
  const runs: ServerRun[] = new Array(fleet.length);
  const queue: Queue = {
    next: 0,
    take: () => (queue.next < fleet.length ? queue.next++ : undefined),
    finish(index, done) {
      const server = fleet[index] as FleetServer;
      outcomes[index] = done;
      const run: ServerRun =
        'failure' in done
          ? { ...server, entries: 0, seconds: done.seconds, complete: false, failure: done.failure }
          : { ...server, entries: done.entries, seconds: done.seconds, complete: done.incomplete === undefined, ...(done.incomplete !== undefined ? { failure: done.incomplete } : {}) };
      runs[index] = run;
      options.onServerDone?.(run);
    },
  };
  const jobs = Math.min(options.jobs, fleet.length);
  // This thread lints too: its modules are loaded already, and a worker costs a start of its own.
  // A listing read from standard input can only be read once, here.
  const fromStdin = (settings.fsListing ?? session.project.fsListing) === '-';
  const workers = jobs > 1 && !fromStdin && existsSync(fileURLToPath(WORKER_SCRIPT)) ? jobs - 1 : 0;
  // A walk's helper thread takes a second core; with as many lints at once as cores, there is none to take.
  const walkHelper = workers === 0 || (workers + 1) * 2 <= availableParallelism();
  const startup: FleetStartup = { settings, paths: [...request.paths], ignoreSets: [...options.ignoreSets], walkIgnore: [...options.walkIgnore], walkHelper };
  await Promise.all([...Array.from({ length: workers }, () => inWorker(startup, fleet, queue, options)), onThisThread(session, request, fleet, queue, { ...options, walkHelper })]);

  const rules = session.rules();
  const perServer = outcomes.map((outcome, index) => ('failure' in outcome ? [] : outcome.results.map((result) => ({ ...result, server: (fleet[index] as FleetServer).name }))));
  const results = mergeResultsOfFleet(perServer);
  await addRulesOf(session, results, rules);
  const linted = outcomes.filter((o): o is ServerLinted => !('failure' in o));
  return {
    results,
    notes: linted.flatMap((o) => o.notes),
    skipped: linted.flatMap((o) => o.skipped),
    rules,
    toHostPath: (p) => p,
    servers: runs,
    incomplete: runs.filter((run) => !run.complete).map((run) => ({ root: run.root, reason: run.failure ?? 'unknown reason' })),
  };
}

type Done = ServerLinted | { failure: string; seconds: number };

/** The servers not yet taken, shared by this thread and the workers. */
interface Queue {
  next: number;
  take(): number | undefined;
  finish(index: number, done: Done): void;
}

async function onThisThread(session: LintSession, request: LintRequest, fleet: readonly FleetServer[], queue: Queue, options: FleetOptions & { walkHelper: boolean }): Promise<void> {
  const isIgnored = ignoreFilter(options.ignoreSets);
  for (let index = queue.take(); index !== undefined; index = queue.take()) {
    const server = fleet[index] as FleetServer;
    const started = performance.now();
    try {
      const linted = await session.lintServer(index, request, {
        isIgnored,
        walkIgnore: options.walkIgnore,
        walkHelper: options.walkHelper,
        onWalkProgress: (root, entries, current) => options.onWalkProgress?.(server, root, entries, current),
      });
      queue.finish(index, { ...servedOf(linted), seconds: secondsSince(started) });
    } catch (error) {
      queue.finish(index, { failure: failureOf(error), seconds: secondsSince(started) });
    }
    // Let the workers' replies (progress, finished servers) through between two servers.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A worker thread that takes the next server each time it is done with one. */
function inWorker(startup: FleetStartup, fleet: readonly FleetServer[], queue: Queue, options: FleetOptions): Promise<void> {
  return new Promise((resolve) => {
    // None of the process's node options concern the worker (see walk-helper.ts).
    const thread = new Worker(WORKER_SCRIPT, { workerData: startup, execArgv: [] });
    let current: { index: number; started: number } | undefined;
    const take = (): void => {
      const index = queue.take();
      if (index === undefined) {
        current = undefined;
        void thread.terminate();
        return;
      }
      current = { index, started: performance.now() };
      const job: FleetJob = { index };
      thread.postMessage(job);
    };
    thread.on('message', (reply: FleetReply) => {
      if (reply.kind === 'progress') options.onWalkProgress?.(fleet[reply.index] as FleetServer, reply.root, reply.entries, reply.current);
      else if (reply.kind === 'warning') options.onWarning?.(reply.message);
      else if (current) {
        queue.finish(current.index, reply.kind === 'linted' ? reply.linted : { failure: reply.failure, seconds: reply.seconds });
        take();
      }
    });
    thread.on('error', (error) => {
      // The worker died (out of memory, a bug): its server is incomplete, and the rest go on.
      if (current) queue.finish(current.index, { failure: failureOf(error), seconds: secondsSince(current.started) });
      current = undefined;
    });
    thread.on('exit', () => {
      if (current) queue.finish(current.index, { failure: 'the worker linting it stopped', seconds: secondsSince(current.started) });
      current = undefined;
      // A worker that died leaves its share to a new one; each death costs one server, so this ends.
      resolve(queue.next < fleet.length ? inWorker(startup, fleet, queue, options) : undefined);
    });
    take();
  });
}

/** What of a server's lint crosses to the fleet: plain data. */
export function servedOf(linted: GroupOutcome): Omit<ServerLinted, 'seconds'> {
  return { results: linted.results, notes: linted.notes, skipped: linted.skipped, entries: linted.entries, ...(linted.incomplete !== undefined ? { incomplete: linted.incomplete } : {}) };
}

/** Formatters describe the rules of the results: those of the configuration each file was linted with. */
async function addRulesOf(session: LintSession, results: readonly LintResult[], rules: Map<string, Rule>): Promise<void> {
  const files = new Set(results.filter((r) => r.messages.some((m) => m.ruleId !== null && !rules.has(m.ruleId))).map((r) => r.filePath));
  for (const file of files) {
    const config = await session.configs.forFile(file);
    for (const [id, rule] of config.rules) if (!rules.has(id)) rules.set(id, rule);
  }
}

export function failureOf(error: unknown): string {
  if (error instanceof ConfigError) return error.message.replace(/\s*\n\s*/g, ' ');
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message.replace(/\s*\n\s*/g, ' ')} (please report it)`;
}

export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
