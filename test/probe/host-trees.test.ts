import { describe, expect, it } from 'vitest';
import { manifestFs, parseManifest } from '../../src/fs/index.js';
import type { NginxServer } from '../../src/model/nginx/index.js';
import { hostTrees } from '../../src/probe/host-trees.js';
import { modelOf } from '../simulate/nginx/model-fixture.js';

const fs = (() => {
  const parsed = parseManifest(
    `entries:
  - { path: /srv/www, type: dir }
  - { path: /srv/www/a.test, type: dir }
  - { path: /srv/www/b.test, type: dir, mode: '0700' }
  - { path: /srv/www/shop.test, type: dir }
  - { path: /srv/www/.git, type: dir }
  - { path: /srv/www/Caps.test, type: dir }
  - { path: /srv/www/notes.txt, type: file }
`,
    'vhosts',
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return manifestFs(parsed.tree, 'vhosts');
})();

const treesOf = (http: string, fsView = fs): { fsPath: string; urlPrefix?: string; host?: string }[] => {
  const model = modelOf(`events {}\nhttp {\n${http}\n}\n`);
  return hostTrees(model, model.servers.at(-1) as NginxServer, fsView).map(({ fsPath, urlPrefix, host }) => ({ fsPath, urlPrefix, host }));
};

describe('hostTrees', () => {
  it('names one tree per directory under the prefix a $host component lists, each with its Host', () => {
    expect(treesOf('server { listen 80; root /srv/www/$host; }')).toEqual([
      { fsPath: '/srv/www/a.test', urlPrefix: '/', host: 'a.test' },
      { fsPath: '/srv/www/b.test', urlPrefix: '/', host: 'b.test' },
      { fsPath: '/srv/www/shop.test', urlPrefix: '/', host: 'shop.test' },
    ]);
  });

  it("leaves out hosts another server answers, and reads a regex server_name's captures and set variables per host", () => {
    const http = 'server { listen 80; server_name b.test; return 404; }\nserver { listen 80; server_name ~^(?<site>[a-z]+)\\.test$; root /srv/www/$host; set $dir /srv/www/$site; location /x/ { alias $dir.test/; } }';
    expect(treesOf(http)).toEqual([
      { fsPath: '/srv/www/a.test', urlPrefix: '/', host: 'a.test' },
      { fsPath: '/srv/www/shop.test', urlPrefix: '/', host: 'shop.test' },
      { fsPath: '/srv/www/a.test/', urlPrefix: '/x/', host: 'a.test' },
      { fsPath: '/srv/www/shop.test/', urlPrefix: '/x/', host: 'shop.test' },
    ]);
  });

  it('resolves $server_name to the first name, and a literal name whose directory is missing names nothing', () => {
    expect(treesOf('server { listen 80; server_name shop.test www.shop.test; root /srv/www/$server_name; }')).toEqual([
      { fsPath: '/srv/www/shop.test', urlPrefix: '/', host: 'shop.test' },
      { fsPath: '/srv/www/shop.test', urlPrefix: '/', host: 'www.shop.test' },
    ]);
    expect(treesOf('server { listen 80; server_name gone.test; root /srv/www/$server_name; }')).toEqual([{ fsPath: '/srv/www/$server_name', urlPrefix: '/', host: undefined }]);
  });

  it('keeps a root no host names as written: a variable the host does not give', () => {
    expect(treesOf('server { listen 80; root /srv/www/$arg_site; }')).toEqual([{ fsPath: '/srv/www/$arg_site', urlPrefix: '/', host: undefined }]);
  });
});
