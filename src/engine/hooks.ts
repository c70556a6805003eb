import { HookMap, SyncHook, SyncWaterfallHook } from 'tapable';
import type { Directive, SourceFile } from '../parse/ast.js';
import type { LintConfig } from './settings.js';
import type { Finding, FsEntryEvent, LintResult, LintTarget, ServerEvent } from './events.js';

/**
 * Every extension point of a lint run, in the order they fire. Plugins receive the frozen
 * `LinterHooks` in `apply(hooks)`; each configuration linted gets fresh `TargetHooks`
 * (webpack's compiler/compilation split), announced by `hooks.target`, which is also where the
 * engine taps the rules' listeners.
 */

type DirectiveHook = SyncHook<[Directive, readonly Directive[]]>;

export interface TargetHooks {
  /** Each file read for this configuration, entry first, before any directive hook. */
  readonly fileParsed: SyncHook<[SourceFile]>;
  /** nginx directives by exact name (nginx names are case-sensitive), depth-first in file order. */
  readonly nginxDirective: HookMap<DirectiveHook>;
  readonly anyNginxDirective: DirectiveHook;
  /**
   * Apache directives by lowercase name (httpd matches names case-insensitively), sections
   * excluded; sections skipped at read time (`inactive`) are not entered.
   */
  readonly apacheDirective: HookMap<DirectiveHook>;
  readonly anyApacheDirective: DirectiveHook;
  /** Apache sections by lowercase name without `<`: `directory`, `virtualhost`, `filesmatch`. */
  readonly apacheSection: HookMap<DirectiveHook>;
  /** Each nginx `server` / Apache virtual host (the main server too), after all directives. */
  readonly server: SyncHook<[ServerEvent]>;
  /** Each entry under each tree a server serves, unless `--no-fs`. */
  readonly fsEntry: SyncHook<[FsEntryEvent]>;
  /** After the last fs entry: rules report what they gathered. */
  readonly finish: SyncHook<[]>;
}

export interface LinterHooks {
  /**
   * Each configuration the targets use, once, after extends and plugins; before any target runs.
   * src/config passes its whole ResolvedConfig, `ruleSettings` added.
   */
  readonly configLoaded: SyncHook<[LintConfig]>;
  /** The configurations about to be linted; a tap may return a changed list. */
  readonly targetsFound: SyncWaterfallHook<[LintTarget[]]>;
  /** A target starts: tap its hooks here. */
  readonly target: SyncHook<[TargetHooks, LintTarget]>;
  /** Every finding before disable comments apply; return a changed finding, or `null` to drop it. */
  readonly report: SyncWaterfallHook<[Finding | null]>;
  /** All results, sorted by file, before formatting. */
  readonly done: SyncHook<[readonly LintResult[]]>;
}

export function createLinterHooks(): LinterHooks {
  return Object.freeze({
    configLoaded: new SyncHook<[LintConfig]>(['config']),
    targetsFound: new SyncWaterfallHook<[LintTarget[]]>(['targets']),
    target: new SyncHook<[TargetHooks, LintTarget]>(['targetHooks', 'target']),
    report: new SyncWaterfallHook<[Finding | null]>(['finding']),
    done: new SyncHook<[readonly LintResult[]]>(['results']),
  });
}

export function createTargetHooks(): TargetHooks {
  const directiveHook = (): DirectiveHook => new SyncHook(['directive', 'parents']);
  return Object.freeze({
    fileParsed: new SyncHook<[SourceFile]>(['file']),
    nginxDirective: new HookMap(directiveHook),
    anyNginxDirective: directiveHook(),
    apacheDirective: new HookMap(directiveHook),
    anyApacheDirective: directiveHook(),
    apacheSection: new HookMap(directiveHook),
    server: new SyncHook<[ServerEvent]>(['event']),
    fsEntry: new SyncHook<[FsEntryEvent]>(['event']),
    finish: new SyncHook<[]>([]),
  });
}
