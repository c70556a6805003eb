import { describe, expect, it } from 'vitest';
import { manifestFs, parseManifest } from '../../../src/fs/manifest-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { createNginxSimulator } from '../../../src/simulate/nginx/index.js';
import { parseRequestUrl, type Verdict } from '../../../src/simulate/types.js';
import { modelOf } from './model-fixture.js';

/**
 * Verdict.uncertain: what the simulator had to guess for one request is said, and an answer it
 * decides from the config and the tree alone carries nothing there.
 */

const TREE = `
users: [{ name: www-data, uid: 33, gid: 33 }]
groups: [{ name: www-data, gid: 33 }]
entries:
  - { path: /srv/www, type: dir }
  - { path: /srv/www/index.html, type: file }
  - { path: /srv/www/app.php, type: file }
`;

const CONFIG = `
user www-data;
http {
    server {
        listen 80;
        root /srv/www;
        location / {
            if ($http_user_agent ~* bot) { return 403; }
        }
        location /site/ { root /srv/$tenant; }
        location ~ \\.php(/|$) {
            fastcgi_split_path_info ^(.+?\\.php)(/.*)$;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_pass 127.0.0.1:9000;
        }
        location /sso/ { auth_request /auth; }
        location /ref/ { if ($geoip_country_code) { return 403; } }
    }
}
`;

function explain(url: string, headers?: Record<string, string>): Verdict {
  const manifest = parseManifest(TREE, 'tree');
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
  const fs = manifestFs(manifest.tree, 'tree');
  const request = { ...parseRequestUrl(url), ...(headers ? { headers } : {}) };
  return createNginxSimulator(modelOf(CONFIG), { fs, users: loadUserDb(fs).users }).explain(request);
}

describe('Verdict.uncertain', () => {
  it('is absent when the config and the tree decide the answer', () => {
    const verdict = explain('http://localhost/index.html', { 'User-Agent': 'curl/8' });
    expect(verdict).toMatchObject({ status: 200, cause: null });
    expect(verdict.uncertain).toBeUndefined();
  });

  it('says that a header the request does not send was taken as empty', () => {
    expect(explain('http://localhost/index.html').uncertain).toEqual(['$http_user_agent is empty: the request sends no such header or cookie']);
    expect(explain('http://localhost/index.html', { 'User-Agent': 'Googlebot' })).toMatchObject({ status: 403, cause: 'return' });
  });

  it('names a variable forbidlint does not know, in a root or a condition', () => {
    expect(explain('http://localhost/site/a.html').uncertain).toEqual(['$tenant in root is unknown to forbidlint: taken as empty']);
    expect(explain('http://localhost/ref/x').uncertain).toEqual(['$geoip_country_code is unknown to forbidlint: taken as empty']);
  });

  it('says the back end answer is assumed, and gives the script it gets', () => {
    const verdict = explain('http://localhost/app.php/extra');
    expect(verdict).toMatchObject({ status: 200, cause: null, path: '/srv/www/app.php' });
    expect(verdict.uncertain).toEqual(["the back end's own answer is not modelled: fastcgi_pass is taken to answer 200"]);
  });

  it('says a subrequest it cannot run was taken as allowing', () => {
    expect(explain('http://localhost/sso/x').uncertain).toEqual([`"auth_request" at /etc/nginx/nginx.conf:16 is not evaluated: taken as allowing the request`]);
  });
});
