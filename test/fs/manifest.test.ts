import { describe, expect, it } from 'vitest';
import { manifestFs, parseManifest } from '../../src/fs/manifest-fs.js';
import { loadUserDb, resolvePrincipal } from '../../src/fs/users.js';

describe('parseManifest', () => {
  it('fills parents and defaults, and writes users and groups as the tree\'s own passwd and group', () => {
    const parsed = parseManifest(
      [
        'users: [{ name: www-data, uid: 33 }]',
        'groups: [{ name: web, gid: 500, members: [www-data] }]',
        'entries:',
        '  - { path: /srv/www/index.html, type: file, mode: 0640, owner: www-data, group: web, content: hi }',
        '  - { path: /srv/link, type: symlink, target: www }',
      ].join('\n'),
      'tree.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.tree.entries.map((e) => `${e.path} ${e.type} ${e.mode.toString(8)} ${e.uid}:${e.gid}`)).toEqual([
      '/ dir 755 0:0',
      '/etc dir 755 0:0',
      '/srv dir 755 0:0',
      '/etc/group file 644 0:0',
      '/etc/passwd file 644 0:0',
      '/srv/link symlink 777 0:0',
      '/srv/www dir 755 0:0',
      '/srv/www/index.html file 640 33:500',
    ]);
    const fs = manifestFs(parsed.tree, 'tree.yaml');
    expect(fs.readFile('/etc/passwd')).toMatchObject({ ok: true, value: Buffer.from('root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/nonexistent:/usr/sbin/nologin\n') });
    expect(resolvePrincipal(loadUserDb(fs).users, 'www-data')).toEqual({ ok: true, principal: { name: 'www-data', uid: 33, gid: 33, gids: [33, 500] } });
    expect(fs.readFile('/srv/link/index.html')).toMatchObject({ ok: true, value: Buffer.from('hi') });
  });

  it('reads JSON too', () => {
    const parsed = parseManifest('{"entries": [{"path": "/a", "type": "dir", "mode": "0700", "owner": 33}]}', 'tree.json');
    expect(parsed.ok && parsed.tree.entries.find((e) => e.path === '/a')).toEqual({ path: '/a', type: 'dir', mode: 0o700, uid: 33, gid: 0 });
  });

  it.each([
    { text: 'entries:\n  - { path: srv, type: dir }', error: 'tree.yaml:2:13: entries[0].path must be absolute (as the server sees it), got "srv"' },
    { text: 'entries:\n  - { path: /a, type: folder }', error: 'tree.yaml:2:23: entries[0].type must be one of file, dir, symlink, got "folder"' },
    { text: 'entries:\n  - path: /a\n    type: file\n    mode: rw-r--r--', error: 'tree.yaml:4:11: entries[0].mode must be an octal mode such as \'0644\', got "rw-r--r--"' },
    { text: 'entries:\n  - path: /a\n    type: file\n    mode: 0999', error: 'tree.yaml:4:11: entries[0].mode must be an octal mode such as \'0644\', got "0999"' },
    { text: 'entries:\n  - { path: /a, type: file, owner: nginx }', error: 'tree.yaml:2:36: entries[0].owner "nginx" is not a numeric id nor a name listed under `users`' },
    { text: 'entries:\n  - { path: /a, type: symlink }', error: 'tree.yaml:2:5: entries[0] needs `target`' },
    { text: 'entries:\n  - { path: /a, type: dir, content: x }', error: 'tree.yaml:2:37: entries[0].content only files have content, this is a dir' },
    { text: 'entries:\n  - { path: /a, type: file, perms: x }', error: 'tree.yaml:2:29: entries[0].perms unknown key `perms` (expected one of path, type, mode, owner, group, content, target, acl, context)' },
    { text: 'users:\n  - { name: web, uid: -1 }\nentries: []', error: 'tree.yaml:2:23: users[0].uid must be a non-negative integer, got -1' },
    { text: 'entries:\n  - { path: /a, type: file }\n  - { path: /a/b, type: file }', error: 'tree.yaml:3:13: entries[1].path lies under /a, which is a file' },
    { text: 'entries:\n  - { path: /, type: symlink, target: /srv }', error: 'tree.yaml:2:22: entries[0].type of / must be dir' },
    { text: 'entry: []', error: 'tree.yaml:1:1: entry unknown key `entry` (expected one of users, groups, entries)' },
    { text: 'entries: [ { path: /a', error: 'tree.yaml:1:22: Flow map in block collection must be sufficiently indented and end with a }' },
  ])('$error', ({ text, error }) => {
    const parsed = parseManifest(text, 'tree.yaml');
    expect(parsed.ok ? [] : parsed.errors[0]).toEqual(error);
  });
});
