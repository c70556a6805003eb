import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccess } from '../../src/fs/access.js';
import { aclPermits, decodeAclXattr, parseGetfacl } from '../../src/fs/acl.js';
import { chmodFix } from '../../src/fs/remedy.js';
import { LiveFs } from '../../src/fs/live-fs.js';
import { nativeLabelReader } from '../../src/fs/xattr-acl.js';
import { manifestFs, parseManifest } from '../../src/fs/manifest-fs.js';
import { parseFindContext } from '../../src/fs/selinux.js';
import { createUserDb, loadUserDb, resolvePrincipal } from '../../src/fs/users.js';
import type { EntryStat, PosixAcl, Principal } from '../../src/fs/types.js';
import type { FsDiagnostic } from '../../src/fs/diagnostics.js';
import { isRoot, makeTempRoot, removeTree } from '../helpers/tree.js';

const users = createUserDb(
  [
    { name: 'www-data', uid: 33, gid: 33, home: '/var/www', shell: '/usr/sbin/nologin' },
    { name: 'alice', uid: 1000, gid: 1000, home: '/home/alice', shell: '/bin/sh' },
  ],
  [
    { name: 'www-data', gid: 33, members: [] },
    { name: 'alice', gid: 1000, members: [] },
    { name: 'deploy', gid: 2000, members: ['www-data'] },
  ],
);

describe('decodeAclXattr', () => {
  /** The attribute as the kernel stores it: version 2, then tag, perm, id per entry. */
  const attribute = (entries: [number, number, number][], version = 2): Buffer => {
    const value = Buffer.alloc(4 + 8 * entries.length);
    value.writeUInt32LE(version, 0);
    entries.forEach(([tag, perm, id], i) => {
      value.writeUInt16LE(tag, 4 + 8 * i);
      value.writeUInt16LE(perm, 6 + 8 * i);
      value.writeUInt32LE(id, 8 + 8 * i);
    });
    return value;
  };
  const UNDEFINED_ID = 0xffffffff;

  it('reads named entries, the owning group and the mask, as getfacl -n prints them', () => {
    const value = attribute([[0x01, 6, UNDEFINED_ID], [0x02, 5, 33], [0x04, 4, UNDEFINED_ID], [0x08, 6, 2000], [0x10, 5, UNDEFINED_ID], [0x20, 0, UNDEFINED_ID]]);
    const text = '# file: /f\nuser::rw-\nuser:33:r-x\ngroup::r--\ngroup:2000:rw-\nmask::r-x\nother::---\n';
    expect(decodeAclXattr(value)).toEqual(parseGetfacl(text).get('/f'));
    expect(decodeAclXattr(value)).toEqual({ owningGroup: 4, mask: 5, users: [{ id: 33, perm: 5 }], groups: [{ id: 2000, perm: 6 }] });
  });

  it('claims nothing for a base-only ACL, another version or a torn value', () => {
    expect(decodeAclXattr(attribute([[0x01, 6, UNDEFINED_ID], [0x04, 4, UNDEFINED_ID], [0x20, 4, UNDEFINED_ID]]))).toBeUndefined();
    expect(decodeAclXattr(attribute([[0x02, 5, 33]], 1))).toBeUndefined();
    expect(decodeAclXattr(attribute([[0x02, 5, 33]]).subarray(0, 10))).toBeUndefined();
  });
});

describe('parseGetfacl', () => {
  it('keeps extended access ACLs, drops base-only blocks and default entries, decodes octal escapes', () => {
    const text = [
      '# file: /home/alice',
      '# owner: alice',
      '# group: alice',
      'user::rwx',
      'user:www-data:r-x',
      'group::---',
      'mask::r-x',
      'other::---',
      'default:user::rwx',
      'default:user:alice:rwx',
      '',
      '# file: /srv/my\\040site/back\\\\slash\\012',
      'user::rw-',
      'user:1000:rwx\t\t#effective:r--',
      'group::r--',
      'group:deploy:rw-\t\t#effective:r--',
      'mask::r--',
      'other::---',
      '',
      '# file: /srv/plain',
      'user::rw-',
      'group::r--',
      'other::r--',
      '',
      '# file: srv/relative',
      'user::rw-',
      'group:2000:r--',
      'mask::r--',
      'other::---',
      '',
    ].join('\n');
    const acls = parseGetfacl(text, { users });
    expect([...acls.keys()]).toEqual(['/home/alice', '/srv/my site/back\\slash\n', '/srv/relative']);
    expect(acls.get('/home/alice')).toEqual({ owningGroup: 0, users: [{ id: 33, perm: 5 }], groups: [], mask: 5 });
    expect(acls.get('/srv/my site/back\\slash\n')).toEqual({ owningGroup: 4, users: [{ id: 1000, perm: 7 }], groups: [{ id: 2000, perm: 6 }], mask: 4 });
    expect(acls.get('/srv/relative')).toEqual({ owningGroup: 0, users: [], groups: [{ id: 2000, perm: 4 }], mask: 4 });
  });

  it('decodes escaped multi-byte names as UTF-8', () => {
    const acls = parseGetfacl('# file: /srv/caf\\303\\251\nuser:33:r--\nmask::r--\n');
    expect([...acls.keys()]).toEqual(['/srv/café']);
  });

  it('reports malformed lines and unknown names at their line, and goes on', () => {
    const notes: FsDiagnostic[] = [];
    const acls = parseGetfacl('# file: /a\nuser:nobody-here:r--\nbogus line\nmask::r--\n', { users, source: 'acl.txt', onDiagnostic: (d) => notes.push(d) });
    expect(notes.map((n) => [n.path, n.message])).toEqual([
      ['acl.txt:2', `user "nobody-here" does not exist in the audited system's /etc/passwd: its entry matches nobody`],
      ['acl.txt:3', 'not a getfacl entry (tag:qualifier:rwx): "bogus line"'],
    ]);
    expect(acls.get('/a')?.mask).toBe(4);
  });
});

