import { createRule } from '../../../src/engine/rule.js';
import type { NginxServer } from '../../../src/model/nginx/index.js';
import type { ServerSummary } from '../../../src/model/types.js';
import type { SourceLocation } from '../../../src/parse/ast.js';
import type { ProbeVerdict, ServerProbe } from '../../../src/probe/types.js';
import { claimOf, OUTSIDER } from '../../../src/probe/probe.js';
import { listed } from '../../shared/refusals.js';
import { matchLocation } from '../../../src/simulate/nginx/index.js';
import { urlOfPath } from '../../shared/served-url.js';
import { describeServer } from '../../shared/server-label.js';
import { isHiddenBelowRoot } from '../../shared/hidden-url.js';

/** Directories below a served root that one line leaves without an index: one finding for them all. */
interface Unbrowsable {
  decidedBy: SourceLocation;
  server: ServerSummary;
  urls: string[];
  /** Each URL as the message names it: with its Host where the root is built from the host. */
  named: string[];
  verdict: ProbeVerdict;
}

/**
 * A URL that ends on a served directory with none of the index files while autoindex is off:
 * nginx answers 403 and logs "directory index of ... is forbidden". The engine's probe asks
 * every location (a `try_files ... $uri/` ending on such a directory included): an error, the
 * configuration means to serve that URL. The other directories the walk finds below a root are
 * asked once each and rolled up into one warning per deciding line; with `subdirectories`, each
 * is an error of its own.
 */
export default createRule({
  meta: {
    id: 'nginx/directory-index-forbidden',
    type: 'problem',
    docs: { description: 'Report a served directory with no index file while autoindex is off', recommended: 'recommended' },
    messages: {
      noIndex:
        '{{url}} on {{server}} is the directory {{path}}, which holds none of the index files ({{index}}), and autoindex is off: nginx answers 403 and logs "directory index of "{{path}}/" is forbidden"',
      noIndexBelow:
        '{{count}} {{directories}} below the tree this line serves on {{server}} {{hold}} none of the index files ({{index}}) and autoindex is off: nginx answers 403 for {{urls}} and logs "directory index of ... is forbidden"',
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
    // Directories the walk finds below each server's roots, each asked once in finish.
    const below = new Map<ServerSummary, Map<string, Below>>();
    const indexOf = (server: ServerSummary, url: string): string => {
      const nginx = server as NginxServer;
      return (matchLocation(nginx.locations, url).location?.settings ?? nginx.settings).index.files.join(' ');
    };
    const report = (server: ServerSummary, url: string, verdict: ProbeVerdict): void => {
      const path = verdict.path?.replace(/(.)\/+$/, '$1');
      if (verdict.cause !== 'directory-index-forbidden' || path === undefined || verdict.decidedBy === undefined || reported.has(path)) return;
      reported.add(path);
      context.report({
        loc: verdict.decidedBy,
        path,
        messageId: 'noIndex',
        data: { url, server: describeServer(server), path, index: indexOf(server, url) },
        claim: claimOf(verdict),
        ...(verdict.uncertain?.length ? { severity: 'warn' } : {}),
      });
    };
    return {
      fsEntry({ entry, tree, server }) {
        const probe = context.probe;
        if (probe?.model.dialect !== 'nginx' || entry.stat.type !== 'dir') return;
        const url = urlOfPath(tree, entry.path)?.replace(/\/?$/, '/');
        if (url === undefined) return;
        if (!context.options.subdirectories) {
          if (entry.depth > 0 && !isHiddenBelowRoot(url)) below.set(server, (below.get(server) ?? new Map<string, Below>()).set(entry.path, { url, host: tree.host }));
          return;
        }
        const verdict = probe.on(server, url, { host: tree.host });
        if (verdict !== undefined) report(server, url, verdict);
      },
      finish() {
        const probe = context.probe;
        // Whether a directory holds an index file is the tree's to say: nothing to ask under --no-fs.
        if (probe?.model.dialect !== 'nginx' || !context.settings.fsEnabled) return;
        for (const server of probe.model.model.servers) {
          for (const { question, verdict } of probe.refusals(server)) report(server, question.path, verdict);
        }
        for (const { decidedBy, server, urls, named, verdict } of unbrowsable(probe, below, reported)) {
          const data = { count: urls.length, directories: urls.length === 1 ? 'directory' : 'directories', hold: urls.length === 1 ? 'holds' : 'hold', server: describeServer(server), index: indexOf(server, urls[0] as string), urls: listed(named) };
          // A directory nobody requests by its own URL: browsing it is refused, not its content.
          context.report({ loc: decidedBy, messageId: 'noIndexBelow', data, claim: claimOf(verdict), severity: 'warn' });
        }
      },
    };
  },
});

/**
 * The directories below each root that answer 403 for want of an index, grouped by the line
 * that decided them, leaving out those already reported. Asked as the outsider, the request
 * server/directory-listing asks too: one simulation per directory.
 */
/** A directory the walk found below a root, its URL and the Host its tree is served for. */
interface Below {
  url: string;
  host?: string;
}

function unbrowsable(probe: ServerProbe, below: Map<ServerSummary, Map<string, Below>>, reported: ReadonlySet<string>): Unbrowsable[] {
  const groups = new Map<string, Unbrowsable>();
  for (const [server, directories] of below) {
    for (const [path, { url, host }] of directories) {
      if (reported.has(path)) continue;
      const verdict = probe.on(server, url, { clientIp: OUTSIDER, host });
      const decidedBy = verdict?.decidedBy;
      if (verdict?.cause !== 'directory-index-forbidden' || decidedBy === undefined) continue;
      const key = `${decidedBy.file}:${decidedBy.line}:${decidedBy.column}`;
      const group = groups.get(key) ?? { decidedBy, server, urls: [], named: [], verdict };
      group.urls.push(url);
      // `root /srv/www/$host;`: /docs/ of a.test and /docs/ of b.test are two directories.
      group.named.push(host === undefined ? url : `${host}${url}`);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}
