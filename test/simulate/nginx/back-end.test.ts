import { describe, expect, it } from 'vitest';
import { manifestFs, parseManifest } from '../../../src/fs/manifest-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { createNginxSimulator } from '../../../src/simulate/nginx/index.js';
import { parseRequestUrl, type Verdict } from '../../../src/simulate/types.js';
import { modelOf } from './model-fixture.js';

/**
 * What a back end gets when nginx hands a request on: the URI an HTTP upstream sees, the
 * SCRIPT_FILENAME of FastCGI. The real-world suite checks both against stand-in back ends.
 */

const CONFIG = `
user www-data;
http {
    server {
        listen 80;
        root /srv/www;
        location /app/ { proxy_pass http://127.0.0.1:3000/v2/; }
        location /raw/ { proxy_pass http://127.0.0.1:3000; }
        location /old/ { rewrite ^/old/(.*)$ /raw/$1 last; }
        location / { try_files $uri /index.php?$args; }
        location ~ \\.php$ {
            include fastcgi.conf;
            fastcgi_pass 127.0.0.1:9000;
        }
    }
}
`;

function explain(url: string): Verdict {
  const manifest = parseManifest('users: [{ name: www-data, uid: 33, gid: 33 }]\ngroups: [{ name: www-data, gid: 33 }]\nentries: [{ path: /srv/www, type: dir }]', 'tree');
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
  const fs = manifestFs(manifest.tree, 'tree');
  return createNginxSimulator(modelOf(CONFIG.replace('include fastcgi.conf;', 'fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;')), { fs, users: loadUserDb(fs).users }).explain(parseRequestUrl(url));
}

function handedOn(verdict: Verdict): string | undefined {
  return verdict.trace.find((s) => s.step === 'content-handler')?.message;
}

describe('the back end gets', () => {
  it.each([
    ['http://localhost/app/users/7?x=1', 'proxy_pass http://127.0.0.1:3000/v2/ gets /v2/users/7?x=1: the back end produces the response'],
    ['http://localhost/raw/a%20b/..//c?q', 'proxy_pass http://127.0.0.1:3000 gets /raw/a%20b/..//c?q: the back end produces the response'],
    ['http://localhost/old/a%20b?q', 'proxy_pass http://127.0.0.1:3000 gets /raw/a%20b?q: the back end produces the response'],
  ])('%s: %s', (url, message) => {
    expect(handedOn(explain(url))).toBe(message);
  });

  it('a front controller: the script try_files falls back to', () => {
    expect(explain('http://localhost/blog/post?p=2')).toMatchObject({ status: 200, path: '/srv/www/index.php' });
  });
});
