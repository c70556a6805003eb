import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { nginxMainConfig, startNginx, type NginxServer } from '../helpers/nginx-server.js';
import { isRoot, makeTempRoot, removeTree } from '../helpers/tree.js';
import { debianServer } from './debian-tree.js';

/**
 * explain and logs read a snapshot as lint does: the stream the printed command wrote, run by a
 * real sh over a Debian-layout tree, answers as a live audit of that tree with --root does, and
 * the refused request is the one a real nginx serving the same tree refuses.
 */
const PORT = 23320;
let server: string;
let work: string;
let snapshot: string;
let state: string;
let nginx: NginxServer | undefined;

type Explained = { status: number; cause: string | null; path?: string; trace: { file?: string }[]; decidedBy?: { file: string } };

/** An explain answer with its files shown relative to where the server is, so two routes compare. */
function explained(stdout: string, base: string): Explained {
  const answer = JSON.parse(stdout) as Explained;
  const shown = <T extends { file?: string }>(at: T): T => (at.file !== undefined ? { ...at, file: path.relative(base, at.file) } : at);
  return { ...answer, trace: answer.trace.map(shown), ...(answer.decidedBy ? { decidedBy: shown(answer.decidedBy) } : {}) };
}

beforeAll(async () => {
  if (!isRoot) return;
  server = debianServer();
  work = mkdtempSync(path.join(tmpdir(), 'forbidlint-snapcmd-'));
  snapshot = path.join(work, 'web1.snap');
  const printed = await runCli(['snapshot', '--prefix', server], { cwd: work });
  expect(printed.code).toBe(0);
  writeFileSync(snapshot, execFileSync('sh', ['-c', printed.stdout], { maxBuffer: 1 << 26 }));
  state = makeTempRoot('forbidlint-snapcmd-nginx-');
  // The shop's site as the audited nginx serves it, its root where the tree is on this machine.
  const shop = `    server {\n        listen 127.0.0.1:${PORT};\n        server_name shop.example.com;\n        root ${server}/var/www/shop;\n        index index.html;\n        location / { try_files $uri $uri/ =404; }\n    }\n`;
  nginx = await startNginx({ dir: state, config: nginxMainConfig(state, { user: 'www-data', http: shop }), ports: [PORT] });
});

afterAll(async () => {
  await nginx?.stop();
  if (server) removeTree(server);
  if (state) removeTree(state);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('explain --snapshot', () => {
  it('answers a refused request as the live tree and the real nginx do', async () => {
    const real = await (nginx as NginxServer).send({ host: 'shop.example.com', port: PORT, path: '/cart.html' });
    expect({ status: real.status, cause: real.cause }).toEqual({ status: 403, cause: 'permission-denied' });

    const fromSnapshot = await runCli(['explain', '--snapshot', 'web1.snap', '/etc/nginx/nginx.conf', 'http://shop.example.com/cart.html', '-f', 'json'], { cwd: work });
    expect(fromSnapshot.stderr).toBe('');
    expect(fromSnapshot.code).toBe(1);
    const answer = explained(fromSnapshot.stdout, snapshot);
    expect({ status: answer.status, cause: answer.cause, path: answer.path }).toEqual({ status: real.status, cause: real.cause, path: '/var/www/shop/cart.html' });
    expect(answer.trace.some((step) => step.file === 'etc/nginx/sites-enabled/shop.conf')).toBe(true);

    const live = await runCli(['explain', '--root', server, path.join(server, 'etc/nginx/nginx.conf'), 'http://shop.example.com/cart.html', '-f', 'json'], { cwd: work });
    expect(answer).toEqual(explained(live.stdout, server));
  });

  it('reads Apache overrides from the AccessFileName files the snapshot archived', async () => {
    const url = 'http://docs.example.com/private/salaries.html';
    const fromSnapshot = await runCli(['explain', '--snapshot', snapshot, '/etc/apache2/apache2.conf', url, '-f', 'json'], { cwd: work });
    const live = await runCli(['explain', '--root', server, path.join(server, 'etc/apache2/apache2.conf'), url, '-f', 'json'], { cwd: work });
    const answer = explained(fromSnapshot.stdout, snapshot);
    expect({ status: answer.status, cause: answer.cause }).toEqual({ status: 403, cause: 'AH01630' });
    expect(answer.trace.some((step) => step.file === 'srv/doc root/private/.acl')).toBe(true);
    expect(answer).toEqual(explained(live.stdout, server));
  });

  it('needs no config argument when the snapshot holds one server configuration, and names them when it holds two', async () => {
    const printed = await runCli(['snapshot', '--nginx', '--prefix', server], { cwd: work });
    writeFileSync(path.join(work, 'nginx-only.snap'), execFileSync('sh', ['-c', printed.stdout], { maxBuffer: 1 << 26 }));
    const url = 'http://shop.example.com/cart.html';
    const named = await runCli(['explain', '--snapshot', 'nginx-only.snap', '/etc/nginx/nginx.conf', url, '-f', 'json'], { cwd: work });
    const unnamed = await runCli(['explain', '--snapshot', 'nginx-only.snap', url, '-f', 'json'], { cwd: work });
    expect(unnamed).toEqual(named);
    expect(JSON.parse(unnamed.stdout)).toMatchObject({ status: 403, cause: 'permission-denied' });
    const both = await runCli(['explain', '--snapshot', 'web1.snap', url], { cwd: work });
    expect(both).toEqual({
      code: 2,
      stdout: '',
      stderr: 'forbidlint: the snapshot holds 2 main configurations (/etc/nginx/nginx.conf, /etc/apache2/apache2.conf): name the one to use before the other arguments, as the server sees it (/etc/nginx/nginx.conf)\n',
    });
  });

  it('refuses --snapshot with --root in one line', async () => {
    const run = await runCli(['explain', '--snapshot', snapshot, '--root', server, '/etc/nginx/nginx.conf', 'http://shop.example.com/'], { cwd: work });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'forbidlint: --snapshot holds the whole server: give no --root with it\n' });
  });
});

