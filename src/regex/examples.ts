/**
 * Strings a regex matches, built from its syntax tree: what a pattern names when the served tree
 * holds nothing it matches (`GLOBALS(=|\[)` -> `GLOBALS=`, `\.(inc|module)$` -> `x.inc`,
 * `x.module`). Only the common PCRE subset configs use is read; a pattern outside it gives no
 * example. Every example is checked against the pattern itself, so a construct read loosely
 * (a lookaround, a back-reference) costs an example, never a wrong one.
 */

type Node =
  | { kind: 'alt'; branches: Node[][] }
  | { kind: 'chars'; pick: string }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'empty' };

/** Characters an example prefers, in order: they read as names and need no escaping in a URL. */
const PREFERRED = 'xa0-_.';
/** Choices spelled at most: a pattern of thousands of alternatives costs no more than a small one. */
const MAX_TRIES = 64;
/** More repetitions than this of one item are not worth spelling out. */
const MAX_REPEAT = 8;

/** A construct outside the subset read here. */
class Unsupported extends Error {}

/** A character a class admits, the preferred ones first (`[^/]` -> `x`, `[0-9A-Z]` -> `0`). */
function pickFrom(admits: (c: string) => boolean): string {
  for (const c of PREFERRED) if (admits(c)) return c;
  for (let code = 0x21; code < 0x7f; code++) if (admits(String.fromCharCode(code))) return String.fromCharCode(code);
  throw new Unsupported();
}

/** The character class an escape stands for, or undefined for a literal escape. */
function escapeClass(letter: string): ((c: string) => boolean) | undefined {
  switch (letter) {
    case 'd':
      return (c) => /\d/.test(c);
    case 'D':
      return (c) => !/\d/.test(c);
    case 'w':
      return (c) => /\w/.test(c);
    case 'W':
      return (c) => !/\w/.test(c);
    case 's':
      return (c) => /\s/.test(c);
    case 'S':
      return (c) => !/\s/.test(c);
    default:
      return undefined;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.source.length) throw new Unsupported();
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.i];
  }

  private alternation(): Node {
    const branches: Node[][] = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return { kind: 'alt', branches };
  }

  private sequence(): Node[] {
    const items: Node[] = [];
    while (this.i < this.source.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.quantified(this.atom()));
    return items;
  }

  private quantified(node: Node): Node {
    const c = this.peek();
    let range: [number, number] | undefined;
    if (c === '*') range = [0, Infinity];
    else if (c === '+') range = [1, Infinity];
    else if (c === '?') range = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.i));
      if (m) {
        range = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity];
        this.i += m[0].length - 1;
      }
    }
    if (range === undefined) return node;
    this.i++;
    if (this.peek() === '?' || this.peek() === '+') this.i++; // lazy or possessive: the same strings
    return { kind: 'repeat', node, min: range[0], max: range[1] };
  }

  private atom(): Node {
    const c = this.source[this.i++] as string;
    switch (c) {
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'end' };
      case '.':
        return { kind: 'chars', pick: 'x' };
      case '[':
        return this.charClass();
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Unsupported();
      default:
        return { kind: 'chars', pick: c };
    }
  }

  private group(): Node {
    let lookaround = false;
    if (this.peek() === '?') {
      const rest = this.source.slice(this.i + 1);
      const head = /^(:|=|!|<=|<!|<[A-Za-z_]\w*>|P<[A-Za-z_]\w*>)/.exec(rest)?.[0];
      if (head === undefined) throw new Unsupported();
      lookaround = ['=', '!', '<=', '<!'].includes(head);
      this.i += 1 + head.length;
    }
    const inner = this.alternation();
    if (this.source[this.i++] !== ')') throw new Unsupported();
    // A lookaround consumes nothing: the example is checked against the whole pattern anyway.
    return lookaround ? { kind: 'empty' } : inner;
  }

  private escape(): Node {
    const c = this.source[this.i++];
    if (c === undefined) throw new Unsupported();
    const cls = escapeClass(c);
    if (cls) return { kind: 'chars', pick: pickFrom(cls) };
    if (c === 'b' || c === 'B' || c === 'A' || c === 'z' || c === 'Z') return { kind: 'empty' };
    if (c === 'x') return { kind: 'chars', pick: this.hex() };
    if (/[1-9]/.test(c)) throw new Unsupported(); // a back-reference
    return { kind: 'chars', pick: { n: '\n', t: '\t', r: '\r' }[c] ?? c };
  }

  private hex(): string {
    const m = /^[0-9A-Fa-f]{2}/.exec(this.source.slice(this.i));
    if (!m) throw new Unsupported();
    this.i += 2;
    return String.fromCharCode(parseInt(m[0], 16));
  }

  /** `[...]`: read into a membership test, then one character it admits. */
  private charClass(): Node {
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const tests: Array<(c: string) => boolean> = [];
    let first = true;
    while (this.i < this.source.length && (this.peek() !== ']' || first)) {
      first = false;
      const low = this.classChar(tests);
      if (low === undefined) continue;
      if (this.peek() === '-' && this.source[this.i + 1] !== ']' && this.i + 1 < this.source.length) {
        this.i++;
        const high = this.classChar(tests);
        if (high === undefined) throw new Unsupported();
        tests.push((c) => c >= low && c <= high);
      } else tests.push((c) => c === low);
    }
    if (this.source[this.i++] !== ']') throw new Unsupported();
    const member = (c: string): boolean => tests.some((t) => t(c));
    return { kind: 'chars', pick: pickFrom(negated ? (c) => !member(c) : member) };
  }

  /** One character of a class, or undefined when it was a class escape (`\d`), added to `tests`. */
  private classChar(tests: Array<(c: string) => boolean>): string | undefined {
    const c = this.source[this.i++] as string;
    if (c !== '\\') return c;
    const e = this.source[this.i++];
    if (e === undefined) throw new Unsupported();
    const cls = escapeClass(e);
    if (cls) {
      tests.push(cls);
      return undefined;
    }
    if (e === 'x') return this.hex();
    return { n: '\n', t: '\t', r: '\r' }[e] ?? e;
  }
}

