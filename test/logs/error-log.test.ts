import { describe, expect, test } from 'vitest';
import { ErrorLogMatcher, readErrorLog } from '../../src/logs/error-log.js';
import type { LogEntry } from '../../src/logs/log-entry.js';
import { parseSince } from '../../src/logs/log-time.js';

async function* linesOf(text: string): AsyncGenerator<string> {
  yield* text.split('\n').filter((line) => line !== '');
}

const at = (h: number, m: number, s: number): number => Date.UTC(2026, 11, 6, h, m, s) / 1000;

function entry(init: Partial<LogEntry> & { second: number }): LogEntry {
  const { second, ...rest } = init;
  return { line: 1, method: 'GET', path: '/', query: '', status: 403, clientIp: '127.0.0.2', time: { epochMs: second * 1000, wallSeconds: second }, ...rest };
}

const NGINX_LOG = `2026/12/06 01:02:02 [notice] 100#100: start worker processes
2026/12/06 01:02:03 [error] 101#101: *1 access forbidden by rule, client: 127.0.0.3, server: shop.test, request: "GET /admin/ HTTP/1.1", host: "shop.test"
2026/12/06 01:02:03 [error] 101#101: *2 directory index of "/srv/shop/downloads/" is forbidden, client: 127.0.0.3, server: shop.test, request: "GET /downloads/ HTTP/1.1", host: "shop.test"
2026/12/06 01:02:04 [error] 101#101: *3 open() "/srv/shop/private.html" failed (13: Permission denied), client: 127.0.0.4, server: shop.test, request: "GET /private.html HTTP/1.1", host: "shop.test"
2026/12/06 01:02:04 [error] 101#101: *3 open() "/srv/shop/other" failed (2: No such file or directory), client: 127.0.0.4, server: shop.test, request: "GET /private.html HTTP/1.1", host: "shop.test"
2026/12/06 01:02:09 [info] 101#101: *9 client closed connection while waiting for request, client: 127.0.0.2, server: 127.0.0.1:80
`;

const APACHE_LOG = `[Sun Dec 06 01:02:02.000001 2026] [mpm_prefork:notice] [pid 200:tid 200] AH00163: Apache/2.4 configured -- resuming normal operations
[Sun Dec 06 01:02:03.100000 2026] [authz_core:error] [pid 201:tid 201] [client 127.0.0.2:40001] AH01630: client denied by server configuration: /srv/www/admin/
[Sun Dec 06 01:02:03.200000 2026] [core:error] [pid 202:tid 202] (13)Permission denied: [client 127.0.0.2:40002] AH00132: file permissions deny server access: /srv/www/secret.txt
[Sun Dec 06 01:02:03.300000 2026] [core:crit] [pid 203:tid 203] (13)Permission denied: [client 127.0.0.2:40003] AH00529: /srv/www/notes/.htaccess pcfg_openfile: unable to check htaccess file, ensure it is readable and that '/srv/www/notes/' is executable
[Sun Dec 06 01:02:08.000000 2026] [mpm_prefork:notice] [pid 200:tid 200] AH00169: caught SIGTERM, shutting down
`;

describe('error logs', () => {
  test("nginx: one event per request, the first line with a cause, the request it names", async () => {
    const log = await readErrorLog('nginx', linesOf(NGINX_LOG));
    expect(log.events.map((e) => [e.line, e.clientIp, e.request?.path, e.cause])).toEqual([
      [2, '127.0.0.3', '/admin/', 'forbidden-by-rule'],
      [3, '127.0.0.3', '/downloads/', 'directory-index-forbidden'],
      [4, '127.0.0.4', '/private.html', 'permission-denied'],
    ]);
    expect(log.span).toEqual({ first: at(1, 2, 2), last: at(1, 2, 9) });
  });

  test('nginx: a request is matched by client, time and request line; a silent one inside the span is `return`, or `auth-required` for a 401', async () => {
    const matcher = new ErrorLogMatcher(await readErrorLog('nginx', linesOf(NGINX_LOG)));
    // The access log is written when the request ends: a second later is still the same request.
    expect(matcher.account(entry({ clientIp: '127.0.0.3', path: '/downloads/', second: at(1, 2, 4) }))).toMatchObject({ kind: 'logged', event: { cause: 'directory-index-forbidden' } });
    expect(matcher.account(entry({ clientIp: '127.0.0.3', path: '/admin/', second: at(1, 2, 3) }))).toMatchObject({ kind: 'logged', event: { line: 2 } });
    // Each event is taken once.
    expect(matcher.account(entry({ clientIp: '127.0.0.3', path: '/admin/', second: at(1, 2, 3) }))).toEqual({ kind: 'silent', cause: 'return' });
    expect(matcher.account(entry({ clientIp: '127.0.0.2', path: '/members/', status: 401, second: at(1, 2, 5) }))).toEqual({ kind: 'silent', cause: 'auth-required' });
    expect(matcher.account(entry({ clientIp: '127.0.0.2', path: '/late', second: at(1, 3, 0) }))).toEqual({ kind: 'unknown' });
  });

  test('Apache: the errno prefix, the client without its port, and pairing by the file the line names', async () => {
    const log = await readErrorLog('apache', linesOf(APACHE_LOG));
    expect(log.events.map((e) => [e.line, e.clientIp, e.cause])).toEqual([
      [2, '127.0.0.2', 'AH01630'],
      [3, '127.0.0.2', 'AH00132'],
      [4, '127.0.0.2', 'AH00529'],
    ]);
    const matcher = new ErrorLogMatcher(log);
    const second = at(1, 2, 3);
    // Three refusals of one client in one second: each takes the line about its own file.
    expect(matcher.account(entry({ path: '/notes/f.txt', second }), '/srv/www/notes/f.txt')).toMatchObject({ kind: 'logged', event: { cause: 'AH00529' } });
    expect(matcher.account(entry({ path: '/secret.txt', second }), '/srv/www/secret.txt')).toMatchObject({ kind: 'logged', event: { cause: 'AH00132' } });
    // A RewriteRule [F] logs nothing: the AH01630 line is about /admin/, not about it.
    expect(matcher.account(entry({ path: '/refused', second }))).toEqual({ kind: 'silent', cause: null });
    expect(matcher.account(entry({ path: '/admin/', second }), '/srv/www/admin/')).toMatchObject({ kind: 'logged', event: { cause: 'AH01630' } });
  });
});

describe('--since', () => {
  const now = Date.UTC(2026, 11, 6, 12, 0, 0);
  test.each([
    { text: '90s', at: now - 90_000 },
    { text: '15m', at: now - 15 * 60_000 },
    { text: '2h', at: now - 2 * 3_600_000 },
    { text: '7d', at: now - 7 * 86_400_000 },
    { text: '2026-12-06', at: Date.UTC(2026, 11, 6) },
    { text: '2026-12-06T01:30:00Z', at: Date.UTC(2026, 11, 6, 1, 30) },
    { text: '2026-12-06T01:30:00+01:00', at: Date.UTC(2026, 11, 6, 0, 30) },
    { text: 'yesterday', at: undefined },
    { text: '12/06/2026', at: undefined },
  ])('$text', ({ text, at }) => {
    expect(parseSince(text, now)).toBe(at);
  });
});