describe.skipIf(!isRoot)('logs --snapshot', () => {
  it('explains each 403 the real nginx gave as a live audit does', async () => {
    const at = '[06/Dec/2026:05:00:00 +0000]';
    const lines: string[] = [];
    // The log holds what the real nginx answered: /reports/ is 0700, so try_files falls through to a 404 there.
    for (const url of ['/cart.html', '/index.html', '/reports/index.html', '/cart.html']) {
      const real = await (nginx as NginxServer).send({ host: 'shop.example.com', port: PORT, path: url });
      lines.push(`10.0.0.7 - - ${at} "GET ${url} HTTP/1.1" ${real.status} 153 "-" "curl/8.5"`);
    }
    expect(lines.map((line) => line.split('" ')[1]?.slice(0, 3))).toEqual(['403', '200', '404', '403']);
    writeFileSync(path.join(work, 'access.log'), `${lines.join('\n')}\n`);
    const args = ['/etc/nginx/nginx.conf', '--access-log', 'access.log', '--host', 'shop.example.com', '-f', 'json'];
    const fromSnapshot = await runCli(['logs', '--snapshot', 'web1.snap', ...args], { cwd: work });
    expect(fromSnapshot.stderr).toBe('');
    expect(fromSnapshot.code).toBe(0);
    const report = JSON.parse(fromSnapshot.stdout) as { summary: { chosen: number; explained: number; notExplained: number }; groups: { predicted: { cause: string }; fsPath: string }[] };
    expect(report.summary).toMatchObject({ chosen: 2, explained: 2, notExplained: 0 });
    expect(report.groups.map((g) => [g.predicted.cause, g.fsPath])).toEqual([['permission-denied', '/var/www/shop/cart.html']]);
    const live = await runCli(['logs', '--root', server, path.join(server, 'etc/nginx/nginx.conf'), ...args.slice(1)], { cwd: work });
    const shown = (stdout: string, base: string) => stdout.split(base).join('<server>');
    expect(shown(fromSnapshot.stdout, snapshot)).toEqual(shown(live.stdout, server));
  });

  it('refuses standard input for both the log and the snapshot', async () => {
    const run = await runCli(['logs', '--snapshot', '-', '/etc/nginx/nginx.conf', '--access-log', '-'], { cwd: work });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'forbidlint: --access-log - and --snapshot - cannot both be standard input: save one of them to a file\n' });
  });
});
