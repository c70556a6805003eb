import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, type BuiltCli } from '../helpers/built-cli.js';
import { isRoot } from '../helpers/tree.js';

/**
 * The documented pipeline in real processes: the printed command run by sh, its stream piped
 * into `forbidlint --snapshot -`. The server's root is a directory whose name holds a quote, a
 * space, a percent sign and a backslash, which the command must carry through sh and find.
 */
let cli: BuiltCli;
let work: string;
let server: string;

beforeAll(() => {
  if (!isRoot) return;
  cli = buildCli('snapshot-pipe');
  work = mkdtempSync(path.join(tmpdir(), 'forbidlint-snap-pipe-'));
  server = path.join(work, "it's a 100% \\tree");
  const files: Record<string, string> = {
    'etc/passwd': 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\ndeploy:x:1000:1000::/home/deploy:/bin/sh\n',
    'etc/group': 'root:x:0:\nwww-data:x:33:\ndeploy:x:1000:\n',
    'etc/nginx/nginx.conf': 'user www-data;\nevents {}\nhttp {\n  server {\n    listen 80;\n    server_name shop.example.com;\n    root /srv/shop;\n    location /private/ { }\n  }\n}\n',
    'srv/shop/index.html': 'hi\n',
    'srv/shop/private/index.html': 'secret\n',
    'srv/shop/100% off.html': 'sale\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(server, name)), { recursive: true });
    writeFileSync(path.join(server, name), text);
  }
  chownSync(path.join(server, 'srv/shop/private'), 1000, 1000);
  chmodSync(path.join(server, 'srv/shop/private'), 0o700);
  chmodSync(path.join(server, 'srv/shop/100% off.html'), 0o600);
});

afterAll(() => {
  cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('ssh host "$(forbidlint snapshot)" | forbidlint --snapshot -', () => {
  it('pipes the stream of the printed command into the lint, with the live audit\'s findings', () => {
    const printed = cli.run(['snapshot', '--nginx', '--prefix', server], { cwd: work });
    expect(printed.code).toBe(0);
    writeFileSync(path.join(work, 'snapshot.sh'), printed.stdout);
    const piped = spawnSync('sh', ['-c', `sh ./snapshot.sh | "${process.execPath}" "${cli.bin}" --snapshot - -f json`], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const live = cli.run(['--root', server, '-f', 'json', path.join(server, 'etc/nginx/nginx.conf')], { cwd: work });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(live.code);
    const strip = (stdout: string, base: string) =>
      (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[]).flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath)}:${m.line} ${m.ruleId} ${m.message}`)).sort();
    const expected = strip(live.stdout, server);
    expect(expected).toEqual([expect.stringContaining('/srv/shop/100% off.html is 0600')]);
    expect(strip(piped.stdout, path.join(work, '(stdin)'))).toEqual(expected);
  });
});
