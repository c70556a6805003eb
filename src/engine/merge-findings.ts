import type { RelatedLocation, RuleType } from './rule.js';
import type { Finding } from './events.js';

/** More findings than this from one rule at one directive are rolled up by directory. */
const ROLL_UP_ABOVE = 10;
/** A directory holding more than this many of them becomes one finding. */
const ROLL_UP_DIRECTORY_ABOVE = 3;
/** Example paths a rolled-up finding names. */
const EXAMPLES = 3;

/**
 * One cause, one finding. First, the findings about one server path that describe the same kind
 * of problem (a path refused with 403, a path anyone can rewrite) become one: the rule looking
 * at the narrowest thing keeps it (a filesystem rule names the mode to change, a dialect rule a
 * directive, `server/*` a whole server; the more severe between equals), with the highest
 * severity among them, and the others
 * stay as related locations. Then, when one rule reports a cause at one directive for many
 * entries, the entries under each directory of the tree roll up into one finding with their
 * count and a few examples, and when that still leaves many, the whole tree does: a tree of
 * 60,000 world-writable files gives a handful of findings (and SARIF stays under GitHub's
 * 25,000 results per run).
 *
 * `typeOf` gives a rule's type; findings without a rule or a path are passed through.
 */
export function mergeFindings(findings: readonly Finding[], typeOf: (ruleId: string) => RuleType | undefined): Finding[] {
  return rollUpByDirectory(mergeSamePath(findings, typeOf));
}

function mergeSamePath(findings: readonly Finding[], typeOf: (ruleId: string) => RuleType | undefined): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: (Finding | string)[] = [];
  for (const finding of findings) {
    if (finding.ruleId === null || finding.path === undefined) {
      out.push(finding);
      continue;
    }
    const key = `${typeOf(finding.ruleId) ?? finding.ruleId}\0${finding.path}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else {
      groups.set(key, [finding]);
      out.push(key);
    }
  }
  return out.map((item) => (typeof item === 'string' ? mergeGroup(groups.get(item) as Finding[]) : item));
}

/** Narrower first: a filesystem rule looks at one entry, a dialect rule at a directive, `server/*` at a server. */
function scopeRank(ruleId: string): number {
  const namespace = ruleId.slice(0, ruleId.indexOf('/'));
  return namespace === 'fs' ? 0 : namespace === 'server' ? 2 : 1;
}

function mergeGroup(group: readonly Finding[]): Finding {
  const [first] = group;
  if (group.length === 1 && first) return first;
  const keeper = [...group].sort((a, b) => scopeRank(a.ruleId ?? '') - scopeRank(b.ruleId ?? '') || b.severity - a.severity)[0] as Finding;
  const related: RelatedLocation[] = [...(keeper.related ?? [])];
  const seen = new Set<string>([`${keeper.ruleId}\0${keeper.message}`]);
  for (const other of group) {
    const key = `${other.ruleId}\0${other.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    related.push({ loc: other.loc, message: `${other.ruleId}: ${other.message}` });
  }
  const severity = Math.max(...group.map((f) => f.severity)) as Finding['severity'];
  return { ...keeper, severity, ...(related.length ? { related } : {}) };
}

/** Findings of one rule, message and severity at one place: candidates for rolling up. */
function rollUpKey(finding: Finding): string | undefined {
  if (finding.ruleId === null || finding.path === undefined || finding.fatal) return undefined;
  const { file, line, column } = finding.loc;
  return `${finding.ruleId}\0${finding.messageId ?? ''}\0${finding.severity}\0${file}\0${line}\0${column}`;
}

function rollUpByDirectory(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = rollUpKey(finding);
    if (key === undefined) continue;
    const group = groups.get(key) ?? [];
    group.push(finding);
    groups.set(key, group);
  }
  const replaced = new Map<Finding, Finding | null>();
  for (const group of groups.values()) {
    if (group.length <= ROLL_UP_ABOVE) continue;
    const base = commonDirectory(group.map((f) => f.path as string));
    const byDirectory = new Map<string, Finding[]>();
    for (const finding of group) {
      const dir = directoryBelow(base, finding.path as string);
      const members = byDirectory.get(dir) ?? [];
      members.push(finding);
      byDirectory.set(dir, members);
    }
    const kept = [...byDirectory.values()].reduce((n, members) => n + (members.length > ROLL_UP_DIRECTORY_ABOVE ? 1 : members.length), 0);
    if (kept > ROLL_UP_ABOVE) {
      // Still many after rolling up each directory: one finding for the whole tree, with examples from several directories.
      const examples = [...byDirectory.values()].map((members) => members[0] as Finding);
      group.forEach((m, i) => replaced.set(m, i === 0 ? rolledUp(base, group, examples) : null));
      continue;
    }
    for (const [dir, members] of byDirectory) {
      if (members.length <= ROLL_UP_DIRECTORY_ABOVE) continue;
      members.forEach((m, i) => replaced.set(m, i === 0 ? rolledUp(dir, members, members) : null));
    }
  }
  if (replaced.size === 0) return [...findings];
  const out: Finding[] = [];
  for (const finding of findings) {
    const replacement = replaced.get(finding);
    if (replacement === undefined) out.push(finding);
    else if (replacement !== null) out.push(replacement);
  }
  return out;
}

function rolledUp(dir: string, members: readonly Finding[], candidates: readonly Finding[]): Finding {
  const first = members[0] as Finding;
  const examples = candidates.slice(0, EXAMPLES).map((m) => m.path as string);
  const more = members.length > examples.length ? ', ...' : '';
  const related: RelatedLocation[] = examples.map((path) => ({ path, message: `${path} on the audited server` }));
  return {
    ...first,
    message: `${members.length} entries under ${dir} with the same problem (${examples.join(', ')}${more}); the first: ${first.message}`,
    path: dir,
    related,
  };
}

/** The deepest directory holding every path. */
function commonDirectory(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('/').slice(0, -1));
  const first = split[0] ?? [''];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join('/') || '/';
}

/** The directory directly below `base` that holds `path`, or `base` for its own entries. */
function directoryBelow(base: string, path: string): string {
  const rest = path.slice(base === '/' ? 1 : base.length + 1);
  const slash = rest.indexOf('/');
  return slash === -1 ? base : `${base === '/' ? '' : base}/${rest.slice(0, slash)}`;
}
