import type { FsView, Principal, UserDb } from '../../fs/types.js';
import type { ApacheModel, ApacheSection, ApacheServer } from '../../model/apache/index.js';
import { evaluateAccessCompat } from './access-compat.js';
import { coversMethod, evaluateRequire, type AuthzRequest } from './authz.js';
import { applySection, INITIAL_DIR_CONFIG, type DirConfig } from './dir-config.js';
import { UserFs } from './fs-as-user.js';
import { directoryMatches, locationMatches } from './section-match.js';
import { accessFileNames } from './request.js';
import { directoryWalk } from './walk.js';

/**
 * The per-directory configuration httpd would merge for a directory, computed with the
 * simulator's own walk and merge so a rule and `explain` never disagree about which section wins.
 */

/** The audited system as the web user meets it; `principal` is undefined when the account does not exist there. */
export interface AuditedSystem {
  fs: FsView;
  users: UserDb;
  principal: Principal | undefined;
}

/** GET `url` from a remote client nothing in the config names (TEST-NET-3): "everyone" to authz. */
export function anyClientGet(url: string): AuthzRequest {
  return { clientIp: '203.0.113.10', method: 'GET', env: new Map(), clientHostNames: [], localIp: '192.0.2.1', uri: url, host: 'example.invalid', headers: {} };
}

/**
 * Whether httpd's access phases let a client nothing in the config names GET `url`, as the
 * simulator decides them: under `Satisfy All` mod_access_compat must allow and then
 * mod_authz_core grant (or have no Require for GET); under `Satisfy Any` either is enough.
 */
export function admitsAnyClient(config: DirConfig, url: string): boolean {
  const request = anyClientGet(url);
  const compat = config.access ? evaluateAccessCompat(config.access, request).allowed : true;
  const authz = !config.require || !coversMethod(config.require, request.method) || evaluateRequire(config.require, request).result === 'granted';
  return config.satisfy === 'any' ? compat || authz : compat && authz;
}

/** `/srv/www` -> `/srv/www/`, the form httpd's directory walk matches `<Directory>` against. */
function withSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}

/**
 * The plain `<Directory>` sections httpd applies on its walk from `/` down to `dir`, in merge
 * order: each section is tried once, at the depth of its own path (core's ap_directory_walk).
 */
export function directorySections(sections: readonly ApacheSection[], dir: string): ApacheSection[] {
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
export function sectionsConfig(sections: readonly ApacheSection[], dir: string): DirConfig {
  let config = INITIAL_DIR_CONFIG;
  for (const section of directorySections(sections, dir)) {
    config = applySection(config, section.directives, { allowOverride: true, directory: withSlash(dir) }).config;
  }
  return config;
}

export interface DirectoryConfigOptions {
  /** The URL the request names: the `<Location>` sections matching it apply last. */
  url?: string;
  /** False for what the walk has merged when it judges a component, before `<DirectoryMatch>`. */
  regexSections?: boolean;
}

/**
 * The configuration in force for directory `dir` of `server`, .htaccess included: the
 * simulator's directory walk as the web user (sections and every .htaccess on the way), then the
 * `<Location>` sections matching `options.url`. When the walk cannot reach `dir` (it does not
 * exist, the web user lacks search permission, there is no web user) the sections alone decide:
 * httpd would stop earlier with another error, and the config stays wrong once that is fixed.
 */
export function directoryConfig(model: ApacheModel, server: ApacheServer, dir: string, system: AuditedSystem, options: DirectoryConfigOptions = {}): DirConfig {
  const sections = options.regexSections === false ? server.sections.filter((s) => !(s.kind === 'directory' && s.regex)) : server.sections;
  let config: DirConfig | undefined;
  if (system.principal) {
    const userFs = new UserFs(system.fs, system.principal, system.users);
    const walk = directoryWalk({ userFs, loadedModules: model.loadedModules, trace: [], accessFileNames: accessFileNames(server) }, withSlash(dir), INITIAL_DIR_CONFIG, sections);
    if (walk.ok && walk.walk.type !== 'missing') config = walk.walk.config;
  }
  config ??= sectionsConfig(sections, dir);
  const { url } = options;
  if (url === undefined) return config;
  for (const section of server.sections) {
    if (section.kind === 'location' && locationMatches(section, url)) {
      config = applySection(config, section.directives, { allowOverride: false }).config;
    }
  }
  return config;
}
