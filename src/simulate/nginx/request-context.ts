import type { FsView, Principal, UserDb } from '../../fs/types.js';
import type { NginxLocation, NginxMap, NginxSettings } from '../../model/nginx/types.js';
import type { HttpRequest, TraceStep } from '../types.js';
import type { Answer } from './outcome.js';
import type { Expansion, VariableScope } from './variables.js';

/** Everything one simulated request reads and the trace it writes. */
export interface RequestContext {
  fs: FsView;
  users: UserDb;
  who: Principal;
  request: HttpRequest;
  /** `$host`: the Host header lowercased, port and trailing dot removed. */
  host: string;
  /** Named captures of a regex `server_name`, which nginx turns into variables. */
  hostCaptures: Readonly<Record<string, string>>;
  trace: TraceStep[];
  /** URI changes left (internal redirects and rewrites) before nginx gives up with a 500. */
  uriChangesLeft: number;
  /**
   * The first failure nginx logs for this request. It stays the cause even when the request
   * goes on (try_files logs and tries the next file; error_page changes the status).
   */
  logged?: Answer;
  /** Variables `set` so far: nginx keeps them for the whole request, across internal redirects. */
  variables: Map<string, string>;
  /** What the answer had to guess, for Verdict.uncertain. */
  uncertain: string[];
  /**
   * A rewrite matched or an internal redirect changed the URI: nginx then clears
   * valid_unparsed_uri, and an upstream gets `$uri` and the arguments instead of the request line's URI.
   */
  uriChanged: boolean;
  maps: ReadonlyMap<string, NginxMap>;
  /** The selected server's names, which `valid_referers server_names` accepts. */
  serverNames: readonly string[];
}

/** The configuration a request is being served under, and its variables. */
export interface Place {
  settings: NginxSettings;
  scope: VariableScope;
  /** The location serving the request, when one matched (its prefix is what proxy_pass replaces). */
  location?: NginxLocation;
}

export function logFailure(context: RequestContext, failure: Answer): Answer {
  if (failure.cause !== null) context.logged ??= failure;
  return failure;
}

/** Unknown variables are guesses; absent headers are exact but depend on what a real client sends. */
export function noteExpansion(context: RequestContext, expansion: Expansion): void {
  for (const name of expansion.unknown) note(context, `$${name} is unknown to forbidlint: taken as empty`);
  for (const name of expansion.absentHeaders) note(context, `$${name} is empty: the request sends no such header or cookie`);
}

export function note(context: RequestContext, text: string): void {
  if (!context.uncertain.includes(text)) context.uncertain.push(text);
}
