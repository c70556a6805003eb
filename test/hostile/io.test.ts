import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type BuiltCli } from '../helpers/built-cli.js';
import { runCli, tempTree } from '../cli/run-cli.js';
import { LiveFs } from '../../src/fs/live-fs.js';

/**
 * Real processes against hostile files: FIFOs that would block a read forever, /dev/zero that
 * never ends, a standard output that fails. Each run has a timeout far above what it needs.
 */
let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli('io');
}, 120_000);
afterAll(() => cli?.remove());

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
function tree(files: Record<string, string>): string {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  chmodSync(t.dir, 0o755);
  return t.dir;
}

const server = (extra: string) => `events {}\nhttp {\n  server {\n    listen 80;\n${extra}  }\n}\n`;

describe('only regular files are read', () => {
  it.each([
    ['an include of /dev/zero', () => ({ 'nginx.conf': server('    include /dev/zero;\n') }), [] as string[], /\/dev\/zero is a character device, not a regular file/],
    ['an include that is a FIFO', (dir: string) => ({ 'nginx.conf': server(`    include ${dir}/pipe.conf;\n`) }), ['pipe.conf'], /pipe\.conf is a FIFO, not a regular file/],
  ])('%s is a diagnostic, not a hang', (_name, files, fifos, expected) => {
    const dir = tree({});
    const written = tree(files(dir));
    for (const fifo of fifos) execFileSync('mkfifo', [path.join(dir, fifo)]);
    const run = cli.run([path.join(written, 'nginx.conf'), '--no-fs', '-f', 'compact'], { cwd: dir, timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.stdout).toMatch(expected);
  });

  it('an audited /etc/passwd that is a FIFO is a warning, not a hang', () => {
    const dir = tree({ 'etc/nginx/nginx.conf': server('    root /srv/www;\n'), 'srv/www/index.html': 'hi\n', 'etc/group': 'root:x:0:\n' });
    execFileSync('mkfifo', [path.join(dir, 'etc/passwd')]);
    const run = cli.run(['--root', '.', '/etc/nginx/nginx.conf', '-f', 'compact'], { cwd: dir, timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.stdout).toContain("does not exist in the audited system's /etc/passwd");
  });

  it('a served .htaccess that is a FIFO is reported as unreadable, not waited on', () => {
    const dir = tree({
      'etc/apache2/apache2.conf': 'User www-data\nGroup www-data\nListen 80\n<VirtualHost *:80>\n  DocumentRoot /srv/www\n  <Directory /srv/www>\n    AllowOverride All\n    Require all granted\n  </Directory>\n</VirtualHost>\n',
      'etc/passwd': 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n',
      'etc/group': 'root:x:0:\nwww-data:x:33:\n',
      'srv/www/index.html': 'hi\n',
    });
    execFileSync('mkfifo', ['-m', '0644', path.join(dir, 'srv/www/.htaccess')]);
    const run = cli.run(['explain', '--root', '.', '/etc/apache2/apache2.conf', 'http://localhost/'], { cwd: dir, timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.stdout).toMatch(/\.htaccess is a FIFO, not a regular file/);
  });

  it('reads at most the cap, whatever stat() says', () => {
    const read = new LiveFs('/').readFile('/dev/zero');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.code).toBe('ENOTREG');
  });
});

describe('control characters from the audited tree never reach the output raw', () => {
  const dir = tree({ 'nginx.conf': server('    server_name "a\r::error file=x::forged\u001b[31m";\n    deny all;\n') });

  it.each([['stylish'], ['compact'], ['github']])('%s', async (format) => {
    const run = await runCli(['nginx.conf', '--no-fs', '-f', format], { cwd: dir });
    expect(run.stdout).toContain('forged');
    expect(run.stdout).not.toMatch(/[\r\u001b]/);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error file=x'))).toEqual([]);
  });

  it('explain', async () => {
    const rooted = tree({ 'nginx.conf': server('    root "/srv/a\r::error file=x::forged\u001b[31m";\n') });
    const run = await runCli(['explain', 'nginx.conf', 'http://localhost/'], { cwd: rooted });
    expect(run.stdout).toContain('/srv/a\\r::error file=x::forged\\x1b[31m');
    expect(run.stdout).not.toMatch(/[\r\u001b]/);
  });
});

describe('a directory named on the command line', () => {
  it.runIf(process.getuid?.() === 0)('that cannot be listed fails the run with exit 2, where it passed as clean', () => {
    const dir = tree({ 'sites/site.conf': server('    deny all;\n') });
    chmodSync(path.join(dir, 'sites'), 0o000);
    // Root lists anything: the run is made as nobody, as a CI user without access would be.
    const run = spawnSync(process.execPath, [cli.bin, 'sites', '--no-fs'], { cwd: dir, encoding: 'utf8', timeout: 20_000, uid: 65534, gid: 65534 });
    expect(run.stderr).toBe('forbidlint: cannot list sites: permission denied\n');
    expect(run.status).toBe(2);
  });
});

describe('a failing standard output', () => {
  it.each([[['--version']], [['--help']], [['nginx.conf', '--no-fs']]])('%s > /dev/full: one line on stderr, exit 2', (args) => {
    const dir = tree({ 'nginx.conf': server('    deny all;\n') });
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${cli.bin}" ${args.join(' ')} > /dev/full`], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('forbidlint: cannot write to standard output: ENOSPC\n');
  });

  it('a pipe closed by head: no stack trace', () => {
    const dir = tree({ 'nginx.conf': server(`${'    deny all;\n'.repeat(20_000)}`) });
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${cli.bin}" nginx.conf --no-fs -f compact | head -1`], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(run.stderr).toBe('');
  });
});
