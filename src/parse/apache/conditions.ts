import type { Directive } from '../ast.js';
import { DIRECTIVES_BY_MODULE } from './directive-modules.js';
import type { ModuleSet } from './modules.js';
import { configRegex } from '../../regex/config-regex.js';

/** What httpd knows while reading the config, which decides its read-time conditions. */
export interface ConditionScope {
  /** Names from `-D` and `Define` (`<IfDefine>`). */
  isDefined(name: string): boolean;
  /** Compiled-in modules plus every active `LoadModule` read so far (`<IfModule>`). */
  modules: ModuleSet;
  /** Whether a path (relative to ServerRoot when not absolute) exists (`<IfFile>`). */
  pathExists(path: string): boolean;
}

/** The httpd version `<IfVersion>` compares against: Debian's apache2 2.4. */
export const HTTPD_VERSION = '2.4.71';

export type ConditionOutcome =
  | { kind: 'not-a-condition' }
  | { kind: 'evaluated'; holds: boolean }
  | { kind: 'invalid'; message: string };

const NOT_A_CONDITION: ConditionOutcome = { kind: 'not-a-condition' };

type Evaluator = (argument: string, scope: ConditionScope) => boolean;

/**
 * The sections httpd evaluates while reading (EXEC_ON_READ): all take one `[!]argument`
 * except `<IfVersion>`, handled apart.
 */
const NEGATABLE_CONDITIONS: ReadonlyMap<string, Evaluator> = new Map(Object.entries({
  ifmodule: (name, scope) => scope.modules.has(name),
  ifdefine: (name, scope) => scope.isDefined(name),
  iffile: (path, scope) => scope.pathExists(path),
  ifdirective: (name, scope) => isRegistered(name, scope.modules),
  ifsection: (name, scope) => isRegistered(`<${name}`, scope.modules),
} satisfies Record<string, Evaluator>));

export function evaluateCondition(section: Directive, scope: ConditionScope): ConditionOutcome {
  if (section.lowerName === 'ifversion') return evaluateIfVersion(section.args.map((a) => a.value));
  const evaluate = NEGATABLE_CONDITIONS.get(section.lowerName);
  if (!evaluate) return NOT_A_CONDITION;
  const word = section.args[0]?.value;
  const negated = word?.startsWith('!') ?? false;
  const argument = negated ? (word as string).slice(1) : word;
  if (!argument) return { kind: 'invalid', message: `<${section.name}> directive requires additional arguments` };
  return { kind: 'evaluated', holds: evaluate(argument, scope) !== negated };
}

let registrations: Map<string, readonly string[]> | undefined;

/** Directive names (lowercase) to the modules that register them. */
function directiveModules(): Map<string, readonly string[]> {
  if (!registrations) {
    registrations = new Map();
    for (const [module, names] of Object.entries(DIRECTIVES_BY_MODULE)) {
      for (const name of names) {
        const key = name.toLowerCase();
        registrations.set(key, [...(registrations.get(key) ?? []), module]);
      }
    }
  }
  return registrations;
}

function isRegistered(directive: string, modules: ModuleSet): boolean {
  return (directiveModules().get(directive.toLowerCase()) ?? []).some((module) => modules.has(module));
}

/**
 * mod_version: `<IfVersion [[!]operator] version>` with operators `=`/`==`, `<`, `<=`, `>`,
 * `>=`, and `~` or `/regex/` for a regular expression; omitted minor and patch numbers are 0.
 */
function evaluateIfVersion(words: readonly string[]): ConditionOutcome {
  if (words.length === 0 || words.length > 2) {
    return { kind: 'invalid', message: '<IfVersion> takes one or two arguments' };
  }
  let operator = words.length === 2 ? (words[0] as string) : '=';
  const operand = words[words.length - 1] as string;
  const negated = operator.startsWith('!');
  if (negated) operator = operator.slice(1);
  const slashed = operand.length > 1 && operand.startsWith('/') && operand.endsWith('/');
  let holds: boolean;
  if (operator === '~' || (slashed && (operator === '=' || operator === '=='))) {
    const source = slashed ? operand.slice(1, -1) : operand;
    let regex: RegExp;
    try {
      regex = configRegex(source);
    } catch {
      return { kind: 'invalid', message: `Cannot compile regular expression '${source}'` };
    }
    holds = regex.test(HTTPD_VERSION);
  } else {
    const wanted = parseVersion(operand);
    if (!wanted) return { kind: 'invalid', message: 'Version appears to be invalid. It must have the format major[.minor[.patch]] where major, minor and patch are numbers.' };
    const order = compareVersions(parseVersion(HTTPD_VERSION) as number[], wanted);
    const byOperator: Record<string, boolean> = { '=': order === 0, '==': order === 0, '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 };
    const result = byOperator[operator];
    if (result === undefined) return { kind: 'invalid', message: `unrecognized operator '${negated ? '!' : ''}${operator}'` };
    holds = result;
  }
  return { kind: 'evaluated', holds: holds !== negated };
}

function parseVersion(text: string): number[] | undefined {
  if (!/^\d+(\.\d+){0,2}$/.test(text)) return undefined;
  const parts = text.split('.').map(Number);
  while (parts.length < 3) parts.push(0);
  return parts;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
