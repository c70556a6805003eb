import * as posixPath from 'node:path/posix';
import type { Argument, Directive, Node, ParseDiagnostic, ParsedConfig, SourceFile, SourceLocation } from '../ast.js';
import type { FsView } from '../../fs/types.js';
import { evaluateCondition, type ConditionScope } from './conditions.js';
import { readEnvvars } from './envvars.js';
import { expandInclude, errnoText } from './include-files.js';
import { DEBIAN_STATIC_MODULES, ModuleSet } from './modules.js';
import { parseApache, type ApacheFileKind } from './parser.js';
import { pointLoc } from './source-text.js';
import { substituteVariables } from './variables.js';
import { splitWords } from './words.js';
import { pushAll } from '../../util/push-all.js';

export interface ApacheLoadOptions {
  /** Every read goes through it (LiveFs confines to --root). */
  fs: FsView;
  /** Overrides the ServerRoot directive; without either, the entry's directory. */
  serverRoot?: string;
  /** Like `apache2 -D NAME`. */
  defines?: readonly string[];
  /**
   * Debian's envvars file (its exported `X=...`), or the values themselves; default:
   * `<dirname(entry)>/envvars` when it exists.
   */
  envvars?: string | Record<string, string>;
  /** Compiled-in modules; default: Debian apache2's `apache2 -l` list. */
  staticModules?: readonly string[];
  /** Default true. */
  followIncludes?: boolean;
  /** What the entry is: a main configuration (default), or a `.htaccess` read on its own. */
  entryKind?: 'main' | 'htaccess';
  /** Larger files are reported and not read; default 64 MiB. */
  maxFileBytes?: number;
}

const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** httpd's AP_MAX_INCLUDE_DEPTH: how deep Include may nest before httpd calls it a recursion. */
const MAX_INCLUDE_DEPTH = 128;

/**
 * Reads an Apache configuration the way httpd does at startup: one pass in file order, where
 * `Define`/`UnDefine`, `LoadModule`, `ServerRoot` and `Include` take effect as they are read,
 * `${VAR}` is substituted from what is defined at that point, and `<IfModule>`, `<IfDefine>`,
 * `<IfVersion>`, `<IfFile>`, `<IfDirective>` and `<IfSection>` whose condition is false are
 * marked `inactive` and not read further.
 */
export function loadApacheConfig(entry: string, options: ApacheLoadOptions): ParsedConfig {
  return new ApacheConfigReader(entry, options).read();
}

class ApacheConfigReader {
  private readonly fs: FsView;
  private readonly files: SourceFile[] = [];
  private readonly diagnostics: ParseDiagnostic[] = [];
  private readonly defines: Set<string>;
  private readonly variables = new Map<string, string>();
  private readonly environment: ReadonlyMap<string, string>;
  private readonly modules: ModuleSet;
  private readonly scope: ConditionScope;
  private readonly includeChain: string[] = [];
  private serverRoot: string;

  constructor(
    private readonly entry: string,
    private readonly options: ApacheLoadOptions,
  ) {
    this.fs = options.fs;
    this.serverRoot = options.serverRoot ?? posixPath.dirname(entry);
    this.defines = new Set(options.defines ?? []);
    this.modules = new ModuleSet(options.staticModules ?? DEBIAN_STATIC_MODULES);
    this.environment = this.readEnvironment();
    this.scope = {
      isDefined: (name) => this.defines.has(name),
      modules: this.modules,
      pathExists: (path) => this.fs.stat(this.fromServerRoot(path)).ok,
    };
  }

