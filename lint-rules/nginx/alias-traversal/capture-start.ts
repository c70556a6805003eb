/**
 * What the text a regex capture group matches can begin with, read from the PCRE source the
 * way alias traversal depends on it: a `/` (a new path segment), a `.` (the start of `..`), or
 * anything else (a partial name). Conservative: what cannot be read is taken as "anything".
 */
export interface FirstChars {
  slash: boolean;
  dot: boolean;
  other: boolean;
}

export interface CaptureStart {
  /** The regex puts a literal `/` right before the group: the capture starts a path segment. */
  afterSlash: boolean;
  first: FirstChars;
}

const NOTHING: FirstChars = { slash: false, dot: false, other: false };
const ANYTHING: FirstChars = { slash: true, dot: true, other: true };
const SLASH_ONLY: FirstChars = { slash: true, dot: false, other: false };

function union(a: FirstChars, b: FirstChars): FirstChars {
  return { slash: a.slash || b.slash, dot: a.dot || b.dot, other: a.other || b.other };
}

/** `ref` is a group number (`1`) or name (`file`), as `$1` / `$file` name it in `alias`. */
export function captureStart(source: string, ref: string): CaptureStart | undefined {
  const group = findGroup(source, ref);
  if (group === undefined) return undefined;
  const before = source.slice(0, group.open);
  // The URI always starts with `/`: a group at the very start captures it.
  if (/^\^?$/.test(before)) return { afterSlash: false, first: SLASH_ONLY };
  return { afterSlash: /(?:^|[^\\])(?:\\\\)*\\?\/$/.test(before), first: firstOfAlternatives(source.slice(group.bodyStart, group.close)) };
}

interface Group {
  open: number;
  bodyStart: number;
  close: number;
}

function findGroup(source: string, ref: string): Group | undefined {
  let index = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') {
      const head = /^\((\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|[:=!]|<[=!]|[a-z]*\))?)/.exec(source.slice(i));
      const prefix = head?.[1] ?? '';
      const name = head?.[2] ?? head?.[3];
      const capturing = prefix === '' || name !== undefined;
      if (!capturing) continue;
      index++;
      if (String(index) === ref || name === ref) return { open: i, bodyStart: i + 1 + prefix.length, close: closingParen(source, i) };
    }
  }
  return undefined;
}

function classEnd(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
  return i;
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return source.length;
}

function firstOfAlternatives(body: string): FirstChars {
  return splitAlternatives(body).map(firstOfSequence).reduce(union, NOTHING);
}

function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(body, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, body.slice(start)];
}

/** The first atom's characters, and the next atom's too when the first may match nothing. */
function firstOfSequence(sequence: string): FirstChars {
  if (sequence === '') return NOTHING;
  const c = sequence[0] as string;
  let end: number;
  let first: FirstChars;
  if (c === '^' || c === '$') return firstOfSequence(sequence.slice(1));
  if (c === '(') {
    end = closingParen(sequence, 0) + 1;
    const inner = sequence.slice(1, end - 1);
    if (/^\?[=!]|^\?<[=!]/.test(inner)) return firstOfSequence(sequence.slice(end));
    first = firstOfAlternatives(inner.replace(/^\?(?:P?<\w+>|'\w+'|:)/, ''));
  } else if (c === '[') {
    end = classEnd(sequence, 0) + 1;
    first = classChars(sequence.slice(1, end - 1));
  } else if (c === '\\') {
    end = 2;
    first = escapeChars(sequence[1] ?? '');
  } else {
    end = 1;
    first = c === '.' ? ANYTHING : literal(c);
  }
  const quantifier = /^(?:[*?]|\{0[,}])/.exec(sequence.slice(end));
  return quantifier ? union(first, firstOfSequence(sequence.slice(end).replace(/^(?:[*?]|\{[^}]*\})[?+]?/, ''))) : first;
}

function literal(c: string): FirstChars {
  return { slash: c === '/', dot: c === '.', other: c !== '/' && c !== '.' };
}

function escapeChars(c: string): FirstChars {
  if (/[DWS]/.test(c)) return ANYTHING;
  if (/[dws]/.test(c)) return { slash: false, dot: false, other: true };
  return literal(c);
}

function classChars(body: string): FirstChars {
  const negated = body.startsWith('^');
  let members = NOTHING;
  const text = negated ? body.slice(1) : body;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      members = union(members, escapeChars(text[++i] ?? ''));
      continue;
    }
    if (text[i + 1] === '-' && i + 2 < text.length) {
      const to = text[i + 2] as string;
      members = union(members, { slash: c <= '/' && '/' <= to, dot: c <= '.' && '.' <= to, other: true });
      i += 2;
      continue;
    }
    members = union(members, literal(c));
  }
  return negated ? { slash: !members.slash, dot: !members.dot, other: true } : members;
}
