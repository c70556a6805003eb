import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { tempTree } from './run-cli.js';

/**
 * The CLI as users run it: compiled JavaScript started by node, talking through real stdio and
 * exit status. Compiled without type checking (tsc --noCheck) into node_modules/.cache, where
 * package imports still resolve; `npm test` checks the types separately.
 */
const REPO = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(REPO, `node_modules/.cache/forbidlint-cli-spawn-${process.pid}`);
const BIN = path.join(OUT, 'src/cli/bin.js');
const tree = tempTree({ 'nginx.conf': 'events {}\nhttp {\n  server {\n    root /nonexistent-forbidlint-docroot;\n  }\n}\n', 'broken.conf': 'http {\n' });

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  // tsc still emits when some file does not compile; its complaints belong to `npm test`'s type check.
  const build = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--incremental', 'false', '--outDir', OUT, '--declaration', 'false', '--sourceMap', 'false'], { cwd: REPO, encoding: 'utf8' });
  if (!existsSync(BIN)) throw new Error(`the build produced no ${BIN}:\n${build.stdout}${build.stderr}`);
}, 120_000);
afterAll(() => {
  tree.cleanup();
  rmSync(OUT, { recursive: true, force: true });
});

function forbidlint(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: tree.dir, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the built CLI', () => {
  it('is an executable script', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--version', () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(forbidlint(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 1 on errors and 0 on warnings only, printing them', () => {
    const broken = forbidlint(['broken.conf', '-f', 'compact']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^broken\.conf: line 2, col 1, Error - /);
    const warned = forbidlint(['nginx.conf', '-f', 'compact', '--rule', 'nginx/root-unreachable: off']);
    expect(warned.stdout).toContain('nginx.conf: line 4, col 5, Warning - /nonexistent-forbidlint-docroot does not exist');
    expect(warned.code).toBe(0);
  });

  it('reads standard input', () => {
    const run = forbidlint(['--stdin', '--stdin-filename', 'site.conf', '-f', 'json'], 'server {\n');
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.stdout) as { filePath: string; fatalErrorCount: number }[];
    expect(result).toMatchObject({ filePath: path.join(tree.dir, 'site.conf'), fatalErrorCount: 1 });
  });

  it.each([[['--no-such-flag']], [['missing.conf']], [['--config', 'missing.yml', 'nginx.conf']]])('%s: exit 2, one line, no stack trace', (args) => {
    const run = forbidlint(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^forbidlint: [^\n]+\n$/);
  });
});
