import { createRequire } from 'node:module';
import { decodeAclXattr } from './acl.js';
import type { PosixAcl } from './types.js';

/**
 * Reads an entry's access labels straight from its extended attributes: the access ACL
 * (`system.posix_acl_access`) and, on a system with SELinux, the label (`security.selinux`).
 * One lgetxattr each by path, no stat (the walk has just made that one). Node has no xattr call;
 * the optional @napi-rs/xattr package makes it. Without the package (a platform it has no build
 * for), the live filesystem falls back to `getfacl` for ACLs and reads no labels.
 */
export interface LabelReader {
  /** Whether SELinux labels are read too, not only ACLs. */
  readonly contexts: boolean;
  /** The labels of the entry at a host path, a final symlink not followed. */
  read(path: string): XattrLabels;
  /** The same on libuv's pool, for remote disks where each call is a round trip. */
  readPooled(path: string): Promise<XattrLabels>;
}

export interface XattrLabels {
  acl?: PosixAcl;
  context?: string;
}

const ACCESS_ACL = 'system.posix_acl_access';
const SELINUX_LABEL = 'security.selinux';
/** Most entries have neither: one shared answer, nothing allocated. */
const NONE: XattrLabels = Object.freeze({});

interface XattrBinding {
  getAttributeSync(path: string, name: string): Buffer | null;
  getAttribute(path: string, name: string): Promise<Buffer | null>;
}

let loaded: { binding: XattrBinding | undefined } | undefined;

/**
 * The reader, or undefined when the package is not installed or has no build for this machine.
 * `contexts`: read SELinux labels too, only asked for when the audited system has SELinux, so
 * that elsewhere each entry costs the one ACL call.
 */
export function nativeLabelReader(contexts = false): LabelReader | undefined {
  loaded ??= { binding: load() };
  const { binding } = loaded;
  if (binding === undefined) return undefined;
  const readSync = (path: string, name: string): Buffer | null => {
    try {
      return binding.getAttributeSync(path, name);
    } catch {
      // gone since its lstat, or a filesystem without xattrs: nothing to judge
      return null;
    }
  };
  const readAsync = (path: string, name: string): Promise<Buffer | null> => binding.getAttribute(path, name).catch(() => null);
  if (!contexts) {
    return {
      contexts,
      read: (path) => labelsOf(readSync(path, ACCESS_ACL), null),
      readPooled: (path) => readAsync(path, ACCESS_ACL).then((acl) => labelsOf(acl, null)),
    };
  }
  return {
    contexts,
    read: (path) => labelsOf(readSync(path, ACCESS_ACL), readSync(path, SELINUX_LABEL)),
    readPooled: async (path) => {
      const [acl, context] = await Promise.all([readAsync(path, ACCESS_ACL), readAsync(path, SELINUX_LABEL)]);
      return labelsOf(acl, context);
    },
  };
}

function load(): XattrBinding | undefined {
  try {
    return createRequire(import.meta.url)('@napi-rs/xattr') as XattrBinding;
  } catch {
    return undefined;
  }
}

function labelsOf(aclValue: Buffer | null, contextValue: Buffer | null): XattrLabels {
  const acl = aclValue === null ? undefined : decodeAclXattr(aclValue);
  const context = contextValue === null ? undefined : decodeContext(contextValue);
  if (acl === undefined && context === undefined) return NONE;
  return { ...(acl === undefined ? {} : { acl }), ...(context === undefined ? {} : { context }) };
}

/** The kernel stores the label NUL-terminated: `system_u:object_r:httpd_sys_content_t:s0\0`. */
export function decodeContext(value: Buffer): string | undefined {
  const end = value.indexOf(0);
  const label = value.toString('utf8', 0, end < 0 ? value.length : end);
  return label === '' ? undefined : label;
}
