import { EntryTable, type ContentSource } from '../fs/entry-table.js';
import { ok, type FsResult } from '../fs/types.js';

/** SELinux's state on the audited server, as captured. */
export interface SnapshotSelinux {
  /** The server's /etc/selinux/config, when it has one. */
  config?: string;
  /** `getenforce`'s answer (Enforcing, Permissive, Disabled) when the command exists there. */
  getenforce?: string;
}

const ENFORCE = '/sys/fs/selinux/enforce';

/**
 * A server as one snapshot captured it: the listing's entries (modes, owners, types, link
 * targets, SELinux labels, ACLs) and the contents of the files it archived (configs, passwd,
 * group, .htaccess). Every path is the server's own; nothing of the machine forbidlint runs on
 * is read.
 */
export class SnapshotFs extends EntryTable {
  constructor(
    description: string,
    contents: ContentSource,
    readonly selinux: SnapshotSelinux,
  ) {
    super(description, contents);
  }

  /**
   * getenforce reads /sys/fs/selinux/enforce, which a snapshot does not archive: its answer
   * stands for that file, so the running mode wins over the configured one as on a live system.
   */
  override readFile(path: string): FsResult<Buffer> {
    const mode = this.selinux.getenforce;
    if (path === ENFORCE && (mode === 'Enforcing' || mode === 'Permissive')) return ok(Buffer.from(mode === 'Enforcing' ? '1\n' : '0\n'));
    return super.readFile(path);
  }
}
