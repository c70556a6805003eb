import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { runCli, tempTree } from './run-cli.js';

/** What CI runs see of the command line: reports written where asked, colors, warnings, progress. */
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function project(files: Record<string, string>): string {
  const tree = tempTree(files);
  cleanups.push(tree.cleanup);
  return tree.dir;
}

// A deny every client meets is a warning; the flag nginx -t refuses makes the run fail.
const DENY_ALL = 'events {}\nhttp {\n  server {\n    listen 80;\n    autoindex maybe;\n    location / {\n      deny all;\n    }\n  }\n}\n';
const BROKEN = 'events {}\nhttp {\n  server {\n';

describe('--output-file', () => {
  it('refuses a file being linted, and leaves it as it was', async () => {
    const dir = project({ 'nginx.conf': DENY_ALL });
    const run = await runCli(['nginx.conf', '--no-fs', '-o', './nginx.conf'], { cwd: dir });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'forbidlint: --output-file ./nginx.conf is one of the files being linted: write the report elsewhere\n' });
    expect(readFileSync(path.join(dir, 'nginx.conf'), 'utf8')).toBe(DENY_ALL);
  });

  it('refuses an included file too, and writes anywhere else', async () => {
    const dir = project({ 'extra.conf': '# included\n' });
    writeFileSync(path.join(dir, 'nginx.conf'), `include ${dir}/extra.conf;\n${DENY_ALL}`);
    const refused = await runCli(['nginx.conf', '--no-fs', '-o', 'extra.conf'], { cwd: dir });
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'forbidlint: --output-file extra.conf is one of the files being linted: write the report elsewhere\n' });
    expect(readFileSync(path.join(dir, 'extra.conf'), 'utf8')).toBe('# included\n');
    const written = await runCli(['nginx.conf', '--no-fs', '-f', 'compact', '-o', 'report/lint.txt'], { cwd: dir });
    expect(written.code).toBe(1);
    expect(readFileSync(path.join(dir, 'report/lint.txt'), 'utf8')).toContain('(nginx/deny-all)');
  });

  it('refuses the configuration and the manifest it reads', async () => {
    const manifest = "entries:\n  - { path: /srv, type: dir, mode: '0755' }\n";
    const dir = project({ 'nginx.conf': DENY_ALL, '.forbidlintrc.yml': 'extends: forbidlint:recommended\n', 'tree.yaml': manifest });
    for (const output of ['.forbidlintrc.yml', 'tree.yaml']) {
      const run = await runCli(['nginx.conf', '--fs-manifest', 'tree.yaml', '-o', output], { cwd: dir });
      expect([run.code, run.stderr]).toEqual([2, `forbidlint: --output-file ${output} is one of the files being linted: write the report elsewhere\n`]);
    }
    expect(readFileSync(path.join(dir, 'tree.yaml'), 'utf8')).toBe(manifest);
  });
});

describe('colors', () => {
  const lint = (env: Record<string, string>, args: string[] = []) => runCli(['nginx.conf', '--no-fs', ...args], { cwd: project({ 'nginx.conf': DENY_ALL }), env });

  it('FORCE_COLOR turns them on in a pipe and wins over NO_COLOR; FORCE_COLOR=0 and --no-color turn them off', async () => {
    expect((await lint({})).stdout).not.toContain('\u001b[');
    expect((await lint({ FORCE_COLOR: '1' })).stdout).toContain('\u001b[31m');
    expect((await lint({ FORCE_COLOR: '', NO_COLOR: '1' })).stdout).toContain('\u001b[31m');
    expect((await lint({ FORCE_COLOR: '0' })).stdout).not.toContain('\u001b[');
    expect((await lint({ FORCE_COLOR: 'false' })).stdout).not.toContain('\u001b[');
    expect((await lint({ FORCE_COLOR: '1' }, ['--no-color'])).stdout).not.toContain('\u001b[');
  });
});

describe('a configuration file that enables no rule', () => {
  it('is said on stderr, since its rules replace the defaults', async () => {
    const dir = project({ '.forbidlintrc.yml': 'rules:\n  nginx/allow-deny-order: off\n', 'nginx.conf': DENY_ALL });
    const run = await runCli(['nginx.conf', '--no-fs'], { cwd: dir });
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'forbidlint: warning: .forbidlintrc.yml enables no rule, so nothing is checked: add "extends": "forbidlint:recommended" to it\n' });
  });

  it('is not said when the file extends a preset, enables a rule, or --rule does', async () => {
    for (const [rc, args] of [
      ['extends: forbidlint:recommended\n', []],
      ['rules:\n  nginx/deny-all: error\n', []],
      ['rules: {}\n', ['--rule', 'nginx/deny-all: warn']],
    ] as const) {
      const run = await runCli(['nginx.conf', '--no-fs', '-f', 'compact', ...args], { cwd: project({ '.forbidlintrc.yml': rc, 'nginx.conf': DENY_ALL }) });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('(nginx/deny-all)');
    }
  });
});

