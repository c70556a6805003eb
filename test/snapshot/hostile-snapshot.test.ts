import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { runCli } from '../cli/run-cli.js';

/** A snapshot stream built by hand, as a hostile or damaged server could send one. */
function field(text: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(text), Buffer.from([0])]);
}

/** One ustar header and its data, padded to 512-byte blocks. */
function tarMember(name: string, content: string, flag = '0'): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write(flag, 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.fill(32, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const data = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
  data.write(content);
  return Buffer.concat([header, data]);
}

interface Entry {
  meta: string;
  path: string;
  target?: string;
}

function stream(entries: readonly Entry[], members: readonly Buffer[], options: { acl?: string; prefix?: string; trailer?: boolean; getenforce?: string } = {}): Buffer {
  const listing = entries.flatMap((e) => [field(e.meta), field(e.path), ...(e.target !== undefined ? [field(e.target)] : [])]);
  return Buffer.concat([
    field('forbidlint-snapshot 1'),
    field('prefix'),
    field(options.prefix ?? ''),
    field('listing'),
    field('/'),
    ...listing,
    field(''),
    field('status'),
    field('0'),
    ...(options.acl !== undefined ? [field('acl'), field(options.acl)] : []),
    ...(options.getenforce !== undefined ? [field('getenforce'), field(options.getenforce)] : []),
    field('tar'),
    ...members,
    Buffer.alloc(1024),
    options.trailer === false ? Buffer.alloc(0) : Buffer.from('forbidlint-snapshot-end\n'),
  ]);
}

const BASE: Entry[] = [
  { meta: '755 0 0 d 4096', path: '/' },
  { meta: '755 0 0 d 4096', path: '/etc' },
  { meta: '644 0 0 f 30', path: '/etc/passwd' },
  { meta: '644 0 0 f 20', path: '/etc/group' },
  { meta: '755 0 0 d 4096', path: '/srv' },
];
const ACCOUNTS = [tarMember('./etc/passwd', 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/bin/sh\n'), tarMember('./etc/group', 'root:x:0:\nwww-data:x:33:\n')];

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-hostile-snap-'));
  dirs.push(dir);
  return dir;
}

/** Runs `forbidlint --snapshot` on `bytes` from a fresh directory: one line on stderr, exit 2, no stack trace, nothing written. */
async function refused(bytes: Buffer): Promise<string> {
  const dir = workDir();
  writeFileSync(path.join(dir, 'web1.snap'), bytes);
  const run = await runCli(['--snapshot', 'web1.snap', '/etc/nginx/nginx.conf'], { cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(readdirSync(dir)).toEqual(['web1.snap']);
  return run.stderr;
}

describe('hostile and damaged snapshots', () => {
  it('refuses binary garbage, naming what it expected', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(await refused(garbage)).toMatch(/^forbidlint: --snapshot web1\.snap: web1\.snap is not a forbidlint snapshot .*forbidlint snapshot/);
    expect(await refused(Buffer.alloc(0))).toMatch(/is not a forbidlint snapshot/);
  });

  it('refuses a snapshot cut anywhere: in the listing, in the archive, before the end marker', async () => {
    const whole = stream([...BASE, { meta: '644 0 0 f 10', path: '/srv/index.html' }], ACCOUNTS);
    expect(readSnapshot(whole, 'x').ok).toBe(true);
    const marker = whole.indexOf('tar\0');
    for (const cut of [40, marker - 3, marker + 4 + 300, marker + 4 + 512 + 10, whole.length - 5]) {
      expect(await refused(whole.subarray(0, cut))).toMatch(/web1\.snap: byte \d+: .*truncated/);
    }
  });

  it('skips, and reports with the byte offset, listed paths and archive members that climb with ..', () => {
    const read = readSnapshot(
      stream([...BASE, { meta: '644 0 0 f 5', path: '/srv/../etc/shadow' }, { meta: '644 0 0 f 5', path: 'relative/name' }], [...ACCOUNTS, tarMember('../../../tmp/evil', 'x'), tarMember('./srv/../../etc/shadow', 'y')]),
      'web1.snap',
    );
    if (!read.ok) throw new Error(read.message);
    const messages = read.diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      expect.stringMatching(/^web1\.snap: byte \d+: the path "\/srv\/\.\.\/etc\/shadow" has a \. or \.\. component/),
      expect.stringMatching(/^web1\.snap: byte \d+: the path "relative\/name" is not absolute/),
      expect.stringMatching(/^web1\.snap: byte \d+: the archive member "\.\.\/\.\.\/\.\.\/tmp\/evil" climbs with \.\./),
      expect.stringMatching(/^web1\.snap: byte \d+: the archive member "\.\/srv\/\.\.\/\.\.\/etc\/shadow" climbs with \.\./),
    ]);
    expect(read.fs.lstat('/etc/shadow').ok).toBe(false);
    expect(read.fs.readFile('/tmp/evil').ok).toBe(false);
  });

  it('keeps absolute and climbing link targets inside the snapshot: never this machine\'s files', () => {
    const read = readSnapshot(
      stream(
        [...BASE, { meta: '777 0 0 l 11', path: '/srv/passwd', target: '/etc/passwd' }, { meta: '777 0 0 l 30', path: '/srv/shadow', target: '../../../../../../etc/shadow' }, { meta: '777 0 0 l 30', path: '/srv/host', target: '/proc/self/environ' }],
        ACCOUNTS,
      ),
      'web1.snap',
    );
    if (!read.ok) throw new Error(read.message);
    const passwd = read.fs.readFile('/srv/passwd');
    expect(passwd.ok && passwd.value.toString()).toBe('root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/bin/sh\n');
    expect(read.fs.readFile('/srv/shadow')).toMatchObject({ ok: false, error: { code: 'ENOENT' } });
    expect(read.fs.readFile('/srv/host')).toMatchObject({ ok: false, error: { code: 'ENOENT' } });
  });

  it('reports malformed records and unknown sections without a stack trace', async () => {
    const read = readSnapshot(stream([...BASE, { meta: 'rwxr-xr-x root root f 1', path: '/srv/x' }, { meta: '644 99999999999 0 f 1', path: '/srv/y' }], ACCOUNTS), 'w');
    if (!read.ok) throw new Error(read.message);
    expect(read.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^w: byte \d+: expected "MODE UID GID TYPE SIZE \[CONTEXT\]", got "rwxr-xr-x root root f 1"/), expect.stringMatching(/uid or gid above/)]);
    const unknown = Buffer.concat([field('forbidlint-snapshot 1'), field('bogus'), field('x')]);
    expect(await refused(unknown)).toMatch(/byte 22: unknown section "bogus"/);
  });

  it('exposes SELinux contexts per entry, the mode, and getfacl text at server paths', () => {
    const read = readSnapshot(
      stream(
        [
          ...BASE,
          { meta: '755 0 0 d 4096 system_u:object_r:httpd_sys_content_t:s0', path: '/srv/www' },
          { meta: '644 1000 1000 f 3 unconfined_u:object_r:user_home_t:s0', path: '/srv/www/moved.html' },
          { meta: '777 0 0 l 8 system_u:object_r:httpd_sys_content_t:s0', path: '/srv/link', target: '/srv/www' },
        ],
        [...ACCOUNTS, tarMember('./etc/selinux/config', 'SELINUX=enforcing\nSELINUXTYPE=targeted\n')],
        { prefix: '/mnt/web1', acl: '# file: /mnt/web1/srv/www\n# owner: 0\n# group: 0\nuser::rwx\nuser:33:r-x\ngroup::r-x\nmask::r-x\nother::---\n\n', getenforce: 'Enforcing\n' },
      ),
      'w',
    );
    if (!read.ok) throw new Error(read.message);
    expect(read.fs.lstat('/srv/www/moved.html')).toMatchObject({ ok: true, value: { mode: 0o644, uid: 1000, context: 'unconfined_u:object_r:user_home_t:s0' } });
    expect(read.fs.stat('/srv/link')).toMatchObject({ ok: true, value: { type: 'dir', context: 'system_u:object_r:httpd_sys_content_t:s0' } });
    expect(read.fs.lstat('/etc/passwd')).toEqual({ ok: true, value: { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 30 } });
    expect(read.fs.selinux).toEqual({ config: 'SELINUX=enforcing\nSELINUXTYPE=targeted\n', getenforce: 'Enforcing' });
    // The ACL lands on its entry at the server path (the prefix taken off), ids as numbers.
    expect(read.fs.lstat('/srv/www')).toMatchObject({ ok: true, value: { acl: { users: [{ id: 33, perm: 5 }], mask: 5 } } });
    // getenforce's answer stands for the running mode.
    expect(read.fs.readFile('/sys/fs/selinux/enforce')).toMatchObject({ ok: true, value: Buffer.from('1\n') });
  });
});
