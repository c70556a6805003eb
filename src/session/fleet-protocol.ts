import type { LintResult } from '../engine/events.js';
import type { SessionSettings } from './lint-session.js';
import type { AssumedNote } from './plan.js';
import type { SkippedFile } from './targets.js';

/** What crosses between the fleet (fleet.ts) and its worker threads (fleet-worker.ts). */

/** The session's settings without its callbacks: each worker opens the same session. */
export type WorkerSettings = Omit<SessionSettings, 'onWalkProgress' | 'onWarning'>;

/** Ignore patterns and the directory they are relative to. */
export interface IgnoreSet {
  baseDir: string;
  patterns: readonly string[];
}

export interface FleetStartup {
  settings: WorkerSettings;
  paths: string[];
  ignoreSets: IgnoreSet[];
  walkIgnore: string[];
  walkHelper: boolean;
}

/** Lint the `index`th server of the fleet. */
export interface FleetJob {
  index: number;
}

/** One server's findings, merged per file. */
export interface ServerLinted {
  results: LintResult[];
  notes: AssumedNote[];
  skipped: SkippedFile[];
  entries: number;
  /** How long it took, measured where it ran. */
  seconds: number;
  /** Why the audit did not finish, though it gave these findings. */
  incomplete?: string;
}

export type FleetReply =
  | { kind: 'progress'; index: number; root: string; entries: number; current?: string }
  | { kind: 'warning'; message: string }
  | { kind: 'linted'; index: number; linted: ServerLinted }
  | { kind: 'failed'; index: number; failure: string; seconds: number };
