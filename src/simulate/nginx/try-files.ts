import type { NginxServer } from '../../model/nginx/types.js';
import { decidedByRoot, open } from './content-phase.js';
import { answer, type PhaseResult } from './outcome.js';
import { mapUriToPath } from './map-uri-to-path.js';
import { logFailure, noteExpansion, type Place, type RequestContext } from './request-context.js';
import { at, permissionFix, traceStep } from './trace.js';
import { expandVariables } from './variables.js';

/** A candidate that exists: the request goes on to the content phase with this URI, in the same location. */
export interface TriedFile {
  kind: 'found';
  uri: string;
}

/**
 * ngx_http_try_files_handler: each candidate but the last is tested by stat (a trailing `/`
 * asks for a directory); a failure other than "missing" is logged at crit and the next one is
 * tried. If none exists, the last argument decides: `=code`, a named location, or an internal
 * redirect to that URI.
 */
export function tryFiles(context: RequestContext, place: Place, server: NginxServer, uri: string): TriedFile | PhaseResult | undefined {
  const tryDirective = place.settings.tryFiles;
  if (tryDirective === undefined) return undefined;
  for (const candidate of tryDirective.candidates) {
    // The trailing `/` that asks for a directory is cut from the template when the config is
    // read (ngx_http_core_try_files), before variables expand.
    const wantsDir = candidate.endsWith('/');
    const expansion = expandVariables(wantsDir ? candidate.slice(0, -1) : candidate, { ...place.scope, uri });
    noteExpansion(context, expansion);
    const expanded = expansion.value;
    const path = mapUriToPath(place, expanded).path;
    const found = open(context, place, path, 'stat');
    if (!found.ok) {
      if (found.failure.errno === 'EACCES' || found.failure.errno === 'ELOOP') {
        const cause = found.failure.errno === 'EACCES' ? 'permission-denied' : 'symlink-forbidden';
        logFailure(context, answer(403, cause, { path, ...decidedByRoot(place), ...(found.failure.denial ? { fix: permissionFix(found.failure.denial, context.who) } : {}) }));
      }
      context.trace.push(traceStep('try-files', `${candidate}: ${found.failure.message}`, tryDirective.directive));
      continue;
    }
    if ((found.stat.type === 'dir') !== wantsDir) {
      context.trace.push(traceStep('try-files', `${candidate}: ${path} is ${wantsDir ? 'not a directory' : 'a directory'}`, tryDirective.directive));
      continue;
    }
    context.trace.push(traceStep('try-files', `${candidate}: ${path} exists`, tryDirective.directive));
    // The URI becomes the expanded template: `$uri/` for /docs goes on as /docs, which the
    // static module answers with a 301 to /docs/.
    return { kind: 'found', uri: expanded };
  }
  const fallback = expandVariables(tryDirective.fallback, { ...place.scope, uri }).value;
  context.trace.push(traceStep('try-files', `no candidate exists: falling back to ${tryDirective.fallback}`, tryDirective.directive));
  const code = /^=(\d{3})$/.exec(fallback);
  if (code) return answer(Number(code[1]), null, { fix: `add one of ${tryDirective.candidates.join(' ')} or change the fallback at ${at(tryDirective.directive)}`, decidedBy: tryDirective.directive.loc });
  if (fallback.startsWith('@')) {
    const named = server.namedLocations.get(fallback);
    return named ? { kind: 'named', location: named } : answer(500, null);
  }
  const [path = '', args] = fallback.split('?', 2);
  return { kind: 'redirect', uri: path, ...(args === undefined ? {} : { args }) };
}
