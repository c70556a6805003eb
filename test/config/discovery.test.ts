import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigDiscovery } from '../../src/config/discover.js';
import { flagDirective } from '../engine/example-rules.js';
import { tempTree, writeTree } from '../cli/run-cli.js';

const FIXTURE_PLUGIN = path.resolve(import.meta.dirname, '../../fixtures/plugins/forbidlint-plugin-example');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function tree(files: Record<string, string>): string {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

function discovery(cwd: string, extra: { auditedRoot?: string; configFile?: string } = {}) {
  return new ConfigDiscovery({ cwd, builtinRules: [flagDirective], ...extra });
}

const RULES = '{ "rules": { "test/flag-directive": "warn" } }';

describe('search places', () => {
  it.each([
    ['.forbidlintrc', 'rules:\n  test/flag-directive: warn\n'],
    ['.forbidlintrc.json', RULES],
    ['.forbidlintrc.yaml', 'rules: { test/flag-directive: warn }\n'],
    ['.forbidlintrc.yml', 'rules:\n  test/flag-directive: 1\n'],
    ['.forbidlintrc.js', 'module.exports = { rules: { "test/flag-directive": "warn" } };\n'],
    ['.forbidlintrc.cjs', 'module.exports = { rules: { "test/flag-directive": "warn" } };\n'],
    ['.forbidlintrc.mjs', 'export default { rules: { "test/flag-directive": "warn" } };\n'],
    ['forbidlint.config.js', 'module.exports = { rules: { "test/flag-directive": "warn" } };\n'],
    ['forbidlint.config.cjs', 'module.exports = { rules: { "test/flag-directive": "warn" } };\n'],
    ['forbidlint.config.mjs', 'export default { rules: { "test/flag-directive": "warn" } };\n'],
    ['package.json', '{ "name": "x", "forbidlint": { "rules": { "test/flag-directive": "warn" } } }'],
  ])('%s', async (name, text) => {
    const dir = tree({ [name]: text, 'etc/nginx/nginx.conf': '' });
    const config = await discovery(dir).forFile(path.join(dir, 'etc/nginx/nginx.conf'));
    expect(config.filePath).toBe(path.join(dir, name));
    expect(config.ruleConfigs).toEqual({ 'test/flag-directive': { severity: 1 } });
  });
});

describe('nested directories', () => {
  it('the nearest configuration above a file applies, else the working directory’s, else the recommended preset', async () => {
    const dir = tree({
      'project/.forbidlintrc.json': RULES,
      'project/servers/web1/.forbidlintrc.yml': 'rules:\n  test/flag-directive: [error, { name: root }]\n',
      'project/servers/web1/nginx.conf': '',
      'project/servers/web2/nginx.conf': '',
      'elsewhere/nginx.conf': '',
      'bare/nginx.conf': '',
    });
    const project = discovery(path.join(dir, 'project'));
    expect((await project.forFile(path.join(dir, 'project/servers/web1/nginx.conf'))).ruleConfigs).toEqual({ 'test/flag-directive': { severity: 2, options: { name: 'root' } } });
    expect((await project.forFile(path.join(dir, 'project/servers/web2/nginx.conf'))).filePath).toBe(path.join(dir, 'project/.forbidlintrc.json'));
    expect((await project.forFile(path.join(dir, 'elsewhere/nginx.conf'))).filePath).toBe(path.join(dir, 'project/.forbidlintrc.json'));
    const bare = await discovery(path.join(dir, 'bare')).forFile(path.join(dir, 'bare/nginx.conf'));
    expect(bare.filePath).toBeUndefined();
    expect(bare.ruleConfigs).toEqual({ 'test/flag-directive': { severity: 2 } });
  });

  it('keeps the language server settings of the configuration', async () => {
    const dir = tree({ '.forbidlintrc.yml': 'lsp:\n  filePatterns: ["vhosts/*.vhost"]\n', 'nginx.conf': '' });
    const config = await discovery(dir).forFile(path.join(dir, 'nginx.conf'));
    expect(config.lsp).toEqual({ filePatterns: ['vhosts/*.vhost'] });
  });

  it('--config replaces the search', async () => {
    const dir = tree({ '.forbidlintrc.json': RULES, 'ci/strict.yml': 'extends: forbidlint:strict\nrules:\n  test/flag-directive: off\n', 'nginx.conf': '' });
    const config = await discovery(dir, { configFile: 'ci/strict.yml' }).forFile(path.join(dir, 'nginx.conf'));
    expect(config.filePath).toBe(path.join(dir, 'ci/strict.yml'));
    expect(config.ruleConfigs).toEqual({ 'test/flag-directive': { severity: 0 } });
  });
});

describe('errors name the file, the key path and what was expected', () => {
  it.each([
    ['{ "rulez": {} }', 'the configuration: unknown key "rulez"'],
    ['{ "rules": { "test/flag-directive": "fatal" } }', 'rules.test/flag-directive: must be one of "off", "warn", "error", 0, 1, 2'],
    ['{ "rules": { "DenyAll": "warn" } }', 'rules: key "DenyAll" is not a namespaced rule id like "nginx/deny-all"'],
    ['{ "rules": { "nginx/no-such-rule": "warn" } }', 'rules.nginx/no-such-rule: unknown rule "nginx/no-such-rule"'],
    ['{ "rules": { "acme/thing": "warn" } }', 'rules.acme/thing: unknown rule "acme/thing" (is the plugin that provides "acme/" rules listed in plugins?)'],
    ['{ "rules": { "test/flag-directive": ["error", { "nam": "x" }] } }', "rules.test/flag-directive[1]: must have required property 'name'"],
    ['{ "overrides": [{ "files": ["*.conf"], "rules": { "test/flag-directive": ["warn", { "name": 3 }] } }] }', 'overrides.0.rules.test/flag-directive[1].name: must be string'],
    ['{ "webUser": "www data" }', 'webUser: must match pattern'],
    ['{ "lsp": { "filePatterns": "*.vhost" } }', 'lsp.filePatterns: must be array'],
    ['{ "lsp": { "patterns": [] } }', 'lsp: unknown key "patterns"'],
    ['{ "extends": "eslint:recommended" }', 'extends: "eslint:recommended" is not forbidlint:recommended, forbidlint:strict, plugin:<name>/<preset> or a path'],
    ['{ "extends": "plugin:example/recommended" }', 'extends: "plugin:example/recommended" names plugin "example", which is not in this file\'s plugins'],
    ['{ "plugins": ["missing"] }', 'plugins: cannot find plugin "missing" (looked for forbidlint-plugin-missing from'],
    ['{ "rules": ', 'invalid JSON: Unexpected end of JSON input'],
  ])('%s', async (text, expected) => {
    const dir = tree({ '.forbidlintrc.json': text });
    const file = path.join(dir, '.forbidlintrc.json');
    const error = await discovery(dir).forCwd().then(() => undefined, (e: Error) => e);
    expect(error?.name).toBe('ConfigError');
    expect(error?.message.startsWith(`${file}: `)).toBe(true);
    expect(error?.message).toContain(expected);
  });

  it('an extends chain that loops is an error naming the chain', async () => {
    const dir = tree({ '.forbidlintrc.json': '{ "extends": "./a.json" }', 'a.json': '{ "extends": "./.forbidlintrc.json" }' });
    await expect(discovery(dir).forCwd()).rejects.toThrow(/extends itself/);
  });
});

describe('never executing the audited tree', () => {
  const marker = (dir: string) => path.join(dir, 'executed');
  const script = (dir: string) => `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker(dir))}, 'yes');\nexport default {};\n`;

  it('refuses a JavaScript config found under --root, and reads JSON there', async () => {
    const dir = tree({ 'project/.keep': '' });
    writeTree(dir, { 'mnt/etc/nginx/.forbidlintrc.mjs': script(dir), 'mnt/etc/nginx/nginx.conf': '', 'mnt/etc/apache2/.forbidlintrc.json': RULES, 'mnt/etc/apache2/apache2.conf': '' });
    const guarded = discovery(path.join(dir, 'mnt'), { auditedRoot: path.join(dir, 'mnt') });
    await expect(guarded.forFile(path.join(dir, 'mnt/etc/nginx/nginx.conf'))).rejects.toThrow(/refusing to execute a JavaScript configuration/);
    expect((await guarded.forFile(path.join(dir, 'mnt/etc/apache2/apache2.conf'))).ruleConfigs).toEqual({ 'test/flag-directive': { severity: 1 } });
    expect(existsSync(marker(dir))).toBe(false);
  });

  it('refuses JavaScript outside the project directory, and a script a data config $imports', async () => {
    const dir = tree({ 'project/.keep': '' });
    writeTree(dir, { 'srv/.forbidlintrc.mjs': script(dir), 'srv/nginx.conf': '', 'etc/.forbidlintrc.yml': '$import: ./evil.mjs\n', 'etc/evil.mjs': script(dir), 'etc/nginx.conf': '' });
    const project = discovery(path.join(dir, 'project'));
    await expect(project.forFile(path.join(dir, 'srv/nginx.conf'))).rejects.toThrow(/refusing to execute/);
    await expect(project.forFile(path.join(dir, 'etc/nginx.conf'))).rejects.toThrow(/refusing to execute/);
    expect(existsSync(marker(dir))).toBe(false);
  });

  it('runs a JavaScript config named with --config wherever it is', async () => {
    const dir = tree({ 'project/.keep': '' });
    writeTree(dir, { 'shared/forbidlint.config.mjs': script(dir) });
    await discovery(path.join(dir, 'project'), { configFile: path.join(dir, 'shared/forbidlint.config.mjs') }).forCwd();
    expect(existsSync(marker(dir))).toBe(true);
  });

  it('refuses a plugin path named by a configuration under --root', async () => {
    const dir = tree({ 'mnt/etc/nginx/.forbidlintrc.json': '{ "plugins": ["./plugin.mjs"] }', 'mnt/etc/nginx/plugin.mjs': 'export default { name: "evil" };\n', 'mnt/etc/nginx/nginx.conf': '' });
    await expect(discovery(dir, { auditedRoot: path.join(dir, 'mnt') }).forFile(path.join(dir, 'mnt/etc/nginx/nginx.conf'))).rejects.toThrow(/refusing to load "\.\/plugin\.mjs"/);
  });
});

describe('plugins', () => {
  it('loads a plugin by path, relative to the configuration file, with its rules and presets', async () => {
    const dir = tree({});
    writeTree(dir, { '.forbidlintrc.json': JSON.stringify({ plugins: [path.relative(dir, FIXTURE_PLUGIN).startsWith('.') ? path.relative(dir, FIXTURE_PLUGIN) : `./${path.relative(dir, FIXTURE_PLUGIN)}`], extends: ['plugin:example/recommended'] }) });
    const config = await discovery(dir).forCwd();
    expect(config.plugins.map((p) => p.name)).toEqual(['example']);
    expect([...config.rules.keys()]).toEqual(['test/flag-directive', 'example/no-autoindex']);
    expect(config.ruleConfigs).toEqual({ 'example/no-autoindex': { severity: 1 } });
  });

  it.each([['example'], ['forbidlint-plugin-example']])('loads a plugin by package name %s from the configuration’s node_modules', async (spec) => {
    const dir = tree({ '.forbidlintrc.yml': `plugins: [${spec}]\nrules:\n  example/no-autoindex: [error, { allowPaths: [/pub/] }]\n` });
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(FIXTURE_PLUGIN, path.join(dir, 'node_modules/forbidlint-plugin-example'), 'dir');
    const config = await discovery(dir).forCwd();
    expect(config.plugins.map((p) => p.name)).toEqual(['example']);
    expect(config.ruleConfigs).toEqual({ 'example/no-autoindex': { severity: 2, options: { allowPaths: ['/pub/'] } } });
  });

  it('checks plugin rule options against the plugin rule’s schema', async () => {
    const dir = tree({ '.forbidlintrc.yml': 'plugins: [example]\nrules:\n  example/no-autoindex: [warn, { allowPath: x }]\n' });
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(FIXTURE_PLUGIN, path.join(dir, 'node_modules/forbidlint-plugin-example'), 'dir');
    await expect(discovery(dir).forCwd()).rejects.toThrow('rules.example/no-autoindex[1]: unknown key "allowPath"');
  });
});

describe('.forbidlintrc.example', () => {
  it('is a valid configuration for the built-in rules', async () => {
    const { builtinRules } = await import('../../lint-rules/index.js');
    const { readFileSync } = await import('node:fs');
    const dir = tree({ '.forbidlintrc.yml': readFileSync(path.resolve(import.meta.dirname, '../../.forbidlintrc.example'), 'utf8') });
    const config = await new ConfigDiscovery({ cwd: dir, builtinRules }).forCwd();
    expect(config.ruleConfigs['nginx/deny-all']).toEqual({ severity: 2 });
    expect(config.servers.map((s) => path.relative(dir, s.config ?? ''))).toEqual(['deploy/nginx/nginx.conf', 'deploy/apache2/apache2.conf']);
  });
});
