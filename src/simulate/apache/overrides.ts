import { modulesRegistering } from '../../parse/apache/directive-modules.js';
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

type Requirement = OverrideCategory | 'any' | 'server-only';

/**
 * Where a directive may appear in a .htaccess file (the "Override" line of httpd's docs):
 * `any` is OR_ALL, `server-only` has no .htaccess context at all.
 */
const REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  ...entries('any', ['files', 'filesmatch', 'limit', 'limitexcept', 'ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection', 'if', 'elseif', 'else', 'serversignature', 'limitrequestbody', 'limitxmlrequestbody', 'rlimitcpu', 'rlimitmem', 'rlimitnproc', 'loglevel']),
  ...entries('FileInfo', ['errordocument', 'forcetype', 'sethandler', 'setinputfilter', 'setoutputfilter', 'acceptpathinfo', 'adddefaultcharset', 'fileetag', 'enablemmap', 'enablesendfile']),
  ...entries('Options', ['options', 'contentdigest']),
  ...entries('AuthConfig', ['require', 'requireall', 'requireany', 'requirenone', 'authmerging', 'authtype', 'authname', 'authuserfile', 'authgroupfile', 'authbasicprovider', 'authbasicauthoritative', 'authbasicfake', 'satisfy', 'cgipassauth']),
  ...entries('Limit', ['order', 'allow', 'deny']),
  ...entries('Indexes', ['directoryindex', 'directoryslash', 'fallbackresource', 'directorycheckhandler', 'directoryindexredirect', 'indexoptions', 'indexignore', 'headername', 'readmename', 'indexorderdefault', 'indexstylesheet', 'adddescription', 'addicon', 'addiconbytype', 'addiconbyencoding', 'defaulticon', 'addalt', 'addaltbytype', 'addaltbyencoding', 'indexheadinsert', 'indexignorereset', 'expiresactive', 'expiresbytype', 'expiresdefault']),
  ...entries('server-only', ['directory', 'directorymatch', 'location', 'locationmatch', 'virtualhost', 'allowoverride', 'allowoverridelist', 'documentroot', 'servername', 'serveralias', 'listen', 'include', 'includeoptional', 'define', 'errorlog', 'user', 'group', 'loadmodule', 'serverroot', 'pidfile', 'mutex', 'accessfilename', 'alias', 'aliasmatch', 'scriptalias', 'scriptaliasmatch', 'rewritemap', 'rewritelock', 'keepalive', 'timeout', 'servertokens', 'traceenable']),
};

function entries(category: Requirement, names: readonly string[]): Record<string, Requirement> {
  return Object.fromEntries(names.map((n) => [n, category]));
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
  if (!modulesRegistering(name).some((m) => loadedModules.has(m))) {
    return `Invalid command '${directive.name}', perhaps misspelled or defined by a module not included in the server configuration`;
  }
  if (list.has(name)) return undefined;
  // Most module directives that .htaccess files may use (mod_mime, mod_headers, mod_rewrite,
  // mod_alias's Redirect, mod_setenvif, mod_filter...) are FileInfo.
  const requirement = REQUIREMENTS[name] ?? 'FileInfo';
  const allowed =
    requirement !== 'server-only' &&
    setting.kind === 'set' &&
    (requirement === 'any' ? setting.categories.size > 0 : setting.categories.has(requirement));
  if (!allowed) return `${directive.name} not allowed here`;
  // An .htaccess Options line is read like any other (mixing +/- with bare words is refused),
  // and AllowOverride Options=... limits the names it may use.
  if (name === 'options') {
    const parsed = parseOptions(directive, undefined, setting.kind === 'set' && !list.has(name) ? setting.options : undefined);
    if (!parsed.ok) return parsed.message;
  }
  return undefined;
}
