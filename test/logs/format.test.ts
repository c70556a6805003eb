import { describe, expect, test } from 'vitest';
import { APACHE_STOCK_FORMATS, NGINX_STOCK_FORMATS, compileApacheFormat, compileNginxFormat, fieldsOf, type CompiledFormat } from '../../src/logs/format.js';
import { toLogEntry, type LogEntry } from '../../src/logs/log-entry.js';

function entryOf(format: CompiledFormat, line: string): LogEntry | string {
  const match = format.regex.exec(line);
  if (match === null) return 'no match';
  const parsed = toLogEntry(1, fieldsOf(format, match));
  return parsed.ok ? parsed.entry : parsed.reason;
}

const nginx = (text: string): CompiledFormat => compileNginxFormat('test', text);
const apache = (text: string): CompiledFormat => compileApacheFormat('test', text);

describe('access-log formats', () => {
  test.each([
    {
      about: "nginx's combined, with an escaped quote in the user agent",
      format: nginx(NGINX_STOCK_FORMATS['combined'] as string),
      line: '127.0.0.2 - - [06/Dec/2026:01:02:03 +0100] "GET /admin/?a=1 HTTP/1.1" 403 153 "-" "curl \\x22quoted\\x22"',
      entry: { clientIp: '127.0.0.2', method: 'GET', path: '/admin/', query: 'a=1', status: 403, time: { epochMs: Date.UTC(2026, 11, 6, 0, 2, 3), wallSeconds: Date.UTC(2026, 11, 6, 1, 2, 3) / 1000 } },
    },
    {
      about: "nginx.org's main",
      format: nginx(NGINX_STOCK_FORMATS['main'] as string),
      line: '10.0.0.1 - bob [06/Dec/2026:01:02:03 +0000] "POST /api HTTP/2.0" 401 0 "https://x/" "Mozilla/5.0 (X11)" "-"',
      entry: { clientIp: '10.0.0.1', method: 'POST', path: '/api', query: '', status: 401 },
    },
    {
      about: 'nginx $host, $server_port, $request_uri and $time_iso8601',
      format: nginx('$time_iso8601 $remote_addr $host:$server_port "$request_method $request_uri" $status'),
      line: '2026-12-06T01:02:03+00:00 127.0.0.3 shop.test:8080 "GET /a%20b?x" 403',
      entry: { clientIp: '127.0.0.3', host: 'shop.test', port: 8080, path: '/a%20b', query: 'x', status: 403, time: { epochMs: Date.UTC(2026, 11, 6, 1, 2, 3), wallSeconds: Date.UTC(2026, 11, 6, 1, 2, 3) / 1000 } },
    },
    {
      about: 'nginx ${var} braces and a raw byte the server escaped in the request line',
      format: nginx('${remote_addr} "${request}" ${status}'),
      line: '127.0.0.2 "GET /caf\\xC3\\xA9 HTTP/1.1" 403',
      entry: { path: '/caf%C3%A9', status: 403 },
    },
    {
      about: "Debian's vhost_combined names the server and its canonical port",
      format: apache(APACHE_STOCK_FORMATS['vhost_combined'] as string),
      line: 'blog.test:80 127.0.0.4 - - [06/Dec/2026:01:02:03 +0000] "GET /private/ HTTP/1.1" 403 437 "-" "curl/8.5.0"',
      entry: { clientIp: '127.0.0.4', host: 'blog.test', port: 80, path: '/private/', status: 403 },
    },
    {
      about: 'Apache %a over %h, %{Host}i with a port, %U%q and %{sec}t',
      format: apache('%{sec}t %h %a %{Host}i "%m %U%q" %>s'),
      line: '1796519779 proxy.example 127.0.0.2 b.test:81 "GET /a b/c?x=1" 403',
      entry: { clientIp: '127.0.0.2', host: 'b.test', port: 81, path: '/a%20b/c', query: 'x=1', status: 403 },
    },
    {
      about: "Apache's escaped quote inside %r, replayed as sent, and %s when %>s is not logged",
      format: apache('%h "%r" %s'),
      line: '127.0.0.2 "GET /say\\"hi\\" HTTP/1.1" 403',
      entry: { path: '/say"hi"', status: 403 },
    },
    {
      about: 'an absolute-form request target names the host',
      format: nginx(NGINX_STOCK_FORMATS['combined'] as string),
      line: '127.0.0.2 - - [06/Dec/2026:01:02:03 +0000] "GET http://Shop.Test:8080/x HTTP/1.1" 403 1 "-" "-"',
      entry: { host: 'shop.test', path: '/x' },
    },
  ])('$about', ({ format, line, entry }) => {
    expect(entryOf(format, line)).toMatchObject(entry);
  });

  test.each([
    { about: 'a line of another format', format: nginx(NGINX_STOCK_FORMATS['main'] as string), line: '127.0.0.2 - - [06/Dec/2026:01:02:03 +0000] "GET / HTTP/1.1" 403 1 "-" "-"', reason: 'no match' },
    { about: 'a request line that never reached a handler', format: apache(APACHE_STOCK_FORMATS['common'] as string), line: '127.0.0.2 - - [06/Dec/2026:01:02:03 +0000] "\\x16\\x03\\x01" 400 0', reason: 'request line "\\x16\\x03\\x01" cannot be replayed' },
    { about: 'a format without the request', format: nginx('$remote_addr $status'), line: '127.0.0.2 403', reason: 'the format logs no request line and no method' },
  ])('$about is refused with a reason', ({ format, line, reason }) => {
    expect(entryOf(format, line)).toBe(reason);
  });

  test('common reads a combined line too, which is why the longer format wins a tie', () => {
    const line = '127.0.0.2 - - [06/Dec/2026:01:02:03 +0000] "GET / HTTP/1.1" 403 1 "-" "-"';
    expect(compileApacheFormat('common', APACHE_STOCK_FORMATS['common'] as string).regex.test(line)).toBe(true);
    expect(compileApacheFormat('combined', APACHE_STOCK_FORMATS['combined'] as string).regex.test(line)).toBe(true);
  });

  test('the declaration is kept for the report', () => {
    const loc = { file: '/etc/nginx/nginx.conf', line: 3, column: 5, endLine: 3, endColumn: 40 };
    expect(compileNginxFormat('probe', '$status', loc)).toMatchObject({ name: 'probe', dialect: 'nginx', declaredAt: loc, roles: ['status'], statusGroup: 1 });
  });
});
