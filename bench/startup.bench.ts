import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatComparison, repeat, timeCommand } from './lib.js';

/**
 * How long the built CLI takes to answer, next to a bare `node -e 0` measured in the same run:
 * `--version`, and linting one small nginx file (config search, parse, model, rules, stylish).
 * Goal: at most 3x node's own startup, which keeps editor and pre-commit runs instant.
 */
const RUNS = 15;

export default async function startupBench(): Promise<void> {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli/bin.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-startup-'));
  try {
    writeFileSync(path.join(dir, 'www.html'), 'hi\n');
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `events {}\nhttp {\n  server {\n    listen 80;\n    server_name example.test;\n    root ${dir};\n    location / { index www.html; }\n    location /private/ { deny all; }\n  }\n}\n`,
    );
    const node = () => repeat(RUNS, () => timeCommand(process.execPath, ['-e', '0'], { cwd: dir }));
    const cli = (args: string[]) => repeat(RUNS, () => timeCommand(process.execPath, [bin, ...args], { cwd: dir }));
    // Warm the file cache once so the first sample is not an outlier.
    timeCommand(process.execPath, [bin, 'nginx.conf'], { cwd: dir });
    const baseline = node();
    console.log(formatComparison({ name: 'forbidlint --version', ours: cli(['--version']), baselineName: 'node -e 0', baseline, goalRatio: 3 }));
    console.log(formatComparison({ name: 'forbidlint nginx.conf (one small file)', ours: cli(['nginx.conf', '--no-color']), baselineName: 'node -e 0', baseline, goalRatio: 3 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
