import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../src/fs/manifest-fs.js';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildNginxModel, type NginxModel } from '../../../src/model/nginx/index.js';
import { loadNginxConfig } from '../../../src/parse/nginx/index.js';
import { createNginxSimulator } from '../../../src/simulate/nginx/index.js';
import { parseRequestUrl, type Verdict } from '../../../src/simulate/types.js';
import { isRoot, makeTempRoot, materializeManifest, removeTree } from '../../helpers/tree.js';

/**
 * What `explain` tells a user beyond status and cause: the chain of config lines and path
 * components, and the fix. Real trees, no server (the differential suite checks the answers).
 */

const MANIFEST = `
entries:
  - { path: /www, type: dir }
  - { path: /www/private, type: dir, mode: '0700' }
  - { path: /www/private/a.txt, type: file }
  - { path: /www/mine.txt, type: file, mode: '0600', owner: 33 }
  - { path: /www/empty, type: dir }
`;

let root = '';
let model: NginxModel;
const fs = new LiveFs('/');
const { users } = loadUserDb(fs);

beforeAll(() => {
  root = makeTempRoot('forbidlint-explain-');
  const manifest = parseManifest(MANIFEST, 'manifest');
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
  materializeManifest(manifest.tree, root);
  const configPath = join(root, 'nginx.conf');
  writeFileSync(
    configPath,
    [
      'user www-data;',
      'http {',
      '    server {',
      '        listen 8080;',
      `        root ${root}/www;`,
      '        location /admin/ {',
      '            deny all;',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n'),
  );
  model = buildNginxModel(loadNginxConfig(configPath, { fs }));
});

afterAll(() => removeTree(root));

function explain(url: string, webUser?: { user: string; group?: string }): Verdict {
  return createNginxSimulator(model, { fs, users, ...(webUser ? { webUser } : {}) }).explain(parseRequestUrl(url));
}

describe('createNginxSimulator: explanations', () => {
  it('names the directory that lacks search permission and the chmod that fixes it', () => {
    const verdict = explain('http://localhost:8080/private/a.txt');
    expect(verdict).toMatchObject({ status: 403, cause: 'permission-denied', path: `${root}/www/private/a.txt`, fix: `chmod o+x ${root}/www/private  (nginx workers run as www-data)` });
    expect(verdict.trace.map((s) => s.step)).toEqual(['uri-normalized', 'server-selected', 'web-user', 'location-matched', 'path-mapped', 'path-component']);
    expect(verdict.trace.find((s) => s.step === 'path-mapped')).toMatchObject({ line: 5, column: 9 });
  });

  it('points at the deny rule', () => {
    const verdict = explain('http://localhost:8080/admin/x');
    expect(verdict).toMatchObject({ status: 403, cause: 'forbidden-by-rule' });
    expect(verdict.fix).toContain(':7');
    expect(verdict.trace.find((s) => s.step === 'access-denied')).toMatchObject({ line: 7, message: '"deny all" matches client 127.0.0.1' });
  });

  it('suggests an index file or autoindex for a directory without one', () => {
    expect(explain('http://localhost:8080/empty/')).toMatchObject({ status: 403, cause: 'directory-index-forbidden', fix: `add index.html to ${root}/www/empty/, or enable "autoindex on;"` });
  });

  (isRoot ? it : it.skip).each([
    [undefined, 200, null],
    [{ user: 'nobody' }, 403, 'permission-denied'],
    [{ user: 'www-data', group: 'nogroup' }, 200, null],
  ])('--web-user %j decides who reads a 0600 file of www-data', (webUser, status, cause) => {
    expect(explain('http://localhost:8080/mine.txt', webUser)).toMatchObject({ status, cause });
  });

  it('answers 400 without a cause for a URI that climbs above the root', () => {
    expect(explain('http://localhost:8080/%2e%2e/etc/passwd')).toMatchObject({ status: 400, cause: null });
  });

  it('reports a user the audited system does not have instead of guessing', () => {
    const verdict = explain('http://localhost:8080/mine.txt', { user: 'no-such-account' });
    expect(verdict).toMatchObject({ status: 0, cause: null });
    expect(verdict.trace.at(-1)?.step).toBe('web-user-unresolved');
  });

  it('reports a port nothing listens on', () => {
    expect(explain('http://localhost:9999/').trace.at(-1)?.step).toBe('no-server');
  });
});
