import type { Directive } from '../../parse/ast.js';
import { optionNames, parseOptions, type OptionName } from '../../model/apache/index.js';

/** AllowOverride's categories; `any` is httpd's OR_ALL (allowed when any category is). */
export type OverrideCategory = 'AuthConfig' | 'FileInfo' | 'Indexes' | 'Limit' | 'Options';

/**
 * A directory's AllowOverride state as core's dir walk sees it. `unset` is the compiled-in
 * default (OR_UNSET): httpd still opens .htaccess files, but no directive is allowed in them,
 * so any directive there is a 500. `AllowOverride None` is the only way not to read them.
 */
export type OverrideSetting = { kind: 'unset' } | { kind: 'set'; categories: ReadonlySet<OverrideCategory>; options?: ReadonlySet<OptionName> };

const CATEGORIES: readonly OverrideCategory[] = ['AuthConfig', 'FileInfo', 'Indexes', 'Limit', 'Options'];

/** `AllowOverride All`, `None`, `AuthConfig Limit`, `Options=Indexes,MultiViews`, as core's set_override reads it. */
export function parseAllowOverride(directive: Directive): { ok: true; setting: OverrideSetting } | { ok: false; message: string } {
  const categories = new Set<OverrideCategory>();
  let options: Set<OptionName> | undefined;
  for (const arg of directive.args) {
    const [word = '', list] = arg.value.split('=', 2);
    const lower = word.toLowerCase();
    if (lower === 'none') continue;
    if (lower === 'all') {
      for (const c of CATEGORIES) categories.add(c);
      continue;
    }
    const category = CATEGORIES.find((c) => c.toLowerCase() === lower);
    if (!category) return { ok: false, message: `Illegal override option ${word}` };
    categories.add(category);
    if (category === 'Options' && list !== undefined) {
      options = new Set();
      for (const name of list.split(',')) {
        const names = optionNames(name);
        if (!names) return { ok: false, message: `Illegal option ${name}` };
        for (const n of names) options.add(n);
      }
    }
  }
  return { ok: true, setting: { kind: 'set', categories, ...(options ? { options } : {}) } };
}

/** Whether httpd opens `.htaccess` at all in a directory with these settings. */
export function readsHtaccess(setting: OverrideSetting, list: ReadonlySet<string>): boolean {
  return setting.kind === 'unset' || setting.categories.size > 0 || list.size > 0;
}

type Requirement = { module: string; category: OverrideCategory | 'any' } | { module: string; category: 'server-only' };

/** Where each directive may appear in a .htaccess file (the "Override" line of httpd's docs). */
const REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  ...entries('core.c', 'any', ['files', 'filesmatch', 'limit', 'limitexcept', 'ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection', 'if', 'elseif', 'else']),
  ...entries('core.c', 'FileInfo', ['errordocument', 'forcetype', 'sethandler', 'setinputfilter', 'setoutputfilter', 'acceptpathinfo', 'adddefaultcharset', 'fileetag', 'cgipassauth', 'cgivar']),
  ...entries('core.c', 'Options', ['options', 'contentdigest']),
  ...entries('core.c', 'server-only', ['directory', 'directorymatch', 'location', 'locationmatch', 'virtualhost', 'allowoverride', 'allowoverridelist', 'documentroot', 'servername', 'serveralias', 'listen', 'include', 'includeoptional', 'define', 'errorlog', 'loglevel', 'user', 'group', 'loadmodule', 'serverroot', 'pidfile', 'mutex', 'accessfilename']),
  ...entries('authz_core_module', 'AuthConfig', ['require', 'requireall', 'requireany', 'requirenone', 'authmerging']),
  ...entries('authn_core_module', 'AuthConfig', ['authtype', 'authname']),
  ...entries('authn_file_module', 'AuthConfig', ['authuserfile']),
  ...entries('authz_groupfile_module', 'AuthConfig', ['authgroupfile']),
  ...entries('auth_basic_module', 'AuthConfig', ['authbasicprovider', 'authbasicauthoritative', 'authbasicfake']),
  ...entries('access_compat_module', 'Limit', ['order', 'allow', 'deny']),
  ...entries('access_compat_module', 'AuthConfig', ['satisfy']),
  ...entries('dir_module', 'Indexes', ['directoryindex', 'directoryslash', 'fallbackresource', 'directorycheckhandler', 'directoryindexredirect']),
  ...entries('autoindex_module', 'Indexes', ['indexoptions', 'indexignore', 'headername', 'readmename', 'indexorderdefault', 'indexstylesheet', 'adddescription', 'addicon', 'addiconbytype', 'addiconbyencoding', 'defaulticon', 'addalt', 'addaltbytype', 'addaltbyencoding', 'indexheadinsert', 'indexignorereset']),
  ...entries('alias_module', 'FileInfo', ['redirect', 'redirectmatch', 'redirectpermanent', 'redirecttemp']),
  ...entries('alias_module', 'server-only', ['alias', 'aliasmatch', 'scriptalias', 'scriptaliasmatch']),
  ...entries('rewrite_module', 'FileInfo', ['rewriteengine', 'rewriterule', 'rewritecond', 'rewritebase', 'rewriteoptions']),
  ...entries('setenvif_module', 'FileInfo', ['setenvif', 'setenvifnocase', 'browsermatch', 'browsermatchnocase', 'setenvifexpr']),
  ...entries('env_module', 'FileInfo', ['setenv', 'unsetenv', 'passenv']),
  ...entries('mime_module', 'FileInfo', ['addtype', 'addhandler', 'addcharset', 'addencoding', 'addlanguage', 'defaultlanguage', 'removehandler', 'removetype', 'addoutputfilter', 'addinputfilter', 'removeoutputfilter', 'removeinputfilter', 'removecharset', 'removeencoding', 'removelanguage', 'multiviewsmatch']),
  ...entries('headers_module', 'FileInfo', ['header', 'requestheader']),
  ...entries('expires_module', 'Indexes', ['expiresactive', 'expiresbytype', 'expiresdefault']),
};

function entries(module: string, category: Requirement['category'], names: readonly string[]): Record<string, Requirement> {
  return Object.fromEntries(names.map((n) => [n, { module, category } as Requirement]));
}

/**
 * Why httpd refuses a directive read from a .htaccess (it answers 500 and logs the message
 * with no AH code), or undefined when it is accepted: unknown or from a module not loaded
 * ("Invalid command"), not permitted by AllowOverride/AllowOverrideList ("not allowed here").
 */
export function htaccessRefusal(
  directive: Directive,
  setting: OverrideSetting,
  list: ReadonlySet<string>,
  loadedModules: ReadonlySet<string>,
): string | undefined {
  const name = directive.lowerName;
  const requirement = REQUIREMENTS[name];
  if (!requirement || !loadedModules.has(requirement.module)) {
    return `Invalid command '${directive.name}', perhaps misspelled or defined by a module not included in the server configuration`;
  }
  if (list.has(name)) return undefined;
  const allowed =
    requirement.category !== 'server-only' &&
    setting.kind === 'set' &&
    (requirement.category === 'any' ? setting.categories.size > 0 : setting.categories.has(requirement.category));
  if (!allowed) return `${directive.name} not allowed here`;
  // An .htaccess Options line is read like any other (mixing +/- with bare words is refused),
  // and AllowOverride Options=... limits the names it may use.
  if (name === 'options') {
    const parsed = parseOptions(directive, undefined, setting.kind === 'set' && !list.has(name) ? setting.options : undefined);
    if (!parsed.ok) return parsed.message;
  }
  return undefined;
}
