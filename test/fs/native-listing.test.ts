import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeListing } from '../../src/fs/native-listing.js';
import { DirectoryPins, listLiveDirectory } from '../../src/fs/tree-source.js';
import { nativeLabelReader } from '../../src/fs/xattr-acl.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';

/**
 * The native addon (native/) against the JavaScript listing it stands in for, one directory at a
 * time, on a real tree: every field of every entry must be the same, ACLs included.
 */
const addon = nativeListing();
const hasSetfacl = spawnSync('sh', ['-c', 'command -v setfacl']).status === 0;
const labels = nativeLabelReader();
let root = '';

beforeAll(() => {
  root = makeTempRoot();
  const dir = join(root, 'site');
  mkdirSync(join(dir, 'uploads'), { recursive: true });
  mkdirSync(join(dir, 'empty'));
  // Code-unit order differs from code-point order past the BMP: the astral name sorts before U+FF01.
  for (const name of ['index.html', 'caf\u00e9.html', '\u{1F600}.html', '\uFF01.html', 'two words', 'line\nbreak']) writeFileSync(join(dir, name), name);
  chmodSync(join(dir, 'two words'), 0o4751);
  chmodSync(join(dir, 'empty'), 0o1777);
  symlinkSync('index.html', join(dir, 'home.html'));
  symlinkSync('/nowhere/at/all', join(dir, 'dangling'));
  symlinkSync('uploads', join(dir, 'files'));
  symlinkSync('x'.repeat(1000), join(dir, 'long-target'));
  writeFileSync(Buffer.concat([Buffer.from(join(dir, 'latin')), Buffer.from([0xe9])]), '');
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  if (hasSetfacl) {
    execFileSync('setfacl', ['-m', 'u:33:rx,g:4001:rwx,m::rx', join(dir, 'uploads')]);
    execFileSync('setfacl', ['-d', '-m', 'u:33:rx', join(dir, 'uploads')]);
    execFileSync('setfacl', ['-m', 'u:33:r', join(dir, 'index.html')]);
  }
});
afterAll(() => removeTree(root));

describe.runIf(addon !== undefined)('the native listing', () => {
  it('lists a directory exactly as the JavaScript listing does, ACLs and link targets included', () => {
    const site = join(root, 'site');
    const javascript = listLiveDirectory(site, undefined, labels);
    const native = listLiveDirectory(site, undefined, labels, undefined, addon);
    expect(native).toEqual(javascript);
    if (!javascript.ok) throw new Error('the listing failed');
    const { entries, undecodable } = javascript.value;
    expect(entries.map((e) => e.name)).toEqual(['caf\u00e9.html', 'dangling', 'empty', 'files', 'home.html', 'index.html', 'line\nbreak', 'long-target', 'pipe', 'two words', 'uploads', '\u{1F600}.html', '\uFF01.html']);
    expect(undecodable).toEqual(['latin\\xe9']);
    expect(entries.filter((e) => e.stat.mode > 0o777).map((e) => [e.name, e.stat.mode])).toEqual([
      ['empty', 0o1777],
      ['two words', 0o4751],
    ]);
    expect(entries.find((e) => e.name === 'long-target')?.linkTarget).toBe('x'.repeat(1000));
    expect(entries.find((e) => e.name === 'dangling')?.linkTarget).toBe('/nowhere/at/all');
    expect(entries.find((e) => e.name === 'uploads')?.identity).toBeDefined();
    if (hasSetfacl && labels !== undefined) {
      expect(entries.find((e) => e.name === 'uploads')?.stat.acl).toEqual({ owningGroup: 5, mask: 5, users: [{ id: 33, perm: 5 }], groups: [{ id: 4001, perm: 7 }] });
      expect(entries.find((e) => e.name === 'index.html')?.stat.acl).toEqual({ owningGroup: 4, mask: 4, users: [{ id: 33, perm: 4 }], groups: [] });
      expect(entries.filter((e) => e.stat.acl !== undefined)).toHaveLength(2);
    }
  });

  it('reads no label unless asked', () => {
    const listed = listLiveDirectory(join(root, 'site'), undefined, undefined, undefined, addon);
    expect(listed.ok && listed.value.entries.filter((e) => e.stat.acl !== undefined)).toEqual([]);
  });

  it('opens a subdirectory through its pinned parent, and refuses one that is now a symlink', () => {
    const pins = new DirectoryPins(addon);
    const site = join(root, 'site');
    const listed = listLiveDirectory(site, undefined, labels, pins, addon);
    if (!listed.ok) throw new Error('the listing failed');
    const identity = listed.value.entries.find((e) => e.name === 'uploads')?.identity;
    try {
      expect(listLiveDirectory(join(site, 'uploads'), identity, labels, pins, addon)).toEqual(listLiveDirectory(join(site, 'uploads'), identity, labels));
      const asLink = listLiveDirectory(join(site, 'files'), identity, labels, pins, addon);
      expect(asLink.ok ? 'listed' : asLink.error.code).toBe('ECHANGED');
    } finally {
      pins.releaseAll();
    }
  });

  it('fails as Node does on a directory that is missing or not one', () => {
    const missing = listLiveDirectory(join(root, 'site', 'nothing-here'), undefined, labels, undefined, addon);
    expect(missing.ok ? 'listed' : missing.error.code).toBe('ENOENT');
    const file = listLiveDirectory(join(root, 'site', 'index.html'), undefined, labels, undefined, addon);
    expect(file).toEqual(listLiveDirectory(join(root, 'site', 'index.html'), undefined, labels));
  });
});

// npm ci builds the addon wherever a C compiler and Node's headers are, as on CI: a build that
// silently failed there would leave the walk on its slower route unseen.
const canBuild = spawnSync('sh', ['-c', 'command -v cc && command -v make && command -v python3']).status === 0 && existsSync('/usr/include/node/node_api.h');
it.runIf(canBuild && existsSync(new URL('../../node_modules/forbidlint-walk-native', import.meta.url)))('is built by the install where a compiler and Node headers are', () => {
  expect(addon).toBeDefined();
});
