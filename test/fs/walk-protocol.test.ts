import { expect, it } from 'vitest';
import type { Listing } from '../../src/fs/tree-source.js';
import { fail, ok, type FsResult } from '../../src/fs/types.js';
import { ListingDecoder, ListingEncoder, type DecodedListing } from '../../src/fs/walk-protocol.js';

const stat = (type: 'file' | 'dir' | 'symlink' | 'fifo' | 'socket' | 'char' | 'block' | 'unknown', mode = 0o644, size = 0) => ({ type, mode, uid: 33, gid: 4321, size });

const listings: [string, FsResult<Listing>][] = [
  ['/srv/www', ok({ entries: [{ name: 'a b.html', stat: { ...stat('file', 0o4755, 2 ** 40 + 3), context: 'unconfined_u:object_r:user_home_t:s0' } }, { name: 'assets', stat: stat('dir', 0o2750) }], failed: [], undecodable: [] })],
  ['/srv/www/assets', ok({ entries: [{ name: 'current', stat: { ...stat('symlink', 0o777, 13), context: 'system_u:object_r:httpd_sys_content_t:s0' }, linkTarget: '../index.html' }, { name: 'ünïcode', stat: stat('symlink', 0o777, 1), linkTarget: 'ziel/\u{1F600}' }], failed: [], undecodable: [] })],
  ['/srv/www/odd', ok({ entries: (['fifo', 'socket', 'char', 'block', 'unknown'] as const).map((type) => ({ name: type, stat: stat(type, 0o600) })), failed: [{ name: 'gone', code: 'ENOENT' }, { name: 'secret', code: 'EACCES' }], undecodable: ['caf\\xe9.txt'] })],
  [
    '/srv/www/shared',
    ok({
      entries: [
        { name: 'masked', stat: { ...stat('file', 0o640), acl: { owningGroup: 4, mask: 5, users: [{ id: 33, perm: 7 }, { id: 1000, perm: 0 }], groups: [{ id: 2000, perm: 6 }] }, context: 'system_u:object_r:httpd_sys_content_t:s0:c0.c1023' } },
        { name: 'unmasked', stat: { ...stat('dir', 0o750), acl: { owningGroup: 5, users: [], groups: [{ id: 4294967294, perm: 1 }] } } },
      ],
      failed: [],
      undecodable: [],
    }),
  ],
  ['/srv/www/empty', ok({ entries: [], failed: [], undecodable: [] })],
  ['/srv/www/locked', fail('EACCES', '/srv/www/locked', 'permission denied: /srv/www/locked')],
];

function decodeAll(decoder: ListingDecoder): DecodedListing[] {
  const decoded: DecodedListing[] = [];
  for (let next = decoder.next(); next !== undefined; next = decoder.next()) decoded.push(next);
  return decoded;
}

it('carries every kind of listing across threads unchanged, counting entries and failures', () => {
  const encoder = new ListingEncoder();
  for (const [handle, listed] of listings) encoder.add(handle, listed);
  expect(encoder.entries).toBe(2 + 2 + 5 + 2 + 2);
  const chunk = encoder.take();
  expect(chunk.entries).toBe(13);
  expect(decodeAll(new ListingDecoder(chunk))).toEqual(
    listings.map(([handle, listed]) => ({ handle, listed, size: listed.ok ? listed.value.entries.length + listed.value.failed.length : 0 })),
  );
});

it('starts afresh after a chunk is taken, and a closing chunk may carry no listing', () => {
  const encoder = new ListingEncoder();
  encoder.add(...(listings[0] as [string, FsResult<Listing>]));
  encoder.take();
  const closing = encoder.take();
  expect(closing.entries).toBe(0);
  expect(decodeAll(new ListingDecoder(closing))).toEqual([]);
});
