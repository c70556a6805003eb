import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { runCli, tempTree, writeTree } from '../cli/run-cli.js';

/**
 * A repository that mirrors a Debian server (`--root .`): nginx with a site enabled and one
 * only available, a server-level include file, and Apache with a blog whose .htaccess httpd
 * reads. Each file linted alone must report what the full lint reports for it, at its lines.
 */
const NGINX_MAIN = `user www-data;
worker_processes auto;
pid /run/nginx.pid;
events {
  worker_connections 768;
}
http {
  sendfile on;
  default_type application/octet-stream;
  include /etc/nginx/conf.d/*.conf;
  include /etc/nginx/sites-enabled/*;
}
`;
const SHOP = `server {
  listen 80;
  server_name shop.example.com;
  root /var/www/shop;
  location /static {
    alias /var/www/shop/static/;
  }
  location /admin/ {
    deny all;
  }
}
`;
const OLD = `server {
  listen 8080;
  server_name old.example.com;
  root /var/www/old;
  location /img {
    alias /var/www/old/img/;
  }
  location /private/ {
    deny all;
  }
}
`;
const LOCATIONS = `location /files {
  alias /var/www/files/;
}
location /internal/ {
  deny all;
}
`;
const APACHE_MAIN = `LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule access_compat_module /usr/lib/apache2/modules/mod_access_compat.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
User www-data
Group www-data
Listen 80
<Directory />
\tAllowOverride None
\tRequire all denied
</Directory>
<Directory /var/www/>
\tAllowOverride None
\tRequire all granted
</Directory>
IncludeOptional sites-enabled/*.conf
`;
const BLOG = `<VirtualHost *:80>
\tServerName blog.example.com
\tDocumentRoot /var/www/blog
\t<Directory /var/www/blog>
\t\tAllowOverride All
\t</Directory>
</VirtualHost>
`;
const HTACCESS = `Options -Indexes
DocumentRoot /var/www/elsewhere
Order deny,allow
Require all granted
`;

const tree = tempTree({
  'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n',
  'etc/group': 'root:x:0:\nwww-data:x:33:\n',
  'etc/nginx/nginx.conf': NGINX_MAIN,
  'etc/nginx/sites-enabled/shop.conf': SHOP,
  'etc/nginx/sites-available/old.conf': OLD,
  'etc/nginx/snippets/locations.conf': LOCATIONS,
  // Mains written by the test to give the lone files their real context, as an admin would.
  'etc/nginx/check-old.conf': NGINX_MAIN.replace('include /etc/nginx/sites-enabled/*;', 'include /etc/nginx/sites-available/old.conf;'),
  'etc/nginx/check-locations.conf': NGINX_MAIN.replace('include /etc/nginx/sites-enabled/*;', 'server {\n    listen 80;\n    server_name _;\n    include snippets/locations.conf;\n  }'),
  'etc/apache2/apache2.conf': APACHE_MAIN,
  'etc/apache2/sites-enabled/blog.conf': BLOG,
  'var/www/shop/index.html': 'shop\n',
  'var/www/shop/static/app.css': 'body {}\n',
  'var/www/old/index.html': 'old\n',
  'var/www/blog/index.html': 'blog\n',
  'var/www/blog/.htaccess': HTACCESS,
  'srv/stray/.htaccess': HTACCESS,
  // Applications ship their server block as nginx.conf (grav's webserver-configs/nginx.conf does).
  'etc/nginx/fastcgi_params': 'fastcgi_param QUERY_STRING $query_string;\n',
  // The top of Debian's /etc/nginx/koi-utf (corpus nginx/certbot-lots/koi-utf): http-level only.
  'etc/nginx/koi-utf': 'charset_map koi8-r utf-8 {\n    C0 D18E ; # small yu\n}\n',
  // Debian's snippets/fastcgi-php.conf (corpus nginx/debian), included in a `location ~ \.php$`.
  'etc/nginx/snippets/fastcgi-php.conf': 'fastcgi_split_path_info ^(.+?\\.php)(/.*)$;\ntry_files $fastcgi_script_name =404;\n',
  // A blocklist written to be included in a <Directory> or <RequireAll> (corpus
  // apache/bad-bot-blocker/Apache_2.4/custom.d/blacklist-ips.conf), addresses from the documentation ranges.
  'etc/apache2/custom.d/blacklist-ips.conf': '# Add IPs to block\nRequire not ip 192.0.2.7\nRequire not ip 198.51.100.0/24\n',
  // h5bp's h5bp/web_performance/pre-compressed_content_brotli.conf (corpus nginx/h5bp), for ngx_brotli.
  'etc/nginx/h5bp/web_performance/pre-compressed_content_brotli.conf': 'brotli_static on;\n',
  'srv/app/webserver-configs/nginx.conf': OLD.replace('  root /var/www/old;\n', '  root /var/www/old;\n  include fastcgi_params;\n'),
});
afterAll(() => tree.cleanup());

