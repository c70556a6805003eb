import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { loadManifest } from '../../src/fs/manifest-fs.js';
import { copyWritable } from '../helpers/corpus.js';
import { CORPUS_DIR } from '../helpers/shared-dir.js';
import { makeTempRoot, materializeManifest, removeTree } from '../helpers/tree.js';
import { isFuse, mountSshfs, sshfsUnavailable, startSshd, type LoopbackSshd, type SshfsMount } from '../../bench/loopback-sshfs.js';

/**
 * A Debian web server audited through a real sshfs mount of a loopback sshd: stock sshfs hides
 * the *-enabled symlinks (the audit must fail, naming the option that fixes it), the README's
 * mount line gives exactly the findings of a local audit, and a mount that goes away mid-walk
 * makes the audit incomplete, never a shorter clean report.
 */
const SSHD_PORT = 23010;
const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/demo');
/** The README's options. */
const DOCUMENTED = ['ro', 'no_contain_symlinks', 'reconnect', 'ServerAliveInterval=15', 'ServerAliveCountMax=3'];
/** The same keep-alive mechanism as documented, at intervals a test can wait for. */
const QUICK_KEEPALIVES = ['ro', 'no_contain_symlinks', 'reconnect', 'ServerAliveInterval=2', 'ServerAliveCountMax=2'];
const CONFIGS = ['/etc/nginx/nginx.conf', '/etc/apache2/apache2.conf'];

const unavailable = sshfsUnavailable();

let work: string;
let server: string;
let sshd: LoopbackSshd | undefined;
const mounts: SshfsMount[] = [];

/** Debian's packaged configs (with their relative *-enabled links), the demo's sites behind an absolute and a relative link, and its served trees. */
function debianServer(root: string): void {
  const manifest = loadManifest(path.join(DEMO, 'tree.yaml'));
  if (!manifest.ok) throw new Error(manifest.errors.join('; '));
  // A catalog big enough that the walk is still going when the mount is pulled from under it.
  const catalog = Array.from({ length: 60 }, (_, d) => [
    { path: `/var/www/shop/catalog/${d}`, type: 'dir' as const, mode: 0o755, uid: 1000, gid: 1000 },
    ...Array.from({ length: 40 }, (_, f) => ({ path: `/var/www/shop/catalog/${d}/item-${f}.html`, type: 'file' as const, mode: 0o644, uid: 1000, gid: 1000, content: 'item\n' })),
  ]);
  const shopAt = manifest.tree.entries.findIndex((e) => e.path === '/var/www/shop/index.html');
  const entries = [...manifest.tree.entries];
  entries.splice(shopAt, 0, { path: '/var/www/shop/catalog', type: 'dir', mode: 0o755, uid: 1000, gid: 1000 }, ...catalog.flat());
  materializeManifest({ ...manifest.tree, entries }, root);
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  copyWritable(path.join(CORPUS_DIR, 'nginx/debian'), path.join(root, 'etc/nginx'));
  copyWritable(path.join(CORPUS_DIR, 'apache/debian'), path.join(root, 'etc/apache2'));
  restoreLinks(path.join(root, 'etc'));
  writeFileSync(path.join(root, 'etc/nginx/sites-available/shop.conf'), readFileSync(path.join(DEMO, 'root/etc/nginx/sites-enabled/shop.conf')));
  symlinkSync('/etc/nginx/sites-available/shop.conf', path.join(root, 'etc/nginx/sites-enabled/shop.conf'));
  writeFileSync(path.join(root, 'etc/apache2/sites-available/blog.conf'), readFileSync(path.join(DEMO, 'root/etc/apache2/sites-enabled/blog.conf')));
  symlinkSync('../sites-available/blog.conf', path.join(root, 'etc/apache2/sites-enabled/blog.conf'));
  writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\ndeploy:x:1000:1000::/home/deploy:/bin/sh\n');
  writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nwww-data:x:33:\ndeploy:x:1000:\n');
}

