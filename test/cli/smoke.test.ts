import { afterAll, expect, it } from 'vitest';
import { runCli, tempTree } from './run-cli.js';

const tree = tempTree({ 'nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n    root /nonexistent;\n  }\n}\n', 'broken.conf': 'server {\n' });
afterAll(() => tree.cleanup());

it('smoke', async () => {
  for (const args of [['--version'], ['--help'], ['nginx.conf', '-f', 'json'], ['broken.conf'], ['rules'], ['--bogus']]) {
    const r = await runCli(args, { cwd: tree.dir });
    console.log(args.join(' '), r.code, r.stdout.slice(0, 600), r.stderr);
  }
});
