import type { Directive, ParseDiagnostic, ParsedConfig } from '../../parse/ast.js';
import type { ServedTree, ServerSummary, WebUser } from '../types.js';
import { activeDirectives, lastNamed } from './directives.js';
import { parseOptions } from './options.js';
import { isMergedSection, sortSections, toSection, type ApacheSection } from './sections.js';
import { parseVirtualHostAddress, type VirtualHostAddress } from './vhosts.js';

export { activeDirectives, lastNamed, sectionName } from './directives.js';
export * from './options.js';
export * from './sections.js';
export * from './vhosts.js';
export * from './glob.js';

/** The main server or one `<VirtualHost>`, with everything a request walk needs. */
export interface ApacheServer extends ServerSummary {
  dialect: 'apache';
  addresses: VirtualHostAddress[];
  serverName?: string;
  serverAliases: string[];
  documentRoot: string;
  /**
   * Server-context directives in merge order: for a vhost the main server's come first, then
   * its own (httpd merges each vhost's config over the main server's).
   */
  directives: Directive[];
  /** How many of `directives` come from the main server (0 for the main server itself). */
  inheritedCount: number;
  /** Per-directory sections in httpd's merge order, the main server's before the vhost's. */
  sections: ApacheSection[];
}

export interface ApacheModel {
  webUser: WebUser;
  /** The main server first, then each `<VirtualHost>` in config order. */
  servers: ApacheServer[];
  /** `alias_module` and `mod_alias.c` forms, plus the modules compiled into Debian's httpd. */
  loadedModules: Set<string>;
  /** `Listen` addresses, for working out the local IP of a request. */
  listens: VirtualHostAddress[];
  diagnostics: ParseDiagnostic[];
}

/** httpd's compiled-in default when no DocumentRoot is set (DEFAULT_DOCUMENTROOT on Debian's build). */
const DEFAULT_DOCUMENT_ROOT = '/var/www/html';

/** Debian's apache2 -l. */
const BUILT_IN_MODULES = ['core.c', 'mod_so.c', 'mod_watchdog.c', 'http_core.c', 'mod_log_config.c', 'mod_logio.c', 'mod_version.c', 'mod_unixd.c'];

export function buildApacheModel(config: ParsedConfig): ApacheModel {
  const diagnostics: ParseDiagnostic[] = [];
  const top = [...activeDirectives(config.nodes)];
  const mainOwn = top.filter((d) => d.lowerName !== 'virtualhost' && !isMergedSection(d));
  const mainSections = collectSections(top, diagnostics);
  // The main server answers on the Listen addresses no vhost takes: its findings name them (`Listen 80` is *:80).
  const listenLines = mainOwn.filter((d) => d.lowerName === 'listen').flatMap((d) => (d.args[0] ? [d.args[0].value] : []));
  const main = { ...makeServer(undefined, [], mainOwn, mainSections, undefined), listens: listenLines.map((l) => (/^\d+$/.test(l) ? `*:${l}` : l)) };
  const vhosts = top
    .filter((d) => d.lowerName === 'virtualhost')
    .map((block) => {
      const own = [...activeDirectives(block.children ?? [])];
      const sections = collectSections(own, diagnostics);
      return makeServer(
        block,
        main.directives,
        own.filter((d) => !isMergedSection(d)),
        [...mainSections, ...sections],
        main.serverName,
      );
    });
  // A per-directory directive at server level is apache/config-refused's, with httpd's own message.
  for (const d of walkActive(top)) {
    if (d.lowerName === 'options') {
      const parsed = parseOptions(d);
      if (!parsed.ok) diagnostics.push({ code: 'apache-options', message: parsed.message, severity: 'error', loc: d.loc });
    }
  }
  return {
    webUser: webUserOf(mainOwn),
    servers: [main, ...vhosts],
    loadedModules: loadedModules(top),
    listens: listenLines.map(listenAddress),
    diagnostics,
  };
}

