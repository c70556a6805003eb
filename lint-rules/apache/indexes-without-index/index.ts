import { createRule } from '../../../src/engine/rule.js';
import type { FsView } from '../../../src/fs/types.js';
import type { ServedTree } from '../../../src/model/types.js';
import type { ApacheModel, ApacheServer } from '../../../src/model/apache/index.js';
import { admitsAnyClient, directoryConfig } from '../../../src/simulate/apache/index.js';
import { apacheServerOf, eachApacheEntry, servedBy, treeDir, urlOf } from '../served-tree.js';
import { onceEach, where } from '../report-text.js';

/**
 * A served tree's top directory (with `subdirectories`, every directory under it too) with no
 * file from the DirectoryIndex list, where the Options in force lack Indexes: mod_dir finds
 * nothing to serve and mod_autoindex may not list it, so httpd answers 403 with AH01276.
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
        '{{path}}, served at {{url}} by this {{servedBy}}, holds none of the DirectoryIndex files ({{names}}) and no Options line enables Indexes for it: httpd answers 403 for {{url}} and logs AH01276 "Cannot serve directory {{path}}/: No matching DirectoryIndex ({{names}}) found, and server-generated directory index forbidden by Options directive"',
    },
    schema: {
      type: 'object',
      properties: {
        aliases: { type: 'boolean', description: 'Check the target of each Alias too, not only each DocumentRoot.' },
        subdirectories: { type: 'boolean', description: 'Check every directory under a served tree, not only its top.' },
      },
      additionalProperties: false,
    },
    defaultSeverity: 'error',
  },
  // An Alias often serves assets nobody lists (Debian's /icons/): only the site's front page by default.
  defaultOptions: { aliases: false, subdirectories: false },
  create(context) {
    const firstTime = onceEach();
    // Without mod_autoindex nothing logs AH01276: the directory is left to the default handler.
    const inScope = (model: ApacheModel, tree: ServedTree): boolean =>
      model.loadedModules.has('autoindex_module') && (tree.directive.lowerName !== 'alias' || context.options.aliases);
    /** One directory a request maps to: reported when httpd would answer its URL with AH01276. */
    const check = (apache: { model: ApacheModel; server: ApacheServer }, tree: ServedTree, path: string, url: string): void => {
      const config = directoryConfig(apache.model, apache.server, path, context, { url });
      if (config.options.effective.has('Indexes')) return;
      const { names, source } = config.directoryIndex;
      if (hasIndexFile(context.fs, path, names)) return;
      // Below the top, a directory closed to every client answers AH01630 before mod_dir runs.
      if (path !== treeDir(tree) && !admitsAnyClient(config, url)) return;
      const options = config.optionsSource;
      if (!firstTime(`${path}\0${options ? where(options) : where(tree.directive)}`)) return;
      const data = { path, names: names.join(' ') || 'disabled', url, servedBy: servedBy(tree.directive) };
      const related = [
        { message: `${servedBy(tree.directive)} serves ${path} at ${url}`, loc: tree.directive.loc },
        ...(source ? [{ message: `DirectoryIndex in force for ${path}`, loc: source.loc }] : []),
      ];
      if (options) context.report({ node: options, messageId: 'indexesRemoved', data, related });
      else context.report({ node: tree.directive, messageId: 'indexesNeverEnabled', data, related });
    };
    const subdirectories = eachApacheEntry(
      ({ entry, tree }, apache) => {
        if (inScope(apache.model, tree)) check(apache, tree, entry.path, urlOf(tree, entry.path, true));
      },
      ({ entry }) => context.options.subdirectories && entry.depth > 0 && entry.stat.type === 'dir',
    );
    return {
      server(event) {
        subdirectories.server(event);
        const apache = apacheServerOf(event);
        if (!apache) return;
        for (const tree of apache.server.trees) {
          const path = treeDir(tree);
          const dir = context.fs.stat(path);
          if (inScope(apache.model, tree) && dir.ok && dir.value.type === 'dir') check(apache, tree, path, tree.urlPrefix ?? '/');
        }
      },
      fsEntry: subdirectories.fsEntry,
    };
  },
});

/**
 * mod_dir tries each name as a subrequest relative to the directory; a name that is a URL
 * (`/index.php`) may be answered by anything, so it counts as found.
 */
function hasIndexFile(fs: FsView, dir: string, names: readonly string[]): boolean {
  return names.some((name) => {
    if (name.startsWith('/')) return true;
    const entry = fs.stat(`${dir}/${name}`);
    return entry.ok && entry.value.type === 'file';
  });
}
