import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { LiveFs } from '../../src/fs/live-fs.js';
import { detectDialect, fileKind } from '../../src/session/detect-dialect.js';
import { discoverTargets, toServerPath } from '../../src/session/targets.js';
import { tempTree } from './run-cli.js';

describe('detectDialect', () => {
  it.each([
    ['/etc/nginx/nginx.conf', '', 'nginx'],
    ['/etc/apache2/apache2.conf', '', 'apache'],
    ['/etc/httpd/conf/httpd.conf', '', 'apache'],
    ['/srv/www/.htaccess', 'deny all;', 'apache'],
    ['/etc/nginx/sites-enabled/default', 'whatever', 'nginx'],
    ['/etc/apache2/sites-enabled/000-default.conf', 'whatever', 'apache'],
    ['/repo/site.conf', '<VirtualHost *:80>\n  DocumentRoot /srv/www\n</VirtualHost>\n', 'apache'],
    ['/repo/site.conf', '# comment\nRequire all denied\nOptions -Indexes\n', 'apache'],
    ['/repo/site.conf', 'server {\n  listen 80;\n  root /srv/www;\n}\n', 'nginx'],
    ['/repo/site.conf', 'location / {\n  deny all;  # closed\n}\n', 'nginx'],
    ['/repo/empty.conf', '', 'nginx'],
  ])('%s %j -> %s', (file, text, dialect) => {
    expect(detectDialect(file, text)).toBe(dialect);
  });

  it.each([
    ['/etc/nginx/nginx.conf', 'main'],
    ['/etc/httpd/conf/httpd.conf', 'main'],
    ['/srv/www/.htaccess', 'htaccess'],
    ['/etc/nginx/sites-enabled/default', 'snippet'],
  ])('kind of %s is %s', (file, kind) => {
    expect(fileKind(file)).toBe(kind);
  });
});

describe('discoverTargets', () => {
  const tree = tempTree({
    'debian/nginx/nginx.conf': 'events {}\n',
    'debian/nginx/sites-enabled/default': 'server { }\n',
    'debian/apache2/apache2.conf': 'ServerRoot /etc/apache2\n',
    'debian/apache2/sites-enabled/000-default.conf': '<VirtualHost *:80>\n</VirtualHost>\n',
    'snippets-only/sites-enabled/app': 'server { listen 80; }\n',
    'snippets-only/conf.d/extra.conf': 'gzip on;\n',
    'snippets-only/README.md': '# not a config\n',
    'www/.htaccess': 'Require all denied\n',
    'www/node_modules/pkg/.htaccess': 'Require all denied\n',
  });
  afterAll(() => tree.cleanup());
  const fs = new LiveFs('/');
  const found = (sub: string) => discoverTargets(fs, path.join(tree.dir, sub), sub).map((t) => `${path.relative(tree.dir, t.entry)} ${t.dialect} ${t.kind}`);

  it.each([
    ['debian', ['debian/apache2/apache2.conf apache main', 'debian/nginx/nginx.conf nginx main']],
    ['snippets-only', ['snippets-only/conf.d/extra.conf nginx snippet', 'snippets-only/sites-enabled/app nginx snippet']],
    ['www', ['www/.htaccess apache htaccess']],
    ['debian/nginx/sites-enabled/default', ['debian/nginx/sites-enabled/default nginx snippet']],
  ])('%s', (sub, expected) => {
    expect(found(sub)).toEqual(expected);
  });

  it('a path that does not exist is an error naming it as given', () => {
    expect(() => discoverTargets(fs, path.join(tree.dir, 'nope'), 'nope')).toThrow(/^cannot read nope: /);
  });
});

describe('toServerPath', () => {
  it.each([
    ['etc/nginx/nginx.conf', '/work', '/', '/work/etc/nginx/nginx.conf'],
    ['/mnt/web1/etc/nginx/nginx.conf', '/work', '/mnt/web1', '/etc/nginx/nginx.conf'],
    ['../mnt/web1/etc/nginx', '/work', '/mnt/web1', '/etc/nginx'],
    ['/etc/nginx/nginx.conf', '/work', '/mnt/web1', '/etc/nginx/nginx.conf'],
    ['/mnt/web1', '/work', '/mnt/web1', '/'],
  ])('%s from %s with root %s -> %s', (arg, cwd, root, expected) => {
    expect(toServerPath(arg, cwd, root)).toBe(expected);
  });

  it('a relative path outside the root is an error', () => {
    expect(() => toServerPath('etc/nginx', '/work', '/mnt/web1')).toThrow('etc/nginx is outside --root /mnt/web1');
  });
});