describe('progress of a long walk', () => {
  const NGINX = 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n    }\n}\n';
  const manifest = [
    'users:',
    '  - { name: root, uid: 0, gid: 0 }',
    '  - { name: www-data, uid: 33, gid: 33 }',
    'entries:',
    "  - { path: /srv/www, type: dir, mode: '0755' }",
    ...['a', 'b', 'c'].flatMap((sub) => [`  - { path: /srv/www/${sub}, type: dir, mode: '0755' }`, ...Array.from({ length: 1500 }, (_, i) => `  - { path: /srv/www/${sub}/f${i}.html, type: file, mode: '0644' }`)]),
  ].join('\n');
  /** A clock that moves six seconds each time it is read: every update comes "a while later". */
  const slowClock = () => {
    let time = 0;
    return () => (time += 6_000);
  };

  it('is a plain stderr line every few seconds outside a terminal, with the count and the current directory', async () => {
    const dir = project({ 'nginx.conf': NGINX, 'tree.yaml': `${manifest}\n` });
    const run = await runCli(['nginx.conf', '--fs-manifest', 'tree.yaml', '-f', 'json'], { cwd: dir, now: slowClock() });
    const lines = run.stderr.split('\n').filter(Boolean);
    // The walker reports every 1000 entries: /srv/www, then a/ with its 1500 files, b/, c/.
    expect(lines).toEqual([
      'forbidlint: walking /srv/www: 1000 entries so far, in /srv/www/a',
      'forbidlint: walking /srv/www: 2000 entries so far, in /srv/www/b',
      'forbidlint: walking /srv/www: 3000 entries so far, in /srv/www/b',
      'forbidlint: walking /srv/www: 4000 entries so far, in /srv/www/c',
    ]);
    expect(JSON.parse(run.stdout)).toBeInstanceOf(Array);
  });

  it('is off with --quiet', async () => {
    const dir = project({ 'nginx.conf': NGINX, 'tree.yaml': `${manifest}\n` });
    const run = await runCli(['nginx.conf', '--fs-manifest', 'tree.yaml', '-f', 'json', '--quiet'], { cwd: dir, now: slowClock() });
    expect(run.stderr).toBe('');
  });
});

describe('SARIF from a subdirectory of a repository', () => {
  const sarifOf = (stdout: string) => JSON.parse(stdout) as Sarif.Log;
  const uris = (log: Sarif.Log) => log.runs[0]?.results?.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri);

  it('gives URIs from the repository top level, or from --sarif-root', async () => {
    const repo = project({ 'deploy/nginx/nginx.conf': DENY_ALL });
    mkdirSync(path.join(repo, '.git'));
    const deploy = path.join(repo, 'deploy');
    const fromTop = sarifOf((await runCli(['nginx', '--no-fs', '-f', 'sarif'], { cwd: deploy })).stdout);
    expect([...new Set(uris(fromTop))]).toEqual(['deploy/nginx/nginx.conf']);
    expect(fromTop.runs[0]?.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`file://${repo}/`);
    const fromRoot = sarifOf((await runCli(['nginx', '--no-fs', '-f', 'sarif', '--sarif-root', '.'], { cwd: deploy })).stdout);
    expect([...new Set(uris(fromRoot))]).toEqual(['nginx/nginx.conf']);
  });

  it('reports a configuration nginx refuses as a result of the rule --sarif-fatal-rule names', async () => {
    const dir = project({ 'nginx.conf': BROKEN });
    const byDefault = sarifOf((await runCli(['nginx.conf', '--no-fs', '-f', 'sarif'], { cwd: dir })).stdout);
    expect(byDefault.runs[0]?.results?.map((r) => [r.ruleId, r.level])).toEqual([['forbidlint/invalid-config', 'error']]);
    const named = sarifOf((await runCli(['nginx.conf', '--no-fs', '-f', 'sarif', '--sarif-fatal-rule', 'nginx/syntax'], { cwd: dir })).stdout);
    expect(named.runs[0]?.results?.map((r) => r.ruleId)).toEqual(['nginx/syntax']);
    expect(named.runs[0]?.tool.driver.rules?.map((r) => r.id)).toEqual(['nginx/syntax']);
    const bad = await runCli(['nginx.conf', '-f', 'sarif', '--sarif-fatal-rule', 'two words'], { cwd: dir });
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'forbidlint: --sarif-fatal-rule takes a rule id such as forbidlint/invalid-config, not "two words"\n' });
  });
});
