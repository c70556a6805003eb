import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAccess, permits } from '../../src/fs/access.js';
import { loadUserDb, resolvePrincipal } from '../../src/fs/users.js';
import type { AccessNeed, AccessResult, FsView, Principal } from '../../src/fs/types.js';
import { chmodSync, mkdirSync } from 'node:fs';
import { LiveFs } from '../../src/fs/live-fs.js';
import { isRoot, makeTempRoot, removeTree } from '../helpers/tree.js';
import { threeViews } from './views.js';

const setup = threeViews('access-tree.yaml');
afterAll(() => setup.cleanup());

interface Case {
  user: string;
  path: string;
  need: AccessNeed;
  /** `ok`, or the parts of the denial that matter for the case. */
  expect: 'ok' | { reason?: string; path?: string; need?: AccessNeed; message?: string };
  /** The outcome depends on owners, which only root can set on a real tree. */
  owners?: boolean;
}

const cases: Case[] = [
  { user: 'www-data', path: '/srv/www/index.html', need: 'read', expect: 'ok', owners: true },
  { user: 'alice', path: '/srv/www/index.html', need: 'read', owners: true, expect: { reason: 'permission', path: '/srv/www', need: 'search', message: '/srv/www is 0750 root:www-data: alice cannot search it' } },
  { user: 'www-data', path: '/srv/www/secret.html', need: 'read', owners: true, expect: { reason: 'permission', path: '/srv/www/secret.html', need: 'read', message: '/srv/www/secret.html is 0600 root:root: www-data cannot read it' } },
  // Owner bits decide alone even though group and other would grant reading.
  { user: 'www-data', path: '/srv/www/mine.html', need: 'read', owners: true, expect: { reason: 'permission', path: '/srv/www/mine.html', message: '/srv/www/mine.html is 0066 www-data:www-data: www-data cannot read it' } },
  { user: 'www-data', path: '/srv/www/index.html', need: 'write', owners: true, expect: { reason: 'permission', path: '/srv/www/index.html', need: 'write' } },
  { user: 'www-data', path: '/srv/closed/site/index.html', need: 'read', expect: { reason: 'permission', path: '/srv/closed', need: 'search' } },
  { user: 'www-data', path: '/srv/closed/site/index.html', need: 'read', owners: true, expect: { message: '/srv/closed is 0750 root:root: www-data cannot search it' } },
  // www-data holds deploy only as a supplementary group from /etc/group.
  { user: 'www-data', path: '/srv/team/app.html', need: 'read', expect: 'ok', owners: true },
  { user: 'alice', path: '/srv/team/app.html', need: 'read', owners: true, expect: { reason: 'permission', path: '/srv/team', need: 'search' } },
  { user: 'www-data', path: '/srv/noread', need: 'read', expect: { reason: 'permission', path: '/srv/noread', need: 'read' } },
  { user: 'www-data', path: '/srv/noread', need: 'search', expect: 'ok' },
  { user: 'www-data', path: '/srv/noread/page.html', need: 'read', expect: 'ok' },
  { user: 'www-data', path: '/srv/link/index.html', need: 'read', expect: 'ok', owners: true },
  { user: 'alice', path: '/srv/link/index.html', need: 'read', owners: true, expect: { reason: 'permission', path: '/srv/www', message: '/srv/www is 0750 root:www-data: alice cannot search it (reached through /srv/link -> www)' } },
  { user: 'www-data', path: '/srv/abs-link/index.html', need: 'read', expect: { reason: 'permission', path: '/srv/closed', need: 'search' } },
  { user: 'www-data', path: '/srv/dangling', need: 'read', expect: { reason: 'missing', path: '/srv/nowhere', message: '/srv/nowhere does not exist (reached through /srv/dangling -> /srv/nowhere/index.html)' } },
  { user: 'www-data', path: '/srv/loop-a', need: 'read', expect: { reason: 'symlink-loop', path: '/srv/loop-a' } },
  { user: 'www-data', path: '/srv/file-as-dir/x', need: 'read', owners: true, expect: { reason: 'not-a-directory', path: '/srv/www/index.html' } },
  { user: 'www-data', path: '/var/www/html/../www/index.html', need: 'read', expect: 'ok', owners: true },
  { user: 'www-data', path: '/srv/www/../www/index.html', need: 'read', expect: 'ok', owners: true },
  { user: 'alice', path: '/home/alice/notes.txt', need: 'read', expect: 'ok', owners: true },
  // The web user is never privileged: uid 0 gets the owner/group/other bits like anyone.
  { user: 'root', path: '/home/alice/notes.txt', need: 'read', owners: true, expect: { reason: 'permission', path: '/home/alice', message: '/home/alice is 0700 alice:alice: root cannot search it' } },
];

