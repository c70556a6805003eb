import { posix } from 'node:path';
import { describeOwner } from '../../fs/users.js';
import type { Directive, SourceLocation } from '../../parse/ast.js';
import { answer, type PhaseResult } from './outcome.js';
import { openLikeNginx, type OpenFailure, type OpenResult } from './open-file.js';
import { mapUriToPath } from './map-uri-to-path.js';
import { logFailure, note, type Place, type RequestContext } from './request-context.js';
import { at, permissionFix, traceStep } from './trace.js';
import { expandVariables, fastcgiSplit } from './variables.js';

/** Methods the static, index and autoindex handlers serve; anything else is a 405 without a log line. */
const STATIC_METHODS = new Set(['GET', 'HEAD', 'POST']);

/**
 * The content phase of a location without a handler of its own: the index module takes URIs
 * ending in `/` (first index file that exists wins, by internal redirect), then autoindex, and
 * when neither answers nginx logs "directory index of ... is forbidden". Other URIs go to the
 * static module, which opens the file (a directory gets a 301 to the URI with a slash).
 * A location with a handler of its own (`proxy_pass`, `fastcgi_pass`...) is taken to answer
 * 200: what matters here is that nothing before it refused the request.
 */
export function serveContent(context: RequestContext, place: Place, uri: string): PhaseResult {
  const handler = place.settings.contentHandler;
  if (handler) return passToBackEnd(context, place, handler, uri);
  const method = context.request.method;
  if (!STATIC_METHODS.has(method)) {
    context.trace.push(traceStep('method-not-allowed', `the static handler answers ${method} with 405`));
    return answer(405, null, { fix: `serve ${method} with a handler (proxy_pass, fastcgi_pass, dav_methods): static files take only GET, HEAD and POST` });
  }
  return uri.endsWith('/') ? serveDirectory(context, place, uri) : serveFile(context, place, uri);
}

function serveDirectory(context: RequestContext, place: Place, uri: string): PhaseResult {
  const { settings } = place;
  const dir = mapUriToPath(place, uri).path;
  let dirTested = false;
  for (const name of settings.index.files) {
    // The last index may be absolute: it is then a URI of its own, not a name in the directory,
    // and ngx_http_index_handler redirects to it without looking for a file.
    const expanded = expandVariables(name, { ...place.scope, uri }).value;
    const absolute = expanded.startsWith('/');
    if (absolute) {
      const [indexUri = '', args] = expanded.split('?', 2);
      context.trace.push(traceStep('index-tried', `index ${name}: an absolute entry is an internal redirect to ${indexUri}`, settings.index.directives.find((d) => d.args.some((a) => a.value === name))));
      return { kind: 'redirect', uri: indexUri, ...(args === undefined ? {} : { args }) };
    }
    const path = dir + expanded;
    const indexUri = uri + expanded;
    const found = open(context, place, path, 'stat');
    const directive = settings.index.directives.find((d) => d.args.some((a) => a.value === name));
    context.trace.push(traceStep('index-tried', `index ${name}: ${found.ok ? `${path} exists` : found.failure.message}`, directive));
    if (found.ok) return { kind: 'redirect', uri: indexUri };
    if (found.failure.errno === 'ENOENT' && !dirTested) {
      dirTested = true;
      const directory = open(context, place, dir.replace(/\/$/, '') || '/', 'stat');
      if (!directory.ok) return fileFailure(context, place, path, directory.failure);
      continue;
    }
    // An index file that cannot be opened itself is the `index` line's doing; a directory on the way is the root's.
    if (found.failure.errno !== 'ENOENT') return fileFailure(context, place, path, found.failure, found.failure.component === path ? directive : undefined);
  }
  if (settings.autoindex.on && context.request.method !== 'POST') {
    const listing = open(context, place, dir, 'read');
    context.trace.push(traceStep('autoindex', listing.ok ? `autoindex lists ${dir}` : `autoindex cannot open ${dir}: ${listing.failure.message}`, settings.autoindex.directive));
    return listing.ok ? answer(200, null, { path: dir }) : fileFailure(context, place, dir, listing.failure);
  }
  const message = `no index file (${settings.index.files.join(' ')}) in ${dir} and autoindex is off`;
  context.trace.push(traceStep('directory-index-forbidden', message, settings.autoindex.directive ?? settings.index.directives[0]));
  return logFailure(
    context,
    answer(403, 'directory-index-forbidden', {
      path: dir,
      ...decidedByRoot(place),
      fix: `add ${settings.index.files[0] ?? 'index.html'} to ${dir}, or enable "autoindex on;"${settings.autoindex.directive ? ` at ${at(settings.autoindex.directive)}` : ''}`,
    }),
  );
}

function serveFile(context: RequestContext, place: Place, uri: string): PhaseResult {
  const { path, unknown } = mapUriToPath(place, uri);
  const unknownNote = unknown.length > 0 ? ` (${unknown.map((v) => `$${v}`).join(', ')} unknown to forbidlint, taken as empty)` : '';
  for (const name of unknown) note(context, `$${name} in ${place.settings.documentRoot.kind} is unknown to forbidlint: taken as empty`);
  context.trace.push(traceStep('path-mapped', `${uri} maps to ${path}${unknownNote}`, place.settings.documentRoot.directive));
  const opened = open(context, place, path, 'read');
  if (!opened.ok) return fileFailure(context, place, path, opened.failure);
  const { stat } = opened;
  if (stat.type === 'dir') {
    context.trace.push(traceStep('directory-redirect', `${path} is a directory: nginx redirects to ${uri}/`));
    return answer(301, null, { path, location: `${uri}/` });
  }
  if (stat.type !== 'file') {
    context.trace.push(traceStep('not-a-regular-file', `${path} is a ${stat.type}, not a regular file`));
    return answer(404, null, { path });
  }
  if (context.request.method === 'POST') {
    context.trace.push(traceStep('method-not-allowed', 'the static handler answers POST on a file with 405'));
    return answer(405, null, { path });
  }
  context.trace.push(traceStep('file-served', `${path} is served (${describeOwner(stat, context.users)})`));
  return answer(200, null, { path });
}

