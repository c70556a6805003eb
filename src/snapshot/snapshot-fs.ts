import { EntryTable, type ContentSource } from '../fs/entry-table.js';
import { ok, type EntryStat, type FsResult } from '../fs/types.js';

/** An entry's metadata as a snapshot records it: the listing's fields and, where the server labels files, the SELinux context. */
export interface SnapshotEntryStat extends EntryStat {
  /** `system_u:object_r:httpd_sys_content_t:s0`, as find's %Z printed it; absent on systems without SELinux labels. */
  selinuxContext?: string;
}

/** SELinux's state on the audited server, as captured. */
export interface SnapshotSelinux {
  /** The server's /etc/selinux/config, when it has one. */
  config?: string;
  /** `getenforce`'s answer (Enforcing, Permissive, Disabled) when the command exists there. */
  getenforce?: string;
}

/**
 * A server as one snapshot captured it: the listing's entries (modes, owners, types, link
 * targets, SELinux contexts) and the contents of the files it archived (configs, passwd, group,
 * .htaccess). Every path is the server's own; nothing of the machine forbidlint runs on is read.
 */
export class SnapshotFs extends EntryTable {
  /**
   * `getfacl -R -n --skip-base -P --absolute-names` over the served trees and their parents:
   * only entries with extended ACLs, numeric ids, `# file:` paths as the server sees them.
   * Undefined when the server has no getfacl.
   */
  getfaclText: string | undefined;

  constructor(
    description: string,
    contents: ContentSource,
    /** SELinux contexts by physical path; empty when the server labels nothing. */
    private readonly contexts: ReadonlyMap<string, string>,
    readonly selinux: SnapshotSelinux,
  ) {
    super(description, contents);
  }

  override lstat(path: string): FsResult<SnapshotEntryStat> {
    const found = super.lstat(path);
    if (!found.ok || this.contexts.size === 0) return found;
    const context = this.contexts.get(path);
    return context === undefined ? found : ok({ ...found.value, selinuxContext: context });
  }

  /** The SELinux context recorded for a physical path. */
  selinuxContextOf(path: string): string | undefined {
    return this.contexts.get(path);
  }
}
