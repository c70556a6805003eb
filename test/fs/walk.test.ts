import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { walkTrees, type FsDiagnostic, type WalkEntry, type WalkOptions } from '../../src/fs/walk.js';
import type { FsView } from '../../src/fs/types.js';
import { isRoot, makeTempRoot, removeTree } from '../helpers/tree.js';
import { threeViews } from './views.js';

const setup = threeViews('walk-tree.yaml');
afterAll(() => setup.cleanup());

async function walk(fs: FsView, roots: readonly string[], options: Partial<WalkOptions> = {}): Promise<{ entries: WalkEntry[]; diagnostics: FsDiagnostic[]; count: number }> {
  const entries: WalkEntry[] = [];
  const diagnostics: FsDiagnostic[] = [];
  const { entries: count } = await walkTrees(fs, roots, {
    ...options,
    onEntry: (e) => {
      entries.push(e);
      options.onEntry?.(e);
    },
    onDiagnostic: (d) => diagnostics.push(d),
  });
  return { entries, diagnostics, count };
}

/** Directory sizes depend on the filesystem that holds the real tree; everything else must match. */
function comparable(entry: WalkEntry): object {
  const { stat, ...rest } = entry;
  return { ...rest, type: stat.type, mode: stat.mode.toString(8), uid: stat.uid, gid: stat.gid, ...(stat.type === 'dir' ? {} : { size: stat.size }) };
}

const ROOTS = ['/srv/www/assets', '/srv/www', '/srv/www/', '/var/www/html'];

describe.each(setup.views)('walking the %s view', (name, fs) => {
  const ownersMissing = name !== 'manifest' && !setup.materialized.ownersApplied;

  it('reports each entry once, depth first and sorted, links with targets and unfollowed', async () => {
    const { entries, count } = await walk(fs, ROOTS);
    expect(count).toBe(entries.length);
    expect(entries.map((e) => `${e.depth} ${e.path}${e.linkTarget === undefined ? '' : ` -> ${e.linkTarget}`}`)).toEqual([
      '0 /srv/www',
      '1 /srv/www/.git',
      '2 /srv/www/.git/HEAD',
      '1 /srv/www/a b.html',
      '1 /srv/www/assets',
      '2 /srv/www/assets/app.js',
      '2 /srv/www/assets/current -> ../index.html',
      '1 /srv/www/cache',
      '2 /srv/www/cache/x.tmp',
      '1 /srv/www/gone -> /srv/nowhere',
      '1 /srv/www/index.html',
      '1 /srv/www/loop-a -> loop-b',
      '1 /srv/www/loop-b -> loop-a',
      '1 /srv/www/up -> ..',
      '0 /var/www/html -> /srv/other',
      '1 /var/www/html/readme.txt',
    ]);
    expect(new Set(entries.filter((e) => e.path.startsWith('/srv/')).map((e) => e.root))).toEqual(new Set(['/srv/www']));
  });

  it.skipIf(ownersMissing)('reports modes and owners as recorded, special bits included', async () => {
    const { entries } = await walk(fs, ['/srv']);
    const byPath = new Map(entries.map((e) => [e.path, e.stat]));
    expect(byPath.get('/srv/www/assets/app.js')).toMatchObject({ type: 'file', mode: 0o604, uid: 1234, gid: 4321, size: 0 });
    expect(byPath.get('/srv/www/cache')).toMatchObject({ type: 'dir', mode: 0o1777 });
    expect(byPath.get('/srv/other')).toMatchObject({ type: 'dir', mode: 0o2750, uid: 0, gid: 33 });
    expect(byPath.get('/srv/www/index.html')).toMatchObject({ type: 'file', mode: 0o644, uid: 33, gid: 33, size: 12 });
  });

  it('reports links with their targets and leaves judging them to the rules (fs/broken-symlink)', async () => {
    const { entries, diagnostics } = await walk(fs, ['/srv/www']);
    const links = entries.filter((e) => e.stat.type === 'symlink').map((e) => [e.path, e.linkTarget]);
    expect(links).toEqual(expect.arrayContaining([
      ['/srv/www/gone', '/srv/nowhere'],
      ['/srv/www/loop-a', 'loop-b'],
      ['/srv/www/loop-b', 'loop-a'],
    ]));
    expect(diagnostics).toEqual([]);
  });

  it('skips ignored subtrees, matching globs relative to the root or absolute', async () => {
    const { entries } = await walk(fs, ['/srv/www'], { ignore: ['**/.git', '/srv/www/cache/*', '*.js'] });
    const paths = entries.map((e) => e.path);
    expect(paths).not.toContain('/srv/www/.git');
    expect(paths).not.toContain('/srv/www/.git/HEAD');
    expect(paths).toContain('/srv/www/cache');
    expect(paths).not.toContain('/srv/www/cache/x.tmp');
    // `*.js` is relative to the root, so it matches only at the top level.
    expect(paths).toContain('/srv/www/assets/app.js');
  });

  it('diagnoses missing and relative roots without throwing', async () => {
    const { entries, diagnostics } = await walk(fs, ['/srv/missing', 'relative/www']);
    expect(entries).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['walk-relative-root', 'error'],
      ['walk-missing-root', 'warning'],
    ]);
  });
});

it.skipIf(!setup.materialized.ownersApplied)('gives identical entries through the manifest, the real tree and its listing', async () => {
  const [manifest, live, listing] = await Promise.all(setup.views.map(([, fs]) => walk(fs, ['/'])));
  expect(live?.entries.map(comparable)).toEqual(manifest?.entries.map(comparable));
  expect(listing?.entries.map(comparable)).toEqual(manifest?.entries.map(comparable));
});

