import * as posixPath from 'node:path/posix';
import type { Directive } from '../../src/parse/ast.js';
import type { FsView, Principal, UserDb } from '../../src/fs/types.js';
import type { ConfigModel, ServerEvent } from '../../src/engine/events.js';
import type { ServedTree, ServerSummary } from '../../src/model/types.js';
import type { ApacheModel, ApacheSection, ApacheServer } from '../../src/model/apache/index.js';
import { applySection, INITIAL_DIR_CONFIG, type DirConfig } from '../../src/simulate/apache/dir-config.js';
import { UserFs } from '../../src/simulate/apache/fs-as-user.js';
import { directoryWalk } from '../../src/simulate/apache/walk.js';
import { directoryMatches, locationMatches } from '../../src/simulate/apache/section-match.js';
import type { AuthzRequest } from '../../src/simulate/apache/authz.js';

export { where } from '../../src/simulate/apache/trace.js';

/**
 * What the Apache rules share: the per-directory configuration httpd would merge for a
 * directory, computed with the simulator's own walk and merge so a rule and `explain` never
 * disagree about which section wins.
 */

/** The Apache model and server behind a `server` event; undefined for nginx. */
export function apacheServerOf(event: ServerEvent): { server: ApacheServer; model: ApacheModel } | undefined {
  const { server, model } = event;
  return isApacheServer(server) && isApacheModel(model) ? { server, model } : undefined;
}

export function isApacheServer(server: ServerSummary): server is ApacheServer {
  return server.dialect === 'apache' && 'sections' in server;
}

function isApacheModel(model: ConfigModel): model is ApacheModel {
  return 'loadedModules' in model;
}

/** GET `url` from a remote client nothing in the config names (TEST-NET-3): "everyone" to authz. */
export function anyClientGet(url: string): AuthzRequest {
  return { clientIp: '203.0.113.10', method: 'GET', env: new Map(), clientHostNames: [], localIp: '192.0.2.1', uri: url, host: 'example.invalid', headers: {} };
}

/** A served tree's directory without the trailing slash an Alias target may carry (`/usr/share/apache2/icons/`). */
export function treeDir(tree: ServedTree): string {
  return tree.fsPath.length > 1 ? tree.fsPath.replace(/\/+$/, '') : tree.fsPath;
}

/** `/srv/www` -> `/srv/www/`, the form httpd's directory walk matches `<Directory>` against. */
export function withSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}

export function parentOf(path: string): string {
  return path.replace(/\/[^/]+\/?$/, '') || '/';
}

/**
 * The plain `<Directory>` sections httpd applies on its walk from `/` down to `dir`, in merge
 * order: each section is tried once, at the depth of its own path (core's ap_directory_walk).
 */
export function directorySectionsFor(sections: readonly ApacheSection[], dir: string): ApacheSection[] {
  const parts = dir.split('/').filter((p) => p !== '');
  return sections.filter((s) => {
    if (s.kind !== 'directory' || s.regex || s.components > parts.length) return false;
    return directoryMatches(s, withSlash(`/${parts.slice(0, s.components).join('/')}`));
  });
}

/**
 * The server config's merge for `dir`, without reading any .htaccess: enough for AllowOverride,
 * which httpd only accepts in plain `<Directory>` sections.
 */
export function configFromSections(sections: readonly ApacheSection[], dir: string): DirConfig {
  let config = INITIAL_DIR_CONFIG;
  for (const section of directorySectionsFor(sections, dir)) {
    config = applySection(config, section.directives, { allowOverride: true, directory: withSlash(dir) }).config;
  }
  return config;
}

export interface WebUserFs {
  fs: FsView;
  users: UserDb;
  principal: Principal | undefined;
}

/**
 * The configuration in force for a request whose URL maps to directory `dir`: the simulator's
 * directory walk as the web user (sections and every .htaccess on the way), then the
 * `<Location>` sections matching `url`. When the walk cannot reach `dir` (it does not exist,
 * the web user lacks search permission, there is no web user) the sections alone decide: httpd
 * would stop earlier with another error, and the config stays wrong once that is fixed.
 */
export function requestConfigFor(
  audited: WebUserFs,
  model: ApacheModel,
  server: ApacheServer,
  dir: string,
  url: string | undefined,
  options: { regexSections?: boolean } = {},
): DirConfig {
  const sections = options.regexSections === false ? server.sections.filter((s) => !(s.kind === 'directory' && s.regex)) : server.sections;
  let config: DirConfig | undefined;
  if (audited.principal) {
    const userFs = new UserFs(audited.fs, audited.principal, audited.users);
    const walk = directoryWalk({ userFs, loadedModules: model.loadedModules, trace: [] }, withSlash(dir), INITIAL_DIR_CONFIG, sections);
    if (walk.ok && walk.walk.type !== 'missing') config = walk.walk.config;
  }
  config ??= configFromSections(sections, dir);
  if (url === undefined) return config;
  for (const section of server.sections) {
    if (section.kind === 'location' && locationMatches(section, url)) {
      config = applySection(config, section.directives, { allowOverride: false }).config;
    }
  }
  return config;
}

/** The URL a path under a served tree answers at (directories with their trailing slash). */
export function urlOf(tree: ServedTree, path: string, isDir: boolean): string {
  const prefix = tree.urlPrefix ?? '/';
  const below = posixPath.relative(treeDir(tree), path);
  if (below === '') return prefix;
  return posixPath.join(prefix, below) + (isDir ? '/' : '');
}

/** `DocumentRoot` or `Alias /icons/`: how a message names the directive that serves a tree. */
export function servedBy(directive: Directive): string {
  return directive.lowerName === 'alias' ? `Alias ${directive.args[0]?.value ?? ''}` : directive.name;
}

/** `a, b, c and 3 more`: enough to recognise the paths without burying the message. */
export function listed(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** Reports once per key: a tree inherited by several virtual hosts is still one problem. */
export function onceEach(): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
