import type { Directive } from '../../parse/ast.js';
import {
  DEFAULT_RESOLVED_OPTIONS,
  lastNamed,
  mergeOptions,
  parseOptions,
  type OptionsSetting,
  type ResolvedOptions,
} from '../../model/apache/index.js';
import { accessCompatOf, type AccessCompatConfig } from './access-compat.js';
import { mergeRequire, requireTreeOf, type RequireContainer } from './authz.js';
import { parseAllowOverride, type OverrideSetting } from './overrides.js';

export interface RewriteRuleSpec {
  pattern: string;
  negate: boolean;
  substitution: string;
  /** Lower-cased, for matching; `flagsRaw` keeps the case [E=Name:Value] needs. */
  flags: string[];
  flagsRaw: string[];
  /** The RewriteCond lines before the rule. */
  conditions: Directive[];
  directive: Directive;
}

export interface RewriteConfig {
  engine: boolean;
  rules: RewriteRuleSpec[];
  /** The directory the rules were written for: per-directory patterns see the path below it. */
  directory?: string;
  /** RewriteBase: the URL the directory's rewritten paths are turned back into. */
  base?: string;
  engineDirective?: Directive;
}

/** The per-directory configuration as merged so far, module by module, the way httpd merges it. */
export interface DirConfig {
  options: ResolvedOptions;
  optionsSource?: Directive;
  override: OverrideSetting;
  overrideList: ReadonlySet<string>;
  overrideSource?: Directive;
  require?: RequireContainer;
  access?: AccessCompatConfig;
  satisfy: 'all' | 'any';
  satisfySource?: Directive;
  directoryIndex: { names: string[]; source?: Directive };
  directorySlash: boolean;
  authType?: Directive;
  rewrite: RewriteConfig;
  /** mod_alias `Redirect` lines from sections and .htaccess, applied in the fixup phase. */
  redirects: Directive[];
  setEnvIf: Directive[];
  /** SetHandler (core's per-directory handler); `none` clears it. */
  handler?: { name: string; source: Directive };
  /** mod_dir's FallbackResource: the URL a missing file without a handler is answered by. */
  fallback?: { url: string; source: Directive };
  /** Extensions AddType/AddEncoding/AddLanguage/AddCharset give a meaning, for MultiViews. */
  mimeExtensions: readonly string[];
}

export const INITIAL_DIR_CONFIG: DirConfig = {
  options: DEFAULT_RESOLVED_OPTIONS,
  override: { kind: 'unset' },
  overrideList: new Set(),
  satisfy: 'all',
  // mod_dir's default when no DirectoryIndex is configured.
  directoryIndex: { names: ['index.html'] },
  directorySlash: true,
  rewrite: { engine: false, rules: [] },
  redirects: [],
  setEnvIf: [],
  mimeExtensions: [],
};

/**
 * Merges one section's (or one .htaccess file's) directives over `base`, with each module's
 * own merge rule: core Options add/remove or replace, AllowOverride only from `<Directory>`,
 * authz_core replaces inherited Requires unless AuthMerging says otherwise, mod_access_compat
 * replaces everything when the section uses it, mod_dir's DirectoryIndex replaces the list.
 * `directory` is where the section applies, for per-directory RewriteRules.
 */
