import { createRequire } from 'node:module';
import { decodeAclXattr } from './acl.js';
import type { PosixAcl } from './types.js';

/**
 * Reads an entry's access ACL straight from its `system.posix_acl_access` attribute: one
 * lgetxattr by path, no stat (the walk has just made that one). Node has no xattr call; the
 * optional @napi-rs/xattr package makes it. Without the package (a platform it has no build
 * for), the live filesystem falls back to `getfacl`.
 */
export interface AclReader {
  /** The extended access ACL of the entry at a host path, a final symlink not followed. */
  read(path: string): PosixAcl | undefined;
  /** The same on libuv's pool, for remote disks where each call is a round trip. */
  readPooled(path: string): Promise<PosixAcl | undefined>;
}

const ACCESS_ACL = 'system.posix_acl_access';

interface XattrBinding {
  getAttributeSync(path: string, name: string): Buffer | null;
  getAttribute(path: string, name: string): Promise<Buffer | null>;
}

let loaded: { reader: AclReader | undefined } | undefined;

/** The reader, or undefined when the package is not installed or has no build for this machine. */
export function nativeAclReader(): AclReader | undefined {
  loaded ??= { reader: load() };
  return loaded.reader;
}

function load(): AclReader | undefined {
  let binding: XattrBinding;
  try {
    binding = createRequire(import.meta.url)('@napi-rs/xattr') as XattrBinding;
  } catch {
    return undefined;
  }
  return {
    read(path) {
      try {
        return decoded(binding.getAttributeSync(path, ACCESS_ACL));
      } catch {
        // gone since its lstat, or a filesystem without xattrs: nothing to judge
        return undefined;
      }
    },
    readPooled: (path) => binding.getAttribute(path, ACCESS_ACL).then(decoded, () => undefined),
  };
}

function decoded(value: Buffer | null): PosixAcl | undefined {
  return value === null ? undefined : decodeAclXattr(value);
}
