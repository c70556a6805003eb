import * as posixPath from 'node:path/posix';
import type { Directive, Node, ParseDiagnostic, ParsedConfig, SourceFile, SourceLocation } from '../ast.js';
import type { FsError, FsView } from '../../fs/types.js';
import { nginxDiagnostics, syntaxError } from './diagnostics.js';
import { expandIncludeGlob, hasGlobMagic } from './include-glob.js';
import { parseNginx } from './parser.js';
import type { MovedBlock } from './line-shift.js';
import type { EarlierParse, NginxParseCache } from './reuse.js';
import { limitNesting } from './nesting-limit.js';

export interface NginxLoadOptions {
  /** Every read goes through it (LiveFs confines reads to --root). */
  fs: FsView;
  /** Directory relative `include`s resolve against (nginx's conf prefix); default: dirname(entry). */
  prefix?: string;
  /** Default true. */
  followIncludes?: boolean;
  /** Larger files are refused with a diagnostic instead of read. Default 64 MiB. */
  maxFileBytes?: number;
  /** Directives of the last load through the same cache, reused where the text did not change. */
  reuse?: NginxParseCache;
}

const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads nginx.conf and, depth first as nginx does, every file its `include`s pull in. Included
 * nodes land in the `include` directive's `included`; problems (missing file, cycle, too large)
 * are diagnostics at the `include` that caused them.
 */
export function loadNginxConfig(entry: string, options: NginxLoadOptions): ParsedConfig {
  const loader = new IncludeLoader(options, posixPath.dirname(entry));
  const nodes = loader.readFile(entry, 'main', 'main', [], undefined) ?? [];
  options.reuse?.replace(loader.memos, loader.moved);
  return { dialect: 'nginx', entry, nodes, files: loader.files, diagnostics: loader.diagnostics };
}

class IncludeLoader {
  readonly files: SourceFile[] = [];
  readonly diagnostics: ParseDiagnostic[] = [];
  /** This load's memos, by file, for the next load through `options.reuse`. */
  readonly memos = new Map<string, EarlierParse>();
  /** The blocks this load handed back as moved copies of earlier ones. */
  readonly moved = new Map<Directive, MovedBlock>();
  private readonly seen = new Set<string>();
  /** A file included from several places reports each of its problems once. */
  private readonly reported = new Set<string>();
  private readonly prefix: string;
  private readonly maxFileBytes: number;

  constructor(
    private readonly options: NginxLoadOptions,
    entryDir: string,
  ) {
    this.prefix = options.prefix ?? entryDir;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /**
   * Parses one file in `context` and then its includes; `chain` is the stack of files being
   * read, for cycles. `cause` is the include that asked for it (undefined for the entry).
   */
  readFile(path: string, kind: SourceFile['kind'], context: string, chain: readonly string[], cause: SourceLocation | undefined): Node[] | undefined {
    const at = cause ?? { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const stat = this.options.fs.stat(path);
    if (!stat.ok) {
      const missing = cause !== undefined && (stat.error.code === 'ENOENT' || stat.error.code === 'ENOTDIR');
      return this.fail((missing ? nginxDiagnostics.includeNotFound : nginxDiagnostics.fileUnreadable)(path, errnoText(stat.error)), at);
    }
    if (stat.value.size > this.maxFileBytes) return this.fail(nginxDiagnostics.fileTooLarge(path, stat.value.size, this.maxFileBytes), at);
    const content = this.options.fs.readFile(path);
    if (!content.ok) return this.fail(nginxDiagnostics.fileUnreadable(path, errnoText(content.error)), at);

    const first = !this.seen.has(path);
    // A file included twice is read twice: reusing for both would put one node at two places.
    const reuse = this.options.reuse && first ? { earlier: this.options.reuse.earlier(path) } : undefined;
    const parsed = parseNginx(content.value, path, { context, ...(reuse ? { reuse } : {}) });
    if (parsed.memos) this.memos.set(path, { memos: parsed.memos, text: parsed.text });
    for (const [copy, move] of parsed.moved ?? []) this.moved.set(copy, move);
    const { nodes, diagnostic: tooDeep } = limitNesting(parsed.nodes);
    if (first) {
      this.seen.add(path);
      this.files.push({ file: path, dialect: 'nginx', kind, nodes, text: parsed.text });
    }
    for (const diagnostic of parsed.diagnostics) this.report(diagnostic);
    if (tooDeep) this.report(tooDeep);
    if (this.options.followIncludes !== false) {
      for (const { directive, context: includeContext } of includesOf(nodes, context)) {
        this.expand(directive, includeContext, [...chain, path]);
      }
    }
    return nodes;
  }

  private expand(include: Directive, context: string, chain: readonly string[]): void {
    const [target, ...extra] = include.args;
    if (target === undefined || extra.length > 0) {
      this.fail(nginxDiagnostics.includeArguments(), include.loc);
      return;
    }
    const pattern = posixPath.resolve(this.prefix, target.value);
    const paths = hasGlobMagic(pattern) ? expandIncludeGlob(pattern, this.options.fs) : [pattern];
    include.included = [];
    for (const path of paths) {
      if (chain.includes(path)) {
        this.fail(nginxDiagnostics.includeCycle(path), include.loc);
        continue;
      }
      const nodes = this.readFile(path, 'included', context, chain, include.loc);
      if (nodes) include.included.push({ file: path, nodes });
    }
  }

  private fail(problem: { code: string; message: string }, loc: SourceLocation): undefined {
    this.report(syntaxError(problem, loc));
    return undefined;
  }

  private report(diagnostic: ParseDiagnostic): void {
    const { file, line, column } = diagnostic.loc;
    const key = `${file}:${line}:${column}:${diagnostic.code}:${diagnostic.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(diagnostic);
  }
}

/** The `include` directives of a tree in document order, with the block each sits in. */
function includesOf(nodes: readonly Node[], context: string): { directive: Directive; context: string }[] {
  const found: { directive: Directive; context: string }[] = [];
  // Depth first with an explicit stack, so deep nesting cannot overflow the call stack.
  const stack: { nodes: readonly Node[]; next: number; context: string }[] = [{ nodes, next: 0, context }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const node = top.nodes[top.next++];
    if (node === undefined) {
      stack.pop();
    } else if (node.type === 'directive') {
      if (node.name === 'include') found.push({ directive: node, context: top.context });
      if (node.children) stack.push({ nodes: node.children, next: 0, context: node.name });
    }
  }
  return found;
}

/** The errno text nginx prints after `open() "..." failed`. */
function errnoText(error: FsError): string {
  const known: Record<string, string> = {
    ENOENT: '2: No such file or directory',
    EACCES: '13: Permission denied',
    ENOTDIR: '20: Not a directory',
    EISDIR: '21: Is a directory',
    ELOOP: '40: Too many levels of symbolic links',
  };
  return known[error.code] ?? error.message;
}