function principal(fs: FsView, user: string): Principal {
  const resolved = resolvePrincipal(loadUserDb(fs).users, user);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.principal;
}

function summarize(result: AccessResult): Case['expect'] {
  if (result.ok) return 'ok';
  const { reason, path, need, message } = result.denial;
  return { reason, path, need, message };
}

describe.each(setup.views)('checkAccess through the %s view', (name, fs) => {
  // Without root the real tree keeps the current user as owner: only mode-decided cases hold.
  const ownersMissing = name !== 'manifest' && !setup.materialized.ownersApplied;
  it.each(ownersMissing ? cases.filter((c) => !c.owners) : cases)('$user $need $path', (c) => {
    const actual = summarize(checkAccess(fs, principal(fs, c.user), c.path, c.need));
    expect(actual).toMatchObject(c.expect as object);
  });
});

// The kernel is the reference: the same question asked of it with setpriv(1) + test(1).
// Absolute links would leave the temp tree on the host, and uid 0 keeps its capabilities.
const TEST_FLAG: Record<AccessNeed, string> = { read: '-r', write: '-w', search: '-x' };
const kernelCases = cases.filter((c) => c.user !== 'root' && !c.path.startsWith('/srv/abs-link') && !c.path.startsWith('/srv/dangling'));

describe.skipIf(!isRoot)('checkAccess agrees with the kernel', () => {
  const [, live] = setup.views[1] as readonly [string, FsView];
  it.each(kernelCases)('$user $need $path', (c) => {
    const who = principal(live, c.user);
    const kernel = spawnSync('setpriv', [`--reuid=${who.uid}`, `--regid=${who.gid}`, `--groups=${who.gids.join(',')}`, '--', 'test', TEST_FLAG[c.need], setup.materialized.root + c.path]);
    expect(checkAccess(live, who, c.path, c.need).ok).toBe(kernel.status === 0);
  });
});

// forbidlint itself may be refused on a live tree (run without root, or a root-squashed NFS
// mount): that is "cannot tell", never a verdict about the web user.
describe('when the view itself cannot look', () => {
  it.skipIf(!isRoot)('reports unreadable, not a permission denial', () => {
    const root = makeTempRoot();
    try {
      mkdirSync(`${root}/private/site`, { recursive: true });
      chmodSync(`${root}/private`, 0o700);
      const live = new LiveFs(root);
      const everyone: Principal = { name: 'www-data', uid: 0, gid: 0, gids: [0] };
      if (isRoot) process.seteuid?.(65534);
      try {
        expect(checkAccess(live, everyone, '/private/site', 'read')).toEqual({
          ok: false,
          denial: { path: '/private/site', need: 'read', reason: 'unreadable', message: 'cannot inspect /private/site: permission denied: /private/site' },
        });
      } finally {
        if (isRoot) process.seteuid?.(0);
      }
    } finally {
      removeTree(root);
    }
  });
});

describe('permits picks exactly one class', () => {
  const who: Principal = { name: 'www-data', uid: 33, gid: 33, gids: [33, 1001] };
  it.each([
    { mode: 0o066, uid: 33, gid: 33, need: 'read', allowed: false },
    { mode: 0o406, uid: 33, gid: 0, need: 'read', allowed: true },
    { mode: 0o604, uid: 0, gid: 1001, need: 'read', allowed: false },
    { mode: 0o640, uid: 0, gid: 1001, need: 'read', allowed: true },
    { mode: 0o004, uid: 0, gid: 0, need: 'read', allowed: true },
    { mode: 0o771, uid: 0, gid: 0, need: 'write', allowed: false },
    { mode: 0o001, uid: 0, gid: 0, need: 'search', allowed: true },
  ] as const)('mode $mode owned $uid:$gid, $need -> $allowed', ({ mode, uid, gid, need, allowed }) => {
    expect(permits({ type: 'file', mode, uid, gid, size: 0 }, who, need)).toBe(allowed);
  });
});
