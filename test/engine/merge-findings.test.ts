import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, tempTree } from '../cli/run-cli.js';
import { mergeFindings } from '../../src/engine/merge-findings.js';
import type { Finding } from '../../src/engine/events.js';

/**
 * One cause, one finding, on real trees under --root: the rules that see the same unreadable
 * file agree on one finding, and a tree full of world-writable files gives one finding per
 * directory, which keeps SARIF far below GitHub's 25,000 results.
 */
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

const NGINX = 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n        index index.html;\n    }\n}\n';

function server(): string {
  const tree = tempTree({
    'srv/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www:/var/www:/usr/sbin/nologin\n',
    'srv/etc/group': 'root:x:0:\nwww-data:x:33:\n',
    'srv/etc/nginx/nginx.conf': NGINX,
    'srv/srv/www/index.html': 'home\n',
  });
  cleanups.push(tree.cleanup);
  return path.join(tree.dir, 'srv');
}

function files(dir: string, count: number, mode: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(path.join(dir, `f${i}.txt`), 'x');
    chmodSync(path.join(dir, `f${i}.txt`), mode);
  }
}

interface Message {
  ruleId: string | null;
  message: string;
  severity: number;
  fsPath?: string;
  relatedLocations?: { message: string }[];
}

async function lint(root: string, args: string[] = []): Promise<Message[]> {
  const run = await runCli(['--root', root, '/etc/nginx/nginx.conf', '-f', 'json', ...args], { cwd: root });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { messages: Message[] }[]).flatMap((r) => r.messages);
}

describe('merging findings', () => {
  it('an unreadable index file is one filesystem finding', async () => {
    const root = server();
    chmodSync(path.join(root, 'srv/www/index.html'), 0o600);
    const messages = await lint(root);
    const onIndex = messages.filter((m) => m.fsPath === '/srv/www/index.html');
    expect(onIndex.map((m) => [m.ruleId, m.severity])).toEqual([['fs/unreadable-by-web-user', 2]]);
    // The directive rules leave a cause inside the served tree to the filesystem rule.
    expect(messages.filter((m) => m.ruleId === 'nginx/root-unreachable' || m.ruleId === 'server/root-forbidden')).toEqual([]);
  });

  it('a world-writable file the web user can therefore write is one error, not an error and a warning', async () => {
    const root = server();
    chmodSync(path.join(root, 'srv/www/index.html'), 0o666);
    const onIndex = (await lint(root)).filter((m) => m.fsPath === '/srv/www/index.html');
    expect(onIndex.map((m) => [m.ruleId, m.severity])).toEqual([['fs/world-writable', 2]]);
    expect(onIndex[0]?.relatedLocations?.map((r) => r.message.slice(0, 22))).toEqual(['/srv/www/index.html on', 'fs/web-user-writable: ']);
  });

  it('many entries with one cause roll up per directory, with a count and examples; a few stay as they are', async () => {
    const root = server();
    for (const dir of ['a', 'b', 'c']) files(path.join(root, 'srv/www', dir, 'deep'), 40, 0o646);
    files(path.join(root, 'srv/www/d'), 2, 0o646);
    const messages = (await lint(root)).filter((m) => m.ruleId === 'fs/world-writable');
    expect(messages.map((m) => m.fsPath).sort()).toEqual(['/srv/www/a', '/srv/www/b', '/srv/www/c', '/srv/www/d/f0.txt', '/srv/www/d/f1.txt']);
    expect(messages.find((m) => m.fsPath === '/srv/www/a')?.message).toMatch(/^40 entries under \/srv\/www\/a with the same problem \(\/srv\/www\/a\/deep\/f0\.txt, \/srv\/www\/a\/deep\/f1\.txt, \/srv\/www\/a\/deep\/f10\.txt, \.\.\.\); the first: \/srv\/www\/a\/deep\/f0\.txt is 0646 /);
  });

  it('SARIF of 3,000 world-writable files in 30 directories holds one result for them, naming the count', async () => {
    const root = server();
    for (let d = 0; d < 30; d++) files(path.join(root, 'srv/www', `d${d}`), 100, 0o666);
    const run = await runCli(['--root', root, '/etc/nginx/nginx.conf', '-f', 'sarif'], { cwd: root });
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    const results = sarif.runs.flatMap((r) => r.results).filter((r) => r.ruleId === 'fs/world-writable');
    expect(results).toHaveLength(1);
    expect(results[0]?.message.text).toMatch(/^3000 entries under \/srv\/www with the same problem \(\/srv\/www\/d0\/f0\.txt, \/srv\/www\/d1\/f0\.txt, \/srv\/www\/d10\/f0\.txt, \.\.\.\)/);
  });
});

describe('mergeFindings', () => {
  const at = (line: number) => ({ file: '/etc/nginx/nginx.conf', line, column: 1, endLine: line, endColumn: 5 });
  const typeOf = (id: string) => (id.startsWith('fs/w') ? 'security' : 'problem');

  it('keeps findings of different kinds on one path apart, and passes through those without a rule or path', () => {
    const findings: Finding[] = [
      { ruleId: 'fs/world-writable', severity: 2, message: 'o+w', loc: at(1), path: '/srv/www/a' },
      { ruleId: 'fs/unreadable-by-web-user', severity: 2, message: 'unreadable', loc: at(1), path: '/srv/www/a' },
      { ruleId: null, severity: 2, message: 'parse error', loc: at(3) },
      { ruleId: 'server/root-forbidden', severity: 2, message: 'GET / 403', loc: at(2) },
    ];
    expect(mergeFindings(findings, typeOf)).toEqual(findings);
  });

  it('the narrowest rule keeps a shared cause, at the highest severity among them', () => {
    const merged = mergeFindings(
      [
        { ruleId: 'server/x', severity: 2, message: 'whole server', loc: at(1), path: '/p' },
        { ruleId: 'nginx/y', severity: 2, message: 'directive', loc: at(2), path: '/p' },
        { ruleId: 'fs/z', severity: 1, message: 'the file', loc: at(3), path: '/p' },
      ],
      () => 'problem',
    );
    expect(merged).toEqual([
      { ruleId: 'fs/z', severity: 2, message: 'the file', loc: at(3), path: '/p', related: [{ loc: at(1), message: 'server/x: whole server' }, { loc: at(2), message: 'nginx/y: directive' }] },
    ]);
  });
});