type AltNode = Extract<Node, { kind: 'alt' }>;

/**
 * The string the tree spells with `chosen` alternatives (the first branch of any other):
 * `*` and `+` repeat once and `?` not at all, so `(.*)\.md` gives `x.md`, not the hidden `.md`.
 */
function generate(node: Node, chosen: ReadonlyMap<AltNode, number>): string {
  switch (node.kind) {
    case 'alt': {
      const branch = node.branches[chosen.get(node) ?? 0] as Node[];
      return branch.map((n) => generate(n, chosen)).join('');
    }
    case 'chars':
      return node.pick;
    case 'repeat': {
      const times = Math.min(node.max, Math.max(node.min, node.max === Infinity ? 1 : 0), MAX_REPEAT);
      return generate(node.node, chosen).repeat(times);
    }
    default:
      return '';
  }
}

/** Every alternation, outermost first. */
function alternations(node: Node, into: AltNode[] = []): AltNode[] {
  if (node.kind === 'alt') {
    into.push(node);
    for (const n of node.branches.flat()) alternations(n, into);
  } else if (node.kind === 'repeat') alternations(node.node, into);
  return into;
}

/**
 * The choices to spell: first branches everywhere, then each other branch of each
 * alternation in turn (one change at a time, nested groups inside it at their first).
 */
function* choices(tree: Node): Generator<Map<AltNode, number>> {
  yield new Map();
  for (const alt of alternations(tree)) for (let b = 1; b < alt.branches.length; b++) yield new Map([[alt, b]]);
}

/**
 * Distinct strings `regex` matches, at most `limit`, shortest ideas first; none when the
 * pattern is outside the subset read here. `prefix` goes before an empty example or one that
 * starts with a dot, where the pattern allows it (the name `x.inc` rather than the hidden `.inc`).
 */
export function regexExamples(regex: RegExp, limit = 8, prefix = ''): string[] {
  try {
    return spell(new Parser((regex as { pattern?: string }).pattern ?? regex.source).parse(), regex, limit, prefix);
  } catch {
    // Outside the subset read here, or nested deeper than the stack allows: no example.
    return [];
  }
}

function spell(tree: Node, regex: RegExp, limit: number, prefix: string): string[] {
  const examples = new Set<string>();
  let tries = 0;
  for (const chosen of choices(tree)) {
    if (examples.size >= limit || tries++ >= MAX_TRIES) break;
    const spelled = generate(tree, chosen);
    // The prefix turns `.inc` into the name `x.inc`; a branch anchored at its start refuses it.
    const hidden = spelled === '' || spelled.startsWith('.');
    const example = (hidden ? [prefix + spelled, spelled] : [spelled, prefix + spelled]).find((e) => regex.test(e));
    if (example !== undefined) examples.add(example);
  }
  return [...examples];
}
