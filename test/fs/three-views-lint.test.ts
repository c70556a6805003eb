import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '../../src/fs/manifest-fs.js';
import { runCli } from '../cli/run-cli.js';
import { isRoot, makeTempRoot, materializeManifest, removeTree } from '../helpers/tree.js';

/**
 * One server, three ways to audit it: the real tree mounted with --root, a `find` listing taken
 * on it (docs/filesystem.md) with the configs under --root, and the manifest it was built from.
 * Every rule must find the same problems, at the same lines, with the same words.
 */
const demo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/demo');
const CONFIGS = ['etc/nginx/nginx.conf', 'etc/apache2/apache2.conf'];

let mounted: string;
let listing: string;

beforeAll(() => {
  const tree = parseManifest(readFileSync(path.join(demo, 'tree.yaml'), 'utf8'), 'tree.yaml');
  if (!tree.ok) throw new Error(tree.errors.join('\n'));
  mounted = makeTempRoot('forbidlint-three-views-');
  materializeManifest(tree.tree, mounted);
  cpSync(path.join(demo, 'root/etc'), path.join(mounted, 'etc'), { recursive: true });
  listing = path.join(makeTempRoot('forbidlint-listing-'), 'find.txt');
  writeFileSync(listing, execFileSync('find', [mounted, '-xdev', '-printf', '%m %U %G %y %s /%P\\t%l\\n'], { encoding: 'utf8' }));
});

afterAll(() => {
  removeTree(mounted);
  removeTree(path.dirname(listing));
});

/** Each finding as `config:line rule path message`, paths shown relative to the configs' root. */
async function findings(root: string, flags: readonly string[], config: string): Promise<string[]> {
  const run = await runCli(['--root', root, ...flags, '-f', 'json', path.join(root, config)], { cwd: root });
  expect(run.stderr).toBe('');
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string; fsPath?: string }[] }[];
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId} ${m.fsPath ?? ''} ${m.message}`)).sort();
}

describe.skipIf(!isRoot)('the same server through a mount, a listing and a manifest', () => {
  it.each(CONFIGS)('%s: identical findings', async (config) => {
    const live = await findings(mounted, [], config);
    const fromListing = await findings(mounted, ['--fs-listing', listing], config);
    const fromManifest = await findings(path.join(demo, 'root'), ['--fs-manifest', path.join(demo, 'tree.yaml')], config);
    expect(live.length).toBeGreaterThan(2);
    expect(fromListing).toEqual(live);
    expect(fromManifest).toEqual(live);
  });
});
