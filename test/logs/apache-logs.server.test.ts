import { appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApache, type ApacheServer } from '../helpers/apache-server.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';
import { expectEveryEntryExplained, runLogs, type Decider } from './run-logs.js';

/**
 * A real Apache httpd writes its access logs in Debian's `combined` and `vhost_combined`
 * formats and in one of its own, and its error log, for requests from several loopback
 * addresses that end in every AH code of the design's vocabulary (and the 403 with none);
 * `forbidlint logs` must explain each with the AH code the error log shows and the deciding line.
 */

const SHOP = 21650;
const SHARED = 21651;

let root: string;
let state: string;
let apache: ApacheServer;

function body(): string {
  return `
Listen 127.0.0.1:${SHOP}
Listen 127.0.0.1:${SHARED}
User www-data
Group www-data
LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" vhost_combined
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
LogFormat "%h %l %u %t \\"%r\\" %>s %O" common
LogFormat "at=%{sec}t ip=%a host=%{Host}i \\"%m %U%q\\" -> %>s" probe
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory ${root}/www>
    AllowOverride None
    Require all granted
</Directory>
<Directory ${root}/www/admin>
    Require ip 127.0.0.2
</Directory>
<Directory ${root}/www/compat>
    Order Deny,Allow
    Deny from 127.0.0.3
</Directory>
<Directory ${root}/www/listed>
    Options +Indexes
</Directory>
<Directory ${root}/www/strict>
    Options None
</Directory>
<Directory ${root}/www/notes>
    AllowOverride All
</Directory>
<VirtualHost 127.0.0.1:${SHOP}>
    ServerName shop.test
    DocumentRoot ${root}/www
    CustomLog ${state}/shop.log combined
    RewriteEngine On
    RewriteRule ^/refused$ - [F]
</VirtualHost>
<VirtualHost 127.0.0.1:${SHARED}>
    ServerName a.test
    DocumentRoot ${root}/www
    CustomLog ${state}/other.log vhost_combined
</VirtualHost>
<VirtualHost 127.0.0.1:${SHARED}>
    ServerName b.test
    DocumentRoot ${root}/www
    CustomLog ${state}/other.log vhost_combined
    CustomLog ${state}/probe.log probe
</VirtualHost>
`;
}

function buildTree(): void {
  const file = (path: string, mode = 0o644): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), `${path}\n`);
    chmodSync(join(root, path), mode);
  };
  file('www/index.html');
  file('www/admin/index.html');
  file('www/compat/index.html');
  mkdirSync(join(root, 'www/empty'));
  file('www/listed/f.txt');
  chmodSync(join(root, 'www/listed'), 0o711);
  file('www/secret.txt', 0o600);
  file('www/closed/f.txt');
  chmodSync(join(root, 'www/closed'), 0o700);
  file('www/real.txt');
  mkdirSync(join(root, 'www/strict'));
  symlinkSync('../real.txt', join(root, 'www/strict/link.txt'));
  file('www/notes/f.txt');
  file('www/notes/.htaccess', 0o600);
}

