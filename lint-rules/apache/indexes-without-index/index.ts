import { createRule } from '../../../src/engine/rule.js';
import type { SourceLocation } from '../../../src/parse/ast.js';
import type { ApacheModel, ApacheServer } from '../../../src/model/apache/index.js';
import type { ServedTree, ServerSummary } from '../../../src/model/types.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { claimOf, OUTSIDER } from '../../../src/probe/probe.js';
import { directoryConfig } from '../../../src/simulate/apache/index.js';
import { isApacheServer, servedBy, treeDir, urlOf } from '../served-tree.js';
import { listed, onceEach } from '../report-text.js';
import { isHiddenBelowRoot } from '../../shared/hidden-url.js';

/**
 * A served directory with no file from the DirectoryIndex list, where the Options in force lack
 * Indexes: mod_dir finds nothing to serve and mod_autoindex may not list it, so httpd answers
 * 403 with AH01276. The engine's probe asks each DocumentRoot, `<Directory>` and `.htaccess`
 * scope (a DirectoryIndex set at server or `<VirtualHost>` level, Debian's dir.conf, counts as
 * httpd counts it): an error, the configuration means to serve those URLs. The other directories
 * the walk finds below a served root are asked once each and rolled up into one warning per
 * deciding line; with `subdirectories`, each is an error of its own.
 */
