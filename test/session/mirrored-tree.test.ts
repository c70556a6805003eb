import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, writeTree } from '../cli/run-cli.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';
import { mirroredRoot } from '../../src/session/mirrored-root.js';

/**
 * A copy of a Debian server in a directory (`X/etc/nginx`, `X/etc/apache2`, `X/var/www`), as
 * an admin copies one to check it: Debian's stock main configurations, whose includes and
 * served trees are the server's absolute paths, a site in sites-available/ enabled by a symlink,
 * and a served tree with a directory www-data cannot enter. A site file linted alone, with no
 * --root, must give what `--root X` gives for it on the whole configuration.
 */
const NGINX_SHOP = `server {
\tlisten 80;
\tserver_name shop.example.com;
\troot /var/www/shop;
\tindex index.html;
\tlocation /static {
\t\talias /var/www/shop/static/;
\t}
\tlocation /admin/ {
\t\tdeny all;
\t}
}
`;
const APACHE_SHOP = `<VirtualHost *:80>
\tServerName shop.example.com
\tDocumentRoot /var/www/shop
\t<Directory /var/www/shop>
\t\tAllowOverride All
\t</Directory>
\t<Directory /var/www/shop/admin>
\t\tRequire all denied
\t</Directory>
</VirtualHost>
`;

/** The corpus keeps Debian's *-enabled symlinks as files holding their target: made links again. */
function copyDebianTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  chmodSync(to, 0o755);
  for (const dir of readdirSync(to).filter((name) => name.endsWith('-enabled'))) {
    chmodSync(path.join(to, dir), 0o755);
    for (const name of readdirSync(path.join(to, dir))) {
      const file = path.join(to, dir, name);
      const target = readFileSync(file, 'utf8').trim();
      if (!target.startsWith('../')) continue;
      unlinkSync(file);
      symlinkSync(target, file);
    }
  }
}

function debianCopy(root: string): void {
  copyDebianTree(path.join(CORPUS_DIR, 'nginx/debian'), path.join(root, 'etc/nginx'));
  copyDebianTree(path.join(CORPUS_DIR, 'apache/debian'), path.join(root, 'etc/apache2'));
  // Debian's default sites serve /var/www/html: only the shop is enabled here.
  for (const site of ['etc/nginx/sites-enabled/default', 'etc/apache2/sites-enabled/000-default.conf']) rmSync(path.join(root, site), { force: true });
  writeTree(root, {
    'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nalice:x:1000:1000::/home/alice:/bin/sh\n',
    'etc/group': 'root:x:0:\nwww-data:x:33:\nalice:x:1000:\n',
    'etc/nginx/sites-available/shop': NGINX_SHOP,
    'etc/apache2/sites-available/shop.conf': APACHE_SHOP,
    'var/www/shop/index.html': 'shop\n',
    'var/www/shop/static/app.css': 'body {}\n',
    'var/www/shop/private/report.html': 'private\n',
    'var/www/shop/admin/index.html': 'admin\n',
    'var/www/shop/static/.htaccess': 'Require all denied\n',
  });
  symlinkSync('../sites-available/shop', path.join(root, 'etc/nginx/sites-enabled/shop'));
  symlinkSync('../sites-available/shop.conf', path.join(root, 'etc/apache2/sites-enabled/shop.conf'));
  // The planted 403: a directory of the served tree that www-data cannot search.
  const secret = path.join(root, 'var/www/shop/private');
  chownSync(secret, 1000, 1000);
  chmodSync(secret, 0o700);
}

const haveCorpus = existsSync(path.join(CORPUS_DIR, 'nginx/debian/nginx.conf')) && existsSync(path.join(CORPUS_DIR, 'apache/debian/apache2.conf'));
const work = haveCorpus ? mkdtempSync(path.join(tmpdir(), 'forbidlint-mirror-')) : '';
const root = haveCorpus ? path.join(work, 'X') : '';
if (haveCorpus) debianCopy(root);
afterAll(() => {
  if (haveCorpus) rmSync(work, { recursive: true, force: true });
});

