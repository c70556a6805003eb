import { describe, expect, it } from 'vitest';
import type { NginxSettings } from '../../../src/model/nginx/index.js';
import { modelOf } from './model-fixture.js';

describe('buildNginxModel: web user', () => {
  it.each([
    ['', { user: 'nobody' }],
    ['user www-data;', { user: 'www-data', group: 'www-data' }],
    ['user web staff;', { user: 'web', group: 'staff' }],
  ])('%j runs workers as %j', (directive, expected) => {
    const { webUser } = modelOf(`${directive}\nhttp { }`);
    expect({ user: webUser.user, ...(webUser.group === undefined ? {} : { group: webUser.group }) }).toEqual(expected);
    expect(webUser.source?.loc.line).toBe(directive === '' ? undefined : 1);
  });
});

describe('buildNginxModel: listen', () => {
  it.each([
    ['', ['*:80']],
    ['listen 8080;', ['*:8080']],
    ['listen 127.0.0.1;', ['127.0.0.1:80']],
    ['listen 127.0.0.1:81 default_server;', ['127.0.0.1:81 default_server']],
    ['listen 0.0.0.0:82 default;', ['*:82 default_server']],
    ['listen *:83 reuseport;', ['*:83']],
    ['listen localhost:84;', ['127.0.0.1:84']],
    ['listen [::]:85 ipv6only=on;', ['[::]:85']],
    ['listen [::1];', ['[::1]:80']],
    ['listen unix:/run/app.sock; listen 86;', ['*:86']],
  ])('%j listens on %j', (directives, listens) => {
    const { servers, diagnostics } = modelOf(`http { server { ${directives} } }`);
    expect(servers[0]?.listens).toEqual(listens);
    expect(diagnostics).toEqual([]);
  });

  it('reports an impossible port at its line instead of throwing', () => {
    const { servers, diagnostics } = modelOf('http {\n  server {\n    listen 70000;\n  }\n}');
    expect(servers[0]?.listens).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'invalid-listen', severity: 'error', loc: { line: 3, column: 5 } }]);
  });
});

