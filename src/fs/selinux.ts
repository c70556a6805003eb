import type { FsView } from './types.js';

/**
 * What SELinux's targeted policy lets the web server's domain (`httpd_t`, which nginx runs in
 * too on the RHEL family) read, from a file's label alone, as httpd_selinux(8) documents it.
 */

export interface SelinuxState {
  /** `enforcing` refuses; `permissive` only logs; `disabled` does nothing. */
  mode: 'enforcing' | 'permissive' | 'disabled';
  /** SELINUXTYPE: `targeted`, `mls`, `minimum`... */
  policy: string | undefined;
  /** Where the mode was read: the runtime switch when the view has it, else the config. */
  source: string;
  /** Boolean values when the view holds /sys/fs/selinux/booleans (a snapshot or a live /). */
  booleans: (name: string) => boolean | undefined;
}

const CONFIG = '/etc/selinux/config';
const ENFORCE = '/sys/fs/selinux/enforce';
const BOOLEANS = '/sys/fs/selinux/booleans';

/**
 * The audited system's SELinux state, or undefined when it has none. `/etc/selinux/config` says
 * what the system boots with; `/sys/fs/selinux/enforce`, when the view has it (a live `/`, or
 * a snapshot that captured it), is what runs now and wins.
 */
export function readSelinuxState(fs: FsView): SelinuxState | undefined {
  const config = fs.readFile(CONFIG);
  if (!config.ok) return undefined;
  const settings = new Map<string, string>();
  for (const line of config.value.toString('utf8').split('\n')) {
    const setting = /^\s*([A-Z]+)\s*=\s*"?([^"\s#]*)"?/.exec(line);
    if (setting) settings.set(setting[1] as string, (setting[2] as string).toLowerCase());
  }
  const configured = settings.get('SELINUX');
  let mode: SelinuxState['mode'] = configured === 'enforcing' || configured === 'permissive' ? configured : 'disabled';
  let source = `${CONFIG} (SELINUX=${configured ?? ''})`;
  const runtime = fs.readFile(ENFORCE);
  if (runtime.ok && mode !== 'disabled') {
    mode = runtime.value.toString('utf8').trim() === '1' ? 'enforcing' : 'permissive';
    source = `${ENFORCE} (${mode})`;
  }
  return {
    mode,
    policy: settings.get('SELINUXTYPE'),
    source,
    booleans: (name) => {
      // "current pending", e.g. `1 1`: the first is what the kernel enforces now.
      const value = fs.readFile(`${BOOLEANS}/${name}`);
      return value.ok ? value.value.toString('utf8').trim().startsWith('1') : undefined;
    },
  };
}

/** A label as `find -printf %Z` prints it: `?` (or nothing) where the filesystem has none. */
export function parseFindContext(text: string): string | undefined {
  const label = text.trim();
  return label === '' || label === '?' ? undefined : label;
}

/** The type field of a label: `unconfined_u:object_r:user_home_t:s0` -> `user_home_t`. */
export function contextType(context: string): string | undefined {
  return context.split(':')[2];
}

/** Types httpd_t reads in the stock targeted policy whatever the booleans say (httpd_selinux(8)). */
const READABLE = new Set([
  'httpd_sys_content_t',
  'httpd_sys_rw_content_t',
  'httpd_sys_ra_content_t',
  // The older names of the two above, still aliases in the policy.
  'httpd_sys_content_rw_t',
  'httpd_sys_content_ra_t',
  'httpd_sys_script_exec_t',
  'httpd_user_content_t',
  'public_content_t',
  'public_content_rw_t',
]);

/** Types httpd_t reads only while a boolean is on; all are off in the stock policy. */
const BY_BOOLEAN: ReadonlyMap<string, string> = new Map([
  ['user_home_dir_t', 'httpd_enable_homedirs'],
  ['user_home_t', 'httpd_read_user_content'],
  ['nfs_t', 'httpd_use_nfs'],
  ['cifs_t', 'httpd_use_cifs'],
  ['fusefs_t', 'httpd_use_fusefs'],
]);

/**
 * Types that the labelling mistakes leave behind and that no stock rule or boolean lets httpd_t
 * read: a file made in /tmp and moved (`user_tmp_t`, `tmp_t`), one from root's home
 * (`admin_home_t`), a tree created outside any labelled path (`default_t`), or never labelled.
 */
const REFUSED = new Set(['user_tmp_t', 'tmp_t', 'admin_home_t', 'default_t', 'unlabeled_t']);

export type HttpdReadVerdict =
  | { readable: true; boolean?: string }
  | { readable: false; boolean?: string }
  /** The policy answer cannot be known from the label: an unlisted type, or a boolean not captured. */
  | { readable: 'uncertain'; boolean?: string };

/** Whether httpd_t may read (files) or search and list (directories) an entry of this type. */
export function httpdCanRead(type: string, state: Pick<SelinuxState, 'booleans'>): HttpdReadVerdict {
  if (READABLE.has(type)) return { readable: true };
  const boolean = BY_BOOLEAN.get(type);
  if (boolean !== undefined) {
    const value = state.booleans(boolean);
    return { readable: value === undefined ? 'uncertain' : value, boolean };
  }
  return { readable: REFUSED.has(type) ? false : 'uncertain' };
}
