/**
 * Which modules httpd has while reading its config. `<IfModule>` accepts a module's
 * identifier (`ssl_module`, the symbol LoadModule names) or its source file name
 * (`mod_ssl.c`, what `apache2 -l` prints), so each module is known by both.
 */

/** Debian apache2 2.4's compiled-in modules (`apache2 -l`). */
export const DEBIAN_STATIC_MODULES: readonly string[] = [
  'core.c',
  'mod_so.c',
  'mod_watchdog.c',
  'http_core.c',
  'mod_log_config.c',
  'mod_logio.c',
  'mod_version.c',
  'mod_unixd.c',
];

/** Modules whose source file is not `mod_<x>.c` for identifier `<x>_module`. */
const IRREGULAR_NAMES: readonly (readonly [identifier: string, file: string])[] = [
  ['core_module', 'core.c'],
  ['http_module', 'http_core.c'],
  ['mpm_prefork_module', 'prefork.c'],
  ['mpm_worker_module', 'worker.c'],
  ['mpm_event_module', 'event.c'],
  ['mpm_winnt_module', 'mpm_winnt.c'],
];

/** Both names of a module given either one. */
export function moduleNames(name: string): [identifier: string, file: string] {
  const irregular = IRREGULAR_NAMES.find(([identifier, file]) => identifier === name || file === name);
  if (irregular) return [irregular[0], irregular[1]];
  if (name.endsWith('.c')) {
    const stem = name.slice(0, -2).replace(/^mod_/, '');
    return [`${stem}_module`, name];
  }
  const stem = name.replace(/_module$/, '');
  return [name, `mod_${stem}.c`];
}

/** The set of names `<IfModule>` finds: both names of every module. */
export class ModuleSet {
  private readonly names = new Set<string>();

  constructor(modules: Iterable<string> = []) {
    for (const module of modules) this.add(module);
  }

  add(module: string): void {
    for (const name of moduleNames(module)) this.names.add(name);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }
}
