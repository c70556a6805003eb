import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The CLI compiled to JavaScript (tsc --noCheck, into node_modules/.cache where package imports
 * still resolve), for tests that need a real process: strace, real stdio, a working directory
 * of its own. `npm test` checks the types separately.
 */
export interface BuiltCli {
  bin: string;
  run(args: readonly string[], options: { cwd: string; input?: string; timeout?: number; env?: NodeJS.ProcessEnv; stdio?: SpawnSyncOptions['stdio'] }): { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
  remove(): void;
}

const REPO = path.resolve(import.meta.dirname, '../..');

export function buildCli(name: string): BuiltCli {
  const out = path.join(REPO, `node_modules/.cache/forbidlint-${name}-${process.pid}`);
  const bin = path.join(out, 'src/cli/bin.js');
  rmSync(out, { recursive: true, force: true });
  const build = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--incremental', 'false', '--outDir', out, '--declaration', 'false', '--sourceMap', 'false'], { cwd: REPO, encoding: 'utf8' });
  if (!existsSync(bin)) throw new Error(`the build produced no ${bin}:\n${build.stdout}${build.stderr}`);
  return {
    bin,
    run(args, options) {
      const run = spawnSync(process.execPath, [bin, ...args], {
        cwd: options.cwd,
        input: options.input ?? '',
        encoding: 'utf8',
        timeout: options.timeout ?? 30_000,
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        ...(options.stdio ? { stdio: options.stdio } : {}),
      });
      return { code: run.status, signal: run.signal, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
    },
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}
