import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import type { FsResult } from '../../src/fs/types.js';
import { makeTempRoot, removeTree } from '../helpers/tree.js';
import { transpileFsModules } from './transpile.js';

/**
 * A server tree under <outer>/root whose links and absolute paths also exist outside the root
 * (<outer>/etc/passwd, and the host's own /etc/passwd) with other content: a confined view must
 * only ever see the root's.
 */
const outer = makeTempRoot();
const root = join(outer, 'root');
afterAll(() => removeTree(outer));

const write = (path: string, content: string): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
};
write(`${outer}/etc/passwd`, 'OUTSIDE');
write(`${root}/etc/passwd`, 'INSIDE');
write(`${root}/a/etc/passwd`, 'TEXTUAL');
mkdirSync(`${root}/a/b`, { recursive: true });
mkdirSync(`${root}/srv/www`, { recursive: true });
symlinkSync('/etc/passwd', `${root}/srv/abs`);
symlinkSync('../../../../etc/passwd', `${root}/srv/rel`);
symlinkSync('../../../../etc', `${root}/srv/etc-dir`);
symlinkSync('/srv/www', `${root}/a/b/abs-www`);
symlinkSync('../../srv/www', `${root}/a/b/rel-www`);
symlinkSync('self', `${root}/srv/self`);
symlinkSync('/srv/missing', `${root}/srv/dangling`);

const confined = new LiveFs(root);

function text(result: FsResult<Buffer>): string {
  return result.ok ? result.value.toString() : result.error.code;
}

describe('a confined LiveFs reads only inside its root', () => {
  it.each([
    ['/etc/passwd', 'INSIDE'],
    ['/../../../etc/passwd', 'INSIDE'],
    ['/srv/abs', 'INSIDE'],
    ['/srv/rel', 'INSIDE'],
    ['/srv/etc-dir/passwd', 'INSIDE'],
    ['/srv/www/../../../../../etc/passwd', 'INSIDE'],
    // `..` after a symlinked directory is the target's parent, as in the kernel, not textual.
    ['/a/b/abs-www/../../etc/passwd', 'INSIDE'],
    ['/a/b/rel-www/../../etc/passwd', 'INSIDE'],
    ['/a/b/../etc/passwd', 'TEXTUAL'],
    ['/srv/self', 'ELOOP'],
    ['/srv/dangling', 'ENOENT'],
    ['/srv/abs/more', 'ENOTDIR'],
    ['etc/passwd', 'EINVAL'],
  ])('readFile %s -> %s', (path, expected) => {
    expect(text(confined.readFile(path))).toBe(expected);
  });

  it('resolves a link directory to the root\'s directory for readdir and stat', () => {
    expect(confined.readdir('/srv/etc-dir')).toEqual({ ok: true, value: ['passwd'] });
    expect(confined.stat('/srv/abs')).toMatchObject({ ok: true, value: { type: 'file', size: 6 } });
    expect(confined.lstat('/srv/abs')).toMatchObject({ ok: true, value: { type: 'symlink' } });
    expect(confined.readlink('/srv/rel')).toEqual({ ok: true, value: '../../../../etc/passwd' });
    expect(confined.hostPath('/srv/etc-dir/passwd')).toEqual({ ok: true, value: `${root}/etc/passwd` });
  });

  it('never names the host path in its errors', () => {
    const missing = confined.readFile('/srv/dangling');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).not.toContain(outer);
  });
});

describe('the unconfined LiveFs leaves the path walk to the kernel', () => {
  const host = new LiveFs('/');
  it.each([
    [`${root}/a/b/rel-www/../../etc/passwd`, 'INSIDE'],
    [`${root}/a/b/../etc/passwd`, 'TEXTUAL'],
    [`${root}/srv/self`, 'ELOOP'],
  ])('readFile %s -> %s', (path, expected) => {
    expect(text(host.readFile(path))).toBe(expected);
  });
});

/**
 * The syscall-level proof: the same reads in a separate node process under strace, and every
 * path a file syscall names between two marker stats lies under the root.
 */
const strace = spawnSync('strace', ['-V']).status === 0;
describe.skipIf(!strace)('under strace (needs the strace package)', () => {
  it('touches no path outside the root', () => {
    const build = join(outer, 'build');
    transpileFsModules(build, ['acl', 'bounded-read', 'live-acls', 'live-fs', 'xattr-acl', 'mount-health', 'resolve', 'selinux', 'types']);
    const paths = ['/etc/passwd', '/../../../etc/passwd', '/srv/abs', '/srv/rel', '/srv/etc-dir/passwd', '/a/b/abs-www/../../etc/passwd', '/srv/self', '/srv/dangling', '/srv/abs/more'];
    writeFileSync(
      join(build, 'probe.mjs'),
      `import { statSync } from 'node:fs';
import { LiveFs } from './live-fs.js';
const fs = new LiveFs(${JSON.stringify(root)});
statSync('/forbidlint-strace-begin', { throwIfNoEntry: false });
for (const path of ${JSON.stringify(paths)}) {
  fs.lstat(path); fs.stat(path); fs.readlink(path); fs.readFile(path); fs.readdir(path);
}
statSync('/forbidlint-strace-end', { throwIfNoEntry: false });
`,
    );
    const log = join(outer, 'strace.log');
    execFileSync('strace', ['-f', '-qq', '-e', 'trace=%file', '-o', log, process.execPath, join(build, 'probe.mjs')]);
    const lines = readFileSync(log, 'utf8').split('\n');
    const begin = lines.findIndex((l) => l.includes('/forbidlint-strace-begin'));
    const end = lines.findIndex((l) => l.includes('/forbidlint-strace-end'));
    expect(begin).toBeGreaterThan(-1);
    // The first string of a file syscall is the path it names (readlink's second is the target it read back).
    const touched = lines.slice(begin + 1, end).flatMap((l) => /^\d+\s+\w+\((?:AT_FDCWD, )?"((?:[^"\\]|\\.)*)"/.exec(l)?.slice(1) ?? []);
    expect(touched.length).toBeGreaterThan(paths.length);
    expect(touched.filter((p) => p !== root && !p.startsWith(`${root}/`))).toEqual([]);
  });
});
