import { directivesInContext, type Directive, type Node } from '../../parse/ast.js';

import { DIRECTIVES_BY_MODULE, modulesRegistering } from '../../parse/apache/directive-modules.js';
import { DEBIAN_STATIC_MODULES, ModuleSet, moduleNames } from '../../parse/apache/modules.js';
import { CHECKED_MODULES, CONTEXT_REFUSALS, type ApacheContext } from './directive-contexts.js';

/**
 * What `apache2 -t` refuses in the main configuration files once they are read: a directive no
 * loaded module registers ("Invalid command"), and a directive in a section that does not take it,
 * in the words httpd uses for that directive. (A .htaccess is judged per request, by AllowOverride:
 * apache/htaccess-directive-not-allowed.)
 */

export type { ApacheContext };

export interface ApacheRefusal {
  message: string;
  directive: Directive;
}

/** The sections that change where a directive stands; conditionals and `<Limit>` do not. */
const CONTEXT_OF_SECTION: Readonly<Record<string, ApacheContext>> = {
  virtualhost: 'virtualhost',
  directory: 'directory',
  directorymatch: 'directory',
  location: 'location',
  locationmatch: 'location',
  files: 'files',
  filesmatch: 'files',
};
const TRANSPARENT_SECTIONS = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection', 'limit', 'limitexcept']);

/**
 * Debian's modules: those the directive table describes (`mod_alias.c`, `core.c`), and those that
 * register no directive of their own or register them from another source file (mod_ldap's are
 * util_ldap.c's). Loading anything else may bring directives we do not know.
 */
const DEBIAN_MODULES = new Set([
  ...Object.keys(DIRECTIVES_BY_MODULE),
  ...['asis', 'authz_host', 'authz_owner', 'authz_user', 'bucketeer', 'data', 'lbmethod_bybusyness', 'lbmethod_byrequests', 'lbmethod_bytraffic', 'ldap', 'proxy_ajp', 'proxy_balancer', 'proxy_fdpass', 'proxy_http', 'proxy_http2', 'proxy_uwsgi', 'ratelimit', 'slotmem_plain', 'slotmem_shm', 'socache_dbm', 'socache_shmcb', 'status', 'unique_id'].map((m) => `mod_${m}.c`),
]);
/** Modules whose every directive's contexts were put to `apache2 -t` when the table was made. */
const CONTEXT_CHECKED = new ModuleSet([...DEBIAN_STATIC_MODULES, ...CHECKED_MODULES.map((m) => `${m}_module`)]);

/** `context`: where the file's top is read; a main configuration and a site file are at server level. */
export function validateApache(nodes: readonly Node[], context: ApacheContext = 'server'): ApacheRefusal[] {
  const loaded = describedModules(nodes);
  const refusals: ApacheRefusal[] = [];
  const refused = new Set<Directive>();
  // httpd skips what a false <IfModule>/<IfDefine> holds, and never reads a refused section's
  // body; <If>, <Proxy>, <Macro>... are read but not judged inside (`null`).
  const open = (section: Directive, outer: ApacheContext | null): ApacheContext | null | undefined => {
    if (section.inactive || refused.has(section)) return undefined;
    const name = section.lowerName;
    if (outer === null) return null;
    return TRANSPARENT_SECTIONS.has(name) ? outer : (CONTEXT_OF_SECTION[name] ?? null);
  };
  for (const { directive, context: where } of directivesInContext<ApacheContext | null>(nodes, context, open)) {
    const refusal = check(directive, where ?? undefined, loaded);
    if (refusal === undefined) continue;
    refusals.push({ message: refusal, directive });
    refused.add(directive);
  }
  return refusals;
}

/**
 * The modules LoadModule brings in, plus the compiled-in ones; `undefined` when the configuration
 * loads none (a site file linted alone) or loads one the table does not describe (its directives
 * are unknown to us): then no directive is called invalid.
 */
export function describedModules(nodes: readonly Node[]): ModuleSet | undefined {
  const modules = new ModuleSet(DEBIAN_STATIC_MODULES);
  let any = false;
  const active = directivesInContext(nodes, true, (section) => (section.inactive ? undefined : true));
  for (const { directive } of active) {
    if (directive.lowerName !== 'loadmodule') continue;
    const identifier = directive.args[0]?.value;
    if (identifier === undefined) continue;
    any = true;
    modules.add(identifier);
    if (!DEBIAN_MODULES.has(moduleNames(identifier)[1])) return undefined;
  }
  return any ? modules : undefined;
}

function check(directive: Directive, where: ApacheContext | undefined, loaded: ModuleSet | undefined): string | undefined {
  const name = directive.lowerName;
  const registering = modulesRegistering(name);
  if (loaded !== undefined && !registering.some((m) => loaded.has(m))) {
    const written = directive.children !== undefined ? `<${directive.name}` : directive.name;
    return `Invalid command '${written}', perhaps misspelled or defined by a module not included in the server configuration`;
  }
  if (where === undefined || !registering.some((m) => CONTEXT_CHECKED.has(m))) return undefined;
  const key = directive.children !== undefined ? `<${name}` : name;
  return CONTEXT_REFUSALS.get(key)?.[where];
}
