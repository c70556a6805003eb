import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { nativeLabelReader } from '../../src/fs/xattr-acl.js';
import { runCli } from '../cli/run-cli.js';
import { isRoot, removeTree } from '../helpers/tree.js';
import { debianServer } from '../snapshot/debian-tree.js';

/**
 * SELinux labels read from a live tree. As root on ext4, `security.selinux` can be set without
 * an SELinux kernel: the labels are real xattrs, read the way the audited system's would be.
 */
interface Binding {
  getAttributeSync(path: string, name: string): Buffer | null;
  setAttributeSync(path: string, name: string, value: Buffer): void;
}
const binding = (() => {
  try {
    return createRequire(import.meta.url)('@napi-rs/xattr') as Binding;
  } catch {
    return undefined;
  }
})();
const LABEL = 'security.selinux';
const label = (type: string): Buffer => Buffer.from(`system_u:object_r:${type}:s0\0`);

let server: string;
let work: string;
const docs = (name: string): string => path.join(server, 'srv/doc root', name);

function configure(selinux: string): void {
  mkdirSync(path.join(server, 'etc/selinux'), { recursive: true });
  writeFileSync(path.join(server, 'etc/selinux/config'), `SELINUX=${selinux}\nSELINUXTYPE=targeted\n`);
  execFileSync('chcon', ['-R', 'system_u:object_r:selinux_config_t:s0', path.join(server, 'etc/selinux')]);
}

type Json = { filePath: string; messages: { ruleId: string | null; message: string; fsPath?: string }[] }[];
const messages = (stdout: string) => (JSON.parse(stdout) as Json).flatMap((r) => r.messages);
const selinuxFindings = (stdout: string): string[] => messages(stdout).filter((m) => m.ruleId === 'fs/selinux-context').map((m) => `${m.fsPath} ${m.message}`);
const lintLive = () => runCli(['--root', server, '-f', 'json', path.join(server, 'etc/apache2')], { cwd: work });

const ready = isRoot && binding !== undefined;

beforeAll(() => {
  if (!ready) return;
  server = debianServer();
  work = mkdtempSync(path.join(tmpdir(), 'forbidlint-selinux-'));
  // On an SELinux system every inode has a label (symlinks too, which find -printf %Z reads):
  // the whole server as web content, then the one file a relabel missed.
  execFileSync('chcon', ['-R', '-h', 'system_u:object_r:httpd_sys_content_t:s0', server]);
  expect(binding?.getAttributeSync(docs('index.html'), LABEL)).toEqual(label('httpd_sys_content_t'));
  // Written in a home directory and moved with mv: the label travels with the file.
  binding?.setAttributeSync(docs('archive/2025.pdf'), LABEL, label('user_home_t'));
});

afterAll(() => {
  if (server) removeTree(server);
  if (work) rmSync(work, { recursive: true, force: true });
});

afterEach(() => vi.restoreAllMocks());

/** Calls that read a label, counted on the binding the reader calls. */
function countLabelReads(): () => number {
  const spy = vi.spyOn(binding as Binding, 'getAttributeSync');
  return () => spy.mock.calls.filter(([, name]) => name === LABEL).length;
}

describe.skipIf(!ready)('SELinux labels on a live tree', () => {
  it('reads the label the kernel stores, NUL and all', () => {
    expect(nativeLabelReader(true)?.read(docs('archive/2025.pdf'))).toEqual({ context: 'system_u:object_r:user_home_t:s0' });
    expect(nativeLabelReader(false)?.read(docs('archive/2025.pdf'))).toEqual({});
  });

  it('under an enforcing targeted policy, --root reports exactly the file httpd_t may not read, as a snapshot of the same tree does', async () => {
    configure('enforcing');
    const labelReads = countLabelReads();
    const live = await lintLive();
    expect(labelReads()).toBeGreaterThan(0);
    const found = selinuxFindings(live.stdout);
    expect(found).toEqual([expect.stringMatching(/^\/srv\/doc root\/archive\/2025\.pdf \/srv\/doc root\/archive\/2025\.pdf is labelled user_home_t, .*httpd_read_user_content/)]);

    const printed = await runCli(['snapshot', '--prefix', server, '--apache'], { cwd: work });
    expect(printed.code).toBe(0);
    const snapshot = path.join(work, 'enforcing.snap');
    writeFileSync(snapshot, execFileSync('sh', ['-c', printed.stdout], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }));
    const fromSnapshot = await runCli(['--snapshot', snapshot, '-f', 'json'], { cwd: work });
    expect(fromSnapshot.stderr).toBe('');
    expect(selinuxFindings(fromSnapshot.stdout)).toEqual(found);
  });

  it('says once that labels were not read where xattrs are not read by path', () => {
    configure('enforcing');
    const fs = new LiveFs(server, { acls: 'getfacl' });
    expect(fs.loadAccessLabels(['/srv/doc root'])).toEqual([
      { code: 'selinux-labels-unread', path: '/srv/doc root', severity: 'info', message: expect.stringMatching(/^SELinux labels were not read \(.*@napi-rs\/xattr.*\): fs\/selinux-context judges no file here/) },
    ]);
    expect(fs.loadAccessLabels(['/srv/www'])).toEqual([]);
    const plain = fs.lstat('/srv/doc root/archive/2025.pdf');
    expect(plain.ok && plain.value.type).toBe('file');
    expect(plain.ok && plain.value.context).toBeUndefined();
    // Read by path, the view's own lstat carries the label as the walk's listing does.
    const byPath = new LiveFs(server);
    expect(byPath.loadAccessLabels(['/srv/doc root'])).toEqual([]);
    expect(byPath.lstat('/srv/doc root/archive/2025.pdf')).toMatchObject({ ok: true, value: { context: 'system_u:object_r:user_home_t:s0' } });
  });

  it('reads no label at all where the system has SELinux disabled', async () => {
    configure('disabled');
    const labelReads = countLabelReads();
    const live = await lintLive();
    expect(labelReads()).toBe(0);
    expect(selinuxFindings(live.stdout)).toEqual([]);
    expect(messages(live.stdout).some((m) => /SELinux labels were not read/.test(m.message))).toBe(false);
  });
});
