import { effectiveDirectives, type Directive, type ParsedConfig, type ParseDiagnostic } from '../../parse/ast.js';
import type { ServedTree, WebUser } from '../types.js';
import { formatListen, IMPLICIT_LISTEN, parseListen } from './listen.js';
import { constantVariables, expandConstants } from './constant-variables.js';
import { buildLocations } from './location.js';
import { buildMaps } from './maps.js';
import { parseServerNames } from './server-name.js';
import type { Built, NginxModelCache } from './model-cache.js';
import { defaultSettings, mergeSettings, type SettingsContext } from './settings.js';
import type { NginxLocation, NginxModel, NginxServer, NginxSettings } from './types.js';

export type * from './types.js';
export { NginxModelCache } from './model-cache.js';
export { networkContains, parseIpAddress, parseIpNetwork, type IpAddress, type IpNetwork } from './ip-address.js';

export interface NginxModelOptions {
  /**
   * nginx's prefix, against which relative `root` and `alias` resolve; Debian's build uses
   * `/usr/share/nginx` (so the implicit `root html` is /usr/share/nginx/html).
   */
  prefix?: string;
  /** Parts of the last build through the same cache, reused where the nodes did not change. */
  cache?: NginxModelCache;
}

/**
 * The server model of an nginx config: the worker user, and each `server` of the `http`
 * block with its listens, names and location tree, every level merged with the one around it.
 */
export function buildNginxModel(config: ParsedConfig, options: NginxModelOptions = {}): NginxModel {
  const prefix = options.prefix ?? '/usr/share/nginx';
  const diagnostics: ParseDiagnostic[] = [];
  const take = <T>({ value, diagnostics: reported }: Built<T>): T => {
    for (const diagnostic of reported) diagnostics.push(diagnostic);
    return value;
  };
  const main = [...effectiveDirectives(config.nodes)];
  const http = main.find((d) => d.name === 'http' && d.children);
  const httpDirectives = http ? [...effectiveDirectives(http.children ?? [])] : [];
  // Server blocks are not settings of http: leaving them out keeps the settings when only a server changed.
  const own = httpDirectives.filter((d) => !isServerBlock(d));
  const buildHttp = () => building(prefix, (context) => mergeSettings(defaultSettings(prefix), own, { kind: 'http' }, context));
  const httpSettings = take(options.cache ? options.cache.httpSettings(own, prefix, buildHttp) : buildHttp());
  const servers = httpDirectives.filter(isServerBlock).map((block) => {
    const buildThis = () => building(prefix, (context) => buildServer(block, httpSettings, context));
    return take(options.cache ? options.cache.server(block, httpSettings, buildThis) : buildThis());
  });
  return { webUser: webUser(main), servers, maps: buildMaps(own, diagnostics), diagnostics };
}

function isServerBlock(directive: Directive): boolean {
  return directive.name === 'server' && directive.children !== undefined;
}

/** Runs `build` with a diagnostics list of its own. */
function building<T>(prefix: string, build: (context: SettingsContext) => T): Built<T> {
  const diagnostics: ParseDiagnostic[] = [];
  return { value: build({ prefix, diagnostics }), diagnostics };
}

/**
 * `user name [group]`: without a group nginx looks up a group with the user's own name
 * (ngx_set_user). Without the directive a root master runs workers as `nobody` with the build's
 * default group, which on Debian is nobody's primary group, `nogroup`.
 */
function webUser(main: readonly Directive[]): WebUser {
  const source = main.findLast((d) => d.name === 'user');
  const [user, group] = source?.args.map((a) => a.value) ?? [];
  if (source === undefined || user === undefined) return { user: 'nobody' };
  return { user, group: group ?? user, source };
}

function buildServer(block: Directive, httpSettings: NginxSettings, context: SettingsContext): NginxServer {
  const directives = [...effectiveDirectives(block.children ?? [])];
  const settings = mergeSettings(httpSettings, directives, { kind: 'server' }, context);
  const listenDirectives = directives.filter((d) => d.name === 'listen');
  const listen = listenDirectives.length === 0 ? [IMPLICIT_LISTEN] : listenDirectives.flatMap((d) => parseListen(d, context.diagnostics) ?? []);
  const serverNames = directives.filter((d) => d.name === 'server_name').flatMap((d) => parseServerNames(d, context.diagnostics));
  const all = buildLocations(directives, settings, context);
  const namedLocations = new Map(all.filter((l) => l.modifier === 'named').map((l) => [l.pattern, l] as const));
  const locations = all.filter((l) => l.modifier !== 'named');
  return {
    dialect: 'nginx',
    block,
    names: serverNames.map((n) => n.text),
    listens: listen.map(formatListen),
    trees: servedTrees(settings, all),
    listen,
    serverNames,
    settings,
    locations,
    namedLocations,
  };
}

/**
 * Every `root`/`alias` the server and its locations set, with the URL prefix it serves and the
 * directory that prefix reaches: `root` appends the whole URI (`location /x/ { root /srv; }`
 * serves /srv/x/), `alias` replaces the location's prefix (an inherited one keeps the prefix of
 * the location that set it). A regex location's tree keeps the directive's own path.
 */
function servedTrees(settings: NginxSettings, locations: readonly NginxLocation[]): ServedTree[] {
  const trees: (ServedTree & { root: NginxSettings['documentRoot'] })[] = [];
  const constants = constantVariables(settings);
  const add = (written: NginxSettings['documentRoot'], urlPrefix: string | undefined): void => {
    if (!written.directive || trees.some((t) => t.directive === written.directive && t.urlPrefix === urlPrefix)) return;
    // `set $base /srv/app;` then `root $base/public;`: the constant is known before any request.
    const root = { ...written, path: expandConstants(written.path, constants) };
    const fsPath = urlPrefix === undefined ? root.path : servedPath(root, urlPrefix);
    trees.push({ fsPath, ...(urlPrefix === undefined ? {} : { urlPrefix }), directive: written.directive, root });
  };
  add(settings.documentRoot, '/');
  const visit = (location: NginxLocation): void => {
    const plain = location.modifier === 'prefix' || location.modifier === 'prefix-noregex' || location.modifier === 'exact';
    add(location.settings.documentRoot, plain ? location.pattern : undefined);
    location.locations.forEach(visit);
  };
  locations.forEach(visit);
  // A longer prefix with a root or alias of its own takes its URLs elsewhere: what the shorter
  // prefix's directory holds there is never served through it.
  return trees.map(({ root, ...tree }) => {
    const prefix = tree.urlPrefix;
    const shadowed =
      prefix === undefined
        ? []
        : trees.filter((t) => t.urlPrefix !== undefined && t.urlPrefix !== prefix && t.urlPrefix.startsWith(prefix) && t.directive !== tree.directive).map((t) => servedPath(root, t.urlPrefix as string));
    return shadowed.length > 0 ? { ...tree, shadowed: [...new Set(shadowed)] } : tree;
  });
}

/** The path nginx opens for the URL `urlPrefix` (ngx_http_map_uri_to_path). */
function servedPath(root: NginxSettings['documentRoot'], urlPrefix: string): string {
  const rest = root.kind === 'alias' ? (root.prefixLength === null ? '' : urlPrefix.slice(root.prefixLength)) : urlPrefix;
  if (rest === '' || rest === '/') return root.path;
  return (root.path.replace(/\/+$/, '') + (rest.startsWith('/') ? rest : `/${rest}`)).replace(/\/+$/, '');
}
