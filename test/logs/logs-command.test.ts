import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, tempTree } from '../cli/run-cli.js';
import { runLogs } from './run-logs.js';

/**
 * `forbidlint logs` on a server tree under --root (real files and modes, owners from the tree's
 * own passwd), with access logs written by hand in the stock combined format.
 */

const NGINX_CONF = `user www-data;
events {}
http {
    access_log /var/log/nginx/access.log;
    server {
        listen 80 default_server;
        server_name shop.test;
        root /srv/shop;
        location /admin/ {
            allow 10.0.0.0/8;
            deny all;
        }
        location = /teapot {
            return 403;
        }
    }
}
`;

const tree = tempTree({
  'root/etc/nginx/nginx.conf': NGINX_CONF,
  'root/etc/passwd': 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n',
  'root/etc/group': 'root:x:0:\nwww-data:x:33:\n',
  'root/srv/shop/index.html': 'home\n',
  'root/srv/shop/admin/index.html': 'admin\n',
});
mkdirSync(join(tree.dir, 'root/srv/shop/downloads'));
afterAll(() => tree.cleanup());

const root = join(tree.dir, 'root');
const config = join(root, 'etc/nginx/nginx.conf');

function line(client: string, time: string, target: string, status: number): string {
  return `${client} - - [${time} +0000] "GET ${target} HTTP/1.1" ${status} 153 "-" "curl/8.5.0"\n`;
}

const LOG = [
  line('203.0.113.7', '06/Dec/2026:01:00:00', '/admin/', 403),
  line('10.1.2.3', '06/Dec/2026:01:00:01', '/admin/', 200),
  line('203.0.113.8', '06/Dec/2026:01:00:02', '/admin/users', 403),
  'this is not a log line\n',
  line('203.0.113.7', '06/Dec/2026:02:00:00', '/downloads/', 403),
  line('203.0.113.9', '06/Dec/2026:02:00:01', '/teapot', 403),
  line('203.0.113.9', '06/Dec/2026:02:00:02', '/nope.html', 404),
  '\x00\x01\x02 binary junk \xff\n',
].join('');

function writeLog(name: string, text: string | Buffer): string {
  const file = join(tree.dir, name);
  writeFileSync(file, text);
  return file;
}

const accessLog = writeLog('access.log', LOG);

