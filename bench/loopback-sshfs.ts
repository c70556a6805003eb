import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A loopback sshd of its own (host key, configuration, pid file, authorized key, all in a
 * temporary directory; the system's sshd is never touched) and sshfs mounts through it, for the
 * sshfs tests and bench.
 */

const SSHD = '/usr/sbin/sshd';
const FUSE_MAGIC = 0x65735546;

/** Why sshfs tests cannot run here, or undefined when they can. */
export function sshfsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root: sshd needs root to serve a session';
  for (const tool of [SSHD, '/usr/bin/sshfs', '/usr/bin/fusermount3', '/usr/bin/ssh', '/usr/bin/ssh-keygen']) {
    if (!existsSync(tool)) return `${tool} is not installed (apt-get install openssh-server sshfs fuse3)`;
  }
  try {
    accessSync('/dev/fuse', constants.R_OK | constants.W_OK);
  } catch {
    return '/dev/fuse is not available (a container without --device /dev/fuse)';
  }
  return undefined;
}

export interface LoopbackSshd {
  port: number;
  /** The client key, for an ssh command of the caller's own. */
  userKey: string;
  /** The listening sshd: each session is a child process of it. */
  pid: number;
  /** `ssh ...` with the test's key and no known-hosts check, for sshfs's ssh_command. */
  sshCommand: string;
  stop(): void;
}

export async function startSshd(port: number): Promise<LoopbackSshd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'forbidlint-sshd-'));
  const run = (cmd: string, args: string[]): void => {
    const done = spawnSync(cmd, args, { encoding: 'utf8' });
    if (done.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${done.stderr}`);
  };
  run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
  run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'user_key')]);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'user_key.pub')), { mode: 0o600 });
  const config = path.join(dir, 'sshd_config');
  const pidFile = path.join(dir, 'sshd.pid');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `PidFile ${pidFile}`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  // The privilege separation directory Debian's service unit creates at boot; sshd refuses to start without it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const sshd = spawn(SSHD, ['-D', '-f', config, '-E', path.join(dir, 'sshd.log')], { stdio: 'ignore' });
  await waitFor(() => existsSync(pidFile), () => `sshd did not start: ${readLog(dir)}`);
  const sshCommand = `ssh -i ${dir}/user_key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p ${port}`;
  return {
    port,
    userKey: path.join(dir, 'user_key'),
    pid: sshd.pid as number,
    sshCommand,
    stop() {
      if (sshd.pid !== undefined && sshd.exitCode === null) process.kill(sshd.pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SshfsMount {
  /** The sshfs process itself (it runs in the foreground). */
  process: ChildProcess;
  /** Unmounts (lazily, as `fusermount3 -u -z` does) if still mounted; never throws. */
  unmount(): void;
}

/** Mounts `remoteDir` of the loopback sshd at `mountPoint` with sshfs's `-o` options, and waits until it answers. */
export async function mountSshfs(sshd: LoopbackSshd, remoteDir: string, mountPoint: string, options: readonly string[], sshCommand = sshd.sshCommand): Promise<SshfsMount> {
  mkdirSync(mountPoint, { recursive: true });
  const sshfs = spawn('/usr/bin/sshfs', ['-f', '-o', [...options, `ssh_command=${sshCommand}`].join(','), `root@127.0.0.1:${remoteDir}`, mountPoint], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  sshfs.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(
    () => isFuse(mountPoint) || sshfs.exitCode !== null,
    () => `sshfs did not mount ${mountPoint}: ${stderr}`,
  );
  if (!isFuse(mountPoint)) throw new Error(`sshfs did not mount ${mountPoint}: ${stderr}`);
  return {
    process: sshfs,
    unmount() {
      // Also when the mount is dead (ENOTCONN), where statfs cannot tell it is one.
      spawnSync('/usr/bin/fusermount3', ['-u', '-z', mountPoint], { stdio: 'ignore' });
      if (sshfs.exitCode === null && sshfs.pid !== undefined) sshfs.kill('SIGTERM');
    },
  };
}

export function isFuse(dir: string): boolean {
  try {
    return statfsSync(dir).type === FUSE_MAGIC;
  } catch {
    return false;
  }
}

async function waitFor(ready: () => boolean, failure: () => string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'sshd.log'), 'utf8');
  } catch {
    return '(no log)';
  }
}