describe('aclPermits follows posix_acl_permission()', () => {
  const www: Principal = { name: 'www-data', uid: 33, gid: 33, gids: [33, 2000] };
  const stat = (mode: number, uid = 0, gid = 0): EntryStat => ({ type: 'file', mode, uid, gid, size: 0 });
  const acl = (parts: Partial<PosixAcl>): PosixAcl => ({ owningGroup: 0, users: [], groups: [], ...parts });
  const R = 4;
  const cases: { name: string; stat: EntryStat; acl: PosixAcl; want: number; granted: boolean }[] = [
    { name: 'a named user entry grants', stat: stat(0o650), acl: acl({ users: [{ id: 33, perm: 5 }], mask: 5 }), want: R, granted: true },
    { name: 'the mask takes a named user entry away', stat: stat(0o600), acl: acl({ users: [{ id: 33, perm: 5 }], mask: 0 }), want: R, granted: false },
    { name: 'the owner ignores the mask and named entries', stat: stat(0o400, 33), acl: acl({ users: [{ id: 33, perm: 0 }], mask: 0 }), want: R, granted: true },
    { name: 'a named user entry outranks a granting group', stat: stat(0o640, 0, 33), acl: acl({ owningGroup: 4, users: [{ id: 33, perm: 0 }], mask: 4 }), want: R, granted: false },
    { name: 'a supplementary named group grants', stat: stat(0o640), acl: acl({ groups: [{ id: 2000, perm: 4 }], mask: 4 }), want: R, granted: true },
    { name: 'any granting group suffices', stat: stat(0o640, 0, 33), acl: acl({ owningGroup: 0, groups: [{ id: 2000, perm: 4 }], mask: 4 }), want: R, granted: true },
    { name: 'a matching group that grants nothing shuts out other', stat: stat(0o604), acl: acl({ groups: [{ id: 2000, perm: 0 }], mask: 4 }), want: R, granted: false },
    { name: 'an all-clear mask turns the ACL off: other decides for a named group', stat: stat(0o604), acl: acl({ groups: [{ id: 2000, perm: 0 }], mask: 0 }), want: R, granted: true },
    { name: 'an all-clear mask turns the ACL off: the owning group gets nothing', stat: stat(0o604, 0, 33), acl: acl({ users: [{ id: 33, perm: 4 }], mask: 0 }), want: R, granted: false },
    { name: 'a group entry of another group leaves other to decide', stat: stat(0o604), acl: acl({ groups: [{ id: 4242, perm: 0 }], mask: 0 }), want: R, granted: true },
    { name: 'a granting group is still masked', stat: stat(0o600, 0, 33), acl: acl({ owningGroup: 4, users: [{ id: 1000, perm: 4 }], mask: 0 }), want: R, granted: false },
    { name: 'without a mask entry the mode group bits mask', stat: stat(0o600), acl: acl({ users: [{ id: 33, perm: 4 }] }), want: R, granted: false },
  ];
  it.each(cases)('$name', ({ stat: s, acl: a, want, granted }) => {
    expect(aclPermits(s, a, www, want)).toBe(granted);
  });
});

