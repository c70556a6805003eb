/**
 * The JSON contract of `forbidlint logs --format json` (documented in the README): one entry
 * per logged request with a chosen status, the groups they fall into, and a summary.
 */

export interface LineRef {
  file: string;
  line: number;
}

/** The web user is refused this component of the served path. */
export interface FsDenial {
  path: string;
  /** Four octal digits, as chmod takes them. */
  mode: string;
  owner: string;
  group: string;
  webUser: string;
  need: string;
}

/** How a logged answer compares with what the configuration gives for the same request. */
export type Explanation =
  /** Same status, and the server's error log (when given) names the cause the simulator predicts. */
  | 'explained'
  /** Same status, but the server logged another cause than the one predicted. */
  | 'cause-differs'
  /** The configuration answers otherwise: the application, a WAF or a proxy in front gave this status. */
  | 'not-explained';

export interface EntryReport {
  line: number;
  /** ISO 8601, UTC; null when the format logs no time. */
  time: string | null;
  clientIp: string | null;
  method: string;
  /** The request target as logged, query included. */
  path: string;
  /** The host replayed; null when neither the line, the log's server nor --host names one. */
  host: string | null;
  status: number;
  predicted: { status: number; cause: string | null };
  agrees: boolean;
  decidedBy: LineRef | null;
  fsPath: string | null;
  fix: string | null;
  explanation: Explanation;
  /** What the error log holds for this request: its cause and line; null without an error log or a match. */
  serverCause: { cause: string | null; errorLogLine: number | null } | null;
  denial: FsDenial | null;
  /** What the simulator had to guess; empty when its answer is exact. */
  uncertain: readonly string[];
}

export interface GroupExample {
  line: number;
  time: string | null;
  clientIp: string | null;
  method: string;
  host: string | null;
  path: string;
}

export interface GroupReport {
  explanation: Explanation;
  /** The status the server logged. */
  status: number;
  predicted: { status: number; cause: string | null };
  /** For `cause-differs`: what the error log named instead. */
  serverCause: string | null;
  decidedBy: LineRef | null;
  /** From the group's first entry. */
  fsPath: string | null;
  denial: FsDenial | null;
  fix: string | null;
  /** What the simulator guessed for the group's first entry; empty when exact. */
  uncertain: readonly string[];
  count: number;
  firstTime: string | null;
  lastTime: string | null;
  examples: GroupExample[];
}

export interface BadLine {
  line: number;
  reason: string;
  text: string;
}

export interface LogsSummary {
  accessLog: string;
  format: { name: string; declaredAt: LineRef | null; recognisedBy: 'path' | 'lines' };
  /** The statuses examined (--status). */
  statuses: number[];
  lines: number;
  /** Lines not in the format, or whose request cannot be replayed. */
  badLines: number;
  badLineExamples: BadLine[];
  /** Entries with a chosen status (after --since). */
  chosen: number;
  explained: number;
  causeDiffers: number;
  notExplained: number;
  /** Chosen entries before --since, left out. */
  beforeSince: number;
  /** Chosen entries replayed without a known host (pass --host). */
  withoutHost: number;
  distinctRequests: number;
  errorLog: { file: string; lines: number; matched: number } | null;
}

export interface LogsReport {
  groups: GroupReport[];
  summary: LogsSummary;
}
