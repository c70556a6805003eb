import { describe, expect, it } from 'vitest';
import { documentDialect } from '../../src/lsp/document-kind.js';
import { rangesMeet, toRange } from '../../src/lsp/positions.js';

const NGINX_TEXT = 'server {\n  listen 80;\n}\n';
const APACHE_TEXT = '<VirtualHost *:80>\n  DocumentRoot /srv/www\n</VirtualHost>\n';

describe('documentDialect', () => {
  it.each([
    // The name of a main file or a .htaccess wins over the editor's language id.
    ['/etc/nginx/nginx.conf', 'plaintext', NGINX_TEXT, 'nginx'],
    ['/srv/app/.htaccess', 'nginx', 'Require all granted\n', 'apache'],
    ['/etc/httpd/conf/httpd.conf', 'plaintext', APACHE_TEXT, 'apache'],
    ['/etc/apache2/apache2.conf', 'plaintext', APACHE_TEXT, 'apache'],
    // Then the language id.
    ['/home/me/site.txt', 'nginx', APACHE_TEXT, 'nginx'],
    ['/home/me/site.txt', 'apacheconf', NGINX_TEXT, 'apache'],
    ['/home/me/site.txt', 'apache', NGINX_TEXT, 'apache'],
    // Then the layout, with the path or the text deciding the dialect.
    ['/etc/nginx/conf.d/app.conf', 'plaintext', APACHE_TEXT, 'nginx'],
    ['/etc/apache2/conf-enabled/security.conf', 'plaintext', NGINX_TEXT, 'apache'],
    ['/srv/deploy/sites-enabled/app', 'plaintext', APACHE_TEXT, 'apache'],
    ['/srv/deploy/sites-available/app', 'plaintext', NGINX_TEXT, 'nginx'],
    // Anything else is not server configuration.
    ['/home/me/app.conf', 'plaintext', NGINX_TEXT, undefined],
    ['/etc/nginx/README', 'markdown', NGINX_TEXT, undefined],
    ['/srv/deploy/sites-enabled/app/nested', 'plaintext', NGINX_TEXT, undefined],
  ])('%s (%s)', (file, languageId, text, dialect) => {
    expect(documentDialect(file, languageId, text, [])).toBe(dialect);
  });

  it.each([
    ['/repo/deploy/web.vhost', ['*.vhost'], 'nginx'],
    ['/repo/deploy/web.vhost', ['deploy/*.vhost'], 'nginx'],
    ['/repo/other/web.vhost', ['deploy/*.vhost'], undefined],
    ['/elsewhere/deploy/web.vhost', ['*.vhost'], undefined],
  ])('%s with patterns %j relative to /repo', (file, patterns, dialect) => {
    expect(documentDialect(file, 'plaintext', NGINX_TEXT, [{ baseDir: '/repo', patterns }])).toBe(dialect);
  });
});

describe('toRange', () => {
  it.each([
    [{ line: 7, column: 7, endLine: 7, endColumn: 16 }, { start: { line: 6, character: 6 }, end: { line: 6, character: 15 } }],
    [{ line: 2, column: 3, endLine: 4, endColumn: 1 }, { start: { line: 1, character: 2 }, end: { line: 3, character: 0 } }],
    // A zero-width anchor at the start of a file, and one whose end was written before its start.
    [{ line: 1, column: 1, endLine: 1, endColumn: 1 }, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }],
    [{ line: 5, column: 9, endLine: 1, endColumn: 1 }, { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } }],
  ])('%j', (span, range) => {
    expect(toRange(span)).toEqual(range);
  });
});

describe('rangesMeet', () => {
  const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
  it.each([
    [at(6, 6, 15), at(6, 8, 8), true],
    [at(6, 6, 15), at(6, 15, 15), true],
    [at(6, 6, 15), at(6, 0, 6), true],
    [at(6, 6, 15), at(6, 16, 20), false],
    [at(6, 6, 15), at(7, 0, 0), false],
    [{ start: { line: 2, character: 5 }, end: { line: 4, character: 1 } }, at(3, 0, 0), true],
  ])('%j and %j: %s', (a, b, meet) => {
    expect(rangesMeet(a, b)).toBe(meet);
    expect(rangesMeet(b, a)).toBe(meet);
  });
});
