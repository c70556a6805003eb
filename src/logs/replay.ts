import { checkAccess } from '../fs/access.js';
import { formatMode } from '../fs/users.js';
import type { FsView, Principal, UserDb } from '../fs/types.js';
import type { HttpRequest, Simulator, Verdict } from '../simulate/types.js';

/**
 * What the simulator answers for a logged request, kept small: a log with 100,000 403s repeats
 * a few hundred distinct requests, so each distinct one is simulated once and its answer shared.
 */
export interface Replay {
  status: number;
  cause: string | null;
  /** The directive that decided, or the last step of the chain that names a line. */
  decidedBy: { file: string; line: number } | null;
  fsPath?: string;
  /** The path component the web user is refused, with its mode and owner. */
  denial?: { path: string; mode: string; owner: string; group: string; webUser: string; need: string };
  fix?: string;
  /** What the simulator had to guess for this request. */
  uncertain?: readonly string[];
}

export interface ReplayEnv {
  simulator: Simulator;
  fs: FsView;
  users: UserDb;
  /** The account the workers run as; undefined when the audited system does not have it. */
  principal?: Principal;
}

/** Simulated answers cached per distinct request (client, method, scheme, host, port, target). */
export class Replayer {
  private readonly cache = new Map<string, Replay>();
  /** Bounds the cache on logs of mostly distinct requests (scanners); a miss only costs a simulation. */
  private static readonly MAX_CACHED = 200_000;

  constructor(private readonly env: ReplayEnv) {}

  get distinctRequests(): number {
    return this.cache.size;
  }

  replay(request: HttpRequest): Replay {
    const key = `${request.clientIp} ${request.method} ${request.scheme} ${request.host}:${request.port} ${request.path}?${request.query}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const replay = this.summarize(this.env.simulator.explain(request));
    if (this.cache.size >= Replayer.MAX_CACHED) this.cache.clear();
    this.cache.set(key, replay);
    return replay;
  }

  private summarize(verdict: Verdict): Replay {
    const denial = verdict.status >= 400 && verdict.path !== undefined ? this.denialOf(verdict.path) : undefined;
    return {
      status: verdict.status,
      cause: verdict.cause,
      decidedBy: decidingLine(verdict),
      ...(verdict.path !== undefined ? { fsPath: verdict.path } : {}),
      ...(denial ? { denial } : {}),
      ...(verdict.fix !== undefined ? { fix: verdict.fix } : {}),
      ...(verdict.uncertain && verdict.uncertain.length > 0 ? { uncertain: verdict.uncertain } : {}),
    };
  }

  /** The first component of the served path the web user cannot search or read, as the kernel decides. */
  private denialOf(fsPath: string): Replay['denial'] {
    const { principal, fs, users } = this.env;
    if (principal === undefined) return undefined;
    const access = checkAccess(fs, principal, fsPath, 'read', users);
    if (access.ok || access.denial.reason !== 'permission' || access.denial.stat === undefined) return undefined;
    const { path, stat, need } = access.denial;
    return { path, mode: formatMode(stat.mode), owner: users.userName(stat.uid), group: users.groupName(stat.gid), webUser: principal.name, need };
  }
}

/** `decidedBy` where the simulator names it; otherwise the last step of its chain that has a line. */
export function decidingLine(verdict: Verdict): Replay['decidedBy'] {
  if (verdict.decidedBy) return { file: verdict.decidedBy.file, line: verdict.decidedBy.line };
  for (let i = verdict.trace.length - 1; i >= 0; i--) {
    const step = verdict.trace[i];
    if (step?.file !== undefined && step.line !== undefined) return { file: step.file, line: step.line };
  }
  return null;
}
