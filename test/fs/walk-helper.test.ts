import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import type { AclSource } from '../../src/fs/live-acls.js';
import { nativeListing } from '../../src/fs/native-listing.js';
import { treeSourceFor } from '../../src/fs/tree-source.js';
import { walkSource, type FsDiagnostic, type WalkEntry, type WalkOptions } from '../../src/fs/walk.js';
import { nativeLabelReader } from '../../src/fs/xattr-acl.js';
import { isRoot, makeTempRoot, removeTree } from '../helpers/tree.js';
import { transpileFsModules } from './transpile.js';

/**
 * The helper thread runs built JavaScript (walk-worker.js next to walk-helper.js), which the
 * untranspiled sources under test do not have: these tests build a copy and point the walk at it.
 */
const outer = makeTempRoot();
const build = join(outer, 'build');
const root = join(outer, 'root');
const workerScript = pathToFileURL(join(build, 'walk-worker.js'));
afterAll(() => removeTree(outer));

const hasSetfacl = isRoot && spawnSync('sh', ['-c', 'command -v setfacl']).status === 0;

/** Enough directories that the walk shares some, and a note of every kind in each. */
const DIRS = 80;
const FILES = 60;

beforeAll(() => {
  transpileFsModules(build, ['acl', 'bounded-read', 'diagnostics', 'entry-table', 'live-acls', 'live-fs', 'xattr-acl', 'mount-health', 'native-listing', 'resolve', 'selinux', 'tree-source', 'types', 'walk', 'walk-helper', 'walk-ignore', 'walk-protocol', 'walk-worker']);
  writeFileSync(join(build, 'package.json'), '{ "type": "module" }\n');
  const fifos: string[] = [];
  for (let d = 0; d < DIRS; d++) {
    const dir = join(root, 'site', `d${String(d).padStart(2, '0')}`);
    mkdirSync(join(dir, 'cache'), { recursive: true });
    mkdirSync(join(dir, 'locked', 'inner'), { recursive: true });
    mkdirSync(join(dir, 'list-only'));
    for (let f = 0; f < FILES; f++) writeFileSync(join(dir, `f${f}.html`), 'x'.repeat(f));
    writeFileSync(join(dir, 'cache', 'x.tmp'), '');
    writeFileSync(join(dir, 'list-only', 'page.html'), '');
    writeFileSync(Buffer.concat([Buffer.from(join(dir, 'caf')), Buffer.from([0xe9, 0x2e, 0x74, 0x78, 0x74])]), 'latin-1 name');
    symlinkSync('f1.html', join(dir, 'link'));
    symlinkSync('/etc', join(dir, 'outside'));
    chmodSync(join(dir, 'f2.html'), 0o4711);
    chmodSync(join(dir, 'locked'), 0o000);
    chmodSync(join(dir, 'list-only'), 0o444);
    fifos.push(join(dir, 'pipe'));
  }
  execFileSync('mkfifo', fifos);
  if (hasSetfacl) {
    // An ACL in every directory, so that the helper's listings carry some.
    for (let d = 0; d < DIRS; d++) execFileSync('setfacl', ['-m', `u:33:r,g:${4000 + d}:rw,m::r`, join(root, 'site', `d${String(d).padStart(2, '0')}`, 'f3.html')]);
  }
});

interface Walked {
  entries: WalkEntry[];
  diagnostics: FsDiagnostic[];
  entriesFromHelper: number;
}

/**
 * Walks the tree as nobody (as root every directory is listable). `perEntryUs` stands for the
 * rules that run on each entry: it keeps the walk busy long enough for the helper to start.
 * `native`: list with the native addon where it is built (both threads), or in JavaScript.
 */
async function walkAsNobody(withHelper: boolean, options: Partial<WalkOptions> = {}, perEntryUs = 60, acls?: AclSource, native = true): Promise<Walked> {
  const live = new LiveFs(root, acls === undefined ? {} : { acls });
  if (acls !== undefined) live.loadAccessLabels(['/site']);
  const entries: WalkEntry[] = [];
  const diagnostics: FsDiagnostic[] = [];
  const walkOptions: WalkOptions = {
    ...options,
    onEntry: (entry) => {
      entries.push(entry);
      const until = performance.now() + perEntryUs / 1000;
      while (performance.now() < until);
      options.onEntry?.(entry);
    },
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
  };
  if (isRoot) process.seteuid?.(65534);
  try {
    const source = treeSourceFor(live, withHelper ? { helperScript: workerScript, native } : { native });
    const { entriesFromHelper } = await walkSource(live, source, ['/site'], walkOptions);
    return { entries, diagnostics, entriesFromHelper };
  } finally {
    if (isRoot) process.seteuid?.(0);
  }
}

