import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildApacheModel } from '../../../src/model/apache/index.js';
import { loadApacheConfig } from '../../../src/parse/apache/index.js';
import { DEBIAN_STATIC_MODULES } from '../../../src/parse/apache/index.js';
import { UserFs } from '../../../src/simulate/apache/fs-as-user.js';
import { readHtaccess } from '../../../src/simulate/apache/htaccess.js';
import type { OverrideSetting } from '../../../src/simulate/apache/overrides.js';
import { createApacheSimulator } from '../../../src/simulate/apache/index.js';
import { parseRequestUrl } from '../../../src/simulate/types.js';
import { CORPUS_DIR } from '../../helpers/shared-dir.js';

/**
 * Bad input never throws: every Apache config of the shared corpus that real httpd loads is
 * modelled, and a few requests per server are explained, without an exception.
 */

const rows = readFileSync(join(CORPUS_DIR, 'VALIDATION-apache.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter(([file]) => file);
const configs = rows.filter(([, kind]) => kind !== 'htaccess').map(([file]) => [file as string]);
const htaccessFiles = rows.filter(([file, kind]) => kind === 'htaccess' && file?.endsWith('/.htaccess')).map(([file]) => [file as string]);
const DEBIAN_MODULES = new Set([...DEBIAN_STATIC_MODULES, 'authz_core_module', 'authn_core_module', 'access_compat_module', 'alias_module', 'dir_module', 'autoindex_module', 'rewrite_module', 'setenvif_module', 'mime_module', 'headers_module', 'expires_module'].flatMap((m) => [m, m.replace(/_module$/, '').replace(/^/, 'mod_') + '.c']));

describe('Apache model and simulator on the corpus', () => {
  it.each(configs)('%s', (file) => {
    const fs = new LiveFs('/');
    const model = buildApacheModel(loadApacheConfig(join(CORPUS_DIR, file), { fs }));
    const simulator = createApacheSimulator(model, { fs, users: loadUserDb(fs).users, webUser: { user: 'www-data' } });
    for (const server of model.servers) {
      for (const path of ['/', '/index.html', '/.git/config', '/server-status', '/a%2fb', '/../etc/passwd']) {
        const verdict = simulator.explain(parseRequestUrl(`http://${server.serverName ?? 'localhost'}:${server.addresses[0]?.port ?? 80}${path}`));
        expect(verdict.status).toBeGreaterThanOrEqual(200);
        expect(verdict.trace.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('.htaccess files of the corpus under AllowOverride All', () => {
  it.each(htaccessFiles)('%s', (file) => {
    const fs = new LiveFs('/');
    const userFs = new UserFs(fs, { name: 'root', uid: 0, gid: 0, gids: [0] }, loadUserDb(fs).users);
    const all: OverrideSetting = { kind: 'set', categories: new Set(['AuthConfig', 'FileInfo', 'Indexes', 'Limit', 'Options'] as const) };
    const read = readHtaccess(userFs, dirname(join(CORPUS_DIR, file)), all, new Set(), DEBIAN_MODULES);
    expect(['read', 'refused']).toContain(read.kind);
  });
});
