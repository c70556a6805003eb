import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A server's configuration directory under /etc and its main file there. */
const SERVER_DIRS: readonly { dir: string; main: string }[] = [
  { dir: 'etc/nginx', main: 'nginx.conf' },
  { dir: 'etc/apache2', main: 'apache2.conf' },
  { dir: 'etc/httpd', main: 'conf/httpd.conf' },
];

/**
 * The root of the copy of a server a path lies in: `X` for `X/etc/nginx/sites-available/shop`
 * when `X/etc/nginx/nginx.conf` exists (or Debian's apache2.conf, RHEL's conf/httpd.conf). The
 * main configuration of such a tree names its includes and served trees as the server sees them
 * (`/etc/nginx/sites-enabled/*`, `/var/www/shop`): they mean paths under X, not this machine's,
 * so the tree is audited as `--root X` would. Undefined on this machine's own /etc, and for a
 * main configuration that names paths under X itself: that one was written for this machine.
 */
export function mirroredRoot(hostPath: string): string | undefined {
  for (const { dir, main } of SERVER_DIRS) {
    const marker = `/${dir}`;
    const at = hostPath.lastIndexOf(`${marker}/`);
    const end = at >= 0 ? at : hostPath.endsWith(marker) ? hostPath.length - marker.length : -1;
    // At 0 the path is this machine's own /etc.
    if (end <= 0) continue;
    const root = hostPath.slice(0, end);
    const text = readText(path.join(root, dir, main));
    if (text !== undefined) return text.includes(`${root}/`) ? undefined : root;
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
