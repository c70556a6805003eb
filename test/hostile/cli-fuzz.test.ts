import { rmSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempTree, writeTree } from '../cli/run-cli.js';

/**
 * The CLI's inputs, fuzzed: configs of both dialects built from the pieces that break parsers
 * and simulators (braces, quotes, escapes, continuations, regexes with nested quantifiers,
 * includes of devices), listings with broken lines, rc files of any shape. Every run must end
 * with exit 0, 1 or 2, never an internal error, and in bounded time.
 */
const tree = tempTree({});
afterAll(() => tree.cleanup());

const nginxPiece = fc.constantFrom(
  'server {', 'http {', 'location / {', 'location ~ ^/(a+)+b {', 'location ~* (?!x)(.*)*$ {', 'location = /x {', '}', '}', ';', '{',
  'listen 80;', 'server_name "a\\r\\u001b";', 'root /srv/www;', 'alias /srv/x/;', 'deny all;', 'allow 127.0.0.1;', 'index index.html;',
  'autoindex on;', 'include /dev/zero;', 'include *.conf;', 'return 403;', 'rewrite ^/(.*)$ /$1 last;', 'if ($uri ~ (a|aa)+$) {', '"', "'", '\\', '#',
  '$', '${x}', 'user www-data;', 'events {}', '\n', ' ', '\t', '\r\n', '\u0000', '\uFFFD',
);
const apachePiece = fc.constantFrom(
  '<VirtualHost *:80>', '</VirtualHost>', '<Directory />', '</Directory>', '<DirectoryMatch "^/(a+)+$">', '</DirectoryMatch>', '<Files ~ "(?<=x)y">', '</Files>',
  '<If "%{REQUEST_URI} =~ /(a|a)+$/">', '</If>', '<IfModule x>', '</IfModule>', 'Require all denied', 'Require all granted', 'Options -Indexes', 'AllowOverride All',
  'DocumentRoot /srv/www', 'RewriteEngine on', 'RewriteRule ^(.*)+$ - [F]', 'SetEnvIf Request_URI "(a+)+$" x', 'Include /dev/zero', 'Define X', '${X}', '\\', '\n', ' ', '"', '\r\n', '\u001b',
);
const listingLine = fc.oneof(
  fc.constantFrom('755 0 0 d 4096 /', '755 0 0 d 4096 /srv', '755 0 0 d 4096 /srv/www', '644 0 0 f 3 /srv/www/index.html', '777 33 33 d 0 /srv/www/up', '777 0 0 l 1 /srv/www/l\t/', '755 0 0 d 1 /srv/www/..'),
  fc.string({ maxLength: 40 }),
  fc.tuple(fc.nat(0o17777), fc.bigInt({ min: 0n, max: 1n << 40n }), fc.nat(), fc.constantFrom('f', 'd', 'l', 'x'), fc.string({ maxLength: 12 })).map(([m, u, g, t, p]) => `${m.toString(8)} ${u} ${g} ${t} 1 /srv/www/${p}`),
);
const rcFile = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{ "rules": { "nginx/deny-all": "off" } }', '{ "extends": "/etc/passwd" }', '{ "$import": "../../x" }', '{ "plugins": ["x"] }', 'rules: [', '{ "__proto__": { "rules": 1 } }', ''),
);

describe('fuzzing the CLI inputs', () => {
  it('ends with exit 0, 1 or 2 and no internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('nginx', 'apache'),
        fc.array(nginxPiece, { maxLength: 60 }),
        fc.array(apachePiece, { maxLength: 60 }),
        fc.array(listingLine, { maxLength: 12 }),
        fc.option(rcFile, { nil: undefined }),
        fc.constantFrom('stylish', 'compact', 'github', 'json'),
        async (dialect, nginxPieces, apachePieces, listing, rc, format) => {
          const dir = path.join(tree.dir, 'case');
          rmSync(dir, { recursive: true, force: true });
          const config = dialect === 'nginx' ? `events {}\n${nginxPieces.join(' ')}` : apachePieces.join(' ');
          const file = dialect === 'nginx' ? 'nginx.conf' : 'apache2.conf';
          const started = performance.now();
          const files: Record<string, string> = { [file]: config, 'web.find': `${listing.join('\n')}\n` };
          if (rc !== undefined) files['.forbidlintrc.json'] = rc;
          writeTree(dir, files);
          const lint = await runCli([file, '--fs-listing', 'web.find', '-f', format], { cwd: dir });
          expect([0, 1, 2]).toContain(lint.code);
          expect(lint.stderr).not.toContain('internal error');
          if (lint.code !== 2) {
            const explain = await runCli(['explain', file, 'http://localhost/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'], { cwd: dir });
            expect([0, 1, 2]).toContain(explain.code);
            expect(explain.stderr).not.toContain('internal error');
          }
          expect(performance.now() - started).toBeLessThan(15_000);
        },
      ),
      { numRuns: 60 },
    );
  }, 300_000);
});
