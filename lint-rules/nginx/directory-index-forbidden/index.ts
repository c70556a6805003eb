import { createRule } from '../../../src/engine/rule.js';
import type { NginxModel, NginxServer } from '../../../src/model/nginx/index.js';
import type { ServerSummary } from '../../../src/model/types.js';
import { matchLocation } from '../../../src/simulate/nginx/index.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations, nginxServerOf, requestTo, simulatorFor } from '../nginx-server.js';
import { createSeenPaths } from '../seen-paths.js';
import { urlOfPath } from '../../shared/served-url.js';

/**
 * The directory URLs a root or a location maps to: `/` and every prefix location's own URL.
 * The engine hands an entry to one tree per server, so the URL is read from the server's
 * locations, not from the tree the entry came with.
 */
function mappedDirectoryUrls(server: NginxServer): Set<string> {
  const prefixes = [...allLocations(server.locations)]
    .filter((l) => l.modifier === 'prefix' || l.modifier === 'prefix-noregex' || l.modifier === 'exact')
    .map((l) => l.pattern.replace(/\/?$/, '/'));
  return new Set(['/', ...prefixes]);
}

export default createRule({
  meta: {
    id: 'nginx/directory-index-forbidden',
    type: 'problem',
    docs: { description: 'Report a served directory with no index file while autoindex is off', recommended: 'recommended' },
    messages: {
      noIndex:
        '{{url}} on {{server}} is the directory {{path}}, which holds none of the index files ({{index}}), and autoindex is off: nginx answers 403 and logs "directory index of "{{path}}/" is forbidden"',
    },
    schema: {
      type: 'object',
      properties: { subdirectories: { type: 'boolean', description: 'Check every directory under a served tree, not only the ones a root or location maps to.' } },
      additionalProperties: false,
    },
    defaultSeverity: 'error',
  },
  defaultOptions: { subdirectories: false },
  create(context) {
    // fsEntry events carry the server but not its model: remember it from the server events before.
    const models = new Map<ServerSummary, NginxModel>();
    const firstTime = createSeenPaths();
    return {
      server(event) {
        const target = nginxServerOf(event);
        if (target) models.set(event.server, target.model);
      },
      fsEntry({ entry, tree, server }) {
        const model = models.get(server);
        const target = model && nginxServerOf({ server, model });
        if (target === undefined || entry.stat.type !== 'dir') return;
        const url = urlOfPath(tree, entry.path)?.replace(/\/?$/, '/');
        if (url === undefined) return;
        if (!context.options.subdirectories && !mappedDirectoryUrls(target.server).has(url)) return;
        const request = requestTo(target.model, target.server, url);
        if (request === undefined) return;
        const verdict = simulatorFor(context, target.model).explain(request);
        if (verdict.cause !== 'directory-index-forbidden' || verdict.path?.replace(/\/+$/, '') !== entry.path || !firstTime(server, entry.path)) return;
        const settings = matchLocation(target.server.locations, url).location?.settings ?? target.server.settings;
        context.report({
          node: tree.directive,
          path: entry.path,
          messageId: 'noIndex',
          data: { url, server: describeServer(server), path: entry.path, index: settings.index.files.join(' ') },
        });
      },
    };
  },
});
