import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFsView, type FsViewOptions } from '../../src/fs/index.js';
import { parseListing } from '../../src/fs/listing-fs.js';
import { fail } from '../../src/fs/types.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';
import { transpileFsModules } from './transpile.js';

const dir = makeTempRoot();
afterAll(() => removeTree(dir));
const listing = join(dir, 'find.txt');
writeFileSync(listing, '755 0 0 d 4096 /\t\n755 0 0 d 4096 /srv\t\n');
const manifest = join(dir, 'tree.yaml');
writeFileSync(manifest, 'entries:\n  - { path: /srv, type: dir, mode: 0o750 }\n');
const badManifest = join(dir, 'bad.yaml');
writeFileSync(badManifest, 'entries:\n  - { path: srv, type: dir }\n');

describe('openFsView', () => {
  it.each<[string, FsViewOptions, string]>([
    ['the live filesystem', {}, 'the live filesystem'],
    ['a root', { root: dir }, `the live filesystem under ${dir}`],
    ['a listing', { listing }, `listing ${listing}`],
    ['a manifest', { manifest }, `manifest ${manifest}`],
  ])('opens %s', (_name, options, description) => {
    const opened = openFsView(options);
    expect(opened.ok && opened.fs.description).toBe(description);
  });

  it.each<[string, FsViewOptions, string]>([
    ['two sources', { root: dir, listing }, '--root and --listing each describe the whole filesystem: give only one'],
    ['a content root alone', { contentRoot: dir }, 'a content root only completes a listing: give --listing too'],
    ['a root that is a file', { root: listing }, `root ${listing} is not a directory`],
    ['a missing root', { root: join(dir, 'nope') }, `cannot open root ${join(dir, 'nope')}: ENOENT: no such file or directory, stat '${join(dir, 'nope')}'`],
    ['an invalid manifest', { manifest: badManifest }, `${badManifest}:2:13: entries[0].path must be absolute (as the server sees it), got "srv"`],
  ])('refuses %s with a message', (_name, options, message) => {
    expect(openFsView(options)).toEqual({ ok: false, message });
  });

  it('reads a listing from standard input for -', () => {
    const build = join(dir, 'build');
    transpileFsModules(build, ['index', 'access', 'acl', 'bounded-read', 'diagnostics', 'entry-table', 'listing-fs', 'live-acls', 'live-fs', 'xattr-acl', 'manifest-fs', 'mount-health', 'native-listing', 'resolve', 'selinux', 'tree-source', 'types', 'users', 'walk']);
    writeFileSync(join(build, 'probe.mjs'), `import { openFsView } from './index.js';\nconst opened = openFsView({ listing: '-' });\nconsole.log(JSON.stringify(opened.ok ? opened.fs.readdir('/') : opened));\n`);
    const out = execFileSync(process.execPath, [join(build, 'probe.mjs')], { input: '755 0 0 d 4096 /\t\n644 0 0 f 1 /from stdin\t\n', encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ ok: true, value: ['from stdin'] });
  });
});

it('notes listing paths that are not UTF-8', () => {
  const text = Buffer.concat([Buffer.from('755 0 0 d 4096 /\t\n644 0 0 f 1 /caf'), Buffer.from([0xe9]), Buffer.from('\t\n')]).toString('utf8');
  const { diagnostics } = parseListing(text, 'find.txt', (path) => fail('ENOCONTENT', path, 'none'));
  expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['listing-undecodable-name', 'find.txt:2']]);
});
