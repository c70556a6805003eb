import type { Directive, SourceLocation } from '../parse/ast.js';
import type { ServedTree, ServerSummary } from '../model/types.js';
import type { ApacheModel } from '../model/apache/index.js';
import type { NginxModel } from '../model/nginx/index.js';
import type { HttpRequest, Verdict } from '../simulate/types.js';
import type { AccessFile } from './htaccess.js';
import type { DirectiveMove, VerdictMove } from './verdict-cache.js';

export type { AccessFile } from './htaccess.js';

/** A request named by its parts; `scheme` defaults to http (https on port 443). */
export interface ProbeTarget {
  host: string;
  port: number;
  path: string;
  scheme?: 'http' | 'https';
}

/** Who asks and how: a loopback client and GET unless said otherwise. */
export interface ProbeInit {
  clientIp?: string;
  method?: string;
  headers?: Record<string, string>;
  /**
   * The Host to name, where the server serves one tree per host (ServedTree.host); ignored
   * when that host does not reach the server.
   */
  host?: string;
}

/** A verdict with the request that produced it, as `explain` prints it. */
export interface ProbeVerdict extends Verdict {
  request: HttpRequest;
  /** `http://host:port/path`, the port left out when it is the scheme's. */
  url: string;
}

/** The dialect's own model, for rules that need more than the server summaries. */
export type ProbedModel = { dialect: 'nginx'; model: NginxModel } | { dialect: 'apache'; model: ApacheModel };

/**
 * A request worth asking a server, derived from its config: each location, section, Alias,
 * `<Directory>`, `.htaccess` scope, method and client boundary gives one.
 */
export interface Question {
  path: string;
  method: string;
  /** The `location`, section, `Alias` or `DocumentRoot` the question was derived from. */
  scope: Directive;
  /** The Host to ask with, for a tree served for one host (ServedTree.host). */
  host?: string;
}

/**
 * A question the server answers with 403 for at least one representative client: the verdict
 * of the first refused client, and which of the config's clients are refused and admitted.
 */
export interface Refusal {
  question: Question;
  verdict: ProbeVerdict & { decidedBy?: SourceLocation };
  /** Representative client addresses refused (the first is the one `verdict` is for). */
  refused: string[];
  /** The verdict of each refused client, in `refused` order: different lines may refuse different clients. */
  verdicts: ProbeVerdict[];
  /** Representative client addresses the same request lets through. */
  admitted: string[];
}

/**
 * What rules ask instead of rebuilding simulators: one per linted configuration, owned by the
 * engine (as ESLint rules ask the scope manager). Verdicts are the simulator's own, so a finding
 * says what `explain` says.
 */
export interface ServerProbe {
  readonly model: ProbedModel;
  /** What the server answers to `target` (an absolute URL or its parts). */
  request(target: string | ProbeTarget, init?: ProbeInit): ProbeVerdict;
  /** The same request sent so that `server` answers it (a Host and port that select it); undefined when none does. */
  on(server: ServerSummary, path: string, init?: ProbeInit): ProbeVerdict | undefined;
  /**
   * The trees `server` serves, with the directories a root built from the request's host names
   * one per host (each with its Host); a variable root no host names is kept as written.
   */
  trees(server: ServerSummary): readonly ServedTree[];
  /** Client addresses standing for each allow/deny/Require ip boundary `server` sees, the outsider first. */
  clients(server: ServerSummary): readonly string[];
  /** The requests that matter on `server`, derived from its config (and the walk, once it ran). */
  questions(server: ServerSummary): readonly Question[];
  /**
   * Every question `server` answers with 403, asked once per representative client. Under
   * `--no-fs` only refusals the configuration alone decides.
   */
  refusals(server: ServerSummary): readonly Refusal[];
  /**
   * The `.htaccess` files (or what `AccessFileName` names) the walk found in Apache's served
   * trees, each read and parsed once per lint; complete once the walk is over (in `finish`).
   */
  accessFiles(): readonly AccessFile[];
  /**
   * What `derive` finds on `server` from the server's own content and the verdicts it asks
   * (`kind` names the derivation). The language server's next lint takes it back where that
   * server and the rest of the config are unchanged: `move` hands it to the directives now at
   * the same place and to the verdicts asked, moved to their lines (undefined: derived again).
   */
  perServer<T>(kind: string, server: ServerSummary, derive: () => T, move: (value: T, directive: DirectiveMove, verdict: VerdictMove) => T | undefined): T;
  /** How many requests were simulated so far (benchmarks print it). */
  readonly simulated: number;
}
