import type { EntryStat } from '../../fs/types.js';
import type { ApacheSection } from '../../model/apache/index.js';
import type { TraceStep } from '../types.js';
import { applySection, type DirConfig } from './dir-config.js';
import { permissionFix, type UserFs } from './fs-as-user.js';
import { readHtaccess } from './htaccess.js';
import { directoryMatches, directoryRegexMatches } from './section-match.js';
import { traceStep, where, type Outcome } from './trace.js';

export interface WalkResult {
  config: DirConfig;
  /** r->filename after the walk: the deepest existing entry, the rest is path info. */
  filename: string;
  pathInfo: string;
  /** What the file turned out to be; `missing` when the walk ran out of entries. */
  type: 'file' | 'dir' | 'missing';
  stat?: EntryStat;
  readable: boolean;
  /** `<Files>` sections written inside matched `<Directory>` sections and .htaccess files. */
  nestedFiles: ApacheSection[];
}

export interface WalkContext {
  userFs: UserFs;
  loadedModules: ReadonlySet<string>;
  trace: TraceStep[];
  /** AccessFileName: the per-directory files httpd opens in each directory, `.htaccess` by default. */
  accessFileNames?: readonly string[];
}

/**
 * core's ap_directory_walk: from `/` down to the mapped file, one level at a time, apply the
 * `<Directory>` sections for that level (shortest path first) and then that directory's
 * .htaccess, then lstat the next component as the web user: search permission missing is
 * AH00035, a symlink the Options in force refuse is AH00037, an .htaccess that cannot be
 * opened is AH00529. Regex directory sections follow the whole walk.
 */
export function directoryWalk(ctx: WalkContext, filename: string, base: DirConfig, sections: readonly ApacheSection[]): { ok: true; walk: WalkResult } | { ok: false; outcome: Outcome } {
  const { userFs, trace } = ctx;
  const parts = filename.split('/').filter((p) => p !== '');
  const wantsDir = filename.endsWith('/') && parts.length > 0;
  const initial = userFs.stat(filename);
  // httpd stats the whole path first; a trailing slash on a non-directory counts as missing.
  const known = initial.ok && !(wantsDir && initial.stat.type !== 'dir') ? initial : undefined;
  const plain = sections.filter((s) => s.kind === 'directory' && !s.regex);
  const nestedFiles: ApacheSection[] = [];
  let config = base;
  let next = 0;
  let level = 0;
  let current = '/';
  let type: WalkResult['type'] = 'dir';
  let stat: EntryStat | undefined;
  let readable = false;

  for (;;) {
    const dirWithSlash = current === '/' ? '/' : `${current}/`;
    while (next < plain.length && (plain[next] as ApacheSection).components <= level) {
      const section = plain[next++] as ApacheSection;
      if (!directoryMatches(section, dirWithSlash)) continue;
      config = applySection(config, section.directives, { allowOverride: true, directory: dirWithSlash }).config;
      nestedFiles.push(...section.nested);
      trace.push(traceStep('section-applied', `<Directory ${section.pattern}> applies to ${dirWithSlash} (${where(section.block)})`, section.block));
    }
    const htaccess = readHtaccess(userFs, current, config.override, config.overrideList, ctx.loadedModules, ctx.accessFileNames);
    if (htaccess.kind === 'unreadable') {
      trace.push(traceStep('htaccess-unreadable', `${htaccess.message}; AllowOverride makes httpd read it and it refuses the request to be safe`, config.overrideSource));
      return {
        ok: false,
        outcome: {
          status: 403,
          cause: 'AH00529',
          path: htaccess.file,
          ...(config.overrideSource ? { decidedBy: config.overrideSource.loc } : {}),
          fix: `make ${htaccess.file} readable and ${current} searchable by ${userFs.who.name}, or set AllowOverride None for ${current}`,
        },
      };
    }
    if (htaccess.kind === 'refused') {
      trace.push(traceStep('htaccess-refused', htaccess.message, htaccess.directive));
      return {
        ok: false,
        outcome: {
          status: 500,
          cause: null,
          path: htaccess.file,
          ...(htaccess.directive ? { decidedBy: htaccess.directive.loc } : {}),
          fix: htaccess.directive
            ? `allow ${htaccess.directive.name} with AllowOverride (or AllowOverrideList) for ${current}, or remove it from ${htaccess.file}`
            : `fix the syntax of ${htaccess.file}`,
        },
      };
    }
    if (htaccess.kind === 'read') {
      config = applySection(config, htaccess.directives, { allowOverride: false, directory: dirWithSlash }).config;
      nestedFiles.push(...htaccess.nested);
      trace.push(traceStep('htaccess-applied', `${htaccess.file} applies to ${dirWithSlash}`));
    }
    if (level >= parts.length) break;

    const name = parts[level] as string;
    const child = current === '/' ? `/${name}` : `${current}/${name}`;
    const opts = config.options.effective;
    // httpd skips the per-component lstat when the whole path already stat'ed and symlinks are
    // followed without an owner check: every component is then taken for a directory.
    if (known && opts.has('FollowSymLinks') && !opts.has('SymLinksIfOwnerMatch')) {
      trace.push(traceStep('path-component', `${child} is reachable by ${userFs.who.name}`));
      current = child;
      level++;
      continue;
    }
    const entry = userFs.lstat(child);
    if (!entry.ok) {
      if (entry.errno === 'ENOENT') {
        trace.push(traceStep('path-component', `${child} does not exist`));
        type = 'missing';
        current = child;
        level++;
        break;
      }
      const denial = entry.denial;
      trace.push(traceStep('path-component', denial.message));
      if (entry.errno === 'EACCES') {
        return {
          ok: false,
          outcome: { status: 403, cause: 'AH00035', path: child, fix: permissionFix(denial, userFs.who) },
        };
      }
      return { ok: false, outcome: { status: 403, cause: 'AH00036', path: child } };
    }
    let target = entry.stat;
    if (target.type === 'symlink') {
      const resolved = resolveSymlink(userFs, child, entry.stat, opts);
      if (!resolved.ok) {
        trace.push(traceStep('symlink-refused', resolved.message, config.optionsSource));
        return { ok: false, outcome: { status: 403, cause: 'AH00037', path: child, fix: resolved.fix, ...(config.optionsSource ? { decidedBy: config.optionsSource.loc } : {}) } };
      }
      target = resolved.stat;
      trace.push(traceStep('path-component', `${child} is a symlink httpd follows (${resolved.message})`));
    } else {
      trace.push(traceStep('path-component', `${child} is a ${target.type}`));
    }
    current = child;
    level++;
    if (target.type === 'file') {
      type = 'file';
      stat = target;
      break;
    }
    if (target.type !== 'dir') {
      trace.push(traceStep('path-component', `${child} is neither a file nor a directory`));
      return { ok: false, outcome: { status: 403, cause: 'AH00038', path: child } };
    }
  }

  const pathInfo = parts.slice(level).map((p) => `/${p}`).join('') + (wantsDir && type !== 'dir' ? '/' : '');
  if (known) {
    type = known.stat.type === 'dir' ? 'dir' : 'file';
    stat = known.stat;
    readable = known.readable;
  } else if (type !== 'missing') {
    // The walk got further than the first stat (`/f.txt/extra`): the rest is path info.
    const opened = userFs.stat(current);
    readable = opened.ok && opened.readable;
  }
  // A missing component ends r->filename there too: what follows is path info (AH00128 names it).
  const mapped = current;

  // httpd tests these against r->filename as the walk left it: the file itself for a file.
  for (const section of sections.filter((s) => s.kind === 'directory' && s.regex)) {
    const subject = type === 'dir' ? `${mapped.replace(/\/$/, '')}/` : mapped;
    if (!directoryRegexMatches(section, subject)) continue;
    config = applySection(config, section.directives, { allowOverride: false, directory: subject.replace(/[^/]*$/, '') }).config;
    nestedFiles.push(...section.nested);
    trace.push(traceStep('section-applied', `<DirectoryMatch ${section.pattern}> matches ${subject} (${where(section.block)})`, section.block));
  }

  trace.push(traceStep('path-mapped', type === 'missing' ? `${filename} does not exist` : `${mapped} is a ${type}${type === 'file' && !readable ? ` not readable by ${userFs.who.name}` : ''}`));
  return {
    ok: true,
    walk: { config, filename: mapped.replace(/(.)\/$/, '$1'), pathInfo: known ? '' : pathInfo, type, ...(stat ? { stat } : {}), readable, nestedFiles },
  };
}

