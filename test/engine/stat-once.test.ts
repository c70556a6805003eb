import { afterAll, expect, it } from 'vitest';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LiveFs } from '../../src/fs/live-fs.js';
import { loadUserDb } from '../../src/fs/users.js';
import type { EntryStat, FsResult, FsView } from '../../src/fs/types.js';
import { ConfigDiscovery } from '../../src/config/discover.js';
import { Linter } from '../../src/engine/linter.js';
import { builtinRules } from '../../lint-rules/index.js';
import { tempTree } from '../cli/run-cli.js';

/**
 * Each entry of a served tree is stat'ed once per lint: the walk's lstat, and for the rules'
 * access checks the directories the walk already listed. Counted on the audited view itself,
 * with every recommended rule on a real tree holding unreadable files, a closed directory and
 * symlinks.
 */
class CountingView implements FsView {
  readonly description = 'counting';
  stats = 0;
  constructor(private readonly view: FsView) {}
  lstat(p: string): FsResult<EntryStat> {
    this.stats++;
    return this.view.lstat(p);
  }
  stat(p: string): FsResult<EntryStat> {
    this.stats++;
    return this.view.stat(p);
  }
  readdir(p: string): FsResult<string[]> {
    return this.view.readdir(p);
  }
  readlink(p: string): FsResult<string> {
    return this.view.readlink(p);
  }
  readFile(p: string): FsResult<Buffer> {
    return this.view.readFile(p);
  }
}

const tree = tempTree({
  'srv/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www:/var/www:/usr/sbin/nologin\n',
  'srv/etc/group': 'root:x:0:\nwww-data:x:33:\n',
  'srv/etc/nginx/nginx.conf': 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /var/www/site/public;\n    }\n}\n',
});
afterAll(() => tree.cleanup());

/** Look-ups made once per lint whatever the size of the tree. */
const CONSTANT_LOOKUPS = 10;

it('a whole lint stats each entry of a 2,000-entry tree at most 1.1 times', async () => {
  const root = path.join(tree.dir, 'srv');
  const site = path.join(root, 'var/www/site/public');
  let entries = 1;
  for (let d = 0; d < 40; d++) {
    const dir = path.join(site, `section-${d}`, 'pages');
    mkdirSync(dir, { recursive: true });
    entries += 2;
    for (let f = 0; f < 48; f++, entries++) {
      const file = path.join(dir, `p${f}.html`);
      if (f % 16 === 15) symlinkSync(`p${f - 1}.html`, file);
      else writeFileSync(file, 'x');
      if (f % 10 === 3) chmodSync(file, 0o600);
    }
  }
  chmodSync(path.join(site, 'section-7'), 0o700);
  const live = new LiveFs(root);
  const audit = new CountingView(live);
  const linter = new Linter({
    configs: new ConfigDiscovery({ cwd: tree.dir, builtinRules }),
    view: { root, configFs: live, auditFs: audit, users: loadUserDb(live).users, fsEnabled: true },
  });
  const results = await linter.lint([{ dialect: 'nginx', entry: '/etc/nginx/nginx.conf', kind: 'main' }]);
  const unreadable = results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'fs/unreadable-by-web-user');
  // The closed directory once and the 195 unreadable files elsewhere: one finding rolled up over the tree.
  expect(unreadable.map((m) => m.message.split(' (')[0])).toEqual(['196 entries under /var/www/site/public with the same problem']);
  // Per entry, plus a handful that do not grow with the tree: the probe asks a server's own
  // URLs (its root, its index) before the walk has stat'ed those paths.
  expect((audit.stats - CONSTANT_LOOKUPS) / entries).toBeLessThanOrEqual(1.1);
  expect(audit.stats).toBeGreaterThanOrEqual(entries);
});