interface Finding {
  ruleId: string | null;
  line: number;
  column: number;
}
async function findings(args: readonly string[], stdin?: string): Promise<{ byFile: Map<string, Finding[]>; stderr: string; code: number }> {
  const run = await runCli(['--root', '.', '--format', 'json', ...args], { cwd: tree.dir, ...(stdin !== undefined ? { stdin } : {}) });
  expect(run.stderr).not.toMatch(/internal error/);
  const results = JSON.parse(run.stdout) as { filePath: string; messages: Finding[] }[];
  const byFile = new Map(results.map((r) => [path.relative(tree.dir, r.filePath), r.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column }))]));
  return { byFile, stderr: run.stderr, code: run.code };
}

describe('a lone file', () => {
  it('of a site enabled in nginx.conf reports what the full lint reports for it, and nothing of the other files', async () => {
    const full = (await findings(['etc/nginx/nginx.conf'])).byFile.get('etc/nginx/sites-enabled/shop.conf');
    expect(full?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['nginx/alias-traversal', 'nginx/deny-all']));
    const alone = await findings(['etc/nginx/sites-enabled/shop.conf']);
    expect([...alone.byFile.keys()]).toEqual(['etc/nginx/sites-enabled/shop.conf']);
    expect(alone.byFile.get('etc/nginx/sites-enabled/shop.conf')).toEqual(full);
    expect(alone.stderr).toBe('');
  });

  it('read from stdin under its name gets the same context and findings', async () => {
    const full = (await findings(['etc/nginx/nginx.conf'])).byFile.get('etc/nginx/sites-enabled/shop.conf');
    const piped = await findings(['--stdin', '--stdin-filename', 'etc/nginx/sites-enabled/shop.conf'], SHOP);
    expect(piped.byFile.get('etc/nginx/sites-enabled/shop.conf')).toEqual(full);
  });

  it('that no main configuration includes is read in the http {} of a stock nginx.conf, with one note saying so', async () => {
    const full = (await findings(['etc/nginx/check-old.conf'])).byFile.get('etc/nginx/sites-available/old.conf');
    expect(full?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['nginx/alias-traversal', 'nginx/deny-all']));
    const alone = await findings(['etc/nginx/sites-available/old.conf']);
    expect(alone.byFile.get('etc/nginx/sites-available/old.conf')).toEqual(full);
    expect([...alone.byFile.keys()]).toEqual(['etc/nginx/sites-available/old.conf']);
    expect(alone.stderr.match(/note:/g)).toHaveLength(1);
    expect(alone.stderr).toContain("etc/nginx/sites-available/old.conf: linted in the http {} block of Debian's stock nginx.conf");
  });

  it('holding server-level directives is read inside a server, its relative includes against the prefix', async () => {
    const full = (await findings(['etc/nginx/check-locations.conf'])).byFile.get('etc/nginx/snippets/locations.conf');
    expect(full?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['nginx/alias-traversal', 'nginx/deny-all']));
    const alone = await findings(['etc/nginx/snippets/locations.conf']);
    expect(alone.byFile.get('etc/nginx/snippets/locations.conf')).toEqual(full);
    expect(alone.stderr).toContain('inside a server {}');
  });

  it('named nginx.conf but holding a server block is a site file, not a main configuration', async () => {
    const alone = await findings(['srv/app/webserver-configs/nginx.conf']);
    const messages = alone.byFile.get('srv/app/webserver-configs/nginx.conf');
    // As a main configuration its relative include missed (fatal) and the server was never read.
    expect(messages?.filter((f) => f.ruleId === null)).toEqual([]);
    expect(messages?.map((f) => `${f.ruleId}:${f.line}`)).toEqual(expect.arrayContaining(['nginx/alias-traversal:7', 'nginx/deny-all:10']));
    expect(alone.stderr).toContain("linted in the http {} block of Debian's stock nginx.conf");
  });

  it('holding a directive nginx takes in http {} only is read in http {}, not refused in a server', async () => {
    const alone = await findings(['etc/nginx/koi-utf']);
    expect(alone.byFile.get('etc/nginx/koi-utf') ?? []).toEqual([]);
    expect(alone.stderr).toContain("linted in the http {} block of Debian's stock nginx.conf");
  });

  it('holding location-level directives is read inside a location, not refused in a server', async () => {
    const alone = await findings(['etc/nginx/snippets/fastcgi-php.conf']);
    expect(alone.byFile.get('etc/nginx/snippets/fastcgi-php.conf') ?? []).toEqual([]);
    expect(alone.stderr).toContain('inside a location / of a server {}');
  });

  it("using a third-party module's directive is not refused where the modules Debian's nginx.conf loads are unseen", async () => {
    const brotli = 'etc/nginx/h5bp/web_performance/pre-compressed_content_brotli.conf';
    const alone = await findings([brotli]);
    expect(alone.byFile.get(brotli) ?? []).toEqual([]);
    // With an empty modules-enabled/, as on a server without libnginx-mod-http-brotli, `nginx -t` refuses it.
    const bare = tempTree({ [brotli]: 'brotli_static on;\n', 'etc/nginx/modules-enabled/.keep': '' });
    try {
      const run = await runCli(['--root', '.', '--format', 'json', brotli], { cwd: bare.dir });
      const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[]).flatMap((r) => r.messages);
      expect(messages.map((m) => `${m.ruleId}: ${m.message.split(':')[0]}`)).toEqual(['nginx/config-refused: unknown directive "brotli_static"']);
    } finally {
      bare.cleanup();
    }
  });

  it('of Apache per-directory access lines is read inside a <Directory>, not refused at server level', async () => {
    const alone = await findings(['etc/apache2/custom.d/blacklist-ips.conf']);
    expect(alone.byFile.get('etc/apache2/custom.d/blacklist-ips.conf')?.filter((f) => f.ruleId === null || f.ruleId === 'apache/config-refused') ?? []).toEqual([]);
    // httpd takes negated Require lines only in a <RequireAll> (`apache2 -t`: "negative Require directive has no effect in <RequireAny>").
    expect(alone.stderr).toContain('inside a <RequireAll> in the <Directory /var/www/html> of a virtual host');
  });

  it('several changed files, as pre-commit passes them, each get their own context', async () => {
    const run = await findings(['etc/nginx/sites-enabled/shop.conf', 'etc/nginx/sites-available/old.conf', 'etc/nginx/snippets/locations.conf']);
    expect([...run.byFile.keys()].sort()).toEqual(['etc/nginx/sites-available/old.conf', 'etc/nginx/sites-enabled/shop.conf', 'etc/nginx/snippets/locations.conf']);
    expect(run.byFile.get('etc/nginx/sites-enabled/shop.conf')).toEqual((await findings(['etc/nginx/nginx.conf'])).byFile.get('etc/nginx/sites-enabled/shop.conf'));
    expect(run.stderr.match(/note:/g)).toHaveLength(2);
  });

  it(".htaccess in a copy of a server whose apache2.conf names the copy's own paths is read by that configuration", async () => {
    const copy = tempTree({});
    try {
      const blog = path.join(copy.dir, 'var/www/blog');
      writeTree(copy.dir, {
        'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n',
        'etc/group': 'root:x:0:\nwww-data:x:33:\n',
        'etc/apache2/apache2.conf': `${APACHE_MAIN.replace('IncludeOptional sites-enabled/*.conf\n', '')}<VirtualHost *:80>\n\tDocumentRoot ${blog}\n\t<Directory ${blog}>\n\t\tAllowOverride AuthConfig\n\t\tRequire all granted\n\t</Directory>\n</VirtualHost>\n`,
        'var/www/blog/index.html': 'blog\n',
        'var/www/blog/.htaccess': 'Options -Indexes\n',
      });
      const run = await runCli(['--format', 'json', 'var/www/blog/.htaccess'], { cwd: copy.dir });
      const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages);
      // AllowOverride AuthConfig refuses Options: only the copy's own configuration says so.
      expect(messages.map((m) => m.ruleId)).toEqual(['apache/htaccess-directive-not-allowed']);
      expect(run.stderr).not.toContain('no main configuration');
    } finally {
      copy.cleanup();
    }
  });

  it('.htaccess alone reports what the full lint of its server reports for it', async () => {
    const full = (await findings(['etc/apache2/apache2.conf'])).byFile.get('var/www/blog/.htaccess');
    expect(full?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['apache/htaccess-directive-not-allowed']));
    const alone = await findings(['var/www/blog/.htaccess']);
    expect(alone.byFile.get('var/www/blog/.htaccess')).toEqual(full);
    // The audited system's own apache2.conf serves its directory: the real context, nothing assumed.
    expect(alone.stderr).toBe('');
    const stray = await findings(['srv/stray/.htaccess']);
    expect(stray.byFile.get('srv/stray/.htaccess')?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['apache/htaccess-directive-not-allowed']));
    expect(stray.stderr).toContain('AllowOverride All');
  });

  it(".htaccess alone is read with the modules its directives need, a misspelt name still refused", async () => {
    // WordPress's own .htaccess, bare (corpus apache/wordpress): Debian's stock server loads no
    // mod_rewrite, but a file written for one that does is not five "Invalid command" errors.
    const dir = path.join(tree.dir, 'srv/wordpress');
    writeTree(dir, {
      '.htaccess': 'RewriteEngine On\nRewriteBase /\nRewriteRule ^index\\.php$ - [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule . /index.php [L]\nHeader set X-Frame-Options SAMEORIGIN\nphp_value upload_max_filesize 64M\n',
    });
    const wordpress = await findings(['srv/wordpress/.htaccess']);
    expect(wordpress.byFile.get('srv/wordpress/.htaccess') ?? []).toEqual([]);
    expect(wordpress.stderr).toContain('with the modules its directives need (headers, php, rewrite)');
    writeTree(dir, { '.htaccess': 'RewriteEngin On\nRewriteRule ^old$ /new [R=301,L]\n' });
    const misspelt = await findings(['srv/wordpress/.htaccess']);
    expect(misspelt.byFile.get('srv/wordpress/.htaccess')?.map((f) => [f.ruleId, f.line])).toEqual([['apache/htaccess-directive-not-allowed', 1]]);
  });
});

