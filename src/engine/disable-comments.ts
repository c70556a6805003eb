import type { Comment, Node, SourceFile, SourceLocation } from '../parse/ast.js';
import type { Finding } from './events.js';

/**
 * Inline configuration comments, ESLint's vocabulary with `forbidlint-` in front:
 *
 *   # forbidlint-disable-next-line nginx/deny-all -- the admin area is meant to be closed
 *   # forbidlint-disable fs/world-writable        (until `# forbidlint-enable`)
 *   deny all; # forbidlint-disable-line           (nginx only)
 *
 * No rule list means every rule. Rule ids may be separated by commas or spaces; text after
 * `--` is the justification, kept with the suppressed message.
 */

export type DisableKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface DisableDirective {
  kind: DisableKind;
  /** Rule ids named, empty for all rules. */
  ruleIds: string[];
  justification: string;
  comment: Comment;
}

/** What every disable comment's text holds. */
export const DISABLE_PREFIX = 'forbidlint-';

const DIRECTIVE = /^\s*forbidlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/s;

export function parseDisableDirective(comment: Comment): DisableDirective | undefined {
  const match = DIRECTIVE.exec(comment.text);
  if (!match) return undefined;
  const [rulesPart = '', justification = ''] = (match[2] ?? '').split(/\s--\s|\s--$/, 2);
  return {
    kind: match[1] as DisableKind,
    ruleIds: rulesPart.split(/[\s,]+/).filter(Boolean),
    justification: justification.trim(),
    comment,
  };
}

function* commentsOf(nodes: readonly Node[]): Generator<Comment> {
  for (const node of nodes) {
    if (node.type === 'comment') yield node;
    // Included files are SourceFiles of their own: only this file's blocks are entered.
    else if (node.children) yield* commentsOf(node.children);
  }
}

export function disableDirectivesOf(file: SourceFile): DisableDirective[] {
  // An nginx comment is its file's text as written: a file without the prefix holds none (most files, on every lint).
  if (file.dialect === 'nginx' && !file.text.includes(DISABLE_PREFIX)) return [];
  const directives: DisableDirective[] = [];
  for (const comment of commentsOf(file.nodes)) {
    const directive = parseDisableDirective(comment);
    if (directive) directives.push(directive);
  }
  return directives.sort((a, b) => comparePosition(a.comment.loc, b.comment.loc));
}

function comparePosition(a: Pick<SourceLocation, 'line' | 'column'>, b: Pick<SourceLocation, 'line' | 'column'>): number {
  return a.line - b.line || a.column - b.column;
}

function covers(directive: DisableDirective, ruleId: string): boolean {
  return directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId);
}

export interface Suppression {
  finding: Finding;
  justification: string;
}

export interface DisableOutcome {
  kept: Finding[];
  suppressed: Suppression[];
  /** Tool findings: unused directives (when asked for) and directives that cannot work here. */
  problems: Finding[];
}

export interface DisableOptions {
  /** Severity of "unused disable directive" findings; 0 does not report them. */
  reportUnused: 0 | 1 | 2;
  /** Rule ids the configuration knows: a comment naming another id has a typo and silences nothing. */
  knownRuleIds: ReadonlySet<string>;
}

/**
 * Applies one file's disable comments to the findings located in it. Findings of the tool itself
 * (`ruleId: null`: parse errors) are never suppressed, as in ESLint.
 */
export function applyDisableDirectives(file: SourceFile, findings: readonly Finding[], options: DisableOptions): DisableOutcome {
  const directives = disableDirectivesOf(file);
  const used = new Set<DisableDirective>();
  const kept: Finding[] = [];
  const suppressed: Suppression[] = [];
  const problems: Finding[] = [];

  for (const directive of directives) {
    for (const id of directive.ruleIds) {
      if (!options.knownRuleIds.has(id)) problems.push(toolFinding(directive.comment.loc, 1, `forbidlint-${directive.kind} names "${id}", which is not a known rule`));
    }
  }
  const usable = directives.filter((directive) => {
    // httpd rejects anything after a directive's arguments as an extra argument, so a trailing
    // comment cannot exist in an Apache file and a disable-line there would silence nothing.
    if (directive.kind === 'disable-line' && file.dialect === 'apache') {
      problems.push(toolFinding(directive.comment.loc, 1, 'forbidlint-disable-line has no effect in Apache files, which cannot have a comment after a directive: use forbidlint-disable-next-line'));
      return false;
    }
    return true;
  });

  for (const finding of findings) {
    const suppressor = finding.ruleId === null ? undefined : suppressorOf(usable, finding.ruleId, finding.loc);
    if (suppressor) {
      used.add(suppressor);
      suppressed.push({ finding, justification: suppressor.justification });
    } else {
      kept.push(finding);
    }
  }

  if (options.reportUnused !== 0) {
    for (const directive of usable) {
      if (directive.kind === 'enable' || used.has(directive)) continue;
      const what = directive.ruleIds.length ? ` (no problems were reported from ${directive.ruleIds.map((id) => `'${id}'`).join(', ')})` : ' (no problems were reported)';
      problems.push(toolFinding(directive.comment.loc, options.reportUnused, `Unused forbidlint-${directive.kind} directive${what}.`));
    }
  }
  return { kept, suppressed, problems };
}

function suppressorOf(directives: readonly DisableDirective[], ruleId: string, loc: SourceLocation): DisableDirective | undefined {
  let block: DisableDirective | undefined;
  for (const directive of directives) {
    if (!covers(directive, ruleId)) continue;
    const at = directive.comment.loc;
    switch (directive.kind) {
      case 'disable-line':
        if (at.line === loc.line) return directive;
        break;
      case 'disable-next-line':
        if (at.line + 1 === loc.line) return directive;
        break;
      case 'disable':
        if (comparePosition(at, loc) <= 0) block = directive;
        break;
      case 'enable':
        if (comparePosition(at, loc) <= 0) block = undefined;
        break;
    }
  }
  return block;
}

function toolFinding(loc: SourceLocation, severity: 1 | 2, message: string): Finding {
  return { ruleId: null, severity, message, loc };
}
