import type { Directive } from '../../parse/ast.js';

/** The `Options` flags forbidlint reasons about; the rest are parsed so they are not errors. */
export type OptionName = 'Indexes' | 'FollowSymLinks' | 'SymLinksIfOwnerMatch' | 'ExecCGI' | 'Includes' | 'IncludesNOEXEC' | 'MultiViews';

const OPTION_NAMES: readonly OptionName[] = ['Indexes', 'FollowSymLinks', 'SymLinksIfOwnerMatch', 'ExecCGI', 'Includes', 'IncludesNOEXEC', 'MultiViews'];

/** httpd's OPT_ALL: everything but MultiViews and SymLinksIfOwnerMatch. */
const ALL: readonly OptionName[] = ['Indexes', 'Includes', 'IncludesNOEXEC', 'FollowSymLinks', 'ExecCGI'];

/**
 * One section's `Options`, as httpd's core_dir_config keeps it: either an absolute set
 * (`Options Indexes`), or only additions and removals (`Options +Indexes -FollowSymLinks`)
 * that are applied to whatever the enclosing sections resolved to.
 */
export interface OptionsSetting {
  absolute?: ReadonlySet<OptionName>;
  add: ReadonlySet<OptionName>;
  remove: ReadonlySet<OptionName>;
}

export type OptionsParse = { ok: true; setting: OptionsSetting } | { ok: false; message: string };

/** httpd 2.4's compiled-in default for a server: FollowSymLinks only (it was All before 2.3.11). */
export const DEFAULT_OPTIONS: ReadonlySet<OptionName> = new Set<OptionName>(['FollowSymLinks']);

/**
 * Applies one `Options` line on top of the same section's earlier ones, with httpd's checks:
 * mixing `+x`/`-x` with bare words in one line is refused at startup ("Either all Options must
 * start with + or -, or no Option may."), and `allowed` (AllowOverride Options=... in an
 * .htaccess) limits which names may appear.
 */
export function parseOptions(directive: Directive, previous?: OptionsSetting, allowed?: ReadonlySet<OptionName>): OptionsParse {
  let absolute = previous?.absolute ? new Set(previous.absolute) : undefined;
  const add = new Set(previous?.add);
  const remove = new Set(previous?.remove);
  // httpd's set_options: the first bare word resets the section to an absolute set; after that a
  // signed word is only accepted when the bare ones were `All` or `None`, and a bare word never
  // follows a signed one.
  let first = true;
  let signed = false;
  let allOrNone = false;
  const mixing = 'Either all Options must start with + or -, or no Option may.';
  for (const arg of directive.args) {
    const sign = arg.value[0] === '+' || arg.value[0] === '-' ? arg.value[0] : undefined;
    const word = sign ? arg.value.slice(1) : arg.value;
    if (sign) {
      if (!signed && !first && !allOrNone) return { ok: false, message: mixing };
      signed = true;
    } else if (first) {
      absolute = new Set();
    } else if (signed) {
      return { ok: false, message: mixing };
    }
    first = false;
    const names = optionNames(word);
    if (names === undefined) return { ok: false, message: `Illegal option ${word}` };
    if (/^(all|none)$/i.test(word)) allOrNone = true;
    if (allowed && names.some((n) => !allowed.has(n))) return { ok: false, message: `Option ${word} not allowed here` };
    if (sign === '-') {
      for (const n of names) {
        remove.add(n);
        add.delete(n);
        absolute?.delete(n);
      }
    } else if (sign === '+') {
      for (const n of names) {
        add.add(n);
        remove.delete(n);
        absolute?.add(n);
      }
    } else {
      for (const n of names) absolute?.add(n);
    }
  }
  return { ok: true, setting: { ...(absolute ? { absolute } : {}), add, remove } };
}

/**
 * httpd's merge_core_dir_configs for Options: an absolute setting replaces what came before,
 * a +/- only setting edits it. Returns the resolved set and the pending +/- for later merges.
 */
export function mergeOptions(base: ResolvedOptions, next: OptionsSetting): ResolvedOptions {
  if (next.absolute) return { effective: new Set(next.absolute), add: new Set(next.add), remove: new Set(next.remove) };
  const add = new Set([...base.add].filter((n) => !next.remove.has(n)));
  for (const n of next.add) add.add(n);
  const remove = new Set([...base.remove].filter((n) => !next.add.has(n)));
  for (const n of next.remove) remove.add(n);
  const effective = new Set([...base.effective].filter((n) => !remove.has(n)));
  for (const n of add) effective.add(n);
  return { effective, add, remove };
}

export interface ResolvedOptions {
  effective: ReadonlySet<OptionName>;
  add: ReadonlySet<OptionName>;
  remove: ReadonlySet<OptionName>;
}

export const DEFAULT_RESOLVED_OPTIONS: ResolvedOptions = { effective: DEFAULT_OPTIONS, add: new Set(), remove: new Set() };

/** `All`, `None` or one name, case-insensitively as httpd compares them. */
export function optionNames(word: string): OptionName[] | undefined {
  const lower = word.toLowerCase();
  if (lower === 'all') return [...ALL];
  if (lower === 'none') return [];
  const name = OPTION_NAMES.find((n) => n.toLowerCase() === lower);
  return name ? [name] : undefined;
}