describe('discovery in an application repository', () => {
  const app = tempTree({
    'config/redis.conf': 'bind 127.0.0.1 -::1\nport 6379\nsave 900 1\nmaxmemory 256mb\n',
    'docker/supervisord.conf': '[supervisord]\nnodaemon=true\n\n[program:php-fpm]\ncommand=php-fpm -F\nautorestart=true\n',
    'docker/php-fpm.d/www.conf': '[www]\nuser = www-data\nlisten = 127.0.0.1:9000\npm = dynamic\npm.max_children = 5\n',
    'docker/app.conf': '[www]\nlisten = 9000\n',
    'deploy/systemd/app.service': '[Unit]\nDescription=app\n[Service]\nExecStart=/usr/bin/app\n',
    'config/my.cnf': '[mysqld]\nbind-address = 127.0.0.1\n',
    'config/worker.conf': 'threads 4\nlog_level info\n',
    'deploy/nginx/app.conf': 'server {\n  listen 80;\n  root /srv/app/public;\n  location /admin/ {\n    deny all;\n  }\n}\n',
  });
  afterAll(() => app.cleanup());

  it('skips other daemons\' configurations, lists them with --debug, and lints the nginx site in its assumed context', async () => {
    const run = await runCli(['--no-fs', '--format', 'json'], { cwd: app.dir });
    expect(run.stderr).not.toMatch(/unexpected end of file|internal error/);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; line: number }[] }[];
    expect(results.map((r) => path.relative(app.dir, r.filePath))).toEqual(['deploy/nginx/app.conf']);
    expect(results[0]?.messages.map((m) => [m.ruleId, m.line])).toEqual([['nginx/deny-all', 5]]);
    expect(run.code).toBe(0);
    const debug = await runCli(['--no-fs', '--debug', '--format', 'json'], { cwd: app.dir });
    const skipped = debug.stderr.split('\n').filter((line) => line.startsWith('forbidlint: debug: skipped'));
    // my.cnf and the systemd unit are not even looked at: discovery reads *.conf, .htaccess and Debian's site directories.
    expect(skipped.map((line) => path.relative(app.dir, line.replace(/^forbidlint: debug: skipped (.*?): .*$/, '$1'))).sort()).toEqual([
      'config/redis.conf',
      'config/worker.conf',
      'docker/app.conf',
      'docker/php-fpm.d/www.conf',
      'docker/supervisord.conf',
    ]);
  });

  it('a skipped file named on the command line, as pre-commit names it, lints clean', async () => {
    const run = await runCli(['--no-fs', 'config/redis.conf', 'docker/supervisord.conf', 'docker/php-fpm.d/www.conf'], { cwd: app.dir });
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('a lone file of a configuration the project names in servers', () => {
  const repo = tempTree({
    '.forbidlintrc.json': JSON.stringify({ extends: 'forbidlint:recommended', servers: [{ config: 'deploy/main.conf' }] }),
    'deploy/main.conf': 'events {}\nhttp {\n  include sites/*.conf;\n}\n',
    'deploy/sites/shop.conf': SHOP,
  });
  afterAll(() => repo.cleanup());

  it('is linted in that configuration, whatever its name, and reports the same findings at the same lines', async () => {
    const lint = async (args: string[]) => {
      const run = await runCli(['--no-fs', '--format', 'json', ...args], { cwd: repo.dir });
      expect(run.stderr).toBe('');
      const results = JSON.parse(run.stdout) as { filePath: string; messages: Finding[] }[];
      return new Map(results.map((r) => [path.relative(repo.dir, r.filePath), r.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column }))]));
    };
    const full = (await lint([])).get('deploy/sites/shop.conf');
    expect(full?.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['nginx/alias-traversal', 'nginx/deny-all']));
    const alone = await lint(['deploy/sites/shop.conf']);
    expect([...alone.keys()]).toEqual(['deploy/sites/shop.conf']);
    expect(alone.get('deploy/sites/shop.conf')).toEqual(full);
  });
});
