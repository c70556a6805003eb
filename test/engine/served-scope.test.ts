import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, tempTree } from '../cli/run-cli.js';

/**
 * The filesystem rules look at what the server really serves, on real trees under --root:
 * `location /x/ { root DIR; }` serves DIR/x/ only, at the URLs nginx serves it under; a root on
 * a system directory is one finding, never a walk; a server-wide Alias under virtual hosts is
 * reported on the hosts that serve it.
 */
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33:www:/var/www:/usr/sbin/nologin\n';
const GROUP = 'root:x:0:\nwww-data:x:33:\n';
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function server(files: Record<string, string>): string {
  const tree = tempTree(Object.fromEntries(Object.entries({ 'etc/passwd': PASSWD, 'etc/group': GROUP, ...files }).map(([name, text]) => [`srv/${name}`, text])));
  cleanups.push(tree.cleanup);
  return path.join(tree.dir, 'srv');
}

interface Message {
  ruleId: string | null;
  message: string;
  fsPath?: string;
  severity: number;
}

async function lint(root: string, entry: string, extra: string[] = []): Promise<Message[]> {
  const run = await runCli(['--root', root, entry, '-f', 'json', '--rule', 'fs/world-writable: error', ...extra], { cwd: root });
  expect(run.stderr).toBe("");
  // Other namespaces judge the config itself (a missing <Directory /> deny, GET / without an index).
  return (JSON.parse(run.stdout) as { messages: Message[] }[]).flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('fs/') || m.ruleId === null));
}

/** `count` world-writable files in `dir` (host path). */
function worldWritableFiles(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(path.join(dir, `f${i}.txt`), 'x');
    chmodSync(path.join(dir, `f${i}.txt`), 0o666);
  }
}

const nginx = (body: string): string => `user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n${body}    }\n}\n`;

describe('the scope of the filesystem rules', () => {
  it('location /x/ { root DIR; } walks DIR/x/ only and names its files by the URLs nginx serves', async () => {
    const root = server({ 'etc/nginx/nginx.conf': nginx('        location /x/ {\n            root /data;\n        }\n') });
    // Thousands of problems in DIR outside x/: nginx never serves them from this location.
    for (const other of ['a', 'b', 'c']) worldWritableFiles(path.join(root, 'data', other), 400);
    worldWritableFiles(path.join(root, 'data/x/docs'), 1);
    const messages = await lint(root, '/etc/nginx/nginx.conf');
    expect(messages.map((m) => [m.ruleId, m.fsPath])).toEqual([['fs/world-writable', '/data/x/docs/f0.txt']]);
    expect(messages[0]?.message).toContain('serves it as /x/docs/f0.txt');
  });

  it('alias maps its prefix: /static/ serves /opt/assets/', async () => {
    const root = server({ 'etc/nginx/nginx.conf': nginx('        location /static/ {\n            alias /opt/assets/;\n        }\n') });
    worldWritableFiles(path.join(root, 'opt/assets/css'), 1);
    const messages = await lint(root, '/etc/nginx/nginx.conf');
    expect(messages.map((m) => m.message)).toEqual([expect.stringContaining('serves it as /static/css/f0.txt')]);
  });

  it('a longer prefix with its own alias takes its URLs elsewhere: DIR/static/ is not served through root DIR', async () => {
    const root = server({ 'etc/nginx/nginx.conf': nginx('        root /srv/www;\n        location /static/ {\n            alias /srv/assets/;\n        }\n'), 'srv/www/index.html': 'home\n' });
    worldWritableFiles(path.join(root, 'srv/www/static'), 2);
    worldWritableFiles(path.join(root, 'srv/assets'), 1);
    const messages = await lint(root, '/etc/nginx/nginx.conf');
    expect(messages.map((m) => m.fsPath)).toEqual(['/srv/assets/f0.txt']);
    expect(messages[0]?.message).toContain('serves it as /static/f0.txt');
  });

  it.each([
    ['root /;', 'root /;', '/', '/etc/passwd (/etc/passwd)'],
    ['root /etc;', 'root /etc;', '/etc', '/passwd (/etc/passwd)'],
    ['a location serving /home', 'location /h/ {\n            alias /home/;\n        }', '/home', '/h/ (/home/)'],
  ])('%s gives one exposure finding with an example URL and is not walked', async (_name, directive, dir, example) => {
    const root = server({ 'etc/nginx/nginx.conf': nginx(`        ${directive}\n`) });
    worldWritableFiles(path.join(root, 'etc/nginx/conf.d'), 30);
    worldWritableFiles(path.join(root, 'home/deploy'), 30);
    const messages = await lint(root, '/etc/nginx/nginx.conf');
    expect(messages.map((m) => [m.ruleId, m.severity, m.fsPath])).toEqual([['fs/system-directory-served', 2, dir]]);
    expect(messages[0]?.message).toContain(example);
  });

  it('a root with a variable is not walked and gets no rule-less error; fs/variable-root notes it in strict', async () => {
    const root = server({ 'etc/nginx/nginx.conf': nginx('        root /var/www/$host;\n') });
    worldWritableFiles(path.join(root, 'var/www/$host'), 2);
    expect(await lint(root, '/etc/nginx/nginx.conf')).toEqual([]);
    const strict = await lint(root, '/etc/nginx/nginx.conf', ['--rule', 'fs/variable-root: warn']);
    expect(strict.map((m) => [m.ruleId, m.severity])).toEqual([['fs/variable-root', 1]]);
    expect(strict[0]?.message).toBe('`root /var/www/$host` names a directory that depends on the request (/var/www/$host), so the files the server listening on *:80 serves through it are not checked');
  });

  it('a server-wide Alias under virtual hosts on :8080 is reported once, for the hosts, never for a server on *:80', async () => {
    const root = server({
      'etc/apache2/apache2.conf': [
        'User www-data',
        'Group www-data',
        'Listen 8080',
        'Alias /media/ /srv/media/',
        '<VirtualHost *:8080>',
        '    ServerName a.example',
        '    DocumentRoot /srv/a',
        '</VirtualHost>',
        '<VirtualHost *:8080>',
        '    ServerName b.example',
        '    DocumentRoot /srv/b',
        '</VirtualHost>',
        '',
      ].join('\n'),
      'srv/a/index.html': 'a\n',
      'srv/b/index.html': 'b\n',
    });
    worldWritableFiles(path.join(root, 'srv/media'), 1);
    const messages = await lint(root, '/etc/apache2/apache2.conf');
    expect(messages.map((m) => [m.ruleId, m.fsPath])).toEqual([['fs/world-writable', '/srv/media/f0.txt']]);
    expect(messages[0]?.message).toContain('server a.example (listen *:8080) serves it as /media/f0.txt');
    expect(messages.map((m) => m.message).join('\n')).not.toContain('*:80 ');
  });

  it('a symlink out of the tree that resolves is not broken; a dangling one is', async () => {
    const root = server({ 'etc/nginx/nginx.conf': nginx('        root /srv/app/public;\n'), 'srv/app/public/index.php': '<?php\n', 'srv/app/storage/app/public/a.png': 'png' });
    symlinkSync('/srv/app/storage/app/public', path.join(root, 'srv/app/public/storage'));
    symlinkSync('../gone', path.join(root, 'srv/app/public/old'));
    const messages = await lint(root, '/etc/nginx/nginx.conf');
    expect(messages.map((m) => [m.ruleId, m.fsPath])).toEqual([['fs/broken-symlink', '/srv/app/public/old']]);
  });
});