/**
 * resolve_symlink of request.c: refused without FollowSymLinks or SymLinksIfOwnerMatch; with
 * SymLinksIfOwnerMatch the link and its target must have the same owner; a target httpd
 * cannot stat (dangling, or a directory on the way not searchable) is refused too.
 */
function resolveSymlink(
  userFs: UserFs,
  path: string,
  link: EntryStat,
  opts: ReadonlySet<string>,
): { ok: true; stat: EntryStat; message: string } | { ok: false; message: string; fix: string } {
  if (!opts.has('FollowSymLinks') && !opts.has('SymLinksIfOwnerMatch')) {
    return { ok: false, message: `${path} is a symlink and neither FollowSymLinks nor SymLinksIfOwnerMatch is in effect`, fix: 'add Options +FollowSymLinks for the directory holding the link' };
  }
  const target = userFs.stat(path);
  if (!target.ok) {
    return { ok: false, message: `${path} is a symlink whose target httpd cannot reach: ${target.denial.message}`, fix: `make the target of ${path} exist and be reachable by ${userFs.who.name}` };
  }
  if (opts.has('SymLinksIfOwnerMatch') && target.stat.uid !== link.uid) {
    const owner = (uid: number): string => userFs.users.userName(uid);
    return {
      ok: false,
      message: `${path} is owned by ${owner(link.uid)} but its target by ${owner(target.stat.uid)}, and SymLinksIfOwnerMatch is in effect`,
      fix: `chown -h ${owner(target.stat.uid)} ${path}, or use Options +FollowSymLinks -SymLinksIfOwnerMatch`,
    };
  }
  return { ok: true, stat: target.stat, message: opts.has('SymLinksIfOwnerMatch') ? 'owners match' : 'FollowSymLinks' };
}