describe('buildNginxModel: inheritance', () => {
  const { servers } = modelOf(`
user www-data;
http {
  index a.html b.html;
  autoindex on;
  deny 10.0.0.1;
  error_page 404 /404.html;
  disable_symlinks if_not_owner;
  server {
    root /srv/www;
    try_files $uri =404;
    location /plain/ { }
    location /own/ {
      index c.html;
      allow 10.0.0.0/8;
      error_page 403 =404 /x;
      autoindex off;
      location /own/nested/ { }
    }
    location /files/ {
      alias /srv/files/;
      location /files/deep/ { }
      limit_except GET { deny all; }
    }
    location ~ ^/r/(.*)$ { alias /srv/r/$1; internal; return 404; }
    location /api/ { proxy_pass http://backend; if ($x) { } rewrite ^/api/v1/(.*)$ /api/$1 last; break; return 403; location /api/n/ { } }
  }
}`);
  const server = servers[0]!;
  const byPattern = (pattern: string): NginxSettings => {
    const all = server.locations.flatMap((l) => [l, ...l.locations]);
    return all.find((l) => l.pattern === pattern)!.settings;
  };
  const summary = (s: NginxSettings) => ({
    root: `${s.documentRoot.kind} ${s.documentRoot.path}${s.documentRoot.kind === 'alias' ? ` -${s.documentRoot.prefixLength}` : ''}`,
    index: s.index.files.join(' '),
    autoindex: s.autoindex.on,
    rules: s.accessRules.map((r) => `${r.action} ${r.directive.args[0]?.value}`).join(', '),
    errorPages: s.errorPages.map((p) => `${p.codes.join(' ')}${typeof p.override === 'number' ? ` =${p.override}` : ''} ${p.target}`).join(', '),
    symlinks: s.disableSymlinks.mode,
    local: [s.tryFiles && 'try_files', s.returnAction && `return ${s.returnAction.code}`, s.internal && 'internal', s.limitExcept && 'limit_except', s.contentHandler && 'handler', s.unevaluated && 'unevaluated', s.rewritePhase && `rewrite phase: ${s.rewritePhase.map((step) => step.kind).join(', ')}`].filter(Boolean).join(' '),
  });

  it.each([
    ['server', server.settings, { root: 'root /srv/www', index: 'a.html b.html', autoindex: true, rules: 'deny 10.0.0.1', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: 'try_files' }],
    ['/plain/', byPattern('/plain/'), { root: 'root /srv/www', index: 'a.html b.html', autoindex: true, rules: 'deny 10.0.0.1', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: '' }],
    ['/own/', byPattern('/own/'), { root: 'root /srv/www', index: 'c.html', autoindex: false, rules: 'allow 10.0.0.0/8', errorPages: '403 =404 /x', symlinks: 'if_not_owner', local: '' }],
    ['/own/nested/', byPattern('/own/nested/'), { root: 'root /srv/www', index: 'c.html', autoindex: false, rules: 'allow 10.0.0.0/8', errorPages: '403 =404 /x', symlinks: 'if_not_owner', local: '' }],
    ['/files/', byPattern('/files/'), { root: 'alias /srv/files/ -7', index: 'a.html b.html', autoindex: true, rules: 'deny 10.0.0.1', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: 'limit_except' }],
    ['/files/deep/', byPattern('/files/deep/'), { root: 'alias /srv/files/ -7', index: 'a.html b.html', autoindex: true, rules: 'deny 10.0.0.1', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: '' }],
    ['regex', byPattern('^/r/(.*)$'), { root: 'alias /srv/r/$1 -null', index: 'a.html b.html', autoindex: true, rules: 'deny 10.0.0.1', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: 'return 404 internal rewrite phase: return' }],
    ['/api/', byPattern('/api/'), { root: 'root /srv/www', index: 'a.html b.html', autoindex: true, rules: 'deny 10.0.0.1', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: 'return 403 handler rewrite phase: if, rewrite, break, return' }],
    ['/api/n/', byPattern('/api/n/'), { root: 'root /srv/www', index: 'a.html b.html', autoindex: true, rules: 'deny 10.0.0.1', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: '' }],
    ['limit_except', byPattern('/files/').limitExcept!.settings, { root: 'alias /srv/files/ -7', index: 'a.html b.html', autoindex: true, rules: 'deny all', errorPages: '404 /404.html', symlinks: 'if_not_owner', local: '' }],
  ])('%s', (_name, settings, expected) => {
    expect(summary(settings)).toEqual(expected);
  });

  it('lists the trees the server serves with their URL prefixes', () => {
    expect(server.trees.map((t) => `${t.urlPrefix ?? '(regex)'} ${t.fsPath} line ${t.directive.loc.line}`)).toEqual([
      '/ /srv/www line 10',
      '/plain/ /srv/www/plain line 10',
      '/own/ /srv/www/own line 10',
      '/own/nested/ /srv/www/own/nested line 10',
      '/files/ /srv/files/ line 21',
      '/files/deep/ /srv/files/deep line 21',
      '(regex) /srv/r/$1 line 25',
      '/api/ /srv/www/api line 10',
      '/api/n/ /srv/www/api/n line 10',
    ]);
  });

  it('resolves a relative root against the prefix and defaults to html', () => {
    const model = modelOf('http { server { location /a/ { root www; } location /b/ { } } }');
    expect(model.servers[0]?.locations.map((l) => l.settings.documentRoot.path)).toEqual(['/usr/share/nginx/www', '/usr/share/nginx/html']);
  });

  it('names the trees of a root built from constants set at server level, and leaves request variables as written', () => {
    const model = modelOf('http { server { set $base /srv; set $app $base/shop; set $tenant $host; root $app/pub; location /t/ { root /data/$tenant; } } }');
    expect(model.servers[0]?.trees.map((t) => `${t.urlPrefix} ${t.fsPath}`)).toEqual(['/ /srv/shop/pub', '/t/ /data/$tenant/t']);
  });
});