describe('manifests carry acl and context', () => {
  const manifest = `
users: [{ name: www-data, uid: 33, gid: 33 }, { name: alice, uid: 1000 }]
groups: [{ name: www-data, gid: 33 }, { name: alice, gid: 1000 }]
entries:
  - { path: /home/alice, type: dir, mode: '0750', owner: alice, group: alice, acl: 'user:www-data:r-x,group::---,mask::r-x' }
  - { path: /home/alice/site/index.html, type: file, mode: '0600', owner: alice, group: alice, acl: [user:www-data:r--, 'mask::---'], context: 'unconfined_u:object_r:user_home_t:s0' }
`;
  it('resolves names through the manifest users and keeps the label', () => {
    const parsed = parseManifest(manifest, 'tree.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const fs = manifestFs(parsed.tree, 'tree.yaml');
    const home = fs.lstat('/home/alice');
    expect(home.ok && home.value.acl).toEqual({ owningGroup: 0, users: [{ id: 33, perm: 5 }], groups: [], mask: 5 });
    const page = fs.lstat('/home/alice/site/index.html');
    expect(page.ok && page.value.context).toBe('unconfined_u:object_r:user_home_t:s0');
    const www = resolvePrincipal(loadUserDb(fs).users, 'www-data');
    if (!www.ok) throw new Error(www.message);
    const denied = checkAccess(fs, www.principal, '/home/alice/site/index.html', 'read');
    expect(denied.ok ? 'ok' : denied.denial.message).toBe('/home/alice/site/index.html is 0600 alice:alice with ACL user:www-data:r--,group::---,mask::---: www-data cannot read it');
    expect(denied.ok ? '' : chmodFix(denied.denial, www.principal)).toBe('setfacl -m u:www-data:r-- /home/alice/site/index.html');
  });

  it('a snapshot labels recorded entries from getfacl text and find %Z', () => {
    const parsed = parseManifest(manifest, 'tree.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const fs = manifestFs(parsed.tree, 'tree.yaml');
    const acls = parseGetfacl('# file: /home/alice/site\nuser:33:--x\nmask::--x\n', { users });
    for (const [path, acl] of acls) expect(fs.label(path, { acl })).toBe(true);
    expect(fs.label('/home/alice/site/index.html', { context: parseFindContext('?') })).toBe(true);
    expect(fs.label('/nowhere', { context: 'a:b:c' })).toBe(false);
    const site = fs.lstat('/home/alice/site');
    expect(site.ok && site.value.acl).toEqual({ owningGroup: 0, users: [{ id: 33, perm: 1 }], groups: [], mask: 1 });
    const page = fs.lstat('/home/alice/site/index.html');
    expect(page.ok && [page.value.context, page.value.acl?.mask]).toEqual([undefined, 0]);
  });

  it('reports a bad acl or context at its line', () => {
    const parsed = parseManifest('entries:\n  - { path: /a, type: file, acl: "user:ghost:r--" }\n  - { path: /b, type: file, context: "nope" }\n', 'bad.yaml');
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      `bad.yaml:2:34: entries[0].acl user "ghost" does not exist in the audited system's /etc/passwd: its entry matches nobody`,
      'bad.yaml:3:38: entries[1].context must be an SELinux label user:role:type[:level], got "nope"',
    ]);
  });
});

/**
 * The kernel is the oracle: each case is a real tree with real ACLs, and what
 * `su www-data -c 'test -r FILE'` says is what checkAccess must say on the live filesystem.
 */
