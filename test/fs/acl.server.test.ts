import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/fs/manifest-fs.js';
import { runCli } from '../cli/run-cli.js';
import { nginxMainConfig, startNginx, type NginxServer } from '../helpers/nginx-server.js';
import { isRoot, makeTempRoot, materializeManifest, removeTree } from '../helpers/tree.js';

/**
 * Serving from a home directory, the way the nginx docs' users do it: alice's 0700 home opened
 * to www-data by ACL entries, not by chmod. The real nginx is the oracle; forbidlint must agree
 * from the live tree under --root and from the manifest the tree was built from.
 */
const PORT = 23300;
const TREE = `
users: [{ name: www-data, uid: 33, gid: 33 }, { name: alice, uid: 1000, gid: 1000 }]
groups: [{ name: www-data, gid: 33 }, { name: alice, gid: 1000 }]
entries:
  - { path: /home/alice, type: dir, mode: '0700', owner: alice, group: alice, acl: 'user:www-data:--x' }
  - { path: /home/alice/site, type: dir, mode: '0750', owner: alice, group: alice, acl: 'user:www-data:r-x,group::r-x' }
  - { path: /home/alice/site/index.html, type: file, mode: '0600', owner: alice, group: alice, acl: 'user:www-data:r--', content: "home\\n" }
  - { path: /home/alice/site/draft.html, type: file, mode: '0640', owner: alice, group: alice, acl: 'user:www-data:r--,group::r--,mask::-w-', content: "draft\\n" }
`;
const site = (root: string): string => `    server {\n        listen 127.0.0.1:${PORT};\n        root ${root}/home/alice/site;\n    }\n`;

describe.runIf(isRoot && spawnSync('sh', ['-c', 'command -v setfacl && test -x /usr/sbin/nginx']).status === 0)('an ACL-granted home directory', () => {
  let mounted: string;
  let state: string;
  let nginx: NginxServer;
  const manifestDir = makeTempRoot('forbidlint-acl-manifest-');

  beforeAll(async () => {
    const tree = parseManifest(TREE, 'tree.yaml');
    if (!tree.ok) throw new Error(tree.errors.join('\n'));
    mounted = makeTempRoot('forbidlint-acl-site-');
    materializeManifest(tree.tree, mounted);
    const config = 'user www-data;\nevents {}\nhttp {\n' + site('') + '}\n';
    for (const dir of [mounted, manifestDir]) {
      mkdirSync(path.join(dir, 'etc/nginx'), { recursive: true });
      writeFileSync(path.join(dir, 'etc/nginx/nginx.conf'), config);
    }
    writeFileSync(path.join(manifestDir, 'tree.yaml'), TREE);
    state = makeTempRoot('forbidlint-acl-nginx-');
    nginx = await startNginx({ dir: state, config: nginxMainConfig(state, { user: 'www-data', http: site(mounted) }), ports: [PORT] });
  });

  afterAll(async () => {
    await nginx?.stop();
    removeTree(mounted);
    removeTree(state);
    removeTree(manifestDir);
  });

  it('nginx serves what the ACL grants and refuses what the mask takes away', async () => {
    expect((await nginx.send({ host: 'localhost', port: PORT, path: '/index.html' })).status).toBe(200);
    const draft = await nginx.send({ host: 'localhost', port: PORT, path: '/draft.html' });
    expect({ status: draft.status, cause: draft.cause }).toEqual({ status: 403, cause: 'permission-denied' });
  });

  async function findings(root: string, flags: string[]): Promise<string[]> {
    const run = await runCli(['--root', root, ...flags, '-f', 'json', path.join(root, 'etc/nginx/nginx.conf')], { cwd: root });
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.message}`));
  }

  it('forbidlint agrees from the live tree and from the manifest', async () => {
    const expected = [
      `fs/unreadable-by-web-user /home/alice/site/draft.html is 0620 alice:alice with ACL user:www-data:r--,group::r--,mask::-w-: www-data cannot read it, so the server listening on 127.0.0.1:${PORT} answers 403 for /draft.html and logs "(13: Permission denied)"`,
    ];
    const live = await findings(mounted, []);
    expect(live.filter((f) => f.startsWith('fs/'))).toEqual(expected);
    const fromManifest = await findings(manifestDir, ['--fs-manifest', path.join(manifestDir, 'tree.yaml')]);
    expect(fromManifest).toEqual(live);
  });
});
