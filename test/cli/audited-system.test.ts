import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { runCli, tempTree } from './run-cli.js';

/**
 * A plugin whose rule reports, once per configuration, who the workers run as (resolved through
 * the audited system's users) and what the served tree looks like in the audited filesystem.
 */
const PROBE = `
export default {
  name: 'probe',
  rules: [{
    meta: { id: 'probe/context', type: 'suggestion', docs: { description: 'reports the context', url: 'https://example.org' },
      messages: { who: 'workers: {{who}}; {{tree}}' }, schema: { type: 'object' }, defaultSeverity: 'warn' },
    defaultOptions: {},
    create(context) {
      const entries = [];
      return {
        fsEntry: ({ entry }) => entries.push(entry.path + ' ' + entry.stat.mode.toString(8)),
        finish() {
          const p = context.principal;
          context.report({ loc: { file: context.config.entry, line: 1, column: 1, endLine: 1, endColumn: 2 }, messageId: 'who',
            data: { who: p ? p.name + ' uid ' + p.uid + ' gids ' + p.gids.join(',') : 'unknown', tree: entries.join(', ') } });
        },
      };
    },
  }],
};
`;

const tree = tempTree({
  '.forbidlintrc.json': JSON.stringify({ plugins: ['./probe.mjs'], rules: { 'probe/context': 'warn' } }),
  'probe.mjs': PROBE,
  'server/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:82:82:www:/var/www:/usr/sbin/nologin\ndeploy:x:1000:1000::/home/deploy:/bin/sh\n',
  'server/etc/group': 'root:x:0:\nwww-data:x:82:\ndeploy:x:1000:www-data\n',
  'server/etc/nginx/nginx.conf': 'user www-data;\nevents {}\nhttp {\n  server {\n    root /srv/www;\n  }\n}\n',
  'server/srv/www/index.html': 'hi\n',
  'tree.yml': [
    'users: [{ name: www-data, uid: 33, gid: 33 }, { name: deploy, uid: 1000, gid: 1000 }]',
    'groups: [{ name: www-data, gid: 33 }, { name: deploy, gid: 1000, members: [www-data] }]',
    'entries:',
    "  - { path: /srv/www, type: dir, mode: '0750', owner: deploy, group: deploy }",
    "  - { path: /srv/www/index.html, type: file, mode: '0640', owner: deploy, group: deploy }",
    '',
  ].join('\n'),
});
afterAll(() => tree.cleanup());

async function probe(args: string[]): Promise<string[]> {
  const run = await runCli([...args, '-f', 'json'], { cwd: tree.dir });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { messages: { message: string }[] }[]).flatMap((r) => r.messages.map((m) => m.message));
}

describe('the audited system', () => {
  it('--root: users, groups and modes come from the mounted tree', async () => {
    const [message] = await probe(['--root', 'server', '/etc/nginx/nginx.conf']);
    expect(message).toMatch(/^workers: www-data uid 82 gids 82,1000; \/srv\/www 4?755, \/srv\/www\/index.html 644$/);
  });

  it('--web-user overrides the config’s user; the group named replaces the account’s own, as initgroups(3) does', async () => {
    expect(await probe(['--root', 'server', '/etc/nginx/nginx.conf', '--web-user', 'deploy:www-data'])).toEqual([
      expect.stringMatching(/^workers: deploy uid 1000 gids 82; /),
    ]);
  });

  it('a web user the audited system does not have is a warning at the user directive', async () => {
    const run = await runCli(['--root', 'server', '/etc/nginx/nginx.conf', '--web-user', 'ghost', '-f', 'compact'], { cwd: tree.dir });
    expect(run.stdout).toContain(`server/etc/nginx/nginx.conf: line 1, col 1, Warning - cannot check file permissions: user "ghost" does not exist in the audited system's /etc/passwd`);
  });

  it('--fs-manifest: modes and users from the manifest, configs from the disk', async () => {
    const [message] = await probe(['server/etc/nginx/nginx.conf', '--fs-manifest', 'tree.yml']);
    expect(message).toBe('workers: www-data uid 33 gids 33,1000; /srv/www 750, /srv/www/index.html 640');
  });
});
