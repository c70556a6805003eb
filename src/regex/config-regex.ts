import { RE2JS } from 're2js';
import { budgetedExec, type PlainMatch } from './budgeted-exec.js';
import { noteRegexExhausted } from './uncertainty.js';

/** How long one match of a pattern outside the linear engine's syntax may take. */
export const MATCH_BUDGET_MS = 100;

/** The longest subject quoted in a message. */
const QUOTED_INPUT = 40;

/**
 * A regular expression from an audited configuration (`location ~`, `server_name ~`,
 * `<DirectoryMatch>`, `SetEnvIf`, `<If>`...). It is a RegExp, so every caller keeps its types
 * and its `test`/`exec`/`replace`, but matching never runs JavaScript's backtracking engine
 * unbounded: the pattern runs on RE2's linear-time engine (re2js) when RE2 reads it, else on
 * the backtracking engine with a time budget. A match that exhausts the budget counts as no
 * match, is recorded as an uncertainty of the request being simulated, and the pattern is not
 * tried again in this run: a pattern that blew up once would on every probe.
 */
export class ConfigRegex extends RegExp {
  private readonly linear: RE2JS | undefined;
  private exhausted = false;
  /** The pattern as the configuration wrote it (`source` escapes every `/`). */
  readonly pattern: string;

  constructor(source: string, flags = '') {
    super(source, flags);
    this.pattern = source;
    this.linear = compileLinear(source, flags);
  }

  /** Whether matching runs in linear time (RE2), rather than under a time budget. */
  get isLinear(): boolean {
    return this.linear !== undefined;
  }

  override exec(input: string): RegExpExecArray | null {
    const text = String(input);
    if (this.linear !== undefined) return linearExec(this.linear, text);
    if (this.exhausted) {
      noteRegexExhausted(this.pattern, text, true);
      return null;
    }
    const found = budgetedExec(this.source, this.flags, text, MATCH_BUDGET_MS);
    if (found !== 'exhausted') return found === null ? null : toExecArray(found, text);
    this.exhausted = true;
    noteRegexExhausted(this.pattern, text, false);
    return null;
  }

  /** `split` and `matchAll` build a sticky or global copy through this; no config regex goes there. */
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }
}

/** Patterns compiled per request (RewriteRule, SetEnvIf, `<If>`) are compiled once. */
const compiled = new Map<string, ConfigRegex>();
const MAX_COMPILED = 4096;

/** `new RegExp(source, flags)` for a pattern from a configuration: throws the same SyntaxError. */
export function configRegex(source: string, flags = ''): ConfigRegex {
  const key = `${flags}/${source}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    regex = new ConfigRegex(source, flags);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, regex);
  }
  return regex;
}

/** A ConfigRegex, or undefined when neither engine reads the pattern. */
export function compileConfigRegex(source: string, flags = ''): ConfigRegex | undefined {
  try {
    return configRegex(source, flags);
  } catch {
    return undefined;
  }
}

/** How a subject is quoted in messages: bounded, control characters escaped. */
export function quoteSubject(text: string): string {
  const shown = text.length > QUOTED_INPUT ? `${text.slice(0, QUOTED_INPUT)}…` : text;
  return JSON.stringify(shown);
}

function compileLinear(source: string, flags: string): RE2JS | undefined {
  let re2Flags = 0;
  for (const flag of flags) {
    if (flag === 'i') re2Flags |= RE2JS.CASE_INSENSITIVE;
    else if (flag === 's') re2Flags |= RE2JS.DOTALL;
    else if (flag === 'm') re2Flags |= RE2JS.MULTILINE;
    else if (flag !== 'u' && flag !== 'd') return undefined; // g, y keep state across calls: not for config regexes
  }
  try {
    return RE2JS.compile(source, re2Flags);
  } catch {
    return undefined;
  }
}

function linearExec(regex: RE2JS, text: string): RegExpExecArray | null {
  // The DFA answers "does it match" fastest; captures are computed only for a match.
  if (!regex.test(text)) return null;
  const matcher = regex.matcher(text);
  if (!matcher.find()) return null;
  const groups: (string | undefined)[] = [];
  for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
  const names = Object.entries(regex.namedGroups());
  const named = names.length === 0 ? null : Object.fromEntries(names.map(([name, index]) => [name, groups[index]]));
  return toExecArray({ groups, index: matcher.start(), named }, text);
}

function toExecArray(found: PlainMatch, input: string): RegExpExecArray {
  const result = Object.assign([...found.groups], { index: found.index, input, groups: found.named ?? undefined });
  return result as unknown as RegExpExecArray;
}