describe('walking a live tree', () => {
  let root = '';
  let live: LiveFs;
  beforeAll(() => {
    root = makeTempRoot();
    live = new LiveFs(root);
  });
  afterAll(() => removeTree(root));

  it('reports fifos and sockets with a note and skips names that are not UTF-8', async () => {
    mkdirSync(`${root}/odd`);
    execFileSync('mkfifo', [`${root}/odd/pipe`]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(`${root}/odd/sock`, resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    writeFileSync(Buffer.concat([Buffer.from(`${root}/odd/caf`), Buffer.from([0xe9, 0x2e, 0x74, 0x78, 0x74])]), 'latin-1 name');
    writeFileSync(`${root}/odd/ok.txt`, 'fine');
    const { entries, diagnostics } = await walk(live, ['/odd']);
    expect(entries.map((e) => [e.path, e.stat.type])).toEqual([
      ['/odd', 'dir'],
      ['/odd/ok.txt', 'file'],
      ['/odd/pipe', 'fifo'],
      ['/odd/sock', 'socket'],
    ]);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['walk-undecodable-name', '/odd/caf\\xe9.txt'],
      ['walk-special-file', '/odd/pipe'],
      ['walk-special-file', '/odd/sock'],
    ]);
  });

  it('diagnoses a directory that vanishes between being seen and being listed', async () => {
    mkdirSync(`${root}/shaky/sub`, { recursive: true });
    writeFileSync(`${root}/shaky/sub/f`, '');
    const { entries, diagnostics } = await walk(live, ['/shaky'], {
      onEntry: (e) => {
        if (e.path === '/shaky/sub') rmSync(`${root}/shaky/sub`, { recursive: true });
      },
    });
    expect(entries.map((e) => e.path)).toEqual(['/shaky', '/shaky/sub']);
    expect(diagnostics.map((d) => [d.code, d.path, d.severity])).toEqual([['walk-vanished', '/shaky/sub', 'info']]);
  });

  it('diagnoses a directory it may not list and carries on', async () => {
    mkdirSync(`${root}/locked/inner`, { recursive: true });
    mkdirSync(`${root}/locked2/list-only`, { recursive: true });
    writeFileSync(`${root}/locked2/after.txt`, '');
    writeFileSync(`${root}/locked2/list-only/page.html`, '');
    chmodSync(`${root}/locked/inner`, 0o000);
    // Readable but not searchable: the names can be listed, their modes cannot be read.
    chmodSync(`${root}/locked2/list-only`, 0o444);
    // Root lists every directory, so as root the walk runs with the effective uid of nobody.
    if (isRoot) process.seteuid?.(65534);
    try {
      const { entries, diagnostics } = await walk(live, ['/locked', '/locked2']);
      expect(entries.map((e) => e.path)).toEqual(['/locked', '/locked/inner', '/locked2', '/locked2/after.txt', '/locked2/list-only']);
      expect(diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
        ['walk-unreadable-dir', '/locked/inner', 'cannot list /locked/inner (permission denied); its contents are not checked'],
        ['walk-unreadable-entry', '/locked2/list-only/page.html', 'cannot inspect /locked2/list-only/page.html (permission denied); it is not checked'],
      ]);
    } finally {
      if (isRoot) process.seteuid?.(0);
    }
  });

  it('reports progress and stops when aborted', async () => {
    for (let d = 0; d < 50; d++) {
      mkdirSync(`${root}/many/d${d}`, { recursive: true });
      for (let f = 0; f < 50; f++) writeFileSync(`${root}/many/d${d}/f${f}`, '');
    }
    const counts: number[] = [];
    const { count } = await walk(live, ['/many'], { progress: (n) => counts.push(n) });
    expect(counts).toEqual([1000, 2000, 2551]);
    expect(count).toBe(2551);
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(walk(live, ['/many'], { signal: controller.signal })).rejects.toThrow('stopped by the user');
  });

  it('holds no directory open once a walk ends, finished or aborted, however deep the tree', async () => {
    // Deeper than the directories a walk keeps open at once: the deepest are opened by path and checked.
    const levels = Array.from({ length: 300 }, () => 'd');
    mkdirSync(`${root}/deep/${levels.join('/')}`, { recursive: true });
    levels.forEach((_, depth) => writeFileSync(`${root}/deep/${levels.slice(0, depth + 1).join('/')}/f`, ''));
    const openInTree = (): string[] =>
      readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          const target = readlinkSync(`/proc/self/fd/${fd}`);
          return target === root || target.startsWith(`${root}/`) ? [target] : [];
        } catch {
          return []; // the descriptor readdir itself used
        }
      });
    const { entries, diagnostics } = await walk(live, ['/deep']);
    expect(entries.length).toBe(1 + 300 * 2);
    expect(entries.map((e) => e.path)).toContain(`/deep/${levels.join('/')}/f`);
    expect(diagnostics).toEqual([]);
    expect(openInTree()).toEqual([]);
    const controller = new AbortController();
    await expect(walk(live, ['/deep'], { signal: controller.signal, onEntry: (e) => e.depth === 200 && controller.abort(new Error('stopped')) })).rejects.toThrow('stopped');
    expect(openInTree()).toEqual([]);
  });

  it('lets a timer abort a walk in progress', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('timed out')), 0);
    const seen: string[] = [];
    await expect(walk(live, ['/many'], { signal: controller.signal, onEntry: (e) => seen.push(e.path) })).rejects.toThrow('timed out');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(2551);
  });
});
