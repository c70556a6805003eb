import * as path from 'node:path';
import * as posixPath from 'node:path/posix';
import type { FsView } from '../fs/types.js';
import type { LintTarget } from '../engine/events.js';
import type { ServerEntry } from '../config/types.js';
import { globMatcher } from '../config/globs.js';
import { InputError, reasonWithoutPath } from './errors.js';
import { classifyFile, detectDialect, fileKind, mainFileDialect } from './detect-dialect.js';
import { isNginxMainText } from './assumed-context.js';

/** A file discovery left out, and what it is instead (shown with --debug). */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** Directories never worth entering when looking for configs. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
/** Directories whose files are configuration snippets even without a `.conf` suffix (Debian's layout). */
const SNIPPET_DIRS = new Set(['sites-enabled', 'sites-available', 'conf.d', 'conf-enabled', 'conf-available', 'mods-enabled', 'snippets']);
const MAX_DEPTH = 8;

/**
 * Maps a command-line path to the path the audited server sees. Under `--root`, a path inside
 * the mount is stripped of it (`/mnt/server/etc/nginx` → `/etc/nginx`) and an absolute path
 * outside it is taken as a server path already (`/etc/nginx` → `/etc/nginx`).
 */
export function toServerPath(arg: string, cwd: string, root: string): string {
  const host = path.resolve(cwd, arg);
  if (root === '/') return host;
  const relative = path.relative(root, host);
  if (relative === '') return '/';
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return `/${relative.split(path.sep).join('/')}`;
  if (path.isAbsolute(arg)) return arg;
  throw new InputError(`${arg} is outside --root ${root}`);
}

function readText(fs: FsView, file: string): string {
  const content = fs.readFile(file);
  return content.ok ? content.value.toString('utf8') : '';
}

export function targetFor(fs: FsView, file: string, init: Partial<LintTarget> = {}): LintTarget {
  const text = init.text ?? readText(fs, file);
  const dialect = init.dialect ?? detectDialect(file, text);
  return { entry: file, kind: kindOf(file, dialect, text), dialect, ...init };
}

/** A main configuration by name, unless its content is a snippet (a server block shipped as `nginx.conf`). */
function kindOf(file: string, dialect: LintTarget['dialect'], text: string): LintTarget['kind'] {
  const kind = fileKind(file);
  return kind === 'main' && dialect === 'nginx' && !isNginxMainText(file, text) ? 'snippet' : kind;
}

/**
 * The configurations a path stands for. A file is itself; a directory holding nginx.conf,
 * apache2.conf or httpd.conf is that file (everything else there is reached through its
 * includes); any other directory is searched, collecting main files, .htaccess files and
 * snippets (`*.conf`, files of sites-enabled/ and the like). Files that are another daemon's
 * configuration (redis, supervisord, PHP-FPM, systemd, my.cnf) are left out into `skipped`.
 */
export function discoverTargets(fs: FsView, serverPath: string, shownAs: string, skipped: SkippedFile[] = []): LintTarget[] {
  const stat = fs.stat(serverPath);
  if (!stat.ok) throw new InputError(`cannot read ${shownAs}: ${reasonWithoutPath(stat.error)}`);
  // A directory named on the command line that cannot be listed must not pass as a clean lint.
  if (stat.value.type === 'dir') {
    const listed = fs.readdir(serverPath);
    if (!listed.ok) throw new InputError(`cannot list ${shownAs}: ${reasonWithoutPath(listed.error)}`);
  }
  const found: LintTarget[] = [];
  if (stat.value.type !== 'dir') classified(fs, serverPath, found, skipped);
  else searchDirectory(fs, serverPath, 0, found, skipped);
  return found;
}

function classified(fs: FsView, file: string, found: LintTarget[], skipped: SkippedFile[]): void {
  const text = readText(fs, file);
  const kind = classifyFile(file, text);
  if ('skip' in kind) skipped.push({ file, reason: kind.skip });
  else found.push(targetFor(fs, file, { dialect: kind.dialect }));
}

function searchDirectory(fs: FsView, dir: string, depth: number, found: LintTarget[], skipped: SkippedFile[]): void {
  const names = fs.readdir(dir);
  if (!names.ok) return;
  const main = names.value.filter((name) => mainFileDialect(name) !== undefined);
  if (main.length > 0) {
    for (const name of main) found.push(targetFor(fs, posixPath.join(dir, name)));
    return;
  }
  for (const name of names.value) {
    const file = posixPath.join(dir, name);
    const stat = fs.stat(file);
    if (!stat.ok) continue;
    if (stat.value.type === 'dir') {
      if (depth < MAX_DEPTH && !SKIPPED_DIRS.has(name)) searchDirectory(fs, file, depth + 1, found, skipped);
    } else if (stat.value.type === 'file' && (name === '.htaccess' || name.endsWith('.conf') || SNIPPET_DIRS.has(posixPath.basename(dir)))) {
      classified(fs, file, found, skipped);
    }
  }
}

/**
 * The project's `servers` that name their config: each is a main configuration, whatever its
 * file is called. (A snapshot's entry without one stands for the configs the snapshot holds.)
 */
export function serverTargets(fs: FsView, servers: readonly ServerEntry[], toServer: (hostPath: string) => string): LintTarget[] {
  return servers.flatMap((server) => (server.config === undefined ? [] : [{ ...server, config: server.config }])).map((server) =>
    targetFor(fs, toServer(server.config), {
      kind: 'main',
      ...(server.dialect ? { dialect: server.dialect } : {}),
      ...(server.serverRoot ? { serverRoot: server.serverRoot } : {}),
    }),
  );
}

/**
 * Drops targets matching ignore patterns: `ignorePatterns` of the configuration (relative to its
 * directory) and the lines of `--ignore-path` (gitignore-like, relative to the working directory).
 */
export function ignoreFilter(patternSets: readonly { baseDir: string; patterns: readonly string[] }[]): (hostFile: string) => boolean {
  const matchers = patternSets
    .filter((set) => set.patterns.length > 0)
    .map((set) => {
      // `dir/` and `dir` both ignore what is inside the directory, as in .gitignore.
      const isMatch = globMatcher(set.patterns.flatMap((p) => [p.replace(/\/$/, ''), `${p.replace(/\/$/, '')}/**`]));
      return (file: string) => {
        const relative = path.relative(set.baseDir, file).split(path.sep).join('/');
        return !relative.startsWith('..') && isMatch(relative);
      };
    });
  return (file) => matchers.some((matches) => matches(file));
}

/** The patterns of an ignore file: one glob per line, `#` comments and blank lines skipped. */
export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
