/**
 * Directories of the operating system itself. A web server whose `root`, `alias` or
 * `DocumentRoot` names one of them serves the machine (`root /;` hands out /etc/passwd), which
 * is one mistake to report, not a tree to walk: walking /proc or /dev reads the kernel's
 * pseudo-files, and / holds the whole disk.
 */
const EXAMPLE_FILE: ReadonlyMap<string, string> = new Map([
  ['/', 'etc/passwd'],
  ['/bin', 'sh'],
  ['/boot', 'grub/grub.cfg'],
  ['/dev', 'mem'],
  ['/etc', 'passwd'],
  ['/home', ''],
  ['/lib', 'os-release'],
  ['/lib64', ''],
  ['/opt', ''],
  ['/proc', 'self/environ'],
  ['/root', '.bash_history'],
  ['/run', ''],
  ['/sbin', 'init'],
  ['/sys', 'kernel/'],
  ['/tmp', ''],
  ['/usr', 'bin/'],
  ['/usr/bin', ''],
  ['/usr/lib', 'os-release'],
  ['/usr/local', ''],
  ['/usr/sbin', ''],
  ['/var', 'log/'],
  ['/var/lib', ''],
  ['/var/log', 'auth.log'],
]);

/** `/etc`, `/etc/`, `/var/../etc`: the normalized directory, when it is a system directory. */
export function systemDirectory(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  // Asked for every tree of every server on every lint, of a few distinct roots.
  if (known.has(path)) return known.get(path);
  const dir = normalizedSystemDirectory(path);
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.set(path, dir);
  return dir;
}

const known = new Map<string, string | undefined>();
const KNOWN_LIMIT = 4096;

function normalizedSystemDirectory(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const normalized = `/${parts.join('/')}`;
  return EXAMPLE_FILE.has(normalized) ? normalized : undefined;
}

/** A path below a system directory that shows what serving it exposes (`/etc` -> `/etc/passwd`). */
export function exampleOfSystemDirectory(dir: string): string {
  const file = EXAMPLE_FILE.get(dir) ?? '';
  return dir === '/' ? `/${file}` : `${dir}/${file}`;
}
