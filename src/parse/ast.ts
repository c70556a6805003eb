/**
 * One node shape for both dialects. Every node and every argument keeps the file it
 * came from and its exact span, so a finding can always point at the cause.
 *
 * Lines and columns are 1-based; columns count UTF-16 code units of the decoded line
 * (what editors and SARIF viewers expect). `endColumn` is exclusive: the span of `abc`
 * at column 5 is 5..8.
 */

export type Dialect = 'nginx' | 'apache';

export interface SourceLocation {
  /** Path of the file as the server would see it (absolute, inside --root if one is given). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** How an argument was written, so printing an AST reproduces it. */
export type QuoteStyle = 'none' | 'single' | 'double';

export interface Argument {
  /** The value as the server sees it: quotes removed and escapes decoded the way the server decodes them. */
  value: string;
  /** The exact source text, quotes included. */
  raw: string;
  quote: QuoteStyle;
  loc: SourceLocation;
}

export interface Comment {
  type: 'comment';
  /** Text after `#`, without the `#` and without the line end. */
  text: string;
  loc: SourceLocation;
}

export interface Directive {
  type: 'directive';
  dialect: Dialect;
  /**
   * As written. nginx names are case-sensitive; Apache's are not, so compare Apache names
   * with `lowerName`.
   */
  name: string;
  lowerName: string;
  args: Argument[];
  /** Span of the name token alone (the whole directive is `loc`). */
  nameLoc: SourceLocation;
  /** Span from the first character of the name to the `;`, `}` or `</Section>` that ends it. */
  loc: SourceLocation;
  /**
   * Present for block directives (`server { }`, `<Directory>`), absent for simple ones.
   * Apache sections and nginx blocks both land here.
   */
  children?: Node[];
  /**
   * For `include` (nginx) and `Include`/`IncludeOptional` (Apache): the files it pulled in, in
   * the order the server reads them. Their nodes keep their own `loc.file`.
   */
  included?: IncludedFile[];
  /**
   * nginx `*_by_lua_block { ... }` and similar: the body kept verbatim, not tokenized.
   */
  rawBody?: {
    text: string;
    loc: SourceLocation;
    /** The body ran to the end of the file without its closing `}` (already a diagnostic). */
    unclosed?: boolean;
  };
  /**
   * Apache: true when httpd skips this section while reading the config (an `<IfModule>`,
   * `<IfDefine>`, `<IfVersion>`, `<IfFile>` or `<IfDirective>` whose condition is false for the
   * loaded modules and defined names). Its children are still parsed, for positions and editors,
   * but nothing in them takes effect: no `Define`, no `Include`, no directive.
   */
  inactive?: boolean;
}

export interface IncludedFile {
  file: string;
  nodes: Node[];
}

export type Node = Directive | Comment;

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/**
 * A problem found while loading configuration: a syntax error, a missing include, an
 * include cycle. Errors are values with a location, never exceptions.
 */
export interface ParseDiagnostic {
  /** Stable code, e.g. `unterminated-quote`, `include-cycle`, `unexpected-close`. */
  code: string;
  message: string;
  severity: DiagnosticSeverity;
  loc: SourceLocation;
}

export interface SourceFile {
  file: string;
  dialect: Dialect;
  /** Whether this is a `.htaccess`-style per-directory file (Apache only). */
  kind: 'main' | 'included' | 'htaccess' | 'snippet';
  nodes: Node[];
  /** The decoded text, kept for disable comments, printing and the editor. */
  text: string;
}

export interface ParsedConfig {
  dialect: Dialect;
  /** The file parsing started from. */
  entry: string;
  /** The entry's nodes; `include` directives carry the included files' nodes in `included`. */
  nodes: Node[];
  /** Every file read, entry first, then in reading order. */
  files: SourceFile[];
  diagnostics: ParseDiagnostic[];
}

export function isDirective(node: Node): node is Directive {
  return node.type === 'directive';
}

/**
 * The directives of a block as the server sees them: comments dropped and `include`
 * directives replaced by what they included, recursively.
 */
export function effectiveDirectives(nodes: readonly Node[]): Directive[] {
  // A list rather than a generator: rules and the engine ask it of every block on every lint.
  const found: Directive[] = [];
  collectEffective(nodes, found);
  return found;
}

function collectEffective(nodes: readonly Node[], found: Directive[]): void {
  for (const node of nodes) {
    if (node.type !== 'directive') continue;
    if (node.included) {
      for (const inc of node.included) collectEffective(inc.nodes, found);
    } else {
      found.push(node);
    }
  }
}

/**
 * Depth-first visit of every directive, entering blocks and includes, in reading order, with
 * the blocks it stands in.
 */
export function* walkDirectives(
  nodes: readonly Node[],
  parents: readonly Directive[] = [],
): Generator<{ directive: Directive; parents: readonly Directive[] }> {
  const walk = directivesInContext<readonly Directive[]>(nodes, parents, (block, outer) => [...outer, block]);
  for (const { directive, context } of walk) yield { directive, parents: context };
}

/**
 * Every directive in reading order (includes entered where they stand) with the context of the
 * block it stands in. `open` gives the context a block opens for its body, or `undefined` to
 * leave the body unread. An explicit stack instead of recursion, because a hostile config may
 * nest 10,000 blocks deep.
 */
export function* directivesInContext<C>(
  nodes: readonly Node[],
  context: C,
  open: (block: Directive, outer: C) => C | undefined,
): Generator<{ directive: Directive; context: C }> {
  const stack: { directives: Directive[]; next: number; context: C }[] = [{ directives: effectiveDirectives(nodes), next: 0, context }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const directive = top.directives[top.next++];
    if (directive === undefined) {
      stack.pop();
      continue;
    }
    yield { directive, context: top.context };
    if (directive.children === undefined) continue;
    const inner = open(directive, top.context);
    if (inner !== undefined) stack.push({ directives: effectiveDirectives(directive.children), next: 0, context: inner });
  }
}

export function argValues(directive: Directive): string[] {
  return directive.args.map((a) => a.value);
}
