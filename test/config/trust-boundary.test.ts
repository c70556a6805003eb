import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigDiscovery } from '../../src/config/discover.js';
import { buildCli, type BuiltCli } from '../helpers/built-cli.js';
import { runCli, tempTree, writeTree } from '../cli/run-cli.js';
import { flagDirective } from '../engine/example-rules.js';

/**
 * The trust boundary of the README: nothing found in or below an audited tree, or in a linted
 * directory outside the project, runs or opens a path outside its zone. Each case plants a
 * script that would leave a marker file, or a host file that must never be opened.
 */
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function tree(files: Record<string, string>): string {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

const NGINX = 'events {}\nhttp {\n  server {\n    listen 80;\n    root /srv/www;\n  }\n}\n';
/** Valid as CommonJS and as an ES module: whichever way a loader took it, it leaves the marker. */
const markerScript = (marker: string) => `import('node:fs').then((fs) => fs.writeFileSync(${JSON.stringify(marker)}, 'ran'));\n`;
const pluginPackage = (marker: string) => ({
  'package.json': JSON.stringify({ name: 'forbidlint-plugin-evil', version: '1.0.0', main: 'index.js' }),
  'index.js': `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = { name: 'evil' };\n`,
});
const under = (dir: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`${dir}/${name}`, text]));

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli('trust');
}, 120_000);
afterAll(() => cli?.remove());

