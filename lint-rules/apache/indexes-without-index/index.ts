import { createRule } from '../../../src/engine/rule.js';
import type { SourceLocation } from '../../../src/parse/ast.js';
import type { ApacheModel, ApacheServer } from '../../../src/model/apache/index.js';
import type { ServerSummary } from '../../../src/model/types.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { claimOf } from '../../../src/probe/probe.js';
import { directoryConfig } from '../../../src/simulate/apache/index.js';
import { isApacheServer, servedBy, treeDir, urlOf } from '../served-tree.js';
import { onceEach } from '../report-text.js';

/**
 * A served directory with no file from the DirectoryIndex list, where the Options in force lack
 * Indexes: mod_dir finds nothing to serve and mod_autoindex may not list it, so httpd answers
 * 403 with AH01276. The engine's probe asks each DocumentRoot, `<Directory>` and `.htaccess`
 * scope (a DirectoryIndex set at server or `<VirtualHost>` level, Debian's dir.conf, counts as
 * httpd counts it); with `subdirectories`, every directory the walk finds too.
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
    const isOptionsLine = (loc: SourceLocation): boolean => {
      const text = context.getSourceFile(loc.file)?.text ?? (context.fs.readFile(loc.file).ok ? String((context.fs.readFile(loc.file) as { value: Buffer | string }).value) : '');
      return /^options\b/i.test(text.split('\n')[loc.line - 1]?.slice(loc.column - 1) ?? '');
    };
    const report = (model: ApacheModel, server: ApacheServer, url: string, verdict: ProbeVerdict): void => {
      const path = verdict.path?.replace(/(.)\/+$/, '$1');
      // Without mod_autoindex nothing logs AH01276: the directory is left to the default handler.
      if (verdict.cause !== 'AH01276' || path === undefined || verdict.decidedBy === undefined || !model.loadedModules.has('autoindex_module')) return;
      const tree = server.trees.filter((t) => path === treeDir(t) || path.startsWith(`${treeDir(t)}/`)).sort((a, b) => b.fsPath.length - a.fsPath.length)[0];
      if (tree === undefined || (tree.directive.lowerName === 'alias' && !context.options.aliases)) return;
      const decidedBy = verdict.decidedBy;
      if (!firstTime(`${path}\0${decidedBy.file}:${decidedBy.line}`)) return;
      const { names } = directoryConfig(model, server, path, context, { url }).directoryIndex;
      const data = { path, names: names.join(' ') || 'disabled', url, servedBy: servedBy(tree.directive) };
      const related = [{ message: `${servedBy(tree.directive)} serves ${treeDir(tree)} at ${tree.urlPrefix ?? '/'}`, loc: tree.directive.loc }];
      const severity = verdict.uncertain?.length ? { severity: 'warn' as const } : {};
      context.report({ loc: decidedBy, path, messageId: isOptionsLine(decidedBy) ? 'indexesRemoved' : 'indexesNeverEnabled', data, related, claim: claimOf(verdict), ...severity });
    };
    const apacheOf = (server: ServerSummary): { model: ApacheModel; server: ApacheServer } | undefined => {
      const probe = context.probe;
      return probe?.model.dialect === 'apache' && isApacheServer(server) ? { model: probe.model.model, server } : undefined;
    };
    return {
      fsEntry({ entry, tree, server }) {
        const apache = apacheOf(server);
        if (!context.options.subdirectories || !apache || entry.depth === 0 || entry.stat.type !== 'dir') return;
        const url = urlOf(tree, entry.path, true);
        const verdict = context.probe?.on(server, url);
        if (verdict) report(apache.model, apache.server, url, verdict);
      },
      finish() {
        const probe = context.probe;
        if (probe?.model.dialect !== 'apache' || !context.settings.fsEnabled) return;
        for (const server of probe.model.model.servers) {
          for (const { question, verdict } of probe.refusals(server)) report(probe.model.model, server, question.path, verdict);
        }
      },
    };
  },
});
