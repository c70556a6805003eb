import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { builtinRules, createSimulator, LiveFs, loadNginxConfig, loadUserDb, parseRequestUrl } from '../src/index.js';

/** The package's public API is enough to embed explain: load a config, simulate a request. */
describe('the public API', () => {
  it('loads an nginx config from a tree and explains a request with the server log cause', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'forbidlint-api-'));
    try {
      chmodSync(root, 0o755);
      mkdirSync(path.join(root, 'etc/nginx'), { recursive: true });
      mkdirSync(path.join(root, 'srv/www/docs'), { recursive: true });
      writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n');
      writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nwww-data:x:33:\n');
      writeFileSync(path.join(root, 'etc/nginx/nginx.conf'), 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /srv/www;\n    }\n}\n');
      writeFileSync(path.join(root, 'srv/www/index.html'), 'hi\n');
      const fs = new LiveFs(root);
      const config = loadNginxConfig('/etc/nginx/nginx.conf', { fs });
      expect(config.diagnostics).toEqual([]);
      const simulator = createSimulator(config, { fs, users: loadUserDb(fs).users });
      expect(simulator.explain(parseRequestUrl('http://localhost/')).status).toBe(200);
      const docs = simulator.explain(parseRequestUrl('http://localhost/docs/'));
      expect({ status: docs.status, cause: docs.cause }).toEqual({ status: 403, cause: 'directory-index-forbidden' });
      // The chain points into the config: the web user (line 1) and the server block (line 4).
      expect(docs.trace.filter((step) => step.file === '/etc/nginx/nginx.conf').map((step) => step.line)).toEqual(expect.arrayContaining([1, 4]));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('lists the built-in rules', () => {
    expect(builtinRules.length).toBe(37);
  });
});