describe('a walk shared with the helper thread', () => {
  it.each<[string, Partial<WalkOptions>]>([
    ['no ignore globs', {}],
    ['ignore globs', { ignore: ['**/cache', 'd1*/f1*.html'] }],
  ])('reports exactly what a walk on one thread reports, with %s', async (_name, options) => {
    const alone = await walkAsNobody(false, options);
    const shared = await walkAsNobody(true, options);
    expect(alone.entriesFromHelper).toBe(0);
    expect(shared.entriesFromHelper).toBeGreaterThan(0);
    expect(shared.entries).toEqual(alone.entries);
    expect(shared.diagnostics).toEqual(alone.diagnostics);
    expect(new Set(alone.diagnostics.map((d) => d.code))).toEqual(new Set(['walk-unreadable-dir', 'walk-unreadable-entry', 'walk-undecodable-name', 'walk-special-file']));
    // Each directory: itself, its files, cache/ and cache/x.tmp, locked/ and list-only/ (their
    // contents unreadable), link, outside and pipe; the ignore globs drop cache/ twice per
    // directory and f1*.html (11 files) in d10-d19.
    const ignored = options.ignore === undefined ? 0 : DIRS * 2 + 10 * 11;
    expect(alone.entries.length).toBe(1 + DIRS * (1 + FILES + 2 + 2 + 3) - ignored);
  });

  it.runIf(hasSetfacl)('reads each entry\'s ACL with its lstat on both threads, as getfacl reads them', async () => {
    const alone = await walkAsNobody(false, {}, 60, 'xattr');
    const shared = await walkAsNobody(true, {}, 60, 'xattr');
    expect(shared.entriesFromHelper).toBeGreaterThan(0);
    expect(shared.entries).toEqual(alone.entries);
    const withAcl = shared.entries.filter((e) => e.stat.acl !== undefined);
    expect(withAcl.map((e) => e.path)).toEqual(Array.from({ length: DIRS }, (_, d) => `/site/d${String(d).padStart(2, '0')}/f3.html`));
    expect(withAcl[5]?.stat.acl).toEqual({ owningGroup: 4, mask: 4, users: [{ id: 33, perm: 4 }], groups: [{ id: 4005, perm: 6 }] });
    // getfacl's ACLs are laid on the walked stats by the view (lint-target.ts does so for every entry).
    const live = new LiveFs(root, { acls: 'getfacl' });
    expect(live.loadAccessLabels(['/site'])).toEqual([]);
    const modeBitsOnly = withAcl.map(({ path, stat: { acl: _acl, ...stat } }) => ({ path, stat }));
    expect(modeBitsOnly.map((e) => live.withAccessLabels(e.path, e.stat).acl)).toEqual(withAcl.map((e) => e.stat.acl));
  });

  it.runIf(isRoot && nativeLabelReader() !== undefined)('reads SELinux labels on both threads when the audited system has SELinux, and none without', async () => {
    const labelled = Array.from({ length: DIRS }, (_, d) => `/site/d${String(d).padStart(2, '0')}/f4.html`);
    execFileSync('chcon', ['system_u:object_r:user_home_t:s0', ...labelled.map((p) => join(root, p))]);
    const withContext = (walked: Walked) => walked.entries.filter((e) => e.stat.context !== undefined);
    try {
      expect(withContext(await walkAsNobody(true, {}, 60, 'xattr'))).toEqual([]);
      mkdirSync(join(root, 'etc/selinux'), { recursive: true });
      writeFileSync(join(root, 'etc/selinux/config'), 'SELINUX=enforcing\nSELINUXTYPE=targeted\n');
      const alone = await walkAsNobody(false, {}, 60, 'xattr');
      const shared = await walkAsNobody(true, {}, 60, 'xattr');
      const javascript = await walkAsNobody(true, {}, 60, 'xattr', false);
      expect(shared.entriesFromHelper).toBeGreaterThan(0);
      expect(shared.entries).toEqual(alone.entries);
      expect(javascript.entries).toEqual(alone.entries);
      expect(withContext(shared).map((e) => e.path)).toEqual(labelled);
      expect(withContext(shared)[7]?.stat.context).toBe('system_u:object_r:user_home_t:s0');
    } finally {
      rmSync(join(root, 'etc'), { recursive: true, force: true });
    }
  });

  const hasAddon = nativeListing() !== undefined;
  it.runIf(hasAddon)('lists exactly the same with the native addon as in JavaScript, on either thread: modes, owners, types, link targets, ACLs, failures', async () => {
    const acls = hasSetfacl ? 'xattr' : undefined;
    const javascript = await walkAsNobody(false, {}, 0, acls, false);
    const native = await walkAsNobody(false, {}, 0, acls, true);
    const nativeShared = await walkAsNobody(true, {}, 60, acls, true);
    const javascriptShared = await walkAsNobody(true, {}, 60, acls, false);
    expect(nativeShared.entriesFromHelper).toBeGreaterThan(0);
    expect(javascriptShared.entriesFromHelper).toBeGreaterThan(0);
    for (const walked of [native, nativeShared, javascriptShared]) {
      expect(walked.entries).toEqual(javascript.entries);
      expect(walked.diagnostics).toEqual(javascript.diagnostics);
    }
    // What is compared holds every kind of entry and note.
    const types = new Set(javascript.entries.map((e) => e.stat.type));
    expect(types).toEqual(new Set(['dir', 'file', 'symlink', 'fifo']));
    expect(javascript.entries.find((e) => e.path === '/site/d07/outside')?.linkTarget).toBe('/etc');
    expect(javascript.entries.find((e) => e.path === '/site/d07/f2.html')?.stat.mode).toBe(0o4711);
    expect(new Set(javascript.diagnostics.map((d) => d.code))).toEqual(new Set(['walk-unreadable-dir', 'walk-unreadable-entry', 'walk-undecodable-name', 'walk-special-file']));
    if (hasSetfacl) expect(javascript.entries.filter((e) => e.stat.acl !== undefined)).toHaveLength(DIRS);
  });

  it('stays on one thread when told to (a fleet whose lints already fill the cores)', async () => {
    const alone = await walkAsNobody(false);
    const told = await walkAsNobody(true, { helper: false });
    expect(told.entriesFromHelper).toBe(0);
    expect(told.entries).toEqual(alone.entries);
  });

  it('stays on one thread for a small tree', async () => {
    const { entriesFromHelper, entries } = await walkAsNobody(true, { ignore: ['d0[1-9]', 'd[1-9]*'] }, 0);
    expect(entries.length).toBeLessThan(2048);
    expect(entriesFromHelper).toBe(0);
  });

  it('rejects with the reason of an abort while the helper works', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const onEntry = (entry: WalkEntry): void => {
      seen.push(entry.path);
      if (seen.length === 4000) controller.abort(new Error('stopped by the user'));
    };
    await expect(walkAsNobody(true, { signal: controller.signal, onEntry })).rejects.toThrow('stopped by the user');
    expect(seen.length).toBeLessThan(4000 + 1024);
  });
});

