import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync, chmodSync, chownSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '../../src/fs/manifest-fs.js';
import { makeTempRoot, materializeManifest } from '../helpers/tree.js';

const demo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/demo');

/**
 * A Debian-layout server in a temp directory, with real modes and owners: the demo's nginx shop
 * and Apache blog, sites enabled through symlinks (one absolute, one relative), and an Apache
 * site whose overrides live in `.htaccess` and in `.acl` files (a second AccessFileName), under
 * a DocumentRoot with a space in it, with a name holding a newline and a symlink to another tree.
 */
export function debianServer(): string {
  const parsed = parseManifest(readFileSync(path.join(demo, 'tree.yaml'), 'utf8'), 'tree.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const root = makeTempRoot('forbidlint-snapshot-');
  materializeManifest(parsed.tree, root);
  cpSync(path.join(demo, 'root/etc'), path.join(root, 'etc'), { recursive: true });
  const at = (p: string) => path.join(root, p);

  // Debian enables sites by symlink: nginx's with an absolute target, Apache's relative.
  mkdirSync(at('etc/nginx/sites-available'));
  renameSync(at('etc/nginx/sites-enabled/shop.conf'), at('etc/nginx/sites-available/shop.conf'));
  symlinkSync('/etc/nginx/sites-available/shop.conf', at('etc/nginx/sites-enabled/shop.conf'));
  mkdirSync(at('etc/apache2/sites-available'));
  writeFileSync(
    at('etc/apache2/sites-available/docs.conf'),
    `<VirtualHost *:80>
    ServerName docs.example.com
    DocumentRoot "/srv/doc root"
    <Directory "/srv/doc root">
        Options Indexes FollowSymLinks
        AllowOverride All
        Require all granted
    </Directory>
</VirtualHost>
`,
  );
  symlinkSync('../sites-available/docs.conf', at('etc/apache2/sites-enabled/docs.conf'));
  writeFileSync(at('etc/apache2/apache2.conf'), readFileSync(at('etc/apache2/apache2.conf'), 'utf8').replace('DirectoryIndex index.html', 'DirectoryIndex index.html\nAccessFileName .htaccess .acl'));
  writeFileSync(at('etc/apache2/sites-available/blog.conf'), '# not enabled\n');

  const docs = at('srv/doc root');
  mkdirSync(path.join(docs, 'private'), { recursive: true });
  mkdirSync(path.join(docs, 'team\nnotes'));
  mkdirSync(at('srv/releases/v2'), { recursive: true });
  // No index file: only the .htaccess's `Options -Indexes` makes /archive/ a 403.
  mkdirSync(path.join(docs, 'archive'));
  writeFileSync(path.join(docs, 'archive', '2025.pdf'), '%PDF\n');
  writeFileSync(path.join(docs, 'index.html'), '<h1>Docs</h1>\n');
  writeFileSync(path.join(docs, '.htaccess'), 'Options -Indexes\nDirectoryIndex index.html\n');
  writeFileSync(path.join(docs, 'private', '.acl'), 'Require all denied\n');
  writeFileSync(path.join(docs, 'private', 'salaries.html'), 'secret\n');
  writeFileSync(path.join(docs, 'team\nnotes', 'index.html'), 'notes\n');
  writeFileSync(path.join(docs, 'team\nnotes', '.htaccess'), 'Require all granted\n');
  writeFileSync(at('srv/releases/v2/index.html'), 'v2\n');
  // A served private key is found by its content, which the snapshot must not carry; a certificate is no finding.
  writeFileSync(path.join(docs, 'server.pem'), '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n');
  writeFileSync(path.join(docs, 'chain.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  symlinkSync('/srv/releases/v2', path.join(docs, 'latest'));
  // Owned by deploy, unreadable to www-data: a file and a directory only their owner can open.
  for (const [entry, mode] of [
    [path.join(docs, 'team\nnotes', 'index.html'), 0o600],
    [at('srv/releases/v2'), 0o700],
    [path.join(docs, 'private'), 0o755],
  ] as const) {
    chownSync(entry, 1000, 1000);
    chmodSync(entry, mode);
  }
  // The usual fix for a private tree: an ACL lets www-data in where the mode bits do not.
  execFileSync('setfacl', ['-m', 'u:33:rx', at('srv/releases/v2')]);
  return root;
}