const REQUESTS: readonly { port: number; host: string; path: string; clientIp: string }[] = [
  { port: SHOP, host: 'shop.test', path: '/', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/admin/', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/admin/', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/compat/', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/compat/', clientIp: '127.0.0.4' },
  { port: SHOP, host: 'shop.test', path: '/empty/', clientIp: '127.0.0.4' },
  { port: SHOP, host: 'shop.test', path: '/refused', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/listed/', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/secret.txt', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/closed/f.txt', clientIp: '127.0.0.4' },
  { port: SHOP, host: 'shop.test', path: '/strict/link.txt', clientIp: '127.0.0.2' },
  { port: SHOP, host: 'shop.test', path: '/notes/f.txt', clientIp: '127.0.0.3' },
  { port: SHOP, host: 'shop.test', path: '/missing.txt', clientIp: '127.0.0.4' },
  { port: SHARED, host: 'a.test', path: '/admin/', clientIp: '127.0.0.4' },
  { port: SHARED, host: 'b.test', path: '/secret.txt', clientIp: '127.0.0.2' },
  { port: SHARED, host: 'b.test', path: '/admin/?q=1', clientIp: '127.0.0.3' },
  { port: SHARED, host: 'a.test', path: '/empty/', clientIp: '127.0.0.3' },
];

/**
 * What decides each AH code: the Require or Deny line, the Options that refuse, the mode of a
 * component of the path (named with its owner and the web user), the missing file.
 */
const DECIDERS: Readonly<Record<string, Decider>> = {
  AH01630: /^\s*Require /,
  AH01797: /^\s*(Deny|Order) /,
  AH01276: /^\s*(DirectoryIndex|Options|<Directory) /,
  AH01275: 'file-mode',
  AH00132: 'file-mode',
  AH00035: 'file-mode',
  AH00037: /^\s*Options /,
  AH00529: /^\s*AllowOverride /,
  AH00128: 'missing-file',
  null: /^\s*RewriteRule /,
};

const STATUSES = ['--status', '403,404'];

type LoggedRequest = (string | null | undefined)[];

/**
 * httpd writes an access-log line after the response has gone out, so two requests sent one after
 * the other may be logged by two workers in either order: compare the lines as a set.
 */
function sortedRequests(requests: LoggedRequest[]): LoggedRequest[] {
  return [...requests].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function loggedRequests(run: Awaited<ReturnType<typeof runLogs>>): LoggedRequest[] {
  return sortedRequests(run.report.entries.map((e): LoggedRequest => [e.host, e.path, e.clientIp, e.predicted.cause]));
}

beforeAll(async () => {
  root = makeTempRoot('forbidlint-logs-apache-root-');
  state = makeTempRoot('forbidlint-logs-apache-state-');
  buildTree();
  apache = await startApache({ dir: state, body: body(), ports: [SHOP, SHARED] });
  for (const request of REQUESTS) await apache.send(request);
  await apache.stop();
});

afterAll(() => {
  removeTree(root);
  rmSync(state, { recursive: true, force: true });
});

describe('forbidlint logs on what a real Apache httpd logged', () => {
  test("Debian's combined format: every 403 and 404 with the error log's AH code and the deciding line", async () => {
    const run = await runLogs([join(state, 'httpd.conf'), '--access-log', join(state, 'shop.log'), '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state });
    expectEveryEntryExplained(run, DECIDERS);
    expect(new Set(run.report.entries.map((e) => e.predicted.cause))).toEqual(new Set(['AH01630', 'AH01797', 'AH01276', null, 'AH01275', 'AH00132', 'AH00035', 'AH00037', 'AH00529', 'AH00128']));
    expect(new Set(run.report.entries.map((e) => e.clientIp))).toEqual(new Set(['127.0.0.2', '127.0.0.3', '127.0.0.4']));
    const closed = run.report.entries.find((e) => e.path === '/closed/f.txt');
    expect(closed?.denial).toEqual({ path: join(root, 'www/closed'), mode: '0700', owner: 'root', group: 'root', webUser: 'www-data', need: 'search' });
  });

  test('vhost_combined names the virtual host and port of each line of a shared log', async () => {
    const run = await runLogs([join(state, 'httpd.conf'), '--access-log', join(state, 'other.log'), '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state });
    expectEveryEntryExplained(run, DECIDERS);
    expect(loggedRequests(run)).toEqual(sortedRequests([
      ['a.test', '/admin/', '127.0.0.4', 'AH01630'],
      ['b.test', '/secret.txt', '127.0.0.2', 'AH00132'],
      ['b.test', '/admin/?q=1', '127.0.0.3', 'AH01630'],
      ['a.test', '/empty/', '127.0.0.3', 'AH01276'],
    ]));
    expect(run.report.summary.format).toMatchObject({ name: 'vhost_combined', recognisedBy: 'path' });
  });

  test('a custom LogFormat with %a, %{Host}i, %m, %U%q and an epoch time', async () => {
    const run = await runLogs([join(state, 'httpd.conf'), '--access-log', join(state, 'probe.log'), '--error-log', join(state, 'error.log'), ...STATUSES], { cwd: state });
    expectEveryEntryExplained(run, DECIDERS);
    expect(loggedRequests(run)).toEqual(sortedRequests([
      ['b.test', '/secret.txt', '127.0.0.2', 'AH00132'],
      ['b.test', '/admin/?q=1', '127.0.0.3', 'AH01630'],
    ]));
    expect(run.report.summary.format.name).toBe('probe');
    expect(run.report.summary.format.declaredAt?.line).toBeGreaterThan(0);
  });

  test('a 403 written by hand for a URL the config serves is not explained by the configuration', async () => {
    const log = join(state, 'shop.log.1');
    writeFileSync(log, readFileSync(join(state, 'shop.log')));
    appendFileSync(log, '127.0.0.4 - - [06/Dec/2026:01:02:03 +0000] "GET /index.html HTTP/1.1" 403 199 "-" "curl/8.5.0"\n');
    const run = await runLogs([join(state, 'httpd.conf'), '--access-log', log, '--error-log', join(state, 'error.log')], { cwd: state });
    expect(run.code).toBe(1);
    const added = run.report.entries.filter((e) => e.explanation !== 'explained');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ path: '/index.html', status: 403, predicted: { status: 200, cause: null }, agrees: false, explanation: 'not-explained', host: 'shop.test' });
  });
});