describe('forbidlint logs', () => {
  test('groups the 403s by cause and deciding line, and counts and shows the bad lines', async () => {
    const run = await runCli(['logs', config, '--root', root, '--access-log', accessLog], { cwd: tree.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const blocks = run.stdout.split('\n\n');
    expect(blocks[0]).toBe(`${accessLog}: 8 lines in the "combined" format; 4 with status 403`);
    expect(blocks[1]).toBe(
      [
        '2× 403 forbidden-by-rule',
        '  decided at root/etc/nginx/nginx.conf:11',
        '  fix: add "allow 203.0.113.7;" before /etc/nginx/nginx.conf:11, or remove that deny',
        '  first 2026-12-06T01:00:00.000Z, last 2026-12-06T01:00:02.000Z',
        '  line 1: GET shop.test/admin/ from 203.0.113.7',
        '  line 3: GET shop.test/admin/users from 203.0.113.8',
      ].join('\n'),
    );
    expect(run.stdout).toContain('1× 403 directory-index-forbidden\n');
    expect(run.stdout).toContain('1× 403 return\n  decided at root/etc/nginx/nginx.conf:14\n');
    expect(run.stdout).toContain('4 entries: 4 explained (4 distinct requests simulated)\n2 bad lines:\n  line 4: not in the "combined" format: this is not a log line\n  line 8: not in the "combined" format: ');
  });

  test('--status, --since and the JSON summary', async () => {
    const run = await runLogs([config, '--root', root, '--access-log', accessLog, '--status', '403,404', '--since', '2026-12-06T01:30:00Z'], { cwd: tree.dir });
    expect(run.code).toBe(0);
    expect(run.report.entries.map((e) => [e.line, e.status, e.predicted.cause])).toEqual([
      [5, 403, 'directory-index-forbidden'],
      [6, 403, 'return'],
      [7, 404, 'not-found'],
    ]);
    expect(run.report.summary).toMatchObject({ lines: 8, badLines: 2, chosen: 3, explained: 3, notExplained: 0, beforeSince: 2, statuses: [403, 404], errorLog: null, format: { name: 'combined', recognisedBy: 'path' } });
    expect(run.report.entries[0]).toEqual({
      line: 5,
      time: '2026-12-06T02:00:00.000Z',
      clientIp: '203.0.113.7',
      method: 'GET',
      path: '/downloads/',
      host: 'shop.test',
      status: 403,
      predicted: { status: 403, cause: 'directory-index-forbidden' },
      agrees: true,
      decidedBy: { file: config, line: expect.any(Number) as number },
      fsPath: '/srv/shop/downloads/',
      fix: expect.stringContaining('autoindex') as string,
      explanation: 'explained',
      serverCause: null,
      denial: null,
      uncertain: [],
    });
  });

  test('a 403 the configuration answers 200 is not explained, and the exit code says so', async () => {
    const log = writeLog('waf.log', `${LOG}${line('203.0.113.50', '06/Dec/2026:03:00:00', '/index.html?id=1%27--', 403)}`);
    const run = await runLogs([config, '--root', root, '--access-log', log], { cwd: tree.dir });
    expect(run.code).toBe(1);
    expect(run.report.groups[0]).toMatchObject({ explanation: 'not-explained', status: 403, predicted: { status: 200, cause: null }, count: 1, examples: [{ line: 9, path: '/index.html?id=1%27--' }] });
    const text = await runCli(['logs', config, '--root', root, '--access-log', log], { cwd: tree.dir });
    expect(text.stdout).toContain('1× 403 not explained by the configuration: it answers 200 (the application, a WAF or a proxy in front answered 403)');
  });

  test('an error log naming another cause than the configuration gives: the entry and the group say so, exit 1', async () => {
    const errorLog = writeLog(
      'error.log',
      [
        '2026/12/06 01:59:59 [notice] 1#1: start worker processes',
        '2026/12/06 02:00:00 [error] 2#2: *7 access forbidden by rule, client: 203.0.113.7, server: shop.test, request: "GET /downloads/ HTTP/1.1", host: "shop.test"',
        '2026/12/06 02:00:05 [notice] 1#1: signal 15 received',
        '',
      ].join('\n'),
    );
    const run = await runLogs([config, '--root', root, '--access-log', accessLog, '--error-log', errorLog, '--since', '2026-12-06T01:30:00Z'], { cwd: tree.dir });
    expect(run.code).toBe(1);
    expect(run.report.entries.map((e) => [e.path, e.explanation, e.predicted.cause, e.serverCause])).toEqual([
      ['/downloads/', 'cause-differs', 'directory-index-forbidden', { cause: 'forbidden-by-rule', errorLogLine: 2 }],
      // nginx logs nothing for `return 403`, and the error log covers its time.
      ['/teapot', 'explained', 'return', { cause: 'return', errorLogLine: null }],
    ]);
    expect(run.report.summary).toMatchObject({ causeDiffers: 1, explained: 1, errorLog: { file: errorLog, lines: 3, matched: 1 } });
    const text = await runCli(['logs', config, '--root', root, '--access-log', accessLog, '--error-log', errorLog], { cwd: tree.dir });
    expect(text.stdout).toContain('1× 403: the error log says forbidden-by-rule, the configuration explains it as directory-index-forbidden\n');
  });

  test('SARIF: one result per group at its deciding line', async () => {
    const run = await runCli(['logs', config, '--root', root, '--access-log', accessLog, '--format', 'sarif'], { cwd: tree.dir });
    expect(run.code).toBe(0);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region.startLine])).toContainEqual([
      'logs/forbidden-by-rule',
      'warning',
      'root/etc/nginx/nginx.conf',
      11,
    ]);
    expect(results).toHaveLength(3);
  });

  test('standard input, and a gzip\'d rotation recognised by its magic bytes', async () => {
    const fromStdin = await runLogs([config, '--root', root, '--access-log', '-'], { cwd: tree.dir, stdin: LOG });
    expect(fromStdin.report.summary).toMatchObject({ accessLog: 'standard input', chosen: 4, format: { recognisedBy: 'lines' } });
    const rotated = writeLog('access.log.2.gz', gzipSync(readFileSync(accessLog)));
    const fromGzip = await runLogs([config, '--root', root, '--access-log', rotated], { cwd: tree.dir });
    expect(fromGzip.report.entries).toEqual((await runLogs([config, '--root', root, '--access-log', accessLog], { cwd: tree.dir })).report.entries);
  });

  test.each([
    { about: 'no access log', args: [config], message: 'logs needs --access-log FILE' },
    { about: 'a missing log', args: [config, '--access-log', 'missing.log'], message: '--access-log missing.log: no such file' },
    { about: 'a bad status', args: [config, '--access-log', 'access.log', '--status', '403,forbidden'], message: '--status takes HTTP statuses' },
    { about: 'a bad time', args: [config, '--access-log', 'access.log', '--since', 'yesterday'], message: '--since takes a date, a time or a duration' },
    { about: 'a bad host', args: [config, '--access-log', 'access.log', '--host', 'http://x/'], message: '--host takes HOST or HOST:PORT' },
    { about: 'a bad format', args: [config, '--access-log', 'access.log', '--format', 'junit'], message: '--format for logs is stylish, json, sarif' },
  ])('$about: one line on stderr, exit 2', async ({ args, message }) => {
    const run = await runCli(['logs', ...args, '--root', root], { cwd: tree.dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a log no format reads, and a truncated gzip, cannot be examined: exit 2', async () => {
    const foreign = writeLog('foreign.log', '{"json": "lines"}\n{"json": "lines"}\n');
    const unread = await runCli(['logs', config, '--root', root, '--access-log', foreign], { cwd: tree.dir });
    expect(unread).toMatchObject({ code: 2, stdout: '' });
    expect(unread.stderr).toContain('no access-log format of');
    const whole = gzipSync(Buffer.from(LOG.repeat(200)));
    const truncated = writeLog('access.log.3.gz', whole.subarray(0, whole.length - 40));
    const broken = await runCli(['logs', config, '--root', root, '--access-log', truncated], { cwd: tree.dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^forbidlint: cannot read .*access\.log\.3\.gz: unexpected end of file\n$/);
  });
});