describe('the built walk in a process of its own', () => {
  /**
   * Runs the transpiled walk over --root `root` in a script given on the command line, the way
   * embedders and the benchmark run it (a helper inheriting --input-type would not start).
   */
  function runWalk(script: string, { wrap = [], perEntryMs = 0.06 }: { wrap?: readonly string[]; perEntryMs?: number } = {}): ReturnType<typeof spawnSync> {
    const module = (name: string): string => JSON.stringify(pathToFileURL(join(build, `${name}.js`)).href);
    const source = `import { statSync } from 'node:fs';
import { walkSource, walkTrees } from ${module('walk')};
import { treeSourceFor } from ${module('tree-source')};
import { LiveFs } from ${module('live-fs')};
const live = new LiveFs(${JSON.stringify(root)});
const slowly = () => { const until = performance.now() + ${perEntryMs}; while (performance.now() < until); };
${script}
`;
    const [command, ...args] = [...wrap, process.execPath, '--input-type=module', '-e', source];
    return spawnSync(command as string, args, { encoding: 'utf8', timeout: 20_000 });
  }

  it('finds its helper next to itself, and exits by itself after an abort', () => {
    const run = runWalk(`const controller = new AbortController();
let seen = 0;
await walkTrees(live, ['/site'], { signal: controller.signal, onEntry() { slowly(); if (++seen === 4000) controller.abort(new Error('aborted')); } }).catch((e) => console.log(e.message));
const { entriesFromHelper } = await walkTrees(live, ['/site'], { onEntry: slowly });
console.log(entriesFromHelper > 0 ? 'helped' : 'alone');`);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toBe('aborted\nhelped\n');
    expect(run.status).toBe(0);
  });

  const strace = spawnSync('strace', ['-V']).status === 0;
  it.skipIf(!strace)('lists on two threads and names no path outside the root (needs the strace package)', () => {
    const log = join(outer, 'strace.log');
    const run = runWalk(
      `statSync('/forbidlint-strace-begin', { throwIfNoEntry: false });
// Traced, every syscall is slow enough to pass for a remote disk: keep the local strategy.
const local = treeSourceFor(live, { remoteLstatUs: Number.POSITIVE_INFINITY });
const { entriesFromHelper } = await walkSource(live, local, ['/site', '/../../etc'], { onEntry: slowly });
statSync('/forbidlint-strace-end', { throwIfNoEntry: false });
console.log(entriesFromHelper > 0 ? 'helped' : 'alone');`,
      // Traced, a thread starts far slower: the walk must last longer for the helper to join.
      { wrap: ['strace', '-f', '--seccomp-bpf', '-qq', '-e', 'trace=%file', '-o', log], perEntryMs: 0.3 },
    );
    expect(run.stdout).toBe('helped\n');
    const lines = readFileSync(log, 'utf8').split('\n');
    const begin = lines.findIndex((l) => l.includes('/forbidlint-strace-begin'));
    const end = lines.findIndex((l) => l.includes('/forbidlint-strace-end'));
    expect(begin).toBeGreaterThan(-1);
    // Each line: the thread id, the call, and the first string argument, the path it names
    // (getcwd's is the answer it gives, which names nothing).
    const calls = lines.slice(begin + 1, end).flatMap((l) => {
      const [, thread = '', call = '', path = ''] = /^(\d+)\s+(\w+)\((?:AT_FDCWD, )?"((?:[^"\\]|\\.)*)"/.exec(l) ?? [];
      return call !== '' && call !== 'getcwd' ? [{ thread, call, path }] : [];
    });
    // A new thread reads some of the runtime's files and resolves and loads the helper's code
    // (the directories above it included); all else is the walk.
    // The native addon, where built, is code loaded the same way, through its package link.
    const code = [build, realpathSync(join(build, 'node_modules')), ...(nativeListing() === undefined ? [] : [realpathSync(join(build, 'node_modules', 'forbidlint-walk-native'))])];
    const runtime = ['/proc/', '/sys/', '/dev/', ...code.map((dir) => `${dir}/`)];
    // Where the addon is not built, require() looks for it in every folder Node searches.
    const moduleSearch = (path: string): boolean => /\/(node_modules|\.node_modules|\.node_libraries)$/.test(path) || path === join(dirname(dirname(process.execPath)), 'lib', 'node');
    const isRuntime = (path: string): boolean => path === process.execPath || moduleSearch(path) || code.some((dir) => `${dir}/`.startsWith(`${path}/`)) || runtime.some((prefix) => path.startsWith(prefix));
    const walkCalls = calls.filter((c) => !isRuntime(c.path));
    expect(walkCalls.filter((c) => c.path !== root && !c.path.startsWith(`${root}/`))).toEqual([]);
    // Each listed directory is read through its descriptor: the lstats name /proc/self/fd/N/entry,
    // or, listed natively, are fstatat calls relative to it.
    const fdRelative = lines.slice(begin + 1, end).flatMap((l) => /^(\d+)\s+newfstatat\(\d+, "[^"]/.exec(l)?.slice(1, 2) ?? []);
    const throughProc = calls.filter((c) => c.call.includes('stat') && /^\/proc\/self\/fd\/\d+\/./.test(c.path)).map((c) => c.thread);
    expect(new Set([...fdRelative, ...throughProc]).size).toBe(2);
  });
});
