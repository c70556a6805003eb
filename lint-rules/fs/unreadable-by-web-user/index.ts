import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { WalkedAccess } from '../../../src/fs/access.js';
import type { ServedTree, ServerSummary } from '../../../src/model/types.js';
import type { Dialect } from '../../../src/parse/ast.js';
import { claimOf } from '../../../src/probe/probe.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { denialReport, isPermissionDenial } from '../../shared/permission-denial.js';
import { urlOfPath } from '../../shared/served-url.js';
import { describeServer } from '../../shared/server-label.js';
import { hasPrefix } from '../../../src/util/has-prefix.js';

/** What each server writes to its error log when the kernel refuses its workers. */
const LOG_LINE: Readonly<Record<Dialect, Readonly<Record<'search' | 'read', string>>>> = {
  nginx: { search: '"(13: Permission denied)"', read: '"(13: Permission denied)"' },
  // Where AllowOverride lets httpd look for .htaccess files, opening the one in the closed
  // directory fails first and the log shows AH00529 instead.
  apache: { search: 'AH00035 (search permissions are missing) or AH00529 (.htaccess unreadable)', read: 'AH00132 (file permissions deny server access)' },
};

/** The causes each server logs when the kernel refuses its workers a path. */
const KERNEL_CAUSES: Readonly<Record<Dialect, ReadonlySet<string>>> = {
  nginx: new Set(['permission-denied']),
  apache: new Set(['AH00035', 'AH00132', 'AH00529']),
};
/** Requests asked per closed path before the rule settles for what the server does instead. */
const ASKS_PER_PATH = 8;

function isBelow(path: string, dir: string): boolean {
  return dir === '/' ? path.startsWith('/') : path.length > dir.length && path.charCodeAt(dir.length) === SLASH && hasPrefix(path, dir);
}

const SLASH = 0x2f;

const within = (path: string, dir: string): boolean => path === dir || isBelow(path, dir);

/** What the server does with requests for what a closed path holds, as the probe answers them. */
interface Asked {
  /** A request the server refuses because of this path: the error. */
  refused?: ProbeVerdict;
  /** A request answered otherwise, without the server itself opening the path (a fallback, an error page). */
  other?: ProbeVerdict;
  asks: number;
}

export default createRule({
  meta: {
    id: 'fs/unreadable-by-web-user',
    type: 'problem',
    docs: { description: 'Report served files the web user cannot read and directories it cannot search', recommended: 'recommended' },
    messages: {
      denied: '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so {{server}} answers {{status}} for {{url}} and logs {{log}}',
      notServed: '{{component}} is {{owner}}: {{user}} cannot {{need}} it, so {{server}} never serves it: for {{url}} it answers {{status}}{{instead}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    // One finding per blocking component: a directory nobody can search hides its whole subtree.
    const asked = new Map<string, Asked & { report: (verdict: ProbeVerdict, severity?: 'warn') => void }>();
    let access: WalkedAccess | undefined;
    /**
     * What the server answers for the entry's URL. The kernel's refusal is the error; a request
     * the server hands to a back end that gets the closed path (PHP-FPM runs as its pool user,
     * not as the web user) is not the web user's to read; anything else (a fallback, an error
     * page) means the content is never served.
     */
    const ask = (server: ServerSummary, tree: ServedTree, url: string, denied: string, state: Asked): ProbeVerdict | undefined => {
      const verdict = context.probe?.on(server, url, { host: tree.host });
      state.asks++;
      if (verdict === undefined) return undefined;
      if (verdict.status >= 400 && KERNEL_CAUSES[server.dialect].has(verdict.cause ?? '') && verdict.path !== undefined && within(verdict.path, denied)) {
        state.refused = verdict;
        return verdict;
      }
      if (!(verdict.status < 400 && verdict.path !== undefined && within(verdict.path, denied))) state.other ??= verdict;
      return undefined;
    };
    // The walk hands over one tree's entries in a row.
    let lastTree: string | undefined;
    let lastRoot = '';
    return {
      fsEntry({ entry, tree, server }) {
        const who = context.principal;
        if (tree.fsPath !== lastTree) {
          lastTree = tree.fsPath;
          lastRoot = tree.fsPath.replace(/(.)\/+$/, '$1');
        }
        const root = lastRoot;
        // The tree's own directory and its parents are the serving directive's problem
        // (nginx/root-unreachable, server/root-forbidden); this rule looks inside the tree. A tree
        // that is one file (`location = /robots.txt` under the server's root) is its own content.
        const ownFile = entry.path === root && entry.stat.type === 'file';
        if (who === undefined || !(ownFile || isBelow(entry.path, root)) || entry.stat.type === 'symlink') return;
        if (entry.stat.type !== 'file' && entry.stat.type !== 'dir') return;
        access ??= new WalkedAccess(context.fs, who, context.users);
        const denial = access.refusal(entry.path, entry.stat, entry.stat.type === 'dir' ? 'search' : 'read');
        if (denial === undefined || !isPermissionDenial(denial) || !(ownFile ? denial.path === root : isBelow(denial.path, root))) return;
        let state = asked.get(denial.path);
        if (state === undefined) {
          const { data, suggest } = denialReport(denial, who, context.users);
          const need = denial.need === 'search' ? 'search' : 'read';
          const fallbackUrl = urlOfPath(tree, denial.path) ?? denial.path;
          const report = (verdict: ProbeVerdict | undefined, severity?: 'warn'): void => {
            // A tree served for one host names it: the path alone would be any host's.
            const url = verdict === undefined ? fallbackUrl : tree.host === undefined ? verdict.request.path : verdict.url;
            const common = { ...data, server: describeServer(server), url, status: verdict?.status ?? 403 };
            context.report({
              path: denial.path,
              node: tree.directive,
              ...(verdict === undefined || verdict.status < 400 || !KERNEL_CAUSES[server.dialect].has(verdict.cause ?? '')
                ? { messageId: 'notServed' as const, data: { ...common, instead: verdict?.path === undefined ? '' : ` from ${verdict.path}` } }
                : { messageId: 'denied' as const, data: { ...common, log: LOG_LINE[server.dialect][need] } }),
              ...(verdict === undefined ? {} : { claim: claimOf(verdict) }),
              ...(severity === undefined ? {} : { severity }),
              suggest,
            });
          };
          state = { asks: 0, report };
          asked.set(denial.path, state);
          // Without a probe (a configuration the simulator cannot model) the kernel's refusal is all there is to say.
          if (context.probe === undefined) {
            state.asks = ASKS_PER_PATH;
            report(undefined);
            return;
          }
        }
        if (state.refused !== undefined || state.asks >= ASKS_PER_PATH) return;
        const entryUrl = urlOfPath(tree, entry.path);
        if (entryUrl === undefined) return;
        const refused = ask(server, tree, entry.stat.type === 'dir' ? entryUrl.replace(/\/?$/, '/') : entryUrl, denial.path, state);
        if (refused !== undefined) state.report(refused, refused.uncertain?.length ? 'warn' : undefined);
      },
      finish() {
        // Closed paths the server never refused: content it does not serve, a warning; or only a back end reads them, nothing to say.
        for (const state of asked.values()) if (state.refused === undefined && state.other !== undefined) state.report(state.other, 'warn');
      },
    };
  },
});