export default createRule({
  meta: {
    id: 'apache/indexes-without-index',
    type: 'problem',
    docs: {
      description: 'A served directory holds no DirectoryIndex file and Options does not enable Indexes',
      recommended: 'recommended',
    },
    messages: {
      indexesRemoved:
        '{{path}} holds none of the DirectoryIndex files ({{names}}) and these Options leave out Indexes: httpd answers 403 for {{url}} and logs AH01276 "Cannot serve directory {{path}}/: No matching DirectoryIndex ({{names}}) found, and server-generated directory index forbidden by Options directive"',
      indexesNeverEnabled:
        '{{path}}, served at {{url}} by {{servedBy}}, holds none of the DirectoryIndex files ({{names}}) and no Options line enables Indexes for it: httpd answers 403 for {{url}} and logs AH01276 "Cannot serve directory {{path}}/: No matching DirectoryIndex ({{names}}) found, and server-generated directory index forbidden by Options directive"',
      indexesBelow:
        '{{count}} {{directories}} below {{root}} {{hold}} none of the DirectoryIndex files ({{names}}) and the Options in force leave out Indexes: httpd answers 403 for {{urls}} and logs AH01276 "Cannot serve directory ...: No matching DirectoryIndex ({{names}}) found, and server-generated directory index forbidden by Options directive"',
    },
    schema: {
      type: 'object',
      properties: {
        aliases: { type: 'boolean', description: 'Check the target of each Alias too, not only each DocumentRoot.' },
        subdirectories: { type: 'boolean', description: 'Check every directory under a served tree, not only its top.' },
      },
      additionalProperties: false,
    },
    // The config serves the directory and httpd refuses it: an error, as the severity policy puts it.
    defaultSeverity: 'error',
  },
  // An Alias often serves assets nobody lists (Debian's /icons/): only the site's own trees by default.
  defaultOptions: { aliases: false, subdirectories: false },
  create(context) {
    const firstTime = onceEach();
    // Paths already reported, and the directories the walk finds below each server's roots.
    const reported = new Set<string>();
    const below = new Map<ApacheServer, Map<string, string>>();
    const isOptionsLine = (loc: SourceLocation): boolean => {
      const text = context.getSourceFile(loc.file)?.text ?? (context.fs.readFile(loc.file).ok ? String((context.fs.readFile(loc.file) as { value: Buffer | string }).value) : '');
      return /^options\b/i.test(text.split('\n')[loc.line - 1]?.slice(loc.column - 1) ?? '');
    };
    /** What a refused directory is about, when it is this rule's: AH01276 in a tree the options cover. */
    const judge = (model: ApacheModel, server: ApacheServer, verdict: ProbeVerdict): { path: string; decidedBy: SourceLocation; tree: ServedTree } | undefined => {
      const path = verdict.path?.replace(/(.)\/+$/, '$1');
      // Without mod_autoindex nothing logs AH01276: the directory is left to the default handler.
      if (verdict.cause !== 'AH01276' || path === undefined || verdict.decidedBy === undefined || !model.loadedModules.has('autoindex_module')) return undefined;
      const tree = server.trees.filter((t) => path === treeDir(t) || path.startsWith(`${treeDir(t)}/`)).sort((a, b) => b.fsPath.length - a.fsPath.length)[0];
      if (tree === undefined || (tree.directive.lowerName === 'alias' && !context.options.aliases)) return undefined;
      return { path, decidedBy: verdict.decidedBy, tree };
    };
    const namesOf = (model: ApacheModel, server: ApacheServer, path: string, url: string): string => directoryConfig(model, server, path, context, { url }).directoryIndex.names.join(' ') || 'disabled';
    const report = (model: ApacheModel, server: ApacheServer, url: string, verdict: ProbeVerdict): void => {
      const judged = judge(model, server, verdict);
      if (judged === undefined) return;
      const { path, decidedBy, tree } = judged;
      reported.add(path);
      if (!firstTime(`${path}\0${decidedBy.file}:${decidedBy.line}`)) return;
      const data = { path, names: namesOf(model, server, path, url), url, servedBy: servedBy(tree.directive) };
      const related = [{ message: `${servedBy(tree.directive)} serves ${treeDir(tree)} at ${tree.urlPrefix ?? '/'}`, loc: tree.directive.loc }];
      const severity = verdict.uncertain?.length ? { severity: 'warn' as const } : {};
      context.report({ loc: decidedBy, path, messageId: isOptionsLine(decidedBy) ? 'indexesRemoved' : 'indexesNeverEnabled', data, related, claim: claimOf(verdict), ...severity });
    };
    /**
     * The directories below each served root that answer 403 for want of an index, one warning
     * per deciding line. Asked as the outsider, the request server/directory-listing asks too:
     * one simulation per directory.
     */
    const reportBelow = (model: ApacheModel): void => {
      const groups = new Map<string, { decidedBy: SourceLocation; server: ApacheServer; tree: ServedTree; path: string; urls: string[]; verdict: ProbeVerdict }>();
      for (const [server, directories] of below) {
        for (const [dir, url] of directories) {
          if (reported.has(dir)) continue;
          const verdict = context.probe?.on(server, url, { clientIp: OUTSIDER });
          const judged = verdict && judge(model, server, verdict);
          if (verdict === undefined || judged === undefined || reported.has(judged.path)) continue;
          const key = `${judged.decidedBy.file}:${judged.decidedBy.line}:${judged.decidedBy.column}`;
          const group = groups.get(key) ?? { ...judged, server, urls: [], verdict };
          group.urls.push(url);
          groups.set(key, group);
        }
      }
      for (const { decidedBy, server, tree, path, urls, verdict } of groups.values()) {
        const count = urls.length;
        const data = { count, directories: count === 1 ? 'directory' : 'directories', hold: count === 1 ? 'holds' : 'hold', root: treeDir(tree), names: namesOf(model, server, path, urls[0] as string), urls: listed(urls) };
        const related = [{ message: `${servedBy(tree.directive)} serves ${treeDir(tree)} at ${tree.urlPrefix ?? '/'}`, loc: tree.directive.loc }];
        // A directory nobody requests by its own URL: browsing it is refused, not its content.
        context.report({ loc: decidedBy, messageId: 'indexesBelow', data, related, claim: claimOf(verdict), severity: 'warn' });
      }
    };
    const apacheOf = (server: ServerSummary): { model: ApacheModel; server: ApacheServer } | undefined => {
      const probe = context.probe;
      return probe?.model.dialect === 'apache' && isApacheServer(server) ? { model: probe.model.model, server } : undefined;
    };
    return {
      fsEntry({ entry, tree, server }) {
        const apache = apacheOf(server);
        if (!apache || entry.depth === 0 || entry.stat.type !== 'dir') return;
        const url = urlOf(tree, entry.path, true);
        if (!context.options.subdirectories) {
          if (!isHiddenBelowRoot(url)) below.set(apache.server, (below.get(apache.server) ?? new Map<string, string>()).set(entry.path, url));
          return;
        }
        const verdict = context.probe?.on(server, url);
        if (verdict) report(apache.model, apache.server, url, verdict);
      },
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'apache' || !context.settings.fsEnabled) return;
        for (const server of probe.model.model.servers) {
          for (const { question, verdict } of probe.refusals(server)) report(probe.model.model, server, question.path, verdict);
        }
        reportBelow(probe.model.model);
      },
    };
  },
});
