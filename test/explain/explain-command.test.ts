import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { main } from '../../src/cli/main.js';

/**
 * `forbidlint explain` end to end on the demo server (configs under fixtures/demo/root, modes
 * and owners from its manifest): the JSON contract scripts rely on, the story for people, and
 * the exit codes.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = ['--root', 'fixtures/demo/root', '--fs-manifest', 'fixtures/demo/tree.yaml'];
const nginxConf = 'fixtures/demo/root/etc/nginx/nginx.conf';
const apacheConf = 'fixtures/demo/root/etc/apache2/apache2.conf';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    readStdin: async () => '',
    cwd: repo,
    env: {},
  });
  return { code, stdout, stderr };
}

async function explainJson(config: string, url: string, extra: string[] = []): Promise<{ code: number; verdict: Record<string, unknown> }> {
  const { code, stdout, stderr } = await run(['explain', config, url, ...demo, '--format', 'json', ...extra]);
  expect(stderr).toBe('');
  return { code, verdict: JSON.parse(stdout) as Record<string, unknown> };
}

describe('forbidlint explain', () => {
  it.each([
    [nginxConf, 'http://shop.example.com/', 200, null],
    [nginxConf, 'http://shop.example.com/cart.html', 403, 'permission-denied'],
    [nginxConf, 'http://shop.example.com/reports/', 403, 'permission-denied'],
    [nginxConf, 'http://shop.example.com/downloads/', 403, 'directory-index-forbidden'],
    [nginxConf, 'http://shop.example.com/admin/', 403, 'forbidden-by-rule'],
    // `try_files $uri $uri/ =404` answers 404 itself: nginx logs nothing, hence `return`.
    [nginxConf, 'http://shop.example.com/no-such-page', 404, 'return'],
    [nginxConf, 'http://shop.example.com/static/app.css', 403, 'permission-denied'],
    [apacheConf, 'http://blog.example.com/', 200, null],
    [apacheConf, 'http://blog.example.com/archive/', 403, 'AH01276'],
    [apacheConf, 'http://blog.example.com/media/cover.jpg', 403, 'AH01630'],
  ])('%s %s -> %i %s', async (config, url, status, cause) => {
    const { code, verdict } = await explainJson(config, url);
    expect({ status: verdict['status'], cause: verdict['cause'] }).toEqual({ status, cause });
    expect(code).toBe(status >= 400 ? 1 : 0);
  });

  it('traces each decision to a file and line of the configuration', async () => {
    const { verdict } = await explainJson(nginxConf, 'http://shop.example.com/admin/');
    const trace = verdict['trace'] as { step: string; file?: string; line?: number; message: string }[];
    const deciding = trace.at(-1);
    expect(deciding).toMatchObject({ file: path.join(repo, 'fixtures/demo/root/etc/nginx/sites-enabled/shop.conf'), line: 16 });
    expect(deciding?.message).toContain('deny all');
  });

  it('a client the config admits gets through', async () => {
    const { verdict } = await explainJson(nginxConf, 'http://shop.example.com/admin/', ['--client-ip', '10.1.2.3']);
    // `allow 10.0.0.0/8` comes after `deny all`: nginx stops at the first match, so it stays 403.
    expect(verdict['status']).toBe(403);
  });

  it('tells the story in text: answer, cause, the steps with their lines, the fix', async () => {
    const { code, stdout } = await run(['explain', nginxConf, 'http://shop.example.com/reports/', ...demo]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^GET http:\/\/shop\.example\.com\/reports\/ -> 403 Forbidden\n/);
    expect(stdout).toContain('cause: permission-denied');
    expect(stdout).toContain('/var/www/shop/reports is 0700 deploy:deploy: www-data cannot search it');
    expect(stdout).toContain('at fixtures/demo/root/etc/nginx/sites-enabled/shop.conf:7');
    expect(stdout).toMatch(/\nfix: chmod o\+x \/var\/www\/shop\/reports/);
  });

  it('--web-user changes whose permissions count', async () => {
    const { verdict } = await explainJson(nginxConf, 'http://shop.example.com/cart.html', ['--web-user', 'deploy']);
    expect(verdict['status']).toBe(200);
  });

  it.each([
    [['explain', nginxConf], 'explain takes a config file and a URL'],
    [['explain', nginxConf, 'shop.example.com/'], 'is not an http:// or https:// URL'],
    [['explain', 'fixtures/demo/root/etc/nginx/missing.conf', 'http://x/', ...demo], 'cannot read'],
    [['explain', nginxConf, 'http://x/', '--format', 'xml'], '--format for explain is text or json'],
  ])('bad input is one line and exit code 2: %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('-H names the site while the URL names the address: a root built from the Host', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-explain-host-'));
    try {
      const conf = path.join(dir, 'nginx.conf');
      writeFileSync(conf, 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 127.0.0.1:80;\n        root /srv/vhosts/$host;\n    }\n}\n');
      const manifest = path.join(dir, 'tree.yaml');
      writeFileSync(
        manifest,
        "users:\n  - { name: root, uid: 0, gid: 0 }\n  - { name: www-data, uid: 33, gid: 33 }\ngroups:\n  - { name: root, gid: 0 }\n  - { name: www-data, gid: 33 }\nentries:\n  - { path: /srv/vhosts, type: dir }\n  - { path: /srv/vhosts/a.test, type: dir }\n  - { path: /srv/vhosts/a.test/index.html, type: file }\n  - { path: /srv/vhosts/b.test, type: dir, mode: '0700' }\n  - { path: /srv/vhosts/b.test/index.html, type: file }\n",
      );
      const answer = async (...extra: string[]): Promise<unknown> => {
        const { stdout } = await run(['explain', conf, 'http://127.0.0.1/', '--fs-manifest', manifest, '--format', 'json', ...extra]);
        const verdict = JSON.parse(stdout) as Record<string, unknown>;
        return { status: verdict['status'], cause: verdict['cause'], path: verdict['path'] };
      };
      expect(await answer('-H', 'Host: a.test')).toEqual({ status: 200, cause: null, path: '/srv/vhosts/a.test/index.html' });
      expect(await answer('--header', 'host:B.test')).toEqual({ status: 403, cause: 'permission-denied', path: '/srv/vhosts/b.test/index.html' });
      const bad = await run(['explain', conf, 'http://127.0.0.1/', '-H', 'a.test']);
      expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 2, stderr: 'forbidlint: --header "a.test" is not a "Name: value" header\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
