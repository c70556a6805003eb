import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempTree } from './run-cli.js';

/**
 * The walk of served trees from the command line: the configuration's ignore globs keep it out
 * of entries, and a terminal sees a progress line that erases itself.
 */
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

const NGINX = 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n    }\n}\n';

function manifest(extraFiles: number): string {
  const lines = [
    'users:',
    '  - { name: root, uid: 0, gid: 0 }',
    '  - { name: www-data, uid: 33, gid: 33 }',
    'entries:',
    "  - { path: /srv/www, type: dir, mode: '0755' }",
    "  - { path: /srv/www/index.html, type: file, mode: '0644' }",
    "  - { path: /srv/www/cache, type: dir, mode: '0755' }",
    "  - { path: /srv/www/cache/page.html, type: file, mode: '0666' }",
    ...Array.from({ length: extraFiles }, (_, i) => `  - { path: /srv/www/f${i}.html, type: file, mode: '0644' }`),
  ];
  return `${lines.join('\n')}\n`;
}

function project(files: Record<string, string>): string {
  const tree = tempTree(files);
  cleanups.push(tree.cleanup);
  return tree.dir;
}

async function worldWritable(dir: string): Promise<string[]> {
  const run = await runCli(['nginx.conf', '--fs-manifest', 'tree.yaml', '-f', 'json', '--rule', 'fs/world-writable: error'], { cwd: dir });
  const results = JSON.parse(run.stdout) as { messages: { ruleId: string; fsPath?: string }[] }[];
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'fs/world-writable').map((m) => m.fsPath ?? ''));
}

describe('walking served trees', () => {
  it('ignorePatterns keep the walk out of matching entries', async () => {
    const plain = project({ 'nginx.conf': NGINX, 'tree.yaml': manifest(0) });
    expect(await worldWritable(plain)).toEqual(['/srv/www/cache/page.html']);
    const ignoring = project({ 'nginx.conf': NGINX, 'tree.yaml': manifest(0), '.forbidlintrc.yml': "ignorePatterns: ['cache/**']\n" });
    expect(await worldWritable(ignoring)).toEqual([]);
  });

  it('shows a self-erasing progress line on a terminal, and none elsewhere', async () => {
    const dir = project({ 'nginx.conf': NGINX, 'tree.yaml': manifest(2500) });
    const onTerminal = await runCli(['nginx.conf', '--fs-manifest', 'tree.yaml', '-f', 'json'], { cwd: dir, stderrIsTTY: true });
    expect(onTerminal.stderr).toMatch(/^\r\x1b\[Kwalking \/srv\/www: \d+ entries/);
    expect(onTerminal.stderr.endsWith('\r\x1b[K')).toBe(true);
    const piped = await runCli(['nginx.conf', '--fs-manifest', 'tree.yaml', '-f', 'json'], { cwd: dir });
    expect(piped.stderr).toBe('');
    const inCi = await runCli(['nginx.conf', '--fs-manifest', 'tree.yaml', '-f', 'json'], { cwd: dir, stderrIsTTY: true, env: { CI: 'true' } });
    expect(inCi.stderr).toBe('');
  });
});