export function open(context: RequestContext, place: Place, path: string, need: 'read' | 'stat'): OpenResult {
  const { disableSymlinks } = place.settings;
  const from = disableSymlinks.from === undefined ? undefined : expandVariables(disableSymlinks.from, { ...place.scope, documentRoot: mapUriToPath(place, '/').documentRoot }).value;
  return openLikeNginx(context.fs, context.who, context.users, posix.normalize(path), { need, disableSymlinks, ...(from === undefined ? {} : { symlinksFrom: from }) });
}

/** How nginx answers and logs a failed open: 404 for missing, 403 for denied or refused symlinks. */
export function fileFailure(context: RequestContext, place: Place, path: string, failure: OpenFailure, decider?: Directive): PhaseResult {
  context.trace.push(traceStep('path-component', failure.message, failure.refusedSymlink ? place.settings.disableSymlinks.directive : undefined));
  // The refusing disable_symlinks, else the line that named the file, else the root or alias mapping it.
  const by = failure.refusedSymlink ? place.settings.disableSymlinks.directive : decider;
  const decidedBy = by ? { decidedBy: by.loc } : decidedByRoot(place);
  const symlinkFix = `replace the symlink ${failure.component} by what it points to, or relax "disable_symlinks" (${at(place.settings.disableSymlinks.directive)})`;
  switch (failure.errno) {
    case 'ENOENT':
    case 'ENOTDIR':
      if (!place.settings.logNotFound.on && !failure.refusedSymlink) {
        context.trace.push(traceStep('log-not-found', 'log_not_found is off: the 404 is not logged', place.settings.logNotFound.directive));
        return answer(404, null, { path });
      }
      return logFailure(
        context,
        answer(404, 'not-found', {
          path,
          ...decidedBy,
          fix: failure.refusedSymlink ? symlinkFix : `create ${failure.component}, or point ${place.settings.documentRoot.kind} (${at(place.settings.documentRoot.directive)}) at where the files are`,
        }),
      );
    case 'EACCES':
      return logFailure(context, answer(403, 'permission-denied', { path, ...decidedBy, fix: failure.denial ? permissionFix(failure.denial, context.who) : `make ${failure.component} accessible to ${context.who.name}` }));
    case 'ELOOP':
      return logFailure(context, answer(403, 'symlink-forbidden', { path, ...decidedBy, fix: symlinkFix }));
  }
}

/**
 * A location with a handler of its own (`proxy_pass`, `fastcgi_pass`...) hands the request on:
 * nginx has let it through, and what the back end answers is not decided by files here. The
 * trace says what it gets: FastCGI's SCRIPT_FILENAME (the Verdict's path), or the URI an HTTP
 * upstream sees.
 */
function passToBackEnd(context: RequestContext, place: Place, handler: Directive, uri: string): PhaseResult {
  const target = handler.args.map((a) => a.value).join(' ');
  note(context, `the back end's own answer is not modelled: ${handler.name} is taken to answer 200`);
  if (handler.name === 'fastcgi_pass') {
    const { scriptFilename } = place.settings.fastcgi;
    if (scriptFilename === undefined) {
      context.trace.push(traceStep('content-handler', `fastcgi_pass ${target} gets ${fastcgiSplit(uri, place.settings.fastcgi).scriptName} (no SCRIPT_FILENAME param)`, handler));
      return answer(200, null);
    }
    const script = expandVariables(scriptFilename, { ...place.scope, uri });
    context.trace.push(traceStep('content-handler', `fastcgi_pass ${target} gets SCRIPT_FILENAME ${script.value}`, handler));
    return answer(200, null, { path: script.value });
  }
  const forwarded = handler.name === 'proxy_pass' ? proxiedUri(context, place, target, uri) : uri;
  context.trace.push(traceStep('content-handler', `${handler.name}${target ? ` ${target}` : ''} gets ${forwarded}: the back end produces the response`, handler));
  return answer(200, null);
}

/**
 * The URI an HTTP upstream gets (ngx_http_proxy_create_request): without a URI part in
 * `proxy_pass`, the request line's own URI while nothing changed it, else `$uri` and the
 * arguments; with one, the location's prefix replaced by it.
 */
function proxiedUri(context: RequestContext, place: Place, target: string, uri: string): string {
  const args = place.scope.args === '' ? '' : `?${place.scope.args}`;
  if (target.includes('$')) {
    note(context, `proxy_pass ${target} is built from variables: the URI the back end gets is not worked out`);
    return uri + args;
  }
  const uriPart = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(target)?.[1];
  if (uriPart === undefined) return context.uriChanged ? encodeURI(uri) + args : place.scope.requestUri;
  const prefix = place.location?.modifier === 'prefix' || place.location?.modifier === 'prefix-noregex' ? place.location.pattern : '';
  return encodeURI(uriPart + (uri.startsWith(prefix) ? uri.slice(prefix.length) : uri)) + args;
}

/** The `root` or `alias` that maps the request into the filesystem, when the config writes one. */
export function decidedByRoot(place: Place): { decidedBy?: SourceLocation } {
  const directive = place.settings.documentRoot.directive;
  return directive ? { decidedBy: directive.loc } : {};
}
