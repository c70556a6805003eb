import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { LiveFs } from '../../src/fs/live-fs.js';
import { configuredLogs } from '../../src/logs/declared-logs.js';
import { selectLog, unrotatedName } from '../../src/logs/select-log.js';
import { loadApacheConfig } from '../../src/parse/apache/index.js';
import { loadNginxConfig } from '../../src/parse/nginx/index.js';
import { tempTree } from '../cli/run-cli.js';

const NGINX = `user www-data;
events {}
http {
    log_format probe escape=json '$remote_addr $host '
                                 '"$request" $status';
    access_log /var/log/nginx/access.log;
    server {
        listen 80;
        server_name shop.test www.shop.test;
    }
    server {
        listen 8080;
        listen 8443;
        server_name api.test;
        access_log /var/log/nginx/api.log probe;
        location /internal/ {
            access_log /var/log/nginx/internal.log combined;
        }
    }
}
`;

const APACHE = `ServerRoot /etc/apache2
Listen 80
Listen 8080
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
LogFormat "%a %{Host}i \\"%r\\" %>s" probe
CustomLog \${APACHE_LOG_DIR}/other_vhosts_access.log vhost_combined
<VirtualHost *:80>
    ServerName blog.test
    ServerAlias *.blog.test
    CustomLog /var/log/apache2/blog.log combined
    CustomLog "|/usr/bin/rotatelogs /var/log/apache2/piped.log 86400" combined
</VirtualHost>
<VirtualHost *:8080>
    ServerName api.test
</VirtualHost>
<VirtualHost *>
    ServerName any.test
    CustomLog logs/any.log "%h \\"%r\\" %>s"
</VirtualHost>
`;

const tree = tempTree({ 'etc/nginx/nginx.conf': NGINX, 'etc/apache2/apache2.conf': APACHE, 'etc/apache2/envvars': 'export APACHE_LOG_DIR=/var/log/apache2\n' });
afterAll(() => tree.cleanup());
const fs = new LiveFs('/');

describe('the access logs a configuration declares', () => {
  test('nginx: http-level logs go to servers without their own, a location-level log to its server, formats by name', () => {
    const configured = configuredLogs(loadNginxConfig(join(tree.dir, 'etc/nginx/nginx.conf'), { fs }));
    expect(configured.logs.map((l) => [l.file, l.format.name, l.writers.map((w) => w.names[0]), l.declaredAt?.line])).toEqual([
      ['/var/log/nginx/access.log', 'combined', ['shop.test'], 6],
      ['/var/log/nginx/api.log', 'probe', ['api.test'], 15],
      ['/var/log/nginx/internal.log', 'combined', ['api.test'], 17],
    ]);
    expect(configured.logs[1]?.writers[0]?.ports).toEqual([8080, 8443]);
    // escape= is not part of the format; the strings are.
    expect(configured.logs[1]?.format.text).toBe('$remote_addr $host "$request" $status');
    expect(configured.webUser.user).toBe('www-data');
  });

  test("Apache: a vhost's own CustomLog replaces the main server's, nicknames, inline formats, envvars; piped logs are skipped", () => {
    const configured = configuredLogs(loadApacheConfig(join(tree.dir, 'etc/apache2/apache2.conf'), { fs }));
    expect(configured.logs.map((l) => [l.file, l.format.name, l.writers.map((w) => w.names[0] ?? 'main')])).toEqual([
      ['/var/log/apache2/other_vhosts_access.log', 'vhost_combined', ['main', 'api.test']],
      ['/var/log/apache2/blog.log', 'combined', ['blog.test']],
      ['/etc/apache2/logs/any.log', '%h "%r" %>s', ['any.test']],
    ]);
    // <VirtualHost *> answers on every Listen port.
    expect(configured.logs[2]?.writers[0]?.ports).toEqual([80, 8080]);
    expect(configured.formats.map((f) => f.name)).toContain('probe');
  });

  test('a rotated or copied log is known by its path, then its name; stdin by its lines', () => {
    const configured = configuredLogs(loadNginxConfig(join(tree.dir, 'etc/nginx/nginx.conf'), { fs }));
    expect(unrotatedName('/var/log/nginx/api.log.3.gz')).toBe('/var/log/nginx/api.log');
    expect(unrotatedName('/var/log/nginx/api.log-20261206.gz')).toBe('/var/log/nginx/api.log');
    expect(selectLog(configured, '/var/log/nginx/api.log.1', [])).toMatchObject({ format: { name: 'probe' }, recognisedBy: 'path' });
    expect(selectLog(configured, '/home/me/copies/api.log', [])).toMatchObject({ format: { name: 'probe' }, recognisedBy: 'path' });
    const line = '127.0.0.2 api.test "GET /x HTTP/1.1" 403';
    const fromLines = selectLog(configured, undefined, [line, 'noise']);
    expect(fromLines).toMatchObject({ format: { name: 'probe' }, recognisedBy: 'lines' });
    expect(fromLines?.writers.map((w) => w.names[0])).toEqual(['api.test']);
    expect(selectLog(configured, undefined, ['nothing a server writes'])).toBeUndefined();
  });
});
