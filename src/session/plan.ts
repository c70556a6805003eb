import * as posixPath from 'node:path/posix';
import type { FsView } from '../fs/types.js';
import type { LintTarget } from '../engine/events.js';
import { buildModel, loadTarget } from '../engine/load-target.js';
import { overlayFile } from '../engine/overlay-fs.js';
import type { Dialect, ParsedConfig } from '../parse/ast.js';
import { dumpFs, splitNginxDump } from '../parse/nginx/dump.js';
import { resolvePath } from '../fs/resolve.js';
import { assumedContext } from './assumed-context.js';

/**
 * One configuration to lint and what of it to report. A main configuration reports every file
 * it reads; a file linted through the configuration that includes it (or the context assumed
 * for it) reports that file only, at its own lines.
 */
export interface LintPlan {
  target: LintTarget;
  /** Server paths whose findings are reported; undefined: every file. */
  only?: Set<string>;
  /** Files written for the plan (an assumed main configuration), by server path. */
  written: Map<string, string>;
  /** Files of `only` that this configuration was found to read (not assumed around them). */
  owned?: Set<string>;
  /**
   * Files asked about that the configuration reads under another name (a `sites-enabled/`
   * symlink to `sites-available/shop`): that name, in `only`, to the name asked.
   */
  aliases?: Map<string, string>;
  /** Where the configuration is read instead of the audited tree (the files of an `nginx -T` dump). */
  configFs?: FsView;
}

/** A lone file for which a context was assumed: what to tell the user. */
export interface AssumedNote {
  file: string;
  description: string;
}

export interface Plans {
  plans: LintPlan[];
  notes: AssumedNote[];
}

/** The main configurations a project knows: `servers` of its configuration, as targets. */
export interface PlanInput {
  /** Through it every read goes; a buffer's text is already overlaid. */
  fs: FsView;
  targets: readonly LintTarget[];
  known: readonly LintTarget[];
  /** The main configuration that read each file last time, trusted without loading it again. */
  owners?: ReadonlyMap<string, LintTarget>;
}

/**
 * Turns what the user named into lint plans. Main configurations (and targets of the
 * project's `servers`) are linted whole. Any other file is linted inside a main configuration
 * that reads it: one the project names, one named in the same run, or one found above it
 * (`nginx.conf` above `sites-enabled/`, `apache2.conf` above `sites-available/`,
 * `conf/httpd.conf` above RHEL's `conf.d/`), directly or through a symlink to it; a `.htaccess`
 * belongs to a configuration serving its directory, the audited system's own httpd configuration
 * among them. A file no main configuration reads gets the context its content needs. An
 * `nginx -T` dump is split back into its files and linted as the main configuration it names.
 */
export function planLints(input: PlanInput): Plans {
  const plans = new Map<string, LintPlan>();
  const notes: AssumedNote[] = [];
  const loaded = new Map<string, Membership>();
  const membershipOf = (main: LintTarget): Membership => {
    let found = loaded.get(main.entry);
    if (!found) {
      found = membership(main, input.fs);
      loaded.set(main.entry, found);
    }
    return found;
  };
  const dumps = new Set<LintTarget>();
  for (const target of input.targets) {
    const dump = target.dialect === 'nginx' ? splitNginxDump(target.text ?? readText(input.fs, target.entry)) : undefined;
    if (!dump) continue;
    dumps.add(target);
    plans.set(`${target.entry}\0dump`, { target: { dialect: 'nginx', entry: dump.main, kind: 'main' }, written: new Map(), configFs: dumpFs(dump) });
  }
  const mains = input.targets.filter((t) => t.kind === 'main' && !dumps.has(t));
  for (const main of mains) plans.set(main.entry, { target: main, written: new Map() });
  let assumed = 0;
  for (const target of input.targets) {
    if (target.kind === 'main' || dumps.has(target)) continue;
    const candidates = [...mains, ...input.known.filter((k) => k.dialect === target.dialect), ...mainsAbove(input.fs, target.entry, target.dialect), ...(target.kind === 'htaccess' ? installedApacheMains(input.fs) : [])];
    const owner = ownerOf(target, input.owners?.get(target.entry), candidates, membershipOf);
    // A .htaccess httpd reads only while serving: its own directives are checked as they stand too.
    if (target.kind === 'htaccess') plans.set(`${target.entry}\0htaccess`, { target, only: new Set([target.entry]), written: new Map() });
    if (owner) {
      const plan: LintPlan = plans.get(owner.main.entry) ?? { target: owner.main, only: new Set<string>(), owned: new Set<string>(), written: new Map() };
      plan.only?.add(owner.readAs);
      if (owner.readAs === target.entry) plan.owned?.add(target.entry);
      // Trusting an owner from last time would lose the other name: such a file is looked up again.
      else (plan.aliases ??= new Map()).set(owner.readAs, target.entry);
      plans.set(owner.main.entry, plan);
      continue;
    }
    const text = target.text ?? readText(input.fs, target.entry);
    const context = assumedContext(target.entry, target.dialect, text);
    if (!context) {
      plans.set(target.entry, { target: { ...target, kind: 'main' }, written: new Map() });
      continue;
    }
    const entry = posixPath.join(context.prefix, `.forbidlint-assumed-context-${assumed++}.conf`);
    const main: LintTarget = { dialect: target.dialect, entry, kind: 'main', text: context.text, configuredAs: target.entry, ...(target.dialect === 'apache' ? { serverRoot: context.prefix } : {}) };
    plans.set(entry, { target: main, only: new Set([target.entry]), written: new Map([[entry, context.text]]) });
    notes.push({ file: target.entry, description: context.description });
  }
  return { plans: [...plans.values()], notes };
}

