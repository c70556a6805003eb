import picomatch from 'picomatch';
import { createRule } from '../../../src/engine/rule.js';
import { permits } from '../../../src/fs/access.js';
import { chmodRevoke, shellQuote } from '../../../src/fs/remedy.js';
import { describeOwner } from '../../../src/fs/users.js';
import { describeServer } from '../../shared/server-label.js';
import { urlOfPath } from '../../shared/served-url.js';

interface Options {
  /** Globs of server paths the web user is meant to write (upload and cache directories). */
  allow: string[];
  /** Directories below a served tree that applications write by design, by their trailing path segments. */
  applicationDirs: string[];
}

/**
 * Where web applications write by design (WordPress, Drupal, Laravel, Symfony, PHP sessions):
 * the web user must be able to write there, so saying so on every deployment is noise.
 */
const APPLICATION_DIRS = ['uploads', 'upload', 'cache', 'storage', 'tmp', 'temp', 'var', 'sessions', 'wp-content/uploads', 'wp-content/cache', 'bootstrap/cache', 'sites/default/files'];

/** Whether `path`, below the tree's directory `root`, lies in one of `dirs` (matched on whole segments). */
function inApplicationDir(path: string, root: string, dirs: readonly string[]): boolean {
  const below = path.slice(root === '/' ? 1 : root.length + 1);
  if (below === '' || below === path) return false;
  const segments = below.split('/');
  for (let end = 1; end <= segments.length; end++) {
    const head = `/${segments.slice(0, end).join('/')}`;
    if (dirs.some((dir) => head.endsWith(`/${dir}`))) return true;
  }
  return false;
}

export default createRule<Options, 'ownedByWebUser' | 'writableByWebUser'>({
  meta: {
    id: 'fs/web-user-writable',
    type: 'security',
    docs: { description: 'Report served content the web user owns or can write, so the server could rewrite what it serves', recommended: 'recommended' },
    messages: {
      ownedByWebUser: '{{path}} is {{owner}}: owned by the web user {{user}}, so anything that runs as {{server}} (a PHP script, a CGI) can rewrite what it serves as {{url}}',
      writableByWebUser: '{{path}} is {{owner}}: {{user}} can write it, so anything that runs as {{server}} (a PHP script, a CGI) can rewrite what it serves as {{url}}',
    },
    schema: {
      type: 'object',
      properties: {
        allow: { type: 'array', items: { type: 'string' }, description: 'server-path globs the web user may write, e.g. /var/www/*/uploads/**' },
        applicationDirs: { type: 'array', items: { type: 'string' }, description: 'directories below a served tree that applications write, by trailing segments (uploads, wp-content/uploads)' },
      },
      additionalProperties: false,
    },
    defaultSeverity: 'warn',
    hasSuggestions: true,
  },
  defaultOptions: { allow: [], applicationDirs: APPLICATION_DIRS },
  create(context) {
    const allowed = picomatch(context.options.allow.length > 0 ? context.options.allow : ['\0'], { dot: true });
    // A directory the web user can write lets it replace everything in it: report the top one only.
    const writableDirs: string[] = [];
    return {
      fsEntry({ entry, tree, server }) {
        const who = context.principal;
        const { stat } = entry;
        // Most entries are not writable: the cheap test first.
        if (who === undefined || stat.type === 'symlink' || !permits(stat, who, 'write') || allowed(entry.path)) return;
        if (inApplicationDir(entry.path, tree.fsPath.replace(/(.)\/+$/, '$1'), context.options.applicationDirs)) return;
        if (writableDirs.some((dir) => entry.path.startsWith(`${dir}/`))) return;
        const owned = stat.uid === who.uid;
        if (stat.type === 'dir') writableDirs.push(entry.path);
        context.report({
          path: entry.path,
          node: tree.directive,
          messageId: owned ? 'ownedByWebUser' : 'writableByWebUser',
          data: { path: entry.path, owner: describeOwner(stat, context.users), user: who.name, server: describeServer(server), url: urlOfPath(tree, entry.path) ?? entry.path },
          suggest: [
            owned
              ? { desc: `give ${entry.path} to the deploying account`, command: `chown root:root ${shellQuote(entry.path)} && chmod go-w ${shellQuote(entry.path)}` }
              : { desc: `take write permission from ${who.name}`, command: chmodRevoke(entry.path, stat, who, 'write') },
          ],
        });
      },
    };
  },
});
