import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Where a server's main configuration lies in its tree. */
const MAIN_FILES = ['etc/nginx/nginx.conf', 'etc/apache2/apache2.conf', 'etc/httpd/conf/httpd.conf'];

/**
 * The root of the copy of a server a path lies in: the nearest directory X above it (or the
 * path itself) holding `etc/nginx/nginx.conf` (or Debian's apache2.conf, RHEL's
 * conf/httpd.conf), as in `X/etc/nginx/sites-available/shop` or `X/var/www/blog/.htaccess`. The
 * main configuration of such a tree names its includes and served trees as the server sees them
 * (`/etc/nginx/sites-enabled/*`, `/var/www/shop`): they mean paths under X, not this machine's,
 * so the tree is audited as `--root X` would. Undefined on this machine's own /, and for a main
 * configuration that names paths under X itself: that one was written for this machine.
 */
export function mirroredRoot(hostPath: string): string | undefined {
  for (let dir = hostPath; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    for (const main of MAIN_FILES) {
      const text = readText(path.join(dir, main));
      if (text !== undefined) return text.includes(`${dir}/`) ? undefined : dir;
    }
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    // Most directories asked hold no server copy: a stat that does not throw for them keeps that cheap.
    return statSync(file, { throwIfNoEntry: false })?.isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