  read(): ParsedConfig {
    const nodes = this.readFile(this.entry, this.options.entryKind ?? 'main', pointLoc(this.entry, 1, 1)) ?? [];
    // Files are evaluated depth-first, so an included file's problems are found before the rest
    // of the file that includes it; report them by file, in the order files were read, then by
    // position.
    const fileOrder = new Map(this.files.map((f, i) => [f.file, i]));
    const rank = (d: ParseDiagnostic) => fileOrder.get(d.loc.file) ?? -1;
    const diagnostics = this.diagnostics.sort((a, b) => rank(a) - rank(b) || a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    return { dialect: 'apache', entry: this.entry, nodes, files: this.files, diagnostics };
  }

  private readEnvironment(): Map<string, string> {
    const { envvars } = this.options;
    if (typeof envvars === 'object') return new Map(Object.entries(envvars));
    const path = envvars ?? posixPath.join(posixPath.dirname(this.entry), 'envvars');
    const content = this.fs.readFile(path);
    if (content.ok) return new Map(Object.entries(readEnvvars(content.value.toString('utf8'))));
    if (envvars !== undefined) {
      this.report('envvars-unreadable', `cannot read envvars file ${path}: ${errnoText(content.error)}`, pointLoc(path, 1, 1), 'warning');
    }
    return new Map();
  }

  /** Reads, parses and evaluates one file; undefined when it cannot be read (reported at `from`). */
  private readFile(path: string, kind: ApacheFileKind, from: SourceLocation): Node[] | undefined {
    const limit = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const stat = this.fs.stat(path);
    if (stat.ok && stat.value.size > limit) {
      this.report('file-too-large', `${path} is ${stat.value.size} bytes, over the ${limit}-byte limit; not read`, from);
      return undefined;
    }
    const content = this.fs.readFile(path);
    if (!content.ok) {
      this.report('file-unreadable', `Could not open configuration file ${path}: ${errnoText(content.error)}`, from);
      return undefined;
    }
    const parsed = parseApache(content.value, path, { kind });
    this.files.push({ file: path, dialect: 'apache', kind, nodes: parsed.nodes, text: parsed.text });
    const conditions: ConditionSections = { held: [], skipped: [] };
    this.includeChain.push(path);
    this.evaluate(parsed.nodes, conditions);
    this.includeChain.pop();
    pushAll(this.diagnostics, parsed.diagnostics.filter((d) => httpdReports(d, conditions, parsed.diagnostics)));
    return parsed.nodes;
  }

  private evaluate(nodes: readonly Node[], conditions: ConditionSections): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      if (node.type !== 'directive') continue;
      if (hasReference(node)) this.substitute(node);
      if (node.children) {
        this.enterSection(node, conditions);
      } else if (READ_TIME_DIRECTIVES.has(node.lowerName)) {
        this.execute(node);
      }
    }
  }

  private enterSection(section: Directive, conditions: ConditionSections): void {
    const outcome = evaluateCondition(section, this.scope);
    if (outcome.kind === 'invalid') this.report('invalid-condition', outcome.message, section.nameLoc);
    if (outcome.kind === 'evaluated') {
      conditions[outcome.holds ? 'held' : 'skipped'].push(section);
      if (!outcome.holds) {
        section.inactive = true;
        return;
      }
    }
    this.evaluate(section.children as Node[], conditions);
  }

  /** The directives httpd runs while reading (EXEC_ON_READ) that change how the rest is read. */
  private execute(directive: Directive): void {
    const first = directive.args[0]?.value;
    const second = directive.args[1]?.value;
    switch (directive.lowerName) {
      case 'define':
        if (first === undefined) break;
        this.defines.add(first);
        // `Define NAME` alone only answers <IfDefine>; it gives ${NAME} no value. httpd passes an
        // empty second word as no word at all (TAKE12), so `Define NAME ""` is the same.
        if (second) this.variables.set(first, second);
        break;
      case 'undefine':
        if (first === undefined) break;
        this.defines.delete(first);
        this.variables.delete(first);
        break;
      case 'loadmodule':
        if (first !== undefined) this.modules.add(first);
        break;
      case 'serverroot':
        if (first !== undefined && this.options.serverRoot === undefined) this.serverRoot = first;
        break;
      case 'include':
      case 'includeoptional':
        if (first !== undefined && this.options.followIncludes !== false) {
          this.include(directive, first, directive.lowerName === 'includeoptional');
        }
        break;
    }
  }

  private include(directive: Directive, pattern: string, optional: boolean): void {
    const expansion = expandInclude(this.fs, this.fromServerRoot(pattern), optional);
    if (expansion.problem) this.report(expansion.problem.code, expansion.problem.message, directive.loc);
    directive.included = [];
    for (const file of expansion.files) {
      if (this.includeChain.includes(file)) {
        this.report('include-cycle', `${file} includes itself: ${[...this.includeChain, file].join(' -> ')}`, directive.loc);
        continue;
      }
      if (this.includeChain.length >= MAX_INCLUDE_DEPTH) {
        this.report('include-too-deep', `Exceeded the maximum include depth of ${MAX_INCLUDE_DEPTH} at ${file}`, directive.loc);
        return;
      }
      const nodes = this.readFile(file, 'included', directive.loc);
      if (nodes) directive.included.push({ file, nodes });
    }
  }

  /**
   * httpd substitutes `${VAR}` in the whole line before splitting it into words, so a value with
   * spaces becomes several arguments and an empty one none. Words that come from one source
   * word keep its raw text and location.
   */
  private substitute(directive: Directive): void {
    const args: Argument[] = [];
    for (const arg of directive.args) {
      if (!arg.raw.includes('${')) {
        args.push(arg);
        continue;
      }
      const { value, undefinedNames } = substituteVariables(arg.raw, (name) => this.variables.get(name) ?? this.environment.get(name));
      for (const name of undefinedNames) {
        this.report('undefined-variable', `Config variable \${${name}} is not defined`, arg.loc, 'warning');
      }
      for (const word of splitWords(value)) args.push({ value: word.value, raw: arg.raw, quote: word.quote, loc: arg.loc });
    }
    directive.args = args;
  }

  /** ap_server_root_relative: absolute paths stay, others hang off ServerRoot. */
  private fromServerRoot(path: string): string {
    return posixPath.isAbsolute(path) ? path : posixPath.join(this.serverRoot, path);
  }

  private report(code: string, message: string, loc: SourceLocation, severity: ParseDiagnostic['severity'] = 'error'): void {
    this.diagnostics.push({ code, message, severity, loc });
  }
}