describe('nothing audited runs', () => {
  it("cosmiconfig's meta-config .config/config.* in a working directory inside --root is not loaded, --config or not", () => {
    const dir = tree({ 'project/ci.json': '{ "extends": "forbidlint:recommended" }' });
    const marker = path.join(dir, 'executed');
    writeTree(dir, { 'mnt/etc/nginx/nginx.conf': NGINX, 'mnt/srv/www/index.html': 'hi\n', 'mnt/.config/config.js': markerScript(marker), 'mnt/.config/config.mjs': markerScript(marker), 'mnt/.config/config.cjs': markerScript(marker) });
    const cwd = path.join(dir, 'mnt');
    const plain = cli.run(['--root', '.', 'etc/nginx/nginx.conf', '-f', 'json'], { cwd });
    expect(plain.stderr).toBe('');
    const explicit = cli.run(['--root', '.', '--config', path.join(dir, 'project/ci.json'), 'etc/nginx/nginx.conf', '-f', 'json'], { cwd });
    expect(explicit.stderr).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it('a JSON rc in a linted directory outside the project names a plugin from its own node_modules: refused, never run', async () => {
    const dir = tree({ 'project/.keep': '' });
    const marker = path.join(dir, 'executed');
    writeTree(dir, { 'srv/nginx.conf': NGINX, 'srv/.forbidlintrc.json': '{ "plugins": ["evil"] }', ...under('srv/node_modules/forbidlint-plugin-evil', pluginPackage(marker)) });
    const run = await runCli(['../srv/nginx.conf'], { cwd: path.join(dir, 'project') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('plugins: refusing to load "evil"');
    expect(existsSync(marker)).toBe(false);
  });

  it('a plugin the project names that resolves into the audited tree is refused, with --root given through a symlinked parent', async () => {
    const dir = tree({ 'project/.forbidlintrc.json': '{ "plugins": ["evil"] }' });
    const marker = path.join(dir, 'executed');
    writeTree(dir, { 'real/mnt/etc/nginx/nginx.conf': NGINX, ...under('real/mnt/opt/evil', pluginPackage(marker)) });
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'), 'dir');
    mkdirSync(path.join(dir, 'project/node_modules'));
    symlinkSync(path.join(dir, 'real/mnt/opt/evil'), path.join(dir, 'project/node_modules/forbidlint-plugin-evil'), 'dir');
    const run = await runCli(['--root', '../link/mnt', '/etc/nginx/nginx.conf'], { cwd: path.join(dir, 'project') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plugins: refusing to run "evil" \(.*\/real\/mnt\/opt\/evil\/index\.js\): it lies in the audited tree/);
    expect(existsSync(marker)).toBe(false);
  });

  it('a JavaScript rc in a working directory inside --root is refused: the audited tree is no project', async () => {
    const dir = tree({ 'mnt/etc/nginx/nginx.conf': NGINX });
    const marker = path.join(dir, 'executed');
    writeTree(dir, { 'mnt/etc/nginx/.forbidlintrc.mjs': markerScript(marker) });
    const run = await runCli(['--root', '../..', 'nginx.conf'], { cwd: path.join(dir, 'mnt/etc/nginx') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('refusing to execute a JavaScript configuration');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('nothing outside the zone is read', () => {
  const secret = '{ "topSecretKey": { "rules": {} } }';

  it.each([
    ['extends, absolute', (host: string) => JSON.stringify({ extends: host })],
    ['extends, ../', () => JSON.stringify({ extends: '../../../host-secret.json' })],
    ['$import, absolute', (host: string) => JSON.stringify({ $import: host })],
    ['$import, ../', () => JSON.stringify({ $import: ['../../../host-secret.json'] })],
  ])('%s from an rc under --root: refused by name, never opened (strace)', (_name, rc) => {
    const dir = tree({ 'host-secret.json': secret, 'project/.keep': '' });
    const host = path.join(dir, 'host-secret.json');
    writeTree(dir, { 'mnt/etc/nginx/nginx.conf': NGINX, 'mnt/etc/nginx/.forbidlintrc.json': rc(host) });
    const log = path.join(dir, 'strace.log');
    const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=%file', '-o', log, process.execPath, cli.bin, '--root', '../mnt', '/etc/nginx/nginx.conf'], { cwd: path.join(dir, 'project'), encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/refusing to read/);
    expect(run.stderr).not.toContain('topSecretKey');
    const opened = readFileSync(log, 'utf8').split('\n').filter((line) => line.includes('host-secret.json') && /\bopen(at)?\(/.test(line));
    expect(opened).toEqual([]);
  });

  it('discovery stops at the audited tree: a package.json above the mount is never read', async () => {
    const dir = tree({ 'outer/package.json': JSON.stringify({ forbidlint: { rules: { 'bogus/rule': 'error' } } }), 'project/.keep': '' });
    writeTree(dir, { 'outer/mnt/etc/nginx/nginx.conf': NGINX });
    const run = await runCli(['--root', '../outer/mnt', '/etc/nginx/nginx.conf', '--no-fs'], { cwd: path.join(dir, 'project') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('an rc in a linted directory outside the project extends only files in its own directory', async () => {
    const dir = tree({ 'shared.json': '{ "rules": { "test/flag-directive": "warn" } }', 'srv/.forbidlintrc.json': '{ "extends": "../shared.json" }', 'srv/local.json': '{}', 'srv/nginx.conf': '', 'project/.keep': '' });
    const discovery = new ConfigDiscovery({ cwd: path.join(dir, 'project'), builtinRules: [flagDirective] });
    await expect(discovery.forFile(path.join(dir, 'srv/nginx.conf'))).rejects.toThrow(/extends: refusing to read .*shared\.json/);
    writeTree(dir, { 'srv/.forbidlintrc.json': '{ "extends": "./local.json" }' });
    const fresh = new ConfigDiscovery({ cwd: path.join(dir, 'project'), builtinRules: [flagDirective] });
    expect((await fresh.forFile(path.join(dir, 'srv/nginx.conf'))).filePath).toBe(path.join(dir, 'srv/.forbidlintrc.json'));
  });
});

describe('--root resolved once to its real path', () => {
  it('a --root that is a symlink to the tree lints it as the tree itself', async () => {
    const dir = tree({ 'mnt/etc/nginx/nginx.conf': NGINX.replace('listen 80;', 'listen 80;\n    deny all;'), 'mnt/srv/www/index.html': 'hi\n' });
    symlinkSync(path.join(dir, 'mnt'), path.join(dir, 'server'), 'dir');
    const run = await runCli(['--root', 'server', '/etc/nginx/nginx.conf', '-f', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[]).flatMap((r) => r.messages);
    expect(messages.map((m) => m.message).join('\n')).not.toContain('not a directory');
    expect(messages.map((m) => m.ruleId)).toContain('nginx/deny-all');
  });
});
