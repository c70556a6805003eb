import { afterAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { describeOwner, loadUserDb, resolvePrincipal } from '../../src/fs/users.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';
import { mkdirSync, writeFileSync } from 'node:fs';

const root = makeTempRoot();
afterAll(() => removeTree(root));
mkdirSync(`${root}/etc`);
// As on a server: comments, a duplicate uid (the first wins, like getpwuid), a broken line.
writeFileSync(
  `${root}/etc/passwd`,
  [
    'root:x:0:0:root:/root:/bin/bash',
    '# local accounts',
    'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
    'toor:x:0:0::/root:/bin/sh',
    'nginx:x:101:101:nginx user:/nonexistent:/bin/false',
    'broken line without fields',
    'alice:x:1000:1000::/home/alice:/bin/bash',
    '',
  ].join('\n'),
);
writeFileSync(`${root}/etc/group`, ['root:x:0:', 'www-data:x:33:', 'nginx:x:101:', 'alice:x:1000:', 'deploy:x:1001:www-data,alice', 'ssl-cert:x:110:nginx', 'bad:x:notanumber:', ''].join('\n'));

const { users, diagnostics } = loadUserDb(new LiveFs(root));

describe('loadUserDb', () => {
  it('reads the tree\'s own passwd and group, reporting malformed lines with their line number', () => {
    expect(users.userByName('www-data')).toEqual({ name: 'www-data', uid: 33, gid: 33, home: '/var/www', shell: '/usr/sbin/nologin' });
    expect(users.userName(0)).toBe('root');
    expect(users.groupName(1001)).toBe('deploy');
    expect(users.userName(4242)).toBe('4242');
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['userdb-malformed', '/etc/passwd:6'],
      ['userdb-malformed', '/etc/group:7'],
    ]);
  });

  it('reports a missing database instead of failing', () => {
    const empty = makeTempRoot();
    try {
      const loaded = loadUserDb(new LiveFs(empty));
      expect(loaded.diagnostics.map((d) => [d.code, d.path, d.severity])).toEqual([
        ['userdb-unreadable', '/etc/passwd', 'warning'],
        ['userdb-unreadable', '/etc/group', 'warning'],
      ]);
      expect(loaded.users.userName(33)).toBe('33');
    } finally {
      removeTree(empty);
    }
  });
});

describe('resolvePrincipal', () => {
  it.each([
    { user: 'www-data', group: undefined, expected: { name: 'www-data', uid: 33, gid: 33, gids: [33, 1001] } },
    { user: 'nginx', group: undefined, expected: { name: 'nginx', uid: 101, gid: 101, gids: [101, 110] } },
    { user: 'www-data', group: 'ssl-cert', expected: { name: 'www-data', uid: 33, gid: 110, gids: [110, 1001] } },
    { user: '33', group: undefined, expected: { name: 'www-data', uid: 33, gid: 33, gids: [33, 1001] } },
    { user: '#1000', group: '#33', expected: { name: 'alice', uid: 1000, gid: 33, gids: [33, 1001] } },
    { user: '4242', group: '4242', expected: { name: '4242', uid: 4242, gid: 4242, gids: [4242] } },
    { user: 'toor', group: undefined, expected: { name: 'toor', uid: 0, gid: 0, gids: [0] } },
  ])('$user:$group', ({ user, group, expected }) => {
    expect(resolvePrincipal(users, user, group)).toEqual({ ok: true, principal: expected });
  });

  it.each([
    { user: 'apache', group: undefined, message: 'user "apache" does not exist in the audited system\'s /etc/passwd' },
    { user: 'www-data', group: 'www', message: 'group "www" does not exist in the audited system\'s /etc/group' },
    { user: '4242', group: undefined, message: 'uid 4242 has no entry in the audited system\'s /etc/passwd, so its group is unknown: name a group too' },
  ])('rejects $user:$group', ({ user, group, message }) => {
    expect(resolvePrincipal(users, user, group)).toEqual({ ok: false, message });
  });
});

describe('describeOwner', () => {
  it.each([
    { mode: 0o750, uid: 0, gid: 33, text: '0750 root:www-data' },
    { mode: 0o2775, uid: 1000, gid: 1001, text: '2775 alice:deploy' },
    { mode: 0o644, uid: 4242, gid: 4343, text: '0644 4242:4343' },
  ])('$text', ({ mode, uid, gid, text }) => {
    expect(describeOwner({ type: 'dir', mode, uid, gid, size: 0 }, users)).toBe(text);
  });
});