function hasReference(directive: Directive): boolean {
  const { args } = directive;
  for (let i = 0; i < args.length; i++) if ((args[i] as Argument).raw.includes('${')) return true;
  return false;
}

/** What `execute` acts on: every other simple directive is only kept. */
const READ_TIME_DIRECTIVES: ReadonlySet<string> = new Set(['define', 'undefine', 'loadmodule', 'serverroot', 'include', 'includeoptional']);

/** The read-time condition sections of one file, by outcome. */
interface ConditionSections {
  held: Directive[];
  skipped: Directive[];
}

/**
 * Whether httpd raises this parse error once conditions are known. In a skipped section it
 * only matches tags (ap_soak_end_container), so a header missing its '>' there is no error. A
 * held condition reads up to its end tag or the end of the file (ap_build_cont_config), so
 * when it is left open, neither it nor anything open inside it is reported.
 */
function httpdReports(diagnostic: ParseDiagnostic, conditions: ConditionSections, fileDiagnostics: readonly ParseDiagnostic[]): boolean {
  const { loc } = diagnostic;
  if (diagnostic.code === 'section-missing-bracket') return !conditions.skipped.some((s) => isInside(loc, s.loc));
  if (diagnostic.code !== 'unclosed-section') return true;
  const unclosed = (section: Directive) =>
    fileDiagnostics.some((d) => d.code === 'unclosed-section' && d.loc.line === section.loc.line && d.loc.column === section.loc.column);
  return !conditions.held.some((held) => loc.line >= held.loc.line && unclosed(held));
}

/** Whether `inner` starts after the first line of `outer` and ends within it. */
function isInside(inner: SourceLocation, outer: SourceLocation): boolean {
  return inner.file === outer.file && inner.line > outer.line && inner.line <= outer.endLine;
}
