import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import { describeOwner } from '../../../src/fs/users.js';
import { shellQuote } from '../../../src/fs/remedy.js';
import { describeServer } from '../../shared/server-label.js';
import { urlOfPath } from '../../shared/served-url.js';

const OTHER_WRITE = 0o002;
const STICKY = 0o1000;

export default createRule({
  meta: {
    id: 'fs/world-writable',
    type: 'security',
    docs: { description: 'Report served files and directories that every local account may modify', recommended: 'recommended' },
    messages: {
      writable: '{{path}} is {{owner}}: any account on the server can change it, and {{server}} serves it as {{url}}',
      stickyDirectory:
        '{{path}} is {{owner}}: any account on the server can add files to it (the sticky bit only protects other owners\' files), and {{server}} serves them under {{url}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
    hasSuggestions: true,
  },
  defaultOptions: {},
  create(context) {
    return {
      fsEntry({ entry, tree, server }) {
        const { stat } = entry;
        // A symlink's own mode is always 0777 and means nothing: its target is checked where it lives.
        if (stat.type === 'symlink' || (stat.mode & OTHER_WRITE) === 0) return;
        const sticky = stat.type === 'dir' && (stat.mode & STICKY) !== 0;
        context.report({
          path: entry.path,
          node: tree.directive,
          messageId: sticky ? 'stickyDirectory' : 'writable',
          data: { path: entry.path, owner: describeOwner(stat, context.users), server: describeServer(server), url: urlOfPath(tree, entry.path) ?? entry.path },
          suggest: [{ desc: `remove write permission for other accounts from ${entry.path}`, command: `chmod o-w ${shellQuote(entry.path)}` }],
        });
      },
    };
  },
});
