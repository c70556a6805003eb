import { chmodSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigRegex, compileConfigRegex } from '../../src/regex/config-regex.js';
import { runCli, tempTree, writeTree } from '../cli/run-cli.js';

/** 35 a's and no b: the classic exponential case for a backtracking engine. */
const EVIL_PATH = `/${'a'.repeat(35)}`;

describe('ConfigRegex', () => {
  it.each([
    ['\\.php$', '', '/index.php', ['.php']],
    ['^/images/(.*)\\.(jpg|png)$', '', '/images/a/b.png', ['/images/a/b.png', 'a/b', 'png']],
    ['^/(?<user>[^/]+)/(x)?', '', '/bob/', ['/bob/', 'bob', undefined]],
    ['^/ADMIN', 'i', '/admin/x', ['/admin']],
    ['^/(?!pub/)(\\w+)', '', '/priv/x', ['/priv', 'priv']],
    ['^/(\\w)\\1', '', '/aab', ['/aa', 'a']],
  ])('%s on %s matches as JavaScript does', (source, flags, input, groups) => {
    const regex = new ConfigRegex(source, flags);
    const native = new RegExp(source, flags).exec(input);
    const match = regex.exec(input);
    expect(match === null ? null : [...match]).toEqual(groups);
    expect(match?.index).toBe(native?.index);
    expect(match?.groups).toEqual(native?.groups);
    expect(regex.test(input)).toBe(true);
    expect(regex.test('/nothing-like-it')).toBe(new RegExp(source, flags).test('/nothing-like-it'));
  });

  it('runs what RE2 reads in linear time, the rest under a budget', () => {
    expect(new ConfigRegex('^/(a+)+b').isLinear).toBe(true);
    expect(new ConfigRegex('^/(?!x)(a+)+b').isLinear).toBe(false);
    expect(new ConfigRegex('(a)\\1').isLinear).toBe(false);
  });

  it('answers a nested quantifier on a 36-character path at once', () => {
    const started = performance.now();
    expect(new ConfigRegex('^/(a+)+b').test(EVIL_PATH)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('gives up a lookahead pattern that backtracks without end after its budget, and then at once', () => {
    const regex = new ConfigRegex('^/(?!x)(a+)+b');
    let started = performance.now();
    expect(regex.exec(EVIL_PATH)).toBeNull();
    expect(performance.now() - started).toBeLessThan(5_000);
    started = performance.now();
    expect(regex.exec(`${EVIL_PATH}a`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('is undefined for a pattern neither engine reads, as a RegExp would throw', () => {
    expect(compileConfigRegex('(unclosed')).toBeUndefined();
    expect(() => new ConfigRegex('(unclosed')).toThrow(SyntaxError);
  });
});

describe('a hostile regex in a configuration', () => {
  // The served tree holds an .env under a directory of 35 a's: the sensitive-file probes ask for it.
  const server = (location: string) => ['events {}', 'http {', '  server {', '    listen 80;', '    server_name example.com;', '    root ROOT;', `    ${location}`, '  }', '}', ''].join('\n');
  const tree = tempTree({ [`srv${EVIL_PATH}/.env`]: 'SECRET=1\n', 'srv/index.html': 'hi\n' });
  chmodSync(tree.dir, 0o755);
  writeTree(tree.dir, {
    'linear.conf': server('location ~ ^/(a+)+b { return 403; }').replace('ROOT', `${tree.dir}/srv`),
    'lookahead.conf': server('location ~ ^/(?!x)(a+)+b { deny all; }').replace('ROOT', `${tree.dir}/srv`),
  });
  afterAll(() => tree.cleanup());

  it('explain answers at once where RE2 reads the pattern, with a certain verdict', async () => {
    const started = performance.now();
    const run = await runCli(['explain', 'linear.conf', `http://example.com${EVIL_PATH}`, '--format', 'json'], { cwd: tree.dir });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 301 });
    expect(JSON.parse(run.stdout)).not.toHaveProperty('uncertain');
  });

  it('explain gives an uncertain verdict and a warning at the regex where the budget ran out', async () => {
    const started = performance.now();
    const run = await runCli(['explain', 'lookahead.conf', `http://example.com${EVIL_PATH}`], { cwd: tree.dir });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(run.stdout).toMatch(/^  - the regex "\^\/\(\?!x\)\(a\+\)\+b" (ran out|already ran out) of its match budget/m);
    expect(run.stderr).toMatch(/^lookahead\.conf:7:5: warning: the regex "\^\/\(\?!x\)\(a\+\)\+b" ran out of its match budget/);
  });

  it.each([['linear.conf'], ['lookahead.conf']])('lint of %s finishes promptly', async (file) => {
    const started = performance.now();
    const run = await runCli([file, '-f', 'json'], { cwd: tree.dir });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toHaveLength(1);
  });
});
