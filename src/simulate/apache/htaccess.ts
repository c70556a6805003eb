import type { Directive, Node } from '../../parse/ast.js';
import { parseApache } from '../../parse/apache/index.js';
import { evaluateCondition, type ConditionScope } from '../../parse/apache/conditions.js';
import { ModuleSet } from '../../parse/apache/modules.js';
import { isMergedSection, toSection, type ApacheSection } from '../../model/apache/index.js';
import type { UserFs } from './fs-as-user.js';
import { htaccessRefusal, readsHtaccess, type OverrideSetting } from './overrides.js';

export type HtaccessRead =
  | { kind: 'none' }
  /** httpd could not open it for a reason other than "does not exist": 403 AH00529. */
  | { kind: 'unreadable'; file: string; message: string }
  /** A directive httpd refuses in it: 500, logged without an AH code. */
  | { kind: 'refused'; file: string; directive?: Directive; message: string }
  | { kind: 'read'; file: string; directives: Directive[]; nested: ApacheSection[] };

/**
 * ap_parse_htaccess for one directory: opened as the web user when AllowOverride or
 * AllowOverrideList lets httpd look at all, each directive checked against what they permit,
 * `<IfModule>` and friends evaluated against the loaded modules.
 */
export function readHtaccess(
  userFs: UserFs,
  directory: string,
  override: OverrideSetting,
  overrideList: ReadonlySet<string>,
  loadedModules: ReadonlySet<string>,
  accessFileNames: readonly string[] = ['.htaccess'],
): HtaccessRead {
  if (!readsHtaccess(override, overrideList)) return { kind: 'none' };
  // ap_parse_htaccess reads every AccessFileName that exists, in order, into one configuration.
  const read: HtaccessRead[] = [];
  for (const name of accessFileNames) {
    const one = readOne(userFs, `${directory.replace(/\/$/, '')}/${name}`, override, overrideList, loadedModules);
    if (one.kind === 'unreadable' || one.kind === 'refused') return one;
    if (one.kind === 'read') read.push(one);
  }
  const [first] = read;
  if (first?.kind !== 'read') return { kind: 'none' };
  return read.length === 1 ? first : { kind: 'read', file: first.file, directives: read.flatMap((r) => (r.kind === 'read' ? r.directives : [])), nested: read.flatMap((r) => (r.kind === 'read' ? r.nested : [])) };
}

function readOne(userFs: UserFs, file: string, override: OverrideSetting, overrideList: ReadonlySet<string>, loadedModules: ReadonlySet<string>): HtaccessRead {
  const opened = userFs.stat(file);
  if (!opened.ok && (opened.errno === 'ENOENT' || opened.errno === 'ENOTDIR')) return { kind: 'none' };
  if (!opened.ok || !opened.readable) {
    const message = opened.ok ? `${file} is not readable by the web user` : opened.denial.message;
    return { kind: 'unreadable', file, message };
  }
  if (opened.stat.type === 'dir') return { kind: 'unreadable', file, message: `${file} is a directory` };
  const content = userFs.fs.readFile(file);
  if (!content.ok) return { kind: 'unreadable', file, message: content.error.message };
  const parsed = parseApache(content.value, file, { kind: 'htaccess' });
  const syntax = parsed.diagnostics.find((d) => d.severity === 'error');
  if (syntax) return { kind: 'refused', file, message: `${file}: ${syntax.message}` };

  const scope: ConditionScope = {
    isDefined: () => false,
    modules: new ModuleSet(loadedModules),
    pathExists: (path) => userFs.fs.lstat(path).ok,
  };
  const directives: Directive[] = [];
  const nested: ApacheSection[] = [];
  const visit = (nodes: readonly Node[], into: Directive[] | undefined): HtaccessRead | undefined => {
    for (const node of nodes) {
      if (node.type !== 'directive') continue;
      const refusal = htaccessRefusal(node, override, overrideList, loadedModules);
      if (refusal) return { kind: 'refused', file, directive: node, message: `${file}: ${refusal}` };
      const condition = evaluateCondition(node, scope);
      if (condition.kind === 'evaluated') {
        // Marked as the loader marks the main config, so a <Files> holding it drops a false body.
        node.inactive = !condition.holds;
        if (condition.holds) {
          const stop = visit(node.children ?? [], into);
          if (stop) return stop;
        }
        continue;
      }
      if (isMergedSection(node)) {
        const stop = visit(node.children ?? [], undefined);
        if (stop) return stop;
        const section = toSection(node);
        if (section.ok) nested.push(section.section);
        continue;
      }
      // Directives inside <RequireAll>, <Limit>... are checked too, and stay with their block.
      if (node.children) {
        const stop = visit(node.children, undefined);
        if (stop) return stop;
      }
      into?.push(node);
    }
    return undefined;
  };
  const stop = visit(parsed.nodes, directives);
  return stop ?? { kind: 'read', file, directives, nested };
}