/** Directives httpd accepts only in per-directory context (ACCESS_CONF or OR_LIMIT/OR_AUTHCFG, no RSRC_CONF). */
export const DIRECTORY_ONLY: ReadonlySet<string> = new Set(['require', 'requireall', 'requireany', 'requirenone', 'authmerging', 'order', 'allow', 'deny', 'satisfy', 'allowoverride', 'allowoverridelist', 'authtype']);


function makeServer(
  block: Directive | undefined,
  inherited: readonly Directive[],
  own: readonly Directive[],
  sections: readonly ApacheSection[],
  inheritedName: string | undefined,
): ApacheServer {
  const directives = [...inherited, ...own];
  const serverName = lastNamed(own, 'servername')?.args[0]?.value ?? inheritedName;
  const serverAliases = own.filter((d) => d.lowerName === 'serveralias').flatMap((d) => d.args.map((a) => a.value));
  const rootDirective = lastNamed(directives, 'documentroot');
  const documentRoot = stripTrailingSlash(rootDirective?.args[0]?.value ?? DEFAULT_DOCUMENT_ROOT);
  const addresses = block ? block.args.map((a) => parseVirtualHostAddress(a.value)) : [];
  return {
    dialect: 'apache',
    ...(block ? { block } : {}),
    names: [...(serverName ? [serverName] : []), ...serverAliases],
    listens: block ? block.args.map((a) => a.value) : [],
    trees: servedTrees(directives, rootDirective, documentRoot),
    addresses,
    ...(serverName ? { serverName } : {}),
    serverAliases,
    documentRoot,
    directives,
    inheritedCount: inherited.length,
    sections: sortSections(sections),
  };
}

function collectSections(directives: readonly Directive[], diagnostics: ParseDiagnostic[]): ApacheSection[] {
  const sections: ApacheSection[] = [];
  for (const d of directives) {
    if (!isMergedSection(d)) continue;
    const result = toSection(d);
    if (result.ok) sections.push(result.section);
    else diagnostics.push({ code: 'apache-section', message: result.message, severity: 'error', loc: d.loc });
  }
  return sections;
}

function servedTrees(directives: readonly Directive[], rootDirective: Directive | undefined, documentRoot: string): ServedTree[] {
  const trees: ServedTree[] = rootDirective ? [{ fsPath: documentRoot, urlPrefix: '/', directive: rootDirective }] : [];
  for (const d of directives) {
    const [url, path] = d.args.map((a) => a.value);
    if (d.lowerName === 'alias' && url !== undefined && path !== undefined) trees.push({ fsPath: path, urlPrefix: url, directive: d });
  }
  return trees;
}

/** `User`/`Group` are main-server only; httpd's unixd defaults are `#-1` when unset. */
function webUserOf(directives: readonly Directive[]): WebUser {
  const user = lastNamed(directives, 'user');
  const group = lastNamed(directives, 'group');
  return {
    user: user?.args[0]?.value ?? '#-1',
    ...(group?.args[0] ? { group: group.args[0].value } : {}),
    ...(user ? { source: user } : {}),
  };
}

function loadedModules(directives: readonly Directive[]): Set<string> {
  const modules = new Set(BUILT_IN_MODULES);
  for (const d of directives) {
    const [id, path] = d.args.map((a) => a.value);
    if (d.lowerName !== 'loadmodule' || id === undefined) continue;
    modules.add(id);
    // <IfModule> accepts the source file name too: mod_alias.c for alias_module.
    const file = path?.split('/').pop()?.replace(/\.so$/, '.c');
    if (file) modules.add(file);
  }
  return modules;
}

function listenAddress(text: string): VirtualHostAddress {
  return /^\d+$/.test(text) ? { ip: '*', port: Number(text) } : parseVirtualHostAddress(text);
}

function* walkActive(directives: readonly Directive[]): Generator<Directive> {
  for (const d of directives) {
    yield d;
    if (d.children && !d.inactive) yield* walkActive([...activeDirectives(d.children)]);
  }
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
