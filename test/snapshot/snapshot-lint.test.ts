import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { isRoot, removeTree } from '../helpers/tree.js';
import { debianServer } from './debian-tree.js';

/**
 * The snapshot route end to end: the command `forbidlint snapshot --prefix` prints, run by a
 * real sh over a real tree, and the stream it writes linted alone, must give exactly the
 * findings of a live audit of that tree.
 */
let server: string;
let work: string;
let snapshot: string;

async function takeSnapshot(args: readonly string[]): Promise<Buffer> {
  const printed = await runCli(['snapshot', '--prefix', server, ...args], { cwd: work });
  expect(printed.code).toBe(0);
  return execFileSync('sh', ['-c', printed.stdout], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

type Json = { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string; fsPath?: string }[] }[];

/** Each finding as `file:line:col rule fsPath message`, the file shown relative to where the server is. */
function findings(stdout: string, base: string): string[] {
  return (JSON.parse(stdout) as Json).flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.fsPath ?? ''} ${m.message}`)).sort();
}

beforeAll(async () => {
  if (!isRoot) return;
  server = debianServer();
  work = mkdtempSync(path.join(tmpdir(), 'forbidlint-snapwork-'));
  snapshot = path.join(work, 'web1.snap');
  writeFileSync(snapshot, await takeSnapshot([]));
});

afterAll(() => {
  if (server) removeTree(server);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('forbidlint --snapshot', () => {
  it('gives exactly the findings of a live audit of the same server', async () => {
    const live = await runCli(['--root', server, '-f', 'json', path.join(server, 'etc/nginx'), path.join(server, 'etc/apache2')], { cwd: work });
    const fromSnapshot = await runCli(['--snapshot', snapshot, '-f', 'json'], { cwd: work });
    expect(fromSnapshot.stderr).toBe(live.stderr);
    expect(fromSnapshot.code).toBe(live.code);
    const expected = findings(live.stdout, server);
    expect(expected.length).toBeGreaterThan(5);
    expect(findings(fromSnapshot.stdout, snapshot)).toEqual(expected);
    // The cases the tar of the old listing route lost: overrides in .htaccess and in .acl files.
    expect(expected.some((f) => f.includes('.acl'))).toBe(true);
    expect(expected.filter((f) => f.includes('.pem'))).toEqual([expect.stringContaining('/srv/doc root/server.pem')]);
    expect(expected.some((f) => f.includes('team\\nnotes') || f.includes('team\nnotes'))).toBe(true);
  });

  it('lints only the configuration a --nginx snapshot captured, not the Apache tree it merely lists', async () => {
    writeFileSync(path.join(work, 'nginx.snap'), await takeSnapshot(['--nginx']));
    const live = await runCli(['--root', server, '-f', 'json', path.join(server, 'etc/nginx')], { cwd: work });
    const fromSnapshot = await runCli(['--snapshot', 'nginx.snap', '-f', 'json'], { cwd: work });
    expect(fromSnapshot.stderr).toBe(live.stderr);
    expect(findings(fromSnapshot.stdout, path.join(work, 'nginx.snap'))).toEqual(findings(live.stdout, server));
    expect(fromSnapshot.stdout).not.toContain('apache2.conf');
  });

  it('lints a named configuration inside the snapshot', async () => {
    const live = await runCli(['--root', server, '-f', 'json', path.join(server, 'etc/apache2/apache2.conf')], { cwd: work });
    const named = await runCli(['--snapshot', snapshot, '-f', 'json', '/etc/apache2/apache2.conf'], { cwd: work });
    expect(findings(named.stdout, snapshot)).toEqual(findings(live.stdout, server));
  });

  it('captures the .htaccess and AccessFileName files, names with newlines, owners and link targets exactly', async () => {
    const { readSnapshot } = await import('../../src/snapshot/snapshot-reader.js');
    const read = readSnapshot(readFileSync(snapshot), 'web1.snap');
    if (!read.ok) throw new Error(read.message);
    expect(read.diagnostics).toEqual([]);
    const fs = read.fs;
    expect(fs.readFile('/srv/doc root/private/.acl')).toMatchObject({ ok: true, value: Buffer.from('Require all denied\n') });
    expect(fs.readFile('/srv/doc root/team\nnotes/.htaccess')).toMatchObject({ ok: true });
    expect(fs.lstat('/srv/doc root/team\nnotes/index.html')).toMatchObject({ ok: true, value: { type: 'file', mode: 0o600, uid: 1000, gid: 1000 } });
    expect(fs.readlink('/srv/doc root/latest')).toEqual({ ok: true, value: '/srv/releases/v2' });
    expect(fs.readlink('/etc/nginx/sites-enabled/shop.conf')).toEqual({ ok: true, value: '/etc/nginx/sites-available/shop.conf' });
    expect(fs.readFile('/etc/nginx/sites-enabled/shop.conf').ok).toBe(true);
    expect(fs.readFile('/srv/doc root/index.html')).toMatchObject({ ok: false, error: { code: 'ENOCONTENT' } });
    expect(fs.readdir('/srv/doc root')).toEqual({ ok: true, value: ['.htaccess', 'archive', 'chain.pem', 'index.html', 'latest', 'private', 'server.pem', 'team\nnotes'] });
    // The key is named, never copied.
    expect(readFileSync(snapshot).includes('MIIEpAIBAAKCAQEA')).toBe(false);
    // ACLs as getfacl printed them on the server land on their entries at server paths, numeric ids resolved.
    expect(fs.lstat('/srv/releases/v2')).toMatchObject({ ok: true, value: { acl: { users: [{ id: 33, perm: 5 }] } } });
    expect(fs.lstat('/srv/doc root/index.html')).toMatchObject({ ok: true, value: { type: 'file' } });
    expect((fs.lstat('/srv/doc root/index.html') as { value: { acl?: unknown } }).value.acl).toBeUndefined();
  });
});

describe.skipIf(!isRoot)('a snapshot opened again', () => {
  it('is the same table while its file is unchanged, and read again once it is rewritten', async () => {
    const { openSnapshot } = await import('../../src/session/snapshot-view.js');
    const open = () => openSnapshot({ snapshot: 'web1.snap', fsEnabled: true }, work, () => undefined).auditFs;
    const first = open();
    expect(open()).toBe(first);
    writeFileSync(snapshot, readFileSync(snapshot));
    const rewritten = open();
    expect(rewritten).not.toBe(first);
    expect(rewritten.lstat('/srv/releases/v2')).toEqual(first.lstat('/srv/releases/v2'));
  });
});

describe.skipIf(!isRoot)('served trees on another filesystem', () => {
  let tree: string;
  let mounted = false;
  beforeAll(() => {
    tree = mkdtempSync(path.join(tmpdir(), 'forbidlint-snapmount-'));
    execFileSync('chmod', ['755', tree]);
    for (const [name, text] of Object.entries({
      'etc/passwd': 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n',
      'etc/group': 'root:x:0:\nwww-data:x:33:\n',
      'etc/nginx/nginx.conf': 'user www-data;\nevents {}\nhttp {\n  server {\n    listen 80;\n    root "/srv/data";\n  }\n}\n',
    })) {
      execFileSync('mkdir', ['-p', path.dirname(path.join(tree, name))]);
      writeFileSync(path.join(tree, name), text);
    }
    execFileSync('mkdir', ['-p', path.join(tree, 'srv/data'), path.join(tree, 'srv/other')]);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0755', 'tmpfs', path.join(tree, 'srv/data')], { stdio: 'ignore' });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0755', 'tmpfs', path.join(tree, 'srv/other')], { stdio: 'ignore' });
      mounted = true;
    } catch {
      return;
    }
    writeFileSync(path.join(tree, 'srv/data/index.html'), 'hi\n');
    writeFileSync(path.join(tree, 'srv/data/secret.html'), 'no\n');
    execFileSync('chmod', ['600', path.join(tree, 'srv/data/secret.html')]);
    writeFileSync(path.join(tree, 'srv/data/.htaccess'), 'Require all denied\n');
    writeFileSync(path.join(tree, 'srv/other/page.html'), 'x\n');
  });
  afterAll(() => {
    if (mounted) for (const dir of ['srv/data', 'srv/other']) execFileSync('umount', [path.join(tree, dir)]);
    rmSync(tree, { recursive: true, force: true });
  });

  it('lists a root the configs name, and a --tree, from their own start points', async (context) => {
    if (!mounted) context.skip();
    const printed = await runCli(['snapshot', '--prefix', tree, '--tree', '/srv/other'], { cwd: tree });
    const snap = path.join(tree, 'mounted.snap');
    writeFileSync(snap, execFileSync('sh', ['-c', printed.stdout], { maxBuffer: 1 << 26 }));
    const { readSnapshot } = await import('../../src/snapshot/snapshot-reader.js');
    const read = readSnapshot(readFileSync(snap), 'mounted.snap');
    if (!read.ok) throw new Error(read.message);
    expect(read.fs.readdir('/srv/data')).toEqual({ ok: true, value: ['.htaccess', 'index.html', 'secret.html'] });
    expect(read.fs.readdir('/srv/other')).toEqual({ ok: true, value: ['page.html'] });
    expect(read.fs.readFile('/srv/data/.htaccess')).toMatchObject({ ok: true, value: Buffer.from('Require all denied\n') });
    const live = await runCli(['--root', tree, '-f', 'json', path.join(tree, 'etc/nginx')], { cwd: tree });
    const fromSnapshot = await runCli(['--snapshot', snap, '-f', 'json'], { cwd: tree });
    const expected = findings(live.stdout, tree);
    expect(expected).toEqual([expect.stringContaining('/srv/data/secret.html is 0600')]);
    expect(findings(fromSnapshot.stdout, snap)).toEqual(expected);
  });

  it('refuses --tree and --prefix values that are not absolute, in one line', async () => {
    const run = await runCli(['snapshot', '--tree', 'srv/www'], { cwd: tree });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'forbidlint: --tree "srv/www" must be an absolute path as the server sees it\n' });
  });
});

describe.skipIf(!isRoot)('ACL text larger than a pipe holds', () => {
  let tree: string;
  beforeAll(() => {
    tree = mkdtempSync(path.join(tmpdir(), 'forbidlint-snapacl-'));
    execFileSync('sh', ['-c', `set -e; cd '${tree}'; chmod 755 .; mkdir -p etc/nginx srv/www
      printf 'root:x:0:0::/root:/bin/sh\\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\\n' > etc/passwd
      printf 'root:x:0:\\nwww-data:x:33:\\n' > etc/group
      printf 'user www-data;\\nevents {}\\nhttp { server { listen 80; root /srv/www; } }\\n' > etc/nginx/nginx.conf
      echo hi > srv/www/index.html
      i=0; while [ $i -lt 800 ]; do : > srv/www/page-$i.html; chmod 600 srv/www/page-$i.html; i=$((i+1)); done
      setfacl -m u:33:r srv/www/page-*.html`]);
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('carries every ACL while the listing is written, so getfacl blocked on a full pipe never stalls the stream', async () => {
    const printed = await runCli(['snapshot', '--prefix', tree], { cwd: tree });
    const stream = execFileSync('sh', ['-c', printed.stdout], { maxBuffer: 1 << 26, timeout: 60_000 });
    const aclText = stream.subarray(stream.indexOf('\0acl\0'));
    expect(aclText.length).toBeGreaterThan(64 * 1024);
    const { readSnapshot } = await import('../../src/snapshot/snapshot-reader.js');
    const read = readSnapshot(stream, 'acl.snap');
    if (!read.ok) throw new Error(read.message);
    for (const i of [0, 399, 799]) expect(read.fs.lstat(`/srv/www/page-${i}.html`)).toMatchObject({ ok: true, value: { mode: 0o640, acl: { users: [{ id: 33, perm: 4 }] } } });
    // www-data reads every page through its ACL: nothing to report.
    writeFileSync(path.join(tree, 'acl.snap'), stream);
    const lint = await runCli(['--snapshot', 'acl.snap', '-f', 'json'], { cwd: tree });
    expect(lint.stderr).toBe('');
    expect(findings(lint.stdout, tree)).toEqual([]);
  });
});
