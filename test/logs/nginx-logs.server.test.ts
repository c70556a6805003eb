import { appendFileSync, chmodSync, chownSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nginxMainConfig, startNginx, type NginxServer } from '../helpers/nginx-server.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';
import { expectEveryEntryExplained, runLogs, type Decider } from './run-logs.js';

/**
 * A real nginx writes its access logs in the stock `combined` format, in nginx.org's `main` and
 * in a format of its own, and its error log, for requests from several loopback addresses that
 * end in every cause of the design's vocabulary; `forbidlint logs` then reads those logs and
 * must explain every 403, 401 and 404 with the cause the error log shows and the line behind it.
 */

const SHOP = 21600;
const BLOG = 21601;
const SHARED = 21602;

let root: string;
let state: string;
let nginx: NginxServer;

function http(): string {
  return `
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    log_format probe 'time=$time_iso8601 client=$remote_addr vhost=$host:$server_port "$request_method $request_uri" status=$status';
    server {
        listen 127.0.0.1:${SHOP};
        server_name shop.test;
        root ${root}/shop;
        index index.html;
        access_log ${state}/shop.log;
        location /admin/ {
            allow 127.0.0.2;
            deny all;
        }
        location /links/ {
            disable_symlinks on;
        }
        location = /gone {
            return 403;
        }
        location /members/ {
            auth_basic "members";
            auth_basic_user_file ${state}/htpasswd;
        }
    }
    server {
        listen 127.0.0.1:${BLOG};
        server_name blog.test;
        root ${root}/shop;
        access_log ${state}/blog.log main;
        location /admin/ {
            deny 127.0.0.3;
        }
    }
    server {
        listen 127.0.0.1:${SHARED};
        server_name a.test;
        root ${root}/shop;
        access_log ${state}/vhosts.log probe;
        location /admin/ {
            deny 127.0.0.3;
        }
    }
    server {
        listen 127.0.0.1:${SHARED};
        server_name b.test;
        root ${root}/shop;
        access_log ${state}/vhosts.log probe;
    }
`;
}

function buildTree(): void {
  const file = (path: string, mode = 0o644): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), `${path}\n`);
    chmodSync(join(root, path), mode);
  };
  file('shop/index.html');
  file('shop/admin/index.html');
  file('shop/members/index.html');
  mkdirSync(join(root, 'shop/downloads'), { recursive: true });
  file('shop/private.html', 0o600);
  file('shop/locked/page.html');
  chmodSync(join(root, 'shop/locked'), 0o700);
  mkdirSync(join(root, 'shop/links'));
  symlinkSync('../index.html', join(root, 'shop/links/page.html'));
  chownSync(join(root, 'shop/private.html'), 0, 0);
}

