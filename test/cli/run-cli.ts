import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `forbidlint ...args` typed in `cwd`. */
export async function runCli(
  args: readonly string[],
  options: { cwd: string; stdin?: string; isTTY?: boolean; stderrIsTTY?: boolean; env?: Record<string, string>; now?: () => number },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.isTTY ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.stderrIsTTY ?? false },
    readStdin: async () => options.stdin ?? '',
    cwd: options.cwd,
    env: options.env ?? {},
    ...(options.now ? { now: options.now } : {}),
  });
  return { code, stdout, stderr };
}

/** A temporary directory filled with `files` (path → text); `cleanup` removes it. */
export function tempTree(files: Readonly<Record<string, string>>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-cli-'));
  writeTree(dir, files);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTree(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