interface Finding {
  ruleId: string | null;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

async function lint(args: readonly string[], stdin?: string): Promise<{ byFile: Map<string, Finding[]>; stderr: string }> {
  const run = await runCli(['--format', 'json', ...args], { cwd: work, ...(stdin !== undefined ? { stdin } : {}) });
  expect(run.stderr).not.toMatch(/internal error/);
  const results = JSON.parse(run.stdout) as { filePath: string; messages: Finding[] }[];
  const byFile = new Map(results.map((r) => [path.relative(work, r.filePath), r.messages.map(({ ruleId, line, column, endLine, endColumn, message }) => ({ ruleId, line, column, endLine, endColumn, message }))]));
  return { byFile, stderr: run.stderr };
}

describe.skipIf(!haveCorpus)('a site file in a copy of a Debian server, linted alone', () => {
  it.each([
    ['nginx', 'X/etc/nginx/nginx.conf', 'X/etc/nginx/sites-enabled/shop', 'X/etc/nginx/sites-available/shop', NGINX_SHOP, ['fs/unreadable-by-web-user', 'nginx/alias-traversal', 'nginx/deny-all']],
    ['Apache', 'X/etc/apache2/apache2.conf', 'X/etc/apache2/sites-enabled/shop.conf', 'X/etc/apache2/sites-available/shop.conf', APACHE_SHOP, ['fs/unreadable-by-web-user', 'apache/require-all-denied']],
  ])('%s: reports what --root X reports for it on the whole configuration, at the same lines, with one note naming the root', async (_, main, enabled, available, text, rules) => {
    const full = (await lint(['--root', 'X', main])).byFile.get(enabled);
    expect(full?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(rules));
    expect(full?.find((f) => f.ruleId === 'fs/unreadable-by-web-user')?.message).toContain('/var/www/shop/private is 0700 alice:alice');

    const alone = await lint([available]);
    expect([...alone.byFile.keys()]).toEqual([available]);
    expect(alone.byFile.get(available)).toEqual(full);
    expect(alone.stderr).toBe(`forbidlint: note: ${available}: linted through ${main} with X as the audited root, as --root X would: X holds a copy of a server, whose configuration's absolute paths (includes, served trees, /etc/passwd) mean files there. Give --root to choose another.\n`);

    const piped = await lint(['--stdin', '--stdin-filename', available], text);
    expect(piped.byFile.get(available)).toEqual(full);
  });

  it('a .htaccess of the served tree is linted through the copy\'s apache2.conf that serves its directory', async () => {
    const full = (await lint(['--root', 'X', 'X/etc/apache2/apache2.conf'])).byFile.get('X/var/www/shop/static/.htaccess');
    expect(full?.map((f) => [f.ruleId, f.line])).toEqual([['apache/require-all-denied', 1]]);
    const alone = await lint(['X/var/www/shop/static/.htaccess']);
    expect(alone.byFile.get('X/var/www/shop/static/.htaccess')).toEqual(full);
    expect(alone.stderr).toBe("forbidlint: note: X/var/www/shop/static/.htaccess: linted through X/etc/apache2/apache2.conf with X as the audited root, as --root X would: X holds a copy of a server, whose configuration's absolute paths (includes, served trees, /etc/passwd) mean files there. Give --root to choose another.\n");
  });

  it('an unsaved buffer of the site file is what the main configuration reads through the symlink', async () => {
    const edited = NGINX_SHOP.replace('\tlocation /admin/ {', '\tlocation /files {\n\t\talias /var/www/files/;\n\t}\n\tlocation /admin/ {');
    const piped = await lint(['--stdin', '--stdin-filename', 'X/etc/nginx/sites-available/shop'], edited);
    expect(piped.byFile.get('X/etc/nginx/sites-available/shop')?.filter((f) => f.ruleId === 'nginx/alias-traversal').map((f) => f.line)).toEqual([7, 10]);
  });

  it('with --root given, the root is not guessed and no note is written', async () => {
    const run = await lint(['--root', 'X', 'X/etc/nginx/sites-available/shop']);
    expect(run.byFile.get('X/etc/nginx/sites-available/shop')).toEqual((await lint(['--root', 'X', 'X/etc/nginx/nginx.conf'])).byFile.get('X/etc/nginx/sites-enabled/shop'));
    expect(run.stderr).toBe('');
  });

  it('a copy without etc/passwd: the note says file permissions were not checked, which the main configuration alone reported', async () => {
    const bare = path.join(work, 'bare');
    copyDebianTree(path.join(CORPUS_DIR, 'nginx/debian'), path.join(bare, 'etc/nginx'));
    rmSync(path.join(bare, 'etc/nginx/sites-enabled/default'));
    writeTree(bare, { 'etc/nginx/sites-available/shop': NGINX_SHOP });
    symlinkSync('../sites-available/shop', path.join(bare, 'etc/nginx/sites-enabled/shop'));
    const full = await lint(['--root', 'bare', 'bare/etc/nginx/nginx.conf']);
    expect(full.byFile.get('bare/etc/nginx/nginx.conf')?.map((f) => f.message)).toEqual([expect.stringContaining('cannot check file permissions')]);
    const alone = await lint(['bare/etc/nginx/sites-available/shop']);
    expect(alone.byFile.get('bare/etc/nginx/sites-available/shop')).toEqual(full.byFile.get('bare/etc/nginx/sites-enabled/shop'));
    expect(alone.stderr).toContain('It holds no etc/passwd, so file permissions were not checked');
  });

  it('the main configuration or its directory named alone is audited at the copy too', async () => {
    const full = (await lint(['--root', 'X', 'X/etc/nginx/nginx.conf'])).byFile;
    for (const named of ['X/etc/nginx/nginx.conf', 'X/etc/nginx']) {
      const run = await lint([named]);
      expect(run.byFile).toEqual(full);
      expect(run.stderr).toContain('X/etc/nginx/nginx.conf: linted with X as the audited root');
    }
  });
});

describe.skipIf(!haveCorpus)('a server copy named in the project\'s servers without a root', () => {
  it('is audited at the copy\'s root, as the same entry with "root" is', async () => {
    const results = async (server: object) => {
      const project = mkdtempSync(path.join(work, 'project-'));
      writeTree(project, { '.forbidlintrc.json': JSON.stringify({ extends: 'forbidlint:recommended', servers: [server] }) });
      const run = await runCli(['--format', 'json'], { cwd: project });
      const parsed = JSON.parse(run.stdout) as { filePath: string; messages: Finding[] }[];
      return new Map(parsed.map((r) => [path.relative(work, r.filePath), r.messages.map(({ ruleId, line, message }) => ({ ruleId, line, message }))]));
    };
    const rooted = await results({ config: '../X/etc/nginx/nginx.conf', root: '../X' });
    expect(rooted.get('X/etc/nginx/sites-enabled/shop')?.map((f) => f.ruleId)).toContain('fs/unreadable-by-web-user');
    expect(await results({ config: '../X/etc/nginx/nginx.conf' })).toEqual(rooted);
  });
});

describe.skipIf(!haveCorpus)('explain on a server copy', () => {
  it('reads the copy\'s configuration at its root, as the lint does, and says so', async () => {
    const explain = (args: string[]) => runCli(['explain', ...args, '-f', 'json'], { cwd: work });
    const rooted = await explain(['--root', 'X', 'X/etc/nginx/nginx.conf', 'http://shop.example.com/private/report.html']);
    const guessed = await explain(['X/etc/nginx/nginx.conf', 'http://shop.example.com/private/report.html']);
    expect(JSON.parse(guessed.stdout)).toEqual(JSON.parse(rooted.stdout));
    expect(JSON.parse(guessed.stdout)).toMatchObject({ status: 403, cause: 'permission-denied' });
    expect(guessed.stderr).toBe('forbidlint: note: X/etc/nginx/nginx.conf: read with X as the audited root, as --root X would: X holds a copy of a server. Give --root to choose another.\n');
  });
});

describe.skipIf(!haveCorpus)('a directory searched on this machine', () => {
  it('audits each server copy found in it at that copy\'s root', async () => {
    writeTree(work, { 'deploy/app.conf': NGINX_SHOP.replace('/var/www/shop', '/srv/app') });
    const full = await lint(['--root', 'X', 'X/etc/nginx/nginx.conf', 'X/etc/apache2/apache2.conf']);
    const searched = await lint(['.']);
    for (const file of ['X/etc/nginx/sites-enabled/shop', 'X/etc/apache2/sites-enabled/shop.conf']) expect(searched.byFile.get(file)).toEqual(full.byFile.get(file));
    // A site outside every copy keeps this machine as its root: its own stock context.
    expect(searched.byFile.get('deploy/app.conf')?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['nginx/alias-traversal']));
    expect(searched.stderr).toContain('X/etc/apache2/apache2.conf, X/etc/nginx/nginx.conf: linted with X as the audited root');
  });
});