/** Requests in an order that puts every silent answer (return, 401) between lines the error log dates. */
const REQUESTS: readonly { port: number; host: string; path: string; clientIp: string }[] = [
  { port: SHOP, host: 'shop.test', path: '/', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/admin/', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/admin/', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/downloads/', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/gone', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/private.html', clientIp: '127.0.0.4' },
  { port: SHOP, host: 'shop.test', path: '/members/', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/locked/page.html', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/links/page.html', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/missing.html', clientIp: '127.0.0.4' },
  { port: SHOP, host: 'shop.test', path: '/admin/', clientIp: '127.0.0.4' },
  { port: BLOG, host: 'blog.test', path: '/admin/', clientIp: '127.0.0.3' },
  { port: BLOG, host: 'blog.test', path: '/admin/', clientIp: '127.0.0.4' },
  { port: BLOG, host: 'blog.test', path: '/private.html', clientIp: '127.0.0.2' },
  { port: BLOG, host: 'blog.test', path: '/downloads/', clientIp: '127.0.0.4' },
  { port: SHARED, host: 'a.test', path: '/admin/', clientIp: '127.0.0.3' },
  { port: SHARED, host: 'b.test', path: '/admin/', clientIp: '127.0.0.3' },
  { port: SHARED, host: 'b.test', path: '/downloads/', clientIp: '127.0.0.2' },
  { port: SHARED, host: 'a.test', path: '/locked/page.html', clientIp: '127.0.0.4' },
  { port: SHARED, host: 'a.test', path: '/missing.html', clientIp: '127.0.0.2' },
];

/** What decides each cause: the refusing rule or setting, the mode of a path component, the missing file. */
const DECIDERS: Readonly<Record<string, Decider>> = {
  'forbidden-by-rule': /^\s*deny /,
  // With nginx's built-in `index index.html` and no location, the server block itself is the setting.
  'directory-index-forbidden': /^\s*(index|autoindex|location|server|root|alias) /,
  'permission-denied': 'file-mode',
  'symlink-forbidden': /^\s*disable_symlinks /,
  return: /^\s*return 403;/,
  'not-found': 'missing-file',
  'auth-required': /^\s*auth_basic /,
};

const STATUSES = ['--status', '401,403,404'];

beforeAll(async () => {
  root = makeTempRoot('forbidlint-logs-nginx-root-');
  state = makeTempRoot('forbidlint-logs-nginx-state-');
  buildTree();
  // A password file nobody's credentials are sent for: a request without them is 401.
  writeFileSync(join(state, 'htpasswd'), 'member:$apr1$abc$invalidinvalidinvalid00\n');
  chmodSync(join(state, 'htpasswd'), 0o644);
  nginx = await startNginx({ dir: state, config: nginxMainConfig(state, { user: 'www-data', http: http() }), ports: [SHOP, BLOG, SHARED] });
  for (const request of REQUESTS) await nginx.send(request);
  // nginx writes its access log when a request ends; stopping it flushes nothing more, but waits for the workers.
  await nginx.stop();
});

afterAll(() => {
  removeTree(root);
  rmSync(state, { recursive: true, force: true });
});

describe('forbidlint logs on what a real nginx logged', () => {
  test('the stock combined format: every 403, 401 and 404 with the error log\'s cause and the deciding line', async () => {
    const run = await runLogs([join(state, 'nginx.conf'), '--access-log', join(state, 'shop.log'), '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state });
    expectEveryEntryExplained(run, DECIDERS);
    expect(new Set(run.report.entries.map((e) => e.predicted.cause))).toEqual(
      new Set(['forbidden-by-rule', 'directory-index-forbidden', 'return', 'permission-denied', 'auth-required', 'symlink-forbidden', 'not-found']),
    );
    // Refusals nginx logs are matched to their error-log line; return and basic auth log none.
    for (const entry of run.report.entries) {
      const silent = entry.predicted.cause === 'return' || entry.predicted.cause === 'auth-required';
      expect(entry.serverCause?.errorLogLine === null, `${entry.path} from ${entry.clientIp}`).toBe(silent);
    }
    // The host comes from the only server that writes shop.log; the clients from the log.
    expect(new Set(run.report.entries.map((e) => e.host))).toEqual(new Set(['shop.test']));
    expect(new Set(run.report.entries.map((e) => e.clientIp))).toEqual(new Set(['127.0.0.2', '127.0.0.3', '127.0.0.4']));
    expect(run.report.summary.format).toMatchObject({ name: 'combined', declaredAt: null, recognisedBy: 'path' });
    // Two refusals by the same deny from two clients are one group.
    const denied = run.report.groups.filter((g) => g.predicted.cause === 'forbidden-by-rule');
    expect(denied).toHaveLength(1);
    expect(denied[0]?.count).toBe(2);
    expect(denied[0]?.examples.map((e) => e.clientIp)).toEqual(['127.0.0.3', '127.0.0.4']);
  });

  test('a file mode is named with its mode, owner and the web user', async () => {
    const run = await runLogs([join(state, 'nginx.conf'), '--access-log', join(state, 'shop.log'), '--error-log', join(state, 'error.log')], { cwd: state });
    const locked = run.report.entries.find((e) => e.path === '/locked/page.html');
    expect(locked?.denial).toEqual({ path: join(root, 'shop/locked'), mode: '0700', owner: 'root', group: 'root', webUser: 'www-data', need: 'search' });
    const privateFile = run.report.entries.find((e) => e.path === '/private.html');
    expect(privateFile?.denial).toEqual({ path: join(root, 'shop/private.html'), mode: '0600', owner: 'root', group: 'root', webUser: 'www-data', need: 'read' });
    expect(privateFile?.fsPath).toBe(join(root, 'shop/private.html'));
    expect(privateFile?.fix).toMatch(/chmod/);
  });

  test("nginx.org's main format, declared in the config", async () => {
    const run = await runLogs([join(state, 'nginx.conf'), '--access-log', join(state, 'blog.log'), '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state });
    expectEveryEntryExplained(run, DECIDERS);
    expect(run.report.entries.map((e) => [e.host, e.path, e.clientIp, e.predicted.cause])).toEqual([
      ['blog.test', '/admin/', '127.0.0.3', 'forbidden-by-rule'],
      ['blog.test', '/private.html', '127.0.0.2', 'permission-denied'],
      ['blog.test', '/downloads/', '127.0.0.4', 'directory-index-forbidden'],
    ]);
    expect(run.report.summary.format.name).toBe('main');
    expect(run.report.summary.format.declaredAt?.file).toBe(join(state, 'nginx.conf'));
  });

  test('a custom format with $host and $server_port: two servers share the log, each request replayed on its own', async () => {
    const run = await runLogs([join(state, 'nginx.conf'), '--access-log', join(state, 'vhosts.log'), '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state });
    expectEveryEntryExplained(run, DECIDERS);
    expect(run.report.entries.map((e) => [e.host, e.path, e.predicted.cause])).toEqual([
      ['a.test', '/admin/', 'forbidden-by-rule'],
      ['b.test', '/downloads/', 'directory-index-forbidden'],
      ['a.test', '/locked/page.html', 'permission-denied'],
      ['a.test', '/missing.html', 'not-found'],
    ]);
    expect(run.report.summary.format.name).toBe('probe');
  });

  test('standard input and a gzip\'d rotation read like the log itself', async () => {
    const fromStdin = await runLogs([join(state, 'nginx.conf'), '--access-log', '-', '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state, stdin: readFileSync(join(state, 'vhosts.log'), 'utf8') });
    expectEveryEntryExplained(fromStdin, DECIDERS);
    expect(fromStdin.report.summary.format).toMatchObject({ name: 'probe', recognisedBy: 'lines' });
    expect(fromStdin.report.entries).toHaveLength(4);

    writeFileSync(join(state, 'shop.log.2.gz'), gzipSync(readFileSync(join(state, 'shop.log'))));
    const rotated = await runLogs([join(state, 'nginx.conf'), '--access-log', join(state, 'shop.log.2.gz'), '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state });
    expectEveryEntryExplained(rotated, DECIDERS);
    expect(rotated.report.summary.format.recognisedBy).toBe('path');
    expect(rotated.report.entries).toHaveLength(9);
  });

  test('a 403 written by hand for a URL the config serves is not explained by the configuration', async () => {
    const log = join(state, 'shop-with-waf.log');
    const original = readFileSync(join(state, 'shop.log'), 'utf8');
    const extra = '127.0.0.3 - - [06/Dec/2026:01:02:03 +0000] "GET /index.html HTTP/1.1" 403 153 "-" "curl/8.5.0"\n';
    writeFileSync(log, original);
    appendFileSync(log, extra);
    const run = await runLogs([join(state, 'nginx.conf'), '--access-log', log, '--host', `shop.test:${SHOP}`, '--error-log', join(state, 'error.log')], { cwd: state });
    expect(run.code).toBe(1);
    const added = run.report.entries.find((e) => e.path === '/index.html');
    expect(added).toMatchObject({ status: 403, predicted: { status: 200, cause: null }, agrees: false, explanation: 'not-explained', clientIp: '127.0.0.3', host: 'shop.test' });
    expect(run.report.groups[0]).toMatchObject({ explanation: 'not-explained', count: 1, predicted: { status: 200 } });
    expect(run.report.summary).toMatchObject({ notExplained: 1, explained: run.report.entries.length - 1 });
  });
});