describe.runIf(isRoot && hasTool('setfacl') && hasTool('su'))('live ACLs are judged as the kernel judges them for www-data', () => {
  let root = '';
  beforeAll(() => {
    root = makeTempRoot('forbidlint-acl-');
  });
  afterAll(() => removeTree(root));
  interface Case {
    name: string;
    /** Mode of the case's directory, the ACL commands on it, and on its file. */
    dirMode: number;
    dirAcl?: string[];
    fileMode: number;
    fileAcl?: string[];
    fileGroup?: number;
    readable: boolean;
  }
  const cases: Case[] = [
    { name: 'a 0700 directory opened with u:www-data:rx', dirMode: 0o700, dirAcl: ['-m', 'u:www-data:rx'], fileMode: 0o644, readable: true },
    { name: 'the same directory with mask::r--', dirMode: 0o700, dirAcl: ['-m', 'u:www-data:rx,m::r--'], fileMode: 0o644, readable: false },
    { name: 'a 0600 file with u:www-data:r', dirMode: 0o755, fileMode: 0o600, fileAcl: ['-m', 'u:www-data:r'], readable: true },
    { name: 'a 0600 file with u:www-data:r and m::---', dirMode: 0o755, fileMode: 0o600, fileAcl: ['-m', 'u:www-data:r,m::---'], readable: false },
    { name: 'a named group entry for www-data', dirMode: 0o755, fileMode: 0o600, fileAcl: ['-m', 'g:www-data:r'], readable: true },
    { name: 'a named group granting nothing shuts out other', dirMode: 0o755, fileMode: 0o604, fileAcl: ['-m', 'g:www-data:---,u:daemon:r'], readable: false },
    // With mask::--- the kernel does not read the ACL at all (acl_permission_check()).
    { name: 'a named group under an all-clear mask leaves other to decide', dirMode: 0o755, fileMode: 0o604, fileAcl: ['-m', 'g:www-data:---'], readable: true },
    { name: 'a named user under an all-clear mask leaves other to decide', dirMode: 0o755, fileMode: 0o604, fileAcl: ['-m', 'u:www-data:r,m::---'], readable: true },
    { name: 'a named user granting nothing outranks the owning group', dirMode: 0o755, fileMode: 0o640, fileGroup: 33, fileAcl: ['-m', 'u:www-data:---'], readable: false },
    { name: 'the owning group masked', dirMode: 0o755, fileMode: 0o640, fileGroup: 33, fileAcl: ['-m', 'u:daemon:r,g::r,m::---'], readable: false },
    { name: 'a default ACL grants nothing now', dirMode: 0o700, dirAcl: ['-d', '-m', 'u:www-data:rx'], fileMode: 0o644, readable: false },
  ];
  const www = (() => {
    const resolved = resolvePrincipal(loadUserDb(new LiveFs('/')).users, 'www-data');
    if (!resolved.ok) throw new Error(resolved.message);
    return resolved.principal;
  })();

  // Each ACL as the xattr reader decodes it, and as getfacl prints it.
  const sources = (['xattr', 'getfacl'] as const).filter((source) => source === 'getfacl' || nativeLabelReader() !== undefined);
  it.each(cases.flatMap((c, i) => sources.map((source) => ({ ...c, i: `${i}-${source}`, source }))))('$name ($source)', ({ i, source, dirMode, dirAcl, fileMode, fileAcl, fileGroup, readable }) => {
    // Names with a space, a backslash and a newline go through getfacl's escapes.
    const dir = join(root, `case ${i}\\x\n`);
    const file = join(dir, 'page.html');
    mkdirSync(dir);
    writeFileSync(file, 'page\n');
    if (fileGroup !== undefined) chownSync(file, 0, fileGroup);
    chmodSync(dir, dirMode);
    chmodSync(file, fileMode);
    if (dirAcl) setfacl(dirAcl, dir);
    if (fileAcl) setfacl(fileAcl, file);
    const kernel = spawnSync('su', ['www-data', '-s', '/bin/sh', '-c', 'test -r "$0"', file]).status === 0;
    expect(kernel).toBe(readable);
    const fs = new LiveFs('/', { acls: source });
    expect(fs.loadAccessLabels([dir])).toEqual([]);
    expect(checkAccess(fs, www, file, 'read').ok).toBe(kernel);
  });

  it.runIf(sources.includes('xattr'))('reads the ACL of the entry a symlink leads to, not of the link', () => {
    const dir = join(root, 'linked');
    mkdirSync(dir);
    writeFileSync(join(dir, 'page.html'), 'page\n');
    chmodSync(join(dir, 'page.html'), 0o600);
    setfacl(['-m', 'u:www-data:r'], join(dir, 'page.html'));
    symlinkSync('page.html', join(dir, 'current'));
    const fs = new LiveFs('/', { acls: 'xattr' });
    fs.loadAccessLabels([dir]);
    const followed = fs.stat(join(dir, 'current'));
    expect(followed.ok && followed.value.acl).toEqual({ owningGroup: 0, mask: 4, users: [{ id: www.uid, perm: 4 }], groups: [] });
    const link = fs.lstat(join(dir, 'current'));
    expect(link.ok && link.value.acl).toBeUndefined();
  });

  it.each(sources)('an ACL on a parent of the served tree counts (a home directory opened to www-data), read with %s', (source) => {
    const home = join(root, `home-${source}`);
    const site = join(home, 'public_html');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), 'home\n');
    chmodSync(home, 0o700);
    const before = new LiveFs('/', { acls: source });
    before.loadAccessLabels([site]);
    expect(checkAccess(before, www, join(site, 'index.html'), 'read').ok).toBe(false);
    setfacl(['-m', 'u:www-data:x'], home);
    const after = new LiveFs('/', { acls: source });
    after.loadAccessLabels([site]);
    expect(checkAccess(after, www, join(site, 'index.html'), 'read').ok).toBe(true);
    // Under --root the same tree is found through the mount's paths.
    const confined = new LiveFs(root, { acls: source });
    confined.loadAccessLabels([`/home-${source}/public_html`]);
    expect(checkAccess(confined, { ...www }, `/home-${source}/public_html/index.html`, 'read').ok).toBe(true);
  });
});

function setfacl(args: string[], path: string): void {
  const result = spawnSync('setfacl', [...args, path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`setfacl ${args.join(' ')} ${path}: ${result.stderr}`);
}

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}
