import type { Directive, Node } from '../../../src/parse/ast.js';
import { createRule, NO_OPTIONS_SCHEMA, type Suggestion } from '../../../src/engine/rule.js';
import { sectionName } from '../../../src/model/apache/index.js';
import { evaluateCondition, type ConditionScope } from '../../../src/parse/apache/conditions.js';
import type { AccessFile } from '../../../src/probe/types.js';
import { modulesRegistering } from '../../../src/parse/apache/directive-modules.js';
import type { ModuleSet } from '../../../src/parse/apache/modules.js';
import { htaccessRefusal, type OverrideCategory, type OverrideSetting } from '../../../src/simulate/apache/index.js';
import { describedModules } from '../../../src/validate/apache/validate.js';
import { where } from '../report-text.js';

const CATEGORIES: readonly OverrideCategory[] = ['AuthConfig', 'FileInfo', 'Indexes', 'Limit', 'Options'];
const EVERY_CATEGORY: OverrideSetting = { kind: 'set', categories: new Set(CATEGORIES) };

/**
 * A directive in a .htaccess that httpd opens but whose override class AllowOverride /
 * AllowOverrideList does not grant: httpd stops reading, answers 500 for every request under
 * the directory and logs "<file>: <Directive> not allowed here" (no AH code).
 */
export default createRule({
  meta: {
    id: 'apache/htaccess-directive-not-allowed',
    type: 'problem',
    docs: {
      description: 'A .htaccess directive that AllowOverride does not allow, which makes httpd answer 500',
      recommended: 'recommended',
    },
    messages: {
      notAllowed:
        '`{{directive}}`{{more}} needs `AllowOverride {{category}}` but {{dir}} has {{allowOverride}}: httpd answers 500 for every URL under {{url}} and logs "{{file}}: {{directive}} not allowed here"',
      serverOnly:
        '`{{directive}}` is never allowed in a .htaccess: httpd answers 500 for every URL under {{url}} and logs "{{file}}: {{directive}} not allowed here"',
      invalidCommand:
        '`{{directive}}` is a command {{why}}: httpd answers 500 for every URL under {{url}} and logs "{{file}}: Invalid command \'{{directive}}\', perhaps misspelled or defined by a module not included in the server configuration"',
      optionRefused:
        'This `{{directive}}` line is refused under `AllowOverride {{allowOverride}}` ({{reason}}): httpd answers 500 for every URL under {{url}} and logs "{{file}}: {{reason}}"',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    // Which modules the server loads, when every one is described: only then is a name none of them registers invalid.
    let described: ModuleSet | undefined;
    const check = (htaccess: AccessFile, modules: ReadonlySet<string>): void => {
      const { config } = htaccess;
      const allowOverride = config.overrideSource
        ? `\`${config.overrideSource.name} ${config.overrideSource.args.map((a) => a.raw).join(' ')}\` (${where(config.overrideSource)})`
        : 'no AllowOverride (httpd opens the file and allows nothing in it)';
      const allowed: Check = { override: config.override, list: config.overrideList, modules, ...(described ? { described } : {}) };
      const related = config.overrideSource ? [{ message: `AllowOverride in force for ${htaccess.dir}`, loc: config.overrideSource.loc }] : [];
      const data = { file: htaccess.path, dir: htaccess.dir, url: htaccess.url, allowOverride };
      // One finding per missing class, at its first line: one AllowOverride edit fixes them all.
      const byCategory = new Map<OverrideCategory, Directive[]>();
      for (const { directive, problem } of refusals(htaccess.nodes, allowed, htaccess.conditions)) {
        if (problem.kind === 'category') byCategory.set(problem.category, [...(byCategory.get(problem.category) ?? []), directive]);
        else if (problem.kind === 'invalid') context.report({ node: directive, messageId: 'invalidCommand', data: { ...data, directive: directive.name, why: problem.why }, related });
        else if (problem.kind === 'server-only') context.report({ node: directive, messageId: 'serverOnly', data: { ...data, directive: directive.name }, related });
        else context.report({ node: directive, messageId: 'optionRefused', data: { ...data, directive: directive.name, allowOverride: problem.allowed, reason: problem.reason }, related });
      }
      for (const [category, [first, ...others]] of byCategory) {
        if (!first) continue;
        const more = others.length === 0 ? '' : ` (and ${others.length} more ${category} line${others.length === 1 ? '' : 's'} of this file)`;
        const suggest = config.overrideSource ? [grant(config.overrideSource, category)] : [];
        const alsoRefused = others.map((d) => ({ message: `${d.name} needs AllowOverride ${category} too`, loc: d.loc }));
        context.report({ node: first, messageId: 'notAllowed', data: { ...data, directive: first.name, more, category }, related: [...related, ...alsoRefused], suggest });
      }
    };
    return {
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'apache') return;
        described = describedModules(context.config.nodes);
        for (const htaccess of probe.accessFiles()) if (htaccess.opened) check(htaccess, probe.model.model.loadedModules);
      },
    };
  },
});

