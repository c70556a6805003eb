import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';
import { copyWritable } from '../helpers/corpus.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';

/**
 * A stock Debian web server, as the nginx and apache2 packages install it, gives the recommended
 * preset nothing to report at error level: every built-in rule at once, through the real CLI,
 * over a real tree mounted with --root.
 */
const LINK_FILE = /^\.\.\/[^\n]*$/;

/** The corpus keeps Debian's *-enabled symlinks as files holding their target: make them links again. */
function restoreLinks(dir: string): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) {
      restoreLinks(file);
    } else if (/-enabled$/.test(path.basename(dir))) {
      const text = readFileSync(file, 'utf8');
      if (LINK_FILE.test(text)) {
        unlinkSync(file);
        symlinkSync(text, file);
      }
    }
  }
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'forbidlint-debian-'));
  // mkdtemp makes 0700 directories: the server's / is 0755, or www-data could search nothing.
  chmodSync(root, 0o755);
  for (const server of ['nginx', 'apache2']) {
    copyWritable(path.join(CORPUS_DIR, server === 'nginx' ? 'nginx/debian' : 'apache/debian'), path.join(root, 'etc', server));
  }
  for (const server of ['nginx', 'apache2']) restoreLinks(path.join(root, 'etc', server));
  writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nwww-data:x:33:\nnogroup:x:65534:\n');
  mkdirSync(path.join(root, 'var/www/html'), { recursive: true });
  writeFileSync(path.join(root, 'var/www/html/index.nginx-debian.html'), '<h1>Welcome to nginx!</h1>\n');
  writeFileSync(path.join(root, 'var/www/html/index.html'), '<h1>Apache2 Debian Default Page</h1>\n');
  mkdirSync(path.join(root, 'usr/share/nginx/html'), { recursive: true });
  writeFileSync(path.join(root, 'usr/share/nginx/html/index.html'), '<h1>Welcome to nginx!</h1>\n');
  mkdirSync(path.join(root, 'usr/share/apache2/icons'), { recursive: true });
  writeFileSync(path.join(root, 'usr/share/apache2/icons/README'), 'icons\n');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Lints one entry config of the stock tree and returns its error-level findings as `file:line rule`. */
async function errorsOf(config: string): Promise<{ code: number; errors: string[] }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--root', root, '--format', 'json', path.join(root, config)], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    readStdin: async () => '',
    cwd: root,
    env: {},
  });
  expect(stderr).toBe('');
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; severity: number; line: number; message: string }[] }[];
  return { code, errors: results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId} ${m.message}`)) };
}

describe('a stock Debian nginx and apache2 under forbidlint:recommended', () => {
  it.each([['etc/nginx/nginx.conf'], ['etc/apache2/apache2.conf']])('%s: no errors', async (config) => {
    expect(await errorsOf(config)).toEqual({ code: 0, errors: [] });
  });

  it.each([
    ['etc/nginx/nginx.conf', 'var/www/html/index.nginx-debian.html', 'etc/nginx/sites-enabled/default:'],
    ['etc/apache2/apache2.conf', 'var/www/html/index.html', 'etc/apache2/'],
  ])('%s: the same install with its welcome page made unreadable is reported', async (config, page, where) => {
    chmodSync(path.join(root, page), 0o600);
    try {
      const { code, errors } = await errorsOf(config);
      expect(code).toBe(1);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.startsWith(where))).toBe(true);
      // The owner is root in CI and whoever runs the tests elsewhere.
      expect(errors.join('\n')).toMatch(new RegExp(`/${page.replace(/\./g, '\\.')} is 0600 \\S+: www-data cannot read it`));
    } finally {
      chmodSync(path.join(root, page), 0o644);
    }
  });
});
