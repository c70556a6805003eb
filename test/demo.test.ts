import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { main } from '../src/cli/main.js';

/**
 * The demo `npm start` lints (fixtures/demo): every problem planted in it is found, by the rule
 * meant for it, at its line, and nothing else is.
 */
const demo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/demo');

describe('the demo server', () => {
  it('shows each planted problem once, at its line', async () => {
    let stdout = '';
    const code = await main(['--format', 'json'], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => expect.fail(t) },
      readStdin: async () => '',
      cwd: demo,
      env: {},
    });
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; fsPath?: string }[] }[];
    const found = results.flatMap((r) => r.messages.map((m) => `${path.relative(demo, r.filePath)}:${m.line} ${m.ruleId}${m.fsPath ? ` ${m.fsPath}` : ''}`)).sort();
    expect(found).toEqual(
      [
        'root/etc/apache2/apache2.conf:23 apache/require-all-denied',
        'root/etc/apache2/apache2.conf:28 apache/htaccess-ignored',
        'root/etc/apache2/sites-enabled/blog.conf:3 exposure/sensitive-files /var/www/blog/backup.sql',
        'root/etc/apache2/sites-enabled/blog.conf:3 fs/web-user-writable /var/www/blog',
        // archive/ has no index: browsing it is refused, one rolled-up warning at the Options line.
        'root/etc/apache2/sites-enabled/blog.conf:7 apache/indexes-without-index',
        'root/etc/nginx/sites-enabled/shop.conf:6 exposure/sensitive-files /var/www/shop/.env',
        'root/etc/nginx/sites-enabled/shop.conf:6 exposure/sensitive-files /var/www/shop/.git',
        'root/etc/nginx/sites-enabled/shop.conf:6 fs/unreadable-by-web-user /var/www/shop/cart.html',
        'root/etc/nginx/sites-enabled/shop.conf:6 fs/unreadable-by-web-user /var/www/shop/reports',
        'root/etc/nginx/sites-enabled/shop.conf:6 fs/world-writable /var/www/shop/uploads',
        'root/etc/nginx/sites-enabled/shop.conf:6 nginx/directory-index-forbidden /var/www/shop/downloads',
        // uploads/ has no index: one rolled-up warning at the root (.git/ is the exposure finding's).
        'root/etc/nginx/sites-enabled/shop.conf:6 nginx/directory-index-forbidden',
        'root/etc/nginx/sites-enabled/shop.conf:16 nginx/deny-all',
        'root/etc/nginx/sites-enabled/shop.conf:25 nginx/alias-traversal',
        'root/etc/nginx/sites-enabled/shop.conf:25 nginx/root-unreachable /var/www/shop-assets',
      ].sort(),
    );
  });
});
