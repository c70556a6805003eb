import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../../src/fs/live-fs.js';
import { parseManifest } from '../../../src/fs/manifest-fs.js';
import { loadUserDb } from '../../../src/fs/users.js';
import { buildApacheModel } from '../../../src/model/apache/index.js';
import { loadApacheConfig } from '../../../src/parse/apache/index.js';
import { createApacheSimulator, type ApacheSimulatorEnv } from '../../../src/simulate/apache/index.js';
import { parseRequestUrl, type Verdict } from '../../../src/simulate/types.js';
import { isRoot, makeTempRoot, materializeManifest, removeTree } from '../../helpers/tree.js';

/**
 * What `explain` tells beyond status and cause: the chain of steps with the lines that
 * decided, and a fix; checked on a real tree with the config read by the real loader.
 */

let root = '';
let conf = '';

beforeAll(() => {
  root = makeTempRoot('forbidlint-apache-sim-');
  const manifest = parseManifest(
    JSON.stringify({
      users: [{ name: 'www-data', uid: 33, gid: 33 }],
      groups: [{ name: 'www-data', gid: 33 }],
      entries: [
        { path: '/www', type: 'dir' },
        { path: '/www/index.html', type: 'file', content: 'i\n' },
        { path: '/www/root-only.txt', type: 'file', mode: '0600', content: 's\n' },
        { path: '/www/group-closed.txt', type: 'file', mode: '0604', group: 'www-data', content: 's\n' },
        { path: '/www/owner-closed.txt', type: 'file', mode: '0244', owner: 'www-data', content: 's\n' },
        { path: '/www/private', type: 'dir' },
        { path: '/www/private/f.txt', type: 'file', content: 'f\n' },
        { path: '/www/closed', type: 'dir', mode: '0700' },
        { path: '/www/closed/f.txt', type: 'file', content: 'f\n' },
      ],
    }),
    'simulator.test',
  );
  if (!manifest.ok) throw new Error(manifest.errors.join('\n'));
  materializeManifest(manifest.tree, root);
  conf = join(root, 'httpd.conf');
  writeFileSync(
    conf,
    [
      'User www-data',
      'Group www-data',
      'Listen 127.0.0.1:80',
      `<VirtualHost 127.0.0.1:80>`,
      '  ServerName site.test',
      `  DocumentRoot ${root}/www`,
      `  <Directory ${root}/www>`,
      '    AllowOverride None',
      '  </Directory>',
      `  <Directory ${root}/www/private>`,
      '    Require all denied',
      '  </Directory>',
      '</VirtualHost>',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (root) removeTree(root);
});

function explain(url: string, webUser?: ApacheSimulatorEnv['webUser']): Verdict {
  const fs = new LiveFs('/');
  const model = buildApacheModel(loadApacheConfig(conf, { fs }));
  const simulator = createApacheSimulator(model, { fs, users: loadUserDb(fs).users, ...(webUser ? { webUser } : {}) });
  return simulator.explain(parseRequestUrl(url));
}

describe('createApacheSimulator', () => {
  it('traces a Require denial to the vhost, the sections with their lines and the Require line', () => {
    const verdict = explain('http://site.test/private/f.txt');
    expect({ status: verdict.status, cause: verdict.cause, path: verdict.path }).toEqual({ status: 403, cause: 'AH01630', path: `${root}/www/private/f.txt` });
    expect(verdict.trace.filter((s) => s.step !== 'path-component').map((s) => [s.step, s.line])).toEqual([
      ['web-user', 1],
      ['server-selected', 4],
      ['document-root', undefined],
      ['section-applied', 7],
      ['section-applied', 10],
      ['path-mapped', undefined],
      ['authz', 11],
    ]);
    const components = verdict.trace.filter((s) => s.step === 'path-component').map((s) => s.message.split(' ')[0]);
    expect(components.slice(-3)).toEqual([`${root}/www`, `${root}/www/private`, `${root}/www/private/f.txt`]);
    expect(verdict.fix).toContain(`${conf}:11`);
  });

  // Owners in the tree are real only as root (materializeManifest cannot chown otherwise).
  it.skipIf(!isRoot)('names the directory missing search permission and suggests the chmod', () => {
    const verdict = explain('http://site.test/closed/f.txt');
    expect({ status: verdict.status, cause: verdict.cause }).toEqual({ status: 403, cause: 'AH00035' });
    expect(verdict.trace.filter((s) => s.step === 'path-component').at(-1)?.message).toContain(`${root}/www/closed is 0700 root:root`);
    expect(verdict.fix).toBe(`chmod o+x ${root}/www/closed (or give www-data search permission through its group)`);
  });

  (isRoot ? it : it.skip).each([
    { file: 'root-only.txt', fix: 'chmod o+r {path} (or give www-data read through its group)' },
    // The kernel checks the group bits for a member and never falls through to "other".
    { file: 'group-closed.txt', fix: 'chmod g+r {path}' },
    { file: 'owner-closed.txt', fix: 'chmod u+r {path}' },
  ])('suggests the chmod of the class the kernel checks for the web user on $file', ({ file, fix }) => {
    const verdict = explain(`http://site.test/${file}`);
    expect({ status: verdict.status, cause: verdict.cause, fix: verdict.fix }).toEqual({ status: 403, cause: 'AH00132', fix: fix.replace('{path}', `${root}/www/${file}`) });
  });

  (isRoot ? it : it.skip).each([
    { webUser: undefined, status: 403, cause: 'AH00132' },
    { webUser: { user: 'root' }, status: 200, cause: null },
  ])('checks file modes as the web user ($webUser)', ({ webUser, status, cause }) => {
    const verdict = explain('http://site.test/root-only.txt', webUser);
    expect({ status: verdict.status, cause: verdict.cause }).toEqual({ status, cause });
  });

  it('answers 500 with a reason when the configured user does not exist on the audited system', () => {
    const verdict = explain('http://site.test/', { user: 'no-such-user-here' });
    expect({ status: verdict.status, cause: verdict.cause }).toEqual({ status: 500, cause: null });
    expect(verdict.trace[0]?.message).toContain('no-such-user-here');
  });
});