export function applySection(
  base: DirConfig,
  directives: readonly Directive[],
  context: { allowOverride: boolean; directory?: string },
): { config: DirConfig } {
  const config: DirConfig = { ...base };

  // A line httpd refuses is skipped here: the model reports it for the main config, and an
  // .htaccess with one is refused (500) before it is applied.
  let options: OptionsSetting | undefined;
  let optionsSource: Directive | undefined;
  for (const d of directives.filter((x) => x.lowerName === 'options')) {
    const parsed = parseOptions(d, options);
    if (parsed.ok) {
      options = parsed.setting;
      optionsSource = d;
    }
  }
  if (options && optionsSource) {
    config.options = mergeOptions(base.options, options);
    config.optionsSource = optionsSource;
  }

  if (context.allowOverride) {
    const allowOverride = lastNamed(directives, 'allowoverride');
    if (allowOverride) {
      const parsed = parseAllowOverride(allowOverride);
      if (parsed.ok) {
        config.override = parsed.setting;
        config.overrideSource = allowOverride;
      }
    }
    const list = lastNamed(directives, 'allowoverridelist');
    if (list) {
      const names = list.args.map((a) => a.value.toLowerCase()).filter((n) => n !== 'none');
      config.overrideList = new Set(names);
    }
  }

  const tree = requireTreeOf(directives);
  if (tree) {
    const merging = lastNamed(directives, 'authmerging')?.args[0]?.value.toLowerCase();
    config.require = mergeRequire(base.require, tree, merging === 'and' || merging === 'or' ? merging : 'off');
  }

  const access = accessCompatOf(directives);
  if (access) config.access = access;

  const satisfy = lastNamed(directives, 'satisfy');
  if (satisfy) {
    config.satisfy = satisfy.args[0]?.value.toLowerCase() === 'any' ? 'any' : 'all';
    config.satisfySource = satisfy;
  }

  // Several DirectoryIndex lines in one section add up; `disabled` alone clears the list.
  const indexLines = directives.filter((d) => d.lowerName === 'directoryindex');
  if (indexLines.length > 0) {
    const names: string[] = [];
    for (const d of indexLines) {
      const values = d.args.map((a) => a.value);
      if (values.length === 1 && values[0]?.toLowerCase() === 'disabled') names.length = 0;
      else names.push(...values);
    }
    config.directoryIndex = { names, source: indexLines[indexLines.length - 1] as Directive };
  }

  const slash = lastNamed(directives, 'directoryslash');
  if (slash) config.directorySlash = slash.args[0]?.value.toLowerCase() !== 'off';

  const handler = lastNamed(directives, 'sethandler');
  if (handler) {
    const name = handler.args[0]?.value ?? 'none';
    if (name.toLowerCase() === 'none') delete config.handler;
    else config.handler = { name, source: handler };
  }
  const fallback = lastNamed(directives, 'fallbackresource');
  if (fallback) {
    const url = fallback.args[0]?.value ?? 'disabled';
    if (url.toLowerCase() === 'disabled') delete config.fallback;
    else config.fallback = { url, source: fallback };
  }

  const mime = directives.filter((d) => /^add(type|encoding|language|charset)$/.test(d.lowerName));
  if (mime.length > 0) config.mimeExtensions = [...base.mimeExtensions, ...mime.flatMap((d) => d.args.slice(1).map((a) => a.value.replace(/^\./, '').toLowerCase()))];

  const authType = lastNamed(directives, 'authtype');
  if (authType) config.authType = authType;

  config.rewrite = rewriteOf(base.rewrite, directives, context.directory);
  const redirects = directives.filter((d) => /^redirect(permanent|temp|match)?$/.test(d.lowerName));
  if (redirects.length > 0) config.redirects = [...redirects, ...base.redirects];
  const setEnvIf = directives.filter((d) => /^(setenvif|setenvifnocase|browsermatch|browsermatchnocase)$/.test(d.lowerName));
  if (setEnvIf.length > 0) config.setEnvIf = [...base.setEnvIf, ...setEnvIf];

  return { config };
}

/** The long names of RewriteRule flags, as mod_rewrite's parse_rewriterule_flags accepts them. */
const RULE_FLAG_ALIASES: Readonly<Record<string, string>> = {
  last: 'l', forbidden: 'f', gone: 'g', redirect: 'r', nocase: 'nc', chain: 'c', skip: 's', env: 'e', next: 'n',
  passthrough: 'pt', proxy: 'p', qsappend: 'qsa', qsdiscard: 'qsd', nosubreq: 'ns', type: 't', handler: 'h', noescape: 'ne',
};

/**
 * mod_rewrite's directory merge: a section with rewrite directives replaces the inherited
 * rules (RewriteOptions Inherit is not modelled) and keeps its engine state.
 */
export function rewriteOf(base: RewriteConfig, directives: readonly Directive[], directory: string | undefined): RewriteConfig {
  const own = directives.filter((d) => /^rewrite(engine|rule|cond|base)$/.test(d.lowerName));
  if (own.length === 0) return base;
  const engineDirective = lastNamed(own, 'rewriteengine');
  const rules: RewriteRuleSpec[] = [];
  let conditions: Directive[] = [];
  for (const d of own) {
    const name = d.lowerName;
    if (name === 'rewritecond') conditions.push(d);
    if (name !== 'rewriterule') continue;
    const [rawPattern = '', substitution = '', flagText = ''] = d.args.map((a) => a.value);
    const negate = rawPattern.startsWith('!');
    const flagsRaw = flagText.replace(/^\[|\]$/g, '').split(',').map((f) => f.trim()).filter((f) => f !== '');
    const flags = flagsRaw.map((f) => f.toLowerCase().replace(/^(\w+)=?/, (head: string, n: string) => `${RULE_FLAG_ALIASES[n] ?? n}${head.endsWith('=') ? '=' : ''}`));
    rules.push({ pattern: negate ? rawPattern.slice(1) : rawPattern, negate, substitution, flags, flagsRaw, conditions, directive: d });
    conditions = [];
  }
  const rewriteBase = lastNamed(own, 'rewritebase')?.args[0]?.value;
  return {
    engine: engineDirective ? engineDirective.args[0]?.value.toLowerCase() === 'on' : base.engine,
    rules,
    ...(directory !== undefined ? { directory } : {}),
    ...(rewriteBase !== undefined ? { base: rewriteBase } : {}),
    ...(engineDirective ? { engineDirective } : base.engineDirective ? { engineDirective: base.engineDirective } : {}),
  };
}
