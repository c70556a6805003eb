import * as posixPath from 'node:path/posix';
import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { SourceLocation } from '../../../src/parse/ast.js';
import type { ServerSummary } from '../../../src/model/types.js';
import { OUTSIDER } from '../../../src/probe/clients.js';
import { urlOfPath } from '../../../src/probe/served-url.js';
import type { ProbeVerdict } from '../../../src/probe/types.js';
import { sensitiveKindOf } from '../../exposure/sensitive-files/sensitive-names.js';
import { listed } from '../../shared/refusals.js';
import { describeServer } from '../../shared/server-label.js';
import { entryName } from '../../shared/entry-name.js';

/**
 * Whether the answer is a generated listing: nginx's autoindex or mod_autoindex produced it
 * (the simulator's last step), not an index file.
 */
function listingBy(verdict: ProbeVerdict): SourceLocation | undefined {
  const last = verdict.trace.at(-1);
  if (verdict.status !== 200 || last === undefined || (last.step !== 'autoindex' && last.step !== 'directory-index')) return undefined;
  return last.loc;
}

interface Listed {
  decidedBy: SourceLocation;
  server: ServerSummary;
  urls: string[];
  /** Names in the listed directories that exposure/sensitive-files knows. */
  sensitive: string[];
}

export default createRule({
  meta: {
    id: 'server/directory-listing',
    type: 'security',
    docs: { description: 'Report directories a server lists to every client (autoindex, Options Indexes), as an error where a listing shows sensitive names', recommended: 'recommended' },
    messages: {
      listing: '{{server}} lists the contents of {{urls}} to any client (e.g. {{outsider}}) because of this line',
      sensitive: '{{server}} lists the contents of {{urls}} to any client (e.g. {{outsider}}) because of this line, and the listing shows {{names}}',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    const probe = context.probe;
    // Directories seen under each server's trees, and the sensitive names each one holds.
    const directories = new Map<ServerSummary, Map<string, { url: string; host?: string }>>();
    const sensitiveIn = new Map<string, string[]>();
    return {
      fsEntry({ entry, tree, server }) {
        if (!probe) return;
        if (entry.stat.type === 'dir') {
          const url = urlOfPath(tree, entry.path);
          if (url === undefined) return;
          const seen = directories.get(server) ?? new Map<string, { url: string; host?: string }>();
          // A tree served for one host is listed under that Host.
          seen.set(entry.path, { url: url.endsWith('/') ? url : `${url}/`, host: tree.host });
          directories.set(server, seen);
        }
        const name = entryName(entry);
        if (sensitiveKindOf(name) !== undefined) {
          const parent = posixPath.dirname(entry.path);
          sensitiveIn.set(parent, [...(sensitiveIn.get(parent) ?? []), name]);
        }
      },
      finish() {
        if (!probe) return;
        const found = new Map<string, Listed>();
        for (const [server, seen] of directories) {
          for (const [path, { url, host }] of seen) {
            const verdict = probe.on(server, url, { clientIp: OUTSIDER, host });
            const decidedBy = verdict && listingBy(verdict);
            if (decidedBy === undefined) continue;
            const key = `${decidedBy.file}:${decidedBy.line}:${decidedBy.column}`;
            const entry = found.get(key) ?? { decidedBy, server, urls: [], sensitive: [] };
            entry.urls.push(url);
            entry.sensitive.push(...(sensitiveIn.get(path) ?? []).map((name) => url + name));
            found.set(key, entry);
          }
        }
        for (const { decidedBy, server, urls, sensitive } of found.values()) {
          const data = { server: describeServer(server), urls: listed(urls), outsider: OUTSIDER };
          // A listing of public downloads can be the point; one that shows keys, dumps or .env files is not.
          if (sensitive.length > 0) context.report({ loc: decidedBy, messageId: 'sensitive', data: { ...data, names: listed(sensitive) } });
          else context.report({ loc: decidedBy, messageId: 'listing', data, severity: 'warn' });
        }
      },
    };
  },
});