/** The corpus keeps Debian's *-enabled symlinks as files holding their `../` target: make them links again. */
function restoreLinks(dir: string): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) restoreLinks(file);
    else if (/-enabled$/.test(path.basename(dir))) {
      const text = readFileSync(file, 'utf8');
      if (/^\.\.\/[^\n]*$/.test(text)) {
        unlinkSync(file);
        symlinkSync(text, file);
      }
    }
  }
}

interface Audit {
  code: number;
  stderr: string;
  findings: string[];
  complete: boolean[];
}

/**
 * `forbidlint --root ROOT ROOT/CONFIG -f json`, findings as `file:line:col rule message` with
 * paths relative to the root; `onProgress` runs at the walk's first progress line.
 */
async function audit(root: string, config: string, onProgress?: () => void): Promise<Audit> {
  let stdout = '';
  let stderr = '';
  let clock = 0;
  let progressed = false;
  const code = await main(['--root', root, path.join(root, config), '-f', 'json'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      write: (text: string) => {
        if (!progressed && onProgress && text.includes('walking')) {
          progressed = true;
          onProgress();
        }
        stderr += text;
      },
    },
    readStdin: async () => '',
    cwd: work,
    env: {},
    // Every progress call a log line: the walk's first thousand entries announce themselves.
    now: () => (clock += 10_000),
  });
  const results = stdout === '' ? [] : (JSON.parse(stdout) as { filePath: string; complete: boolean; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[]);
  return {
    code,
    stderr: stderr.replace(/^forbidlint: walking .*\n/gm, ''),
    findings: results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message.split(root).join('')}`)).sort(),
    complete: [...new Set(results.map((r) => r.complete))],
  };
}

async function mount(name: string, options: readonly string[]): Promise<string> {
  const at = path.join(work, name);
  mounts.push(await mountSshfs(sshd as LoopbackSshd, server, at, options));
  return at;
}

beforeAll(async () => {
  if (unavailable) return;
  work = makeTempRoot('forbidlint-sshfs-');
  server = path.join(work, 'server');
  mkdirSync(server, { mode: 0o755 });
  debianServer(server);
  sshd = await startSshd(SSHD_PORT);
}, 30_000);

afterAll(() => {
  for (const mounted of mounts) mounted.unmount();
  sshd?.stop();
  if (work !== undefined) removeTree(work);
});

describe.skipIf(unavailable !== undefined)(`auditing a server over sshfs${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('the local audit finds the demo’s problems, complete', async () => {
    const local = await audit(server, CONFIGS[0] as string);
    expect(local.code).toBe(1);
    expect(local.complete).toEqual([true]);
    expect(local.findings).toContainEqual(expect.stringMatching(/^etc\/nginx\/sites-enabled\/shop\.conf:6:\d+ fs\/unreadable-by-web-user .*cart\.html/));
  });

  it.each(CONFIGS)('stock sshfs options hide the *-enabled links: %s is an incomplete audit naming no_contain_symlinks', async (config) => {
    const root = await mount(`stock-${path.basename(config)}`, ['ro']);
    const run = await audit(root, config);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^forbidlint: audit of ${root} incomplete: the FUSE mount refused to read the symlink /etc/(nginx|apache2)/[a-z]+-enabled/\\S+ \\(EPERM\\).*-o no_contain_symlinks`, 'm'));
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.complete).toEqual([false]);
  });

  it.each(CONFIGS)('with the documented options, %s gives exactly the local findings, and says once that ACLs were not read', async (config) => {
    const root = await mount(`documented-${path.basename(config)}`, DOCUMENTED);
    const [local, remote] = [await audit(server, config), await audit(root, config)];
    expect(local.findings.length).toBeGreaterThan(3);
    const aclsUnread = (run: Audit) => run.findings.filter((f) => f.includes('POSIX ACLs were not read'));
    expect(aclsUnread(local)).toEqual([]);
    expect(aclsUnread(remote)).toEqual([expect.stringContaining('POSIX ACLs were not read (this FUSE mount (sshfs) carries no extended attributes): the mode bits alone decide')]);
    expect({ ...remote, findings: remote.findings.filter((f) => !aclsUnread(remote).includes(f)) }).toEqual(local);
    expect(remote.complete).toEqual([true]);
  });

  it('on a system with SELinux, says once that sshfs carries no labels where the local audit reads them', async () => {
    const selinuxConfig = path.join(server, 'etc/selinux/config');
    mkdirSync(path.dirname(selinuxConfig), { recursive: true });
    writeFileSync(selinuxConfig, 'SELINUX=enforcing\nSELINUXTYPE=targeted\n');
    // Built in /tmp and moved into place: a label httpd_t never reads.
    execFileSync('chcon', ['system_u:object_r:user_tmp_t:s0', path.join(server, 'var/www/shop/index.html')]);
    try {
      const root = await mount('selinux', DOCUMENTED);
      const [local, remote] = [await audit(server, CONFIGS[0] as string), await audit(root, CONFIGS[0] as string)];
      const unread = (run: Audit) => run.findings.filter((f) => f.includes('SELinux labels were not read'));
      const judged = (run: Audit) => run.findings.filter((f) => /^\S+ fs\/selinux-context /.test(f));
      expect(judged(local)).toEqual([expect.stringContaining('/var/www/shop/index.html is labelled user_tmp_t')]);
      expect(unread(local)).toEqual([]);
      expect(judged(remote)).toEqual([]);
      expect(unread(remote)).toEqual([expect.stringContaining('this FUSE mount (sshfs) carries no extended attributes')]);
    } finally {
      unlinkSync(selinuxConfig);
    }
  });

  it('unmounting during the walk makes the audit incomplete (exit 2), not a shorter report', async () => {
    const root = await mount('pulled', DOCUMENTED);
    const run = await audit(root, CONFIGS[0] as string, () => spawnSync('/usr/bin/fusermount3', ['-u', '-z', root]));
    expect(isFuse(root)).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^forbidlint: audit of ${root} incomplete: the filesystem changed under the root`, 'm'));
    expect(run.complete).toEqual([false]);
  });

  it('a link that freezes during the walk turns into an error within the keep-alives, and an incomplete audit', async () => {
    const root = await mount('frozen', QUICK_KEEPALIVES);
    // The newest session of the loopback sshd serves this mount: stopping it freezes the link as a dead network would.
    const session = Number(spawnSync('pgrep', ['-n', '-P', String((sshd as LoopbackSshd).pid)], { encoding: 'utf8' }).stdout.trim());
    expect(session).toBeGreaterThan(0);
    try {
      const started = Date.now();
      const run = await audit(root, CONFIGS[0] as string, () => process.kill(session, 'SIGSTOP'));
      expect(run.code).toBe(2);
      expect(run.stderr, run.stderr).toMatch(new RegExp(`^forbidlint: audit of ${root} incomplete: .* failed with EIO `, 'm'));
      // ServerAliveInterval=2, ServerAliveCountMax=2: about 4 s, not forever.
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      // The session may be gone already: sshd reaps it once ssh has given up on the link.
      for (const signal of ['SIGCONT', 'SIGTERM'] as const) {
        try {
          process.kill(session, signal);
        } catch {
          // ESRCH
        }
      }
    }
  }, 40_000);

  it('killing sshfs during the walk makes the audit incomplete with the mount’s error', async () => {
    const root = await mount('killed', DOCUMENTED);
    const mounted = mounts.at(-1) as SshfsMount;
    const run = await audit(root, CONFIGS[0] as string, () => mounted.process.kill('SIGKILL'));
    expect(run.code).toBe(2);
    expect(run.stderr, run.stderr).toMatch(new RegExp(`^forbidlint: audit of ${root} incomplete: .* failed with (ENOTCONN|ECONNABORTED) `, 'm'));
    expect(run.complete).toEqual([false]);
  });
});