/** The main configuration that reads `target`, and the name it reads it under. */
function ownerOf(target: LintTarget, trusted: LintTarget | undefined, candidates: readonly LintTarget[], membershipOf: (main: LintTarget) => Membership): { main: LintTarget; readAs: string } | undefined {
  if (trusted) return { main: trusted, readAs: target.entry };
  for (const main of candidates) {
    const readAs = membershipOf(main).readAs(target.entry, target.kind);
    if (readAs !== undefined) return { main, readAs };
  }
  return undefined;
}

/** Which files a main configuration reads, and which directories it serves. */
interface Membership {
  /** The name the configuration reads `file` under (itself, or a symlink to it); undefined when it does not. */
  readAs(file: string, kind: LintTarget['kind']): string | undefined;
}

function membership(main: LintTarget, fs: FsView): Membership {
  let parsed: ParsedConfig | undefined;
  let served: string[] | undefined;
  let byRealPath: Map<string, string> | undefined;
  const load = (): ParsedConfig => (parsed ??= loadTarget(main, main.text === undefined ? fs : overlayFile(fs, main.entry, main.text)));
  return {
    readAs(file, kind) {
      if (kind === 'htaccess') {
        served ??= (buildModel(main, load())?.servers ?? []).flatMap((s) => s.trees.map((t) => t.fsPath.replace(/(.)\/+$/, '$1')));
        const dir = posixPath.dirname(file);
        return served.some((tree) => dir === tree || dir.startsWith(tree.endsWith('/') ? tree : `${tree}/`)) ? file : undefined;
      }
      const files = load().files;
      if (files.some((f) => f.file === file)) return file;
      // Debian enables a site by a symlink in sites-enabled/ to the file in sites-available/.
      if (!byRealPath) {
        byRealPath = new Map();
        for (const f of files) {
          const real = realPath(fs, f.file);
          if (real !== undefined && !byRealPath.has(real)) byRealPath.set(real, f.file);
        }
      }
      const real = realPath(fs, file);
      return real === undefined ? undefined : byRealPath.get(real);
    },
  };
}

function realPath(fs: FsView, file: string): string | undefined {
  const found = resolvePath(file, true, fs);
  return found.ok ? found.path : undefined;
}

/** Main files of `dialect` in the directories above `file`, nearest first. */
function mainsAbove(fs: FsView, file: string, dialect: Dialect): LintTarget[] {
  // A copy of a server keeps its configuration in etc/ beside the served var/www: its .htaccess
  // files are read by that configuration when it names the copy's own paths.
  const names = dialect === 'nginx' ? ['nginx.conf'] : ['apache2.conf', 'httpd.conf', 'conf/httpd.conf', 'etc/apache2/apache2.conf', 'etc/httpd/conf/httpd.conf'];
  const found: LintTarget[] = [];
  for (let dir = posixPath.dirname(file); ; dir = posixPath.dirname(dir)) {
    for (const name of names) {
      const candidate = posixPath.join(dir, name);
      if (candidate !== file && !found.some((f) => f.entry === candidate) && fs.stat(candidate).ok) found.push({ dialect, entry: candidate, kind: 'main' });
    }
    if (dir === '/' || dir === '.') break;
  }
  return found;
}

/** The audited system's own httpd configuration (Debian's, RHEL's): a .htaccess is read by the server serving its directory. */
function installedApacheMains(fs: FsView): LintTarget[] {
  return ['/etc/apache2/apache2.conf', '/etc/httpd/conf/httpd.conf'].filter((file) => fs.stat(file).ok).map((entry) => ({ dialect: 'apache', entry, kind: 'main' }));
}

function readText(fs: FsView, file: string): string {
  const content = fs.readFile(file);
  return content.ok ? content.value.toString('utf8') : '';
}
