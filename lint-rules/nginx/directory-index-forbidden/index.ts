import { createRule } from '../../../src/engine/rule.js';
import type { NginxServer } from '../../../src/model/nginx/index.js';
import type { ServerSummary } from '../../../src/model/types.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { claimOf } from '../../../src/probe/probe.js';
import { matchLocation } from '../../../src/simulate/nginx/index.js';
import { urlOfPath } from '../../shared/served-url.js';
import { describeServer } from '../../shared/server-label.js';

/**
 * A URL that ends on a served directory with none of the index files while autoindex is off:
 * nginx answers 403 and logs "directory index of ... is forbidden". The engine's probe asks
 * every location (a `try_files ... $uri/` ending on such a directory included); with
 * `subdirectories`, every directory the walk finds too.
 */
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
    // The config serves the directory and nginx refuses it: an error, as the severity policy puts it.
    defaultSeverity: 'error',
  },
  defaultOptions: { subdirectories: false },
  create(context) {
    const reported = new Set<string>();
    const report = (server: ServerSummary, url: string, verdict: ProbeVerdict): void => {
      const path = verdict.path?.replace(/(.)\/+$/, '$1');
      if (verdict.cause !== 'directory-index-forbidden' || path === undefined || verdict.decidedBy === undefined || reported.has(path)) return;
      reported.add(path);
      const nginx = server as NginxServer;
      const settings = matchLocation(nginx.locations, url).location?.settings ?? nginx.settings;
      context.report({
        loc: verdict.decidedBy,
        path,
        messageId: 'noIndex',
        data: { url, server: describeServer(server), path, index: settings.index.files.join(' ') },
        claim: claimOf(verdict),
        ...(verdict.uncertain?.length ? { severity: 'warn' } : {}),
      });
    };
    return {
      fsEntry({ entry, tree, server }) {
        const probe = context.probe;
        if (!context.options.subdirectories || probe?.model.dialect !== 'nginx' || entry.stat.type !== 'dir') return;
        const url = urlOfPath(tree, entry.path)?.replace(/\/?$/, '/');
        const verdict = url === undefined ? undefined : probe.on(server, url);
        if (url !== undefined && verdict !== undefined) report(server, url, verdict);
      },
      finish() {
        const probe = context.probe;
        // Whether a directory holds an index file is the tree's to say: nothing to ask under --no-fs.
        if (probe?.model.dialect !== 'nginx' || !context.settings.fsEnabled) return;
        for (const server of probe.model.model.servers) {
          for (const { question, verdict } of probe.refusals(server)) report(server, question.path, verdict);
        }
      },
    };
  },
});