describe('the root of a server copy', () => {
  it('is the nearest directory above holding etc/nginx/nginx.conf, etc/apache2/apache2.conf or etc/httpd/conf/httpd.conf', () => {
    if (!haveCorpus) return;
    expect(mirroredRoot(path.join(root, 'etc/nginx/sites-available/shop'))).toBe(root);
    expect(mirroredRoot(path.join(root, 'etc/apache2/sites-available/shop.conf'))).toBe(root);
    expect(mirroredRoot(path.join(root, 'etc/nginx'))).toBe(root);
    expect(mirroredRoot(path.join(root, 'var/www/shop/.htaccess'))).toBe(root);
    expect(mirroredRoot(root)).toBe(root);
    expect(mirroredRoot(work)).toBeUndefined();
  });

  it('is never guessed for this machine\'s own /etc, nor without the main configuration', () => {
    expect(mirroredRoot('/etc/nginx/sites-available/default')).toBeUndefined();
    expect(mirroredRoot('/etc/apache2/sites-available/000-default.conf')).toBeUndefined();
    expect(mirroredRoot(path.join(tmpdir(), 'no-such-copy/etc/nginx/sites-available/shop'))).toBeUndefined();
  });

  it('is not guessed when the main configuration names paths under that directory: it was written for this machine', () => {
    const local = mkdtempSync(path.join(tmpdir(), 'forbidlint-local-'));
    try {
      writeTree(local, { 'etc/nginx/nginx.conf': `events {}\nhttp {\n  include ${local}/etc/nginx/sites-enabled/*;\n}\n`, 'etc/nginx/sites-enabled/shop': NGINX_SHOP });
      expect(mirroredRoot(path.join(local, 'etc/nginx/sites-enabled/shop'))).toBeUndefined();
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});