interface Check {
  override: OverrideSetting;
  list: ReadonlySet<string>;
  modules: ReadonlySet<string>;
  /** The server's modules when all are described (see describedModules); else no name is judged invalid. */
  described?: ModuleSet;
}

type Problem = { kind: 'category'; category: OverrideCategory } | { kind: 'server-only' } | { kind: 'option'; allowed: string; reason: string } | { kind: 'invalid'; why: string };

/**
 * A name no module the server loads registers ("Invalid command"): misspelt, or its module is
 * not enabled (a bare RewriteEngine where mod_rewrite is not loaded).
 */
function invalidCommand(directive: Directive, described: ModuleSet | undefined): Problem | undefined {
  if (described === undefined) return undefined;
  const registering = modulesRegistering(directive.lowerName);
  if (registering.some((m) => described.has(m))) return undefined;
  const [module] = registering;
  const why = module === undefined ? 'no module registers (misspelt?)' : `of ${module.replace(/\.c$/, '')}, which this server does not load (a2enmod ${module.replace(/^mod_|\.c$/g, '')})`;
  return { kind: 'invalid', why };
}

/**
 * Every directive httpd would refuse for AllowOverride's sake, in reading order: httpd stops at
 * the first, the rule gathers them all so one edit covers the file. Sections httpd evaluates
 * while reading (`<IfModule>`) are entered only when true; a directive no loaded module
 * registers ("Invalid command") is one too, where the server's modules are all described.
 */
function* refusals(nodes: readonly Node[], check: Check, scope: ConditionScope): Generator<{ directive: Directive; problem: Problem }> {
  for (const node of nodes) {
    if (node.type !== 'directive') continue;
    const problem = invalidCommand(node, check.described) ?? refusal(node, check);
    if (problem) {
      yield { directive: node, problem };
      continue;
    }
    const condition = evaluateCondition(node, scope);
    if (condition.kind === 'evaluated' && !condition.holds) continue;
    if (node.children) yield* refusals(node.children, check, scope);
  }
}

function refusal(directive: Directive, check: Check): Problem | undefined {
  const name = sectionName(directive);
  // Known and loaded: accepted under AllowOverride All when AllowOverrideList names it.
  const known = htaccessRefusal(directive, EVERY_CATEGORY, new Set([name]), check.modules) === undefined;
  if (!known) return undefined;
  const refused = htaccessRefusal(directive, check.override, check.list, check.modules);
  if (refused === undefined) return undefined;
  const { override } = check;
  // An Options line is also refused for its words (`AllowOverride Options=...` limits them, +/-
  // cannot mix with bare words), so its class is not probed: it is Options.
  if (name === 'options') {
    if (override.kind !== 'set' || !override.categories.has('Options')) return { kind: 'category', category: 'Options' };
    return { kind: 'option', allowed: override.options ? `Options=${[...override.options].join(',')}` : 'Options', reason: refused };
  }
  const granting = CATEGORIES.filter((c) => htaccessRefusal(directive, { kind: 'set', categories: new Set([c]) }, new Set(), check.modules) === undefined);
  // `<IfModule>`, `<Files>`, `<Limit>` pass under any category: what they hold says which one to grant.
  if (granting.length === CATEGORIES.length) return undefined;
  const [category] = granting;
  return category ? { kind: 'category', category } : { kind: 'server-only' };
}

/** The AllowOverride line with `category` added (and `None` dropped). */
function grant(allowOverride: Directive, category: OverrideCategory): Suggestion {
  const kept = allowOverride.args.map((a) => a.raw).filter((w) => w.toLowerCase() !== 'none');
  return {
    desc: `allow ${category} directives in .htaccess files here`,
    fix: { loc: allowOverride.loc, text: [allowOverride.name, ...kept, category].join(' ') },
  };
}
