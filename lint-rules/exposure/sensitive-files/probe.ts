import type { ServerEvent } from '../../../src/engine/events.js';
import type { RuleContext } from '../../../src/engine/rule.js';
import type { ApacheModel, ApacheServer } from '../../../src/model/apache/index.js';
import { createApacheSimulator } from '../../../src/simulate/apache/index.js';
import type { HttpRequest, Verdict } from '../../../src/simulate/types.js';
import { nginxServerOf, requestTo, simulatorFor } from '../../nginx/nginx-server.js';

/** What a GET for a URL path gets from one server, as its dialect's simulator predicts it. */
export type Probe = (path: string) => Verdict | undefined;

export function probeFor(context: RuleContext<object, string>, event: ServerEvent): Probe {
  const nginx = nginxServerOf(event);
  if (nginx) {
    const simulator = simulatorFor(context, nginx.model);
    return (path) => {
      const request = requestTo(nginx.model, nginx.server, path);
      return request && simulator.explain(request);
    };
  }
  // The engine builds Apache targets with buildApacheModel, whose servers are ApacheServers.
  const model = event.model as ApacheModel;
  const server = event.server as ApacheServer;
  const webUser = context.settings.webUser;
  const simulator = createApacheSimulator(model, { fs: context.fs, users: context.users, ...(webUser ? { webUser } : {}) });
  return (path) => {
    const verdict = simulator.explain(apacheRequest(model, server, path));
    return answeredBy(verdict, server) ? verdict : undefined;
  };
}

/**
 * Whether the simulator picked `server` itself: the main server is unreachable on a port a
 * `<VirtualHost *:80>` also serves, and must not be reported for what the vhost serves.
 */
function answeredBy(verdict: Verdict, server: ApacheServer): boolean {
  const selected = verdict.trace.find((step) => step.step === 'server-selected')?.loc;
  const block = server.block?.loc;
  return selected === undefined || block === undefined ? selected === block : selected.file === block.file && selected.line === block.line && selected.column === block.column;
}

/** A GET on the server's first address with its ServerName as Host; the main server gets localhost. */
function apacheRequest(model: ApacheModel, server: ApacheServer, path: string): HttpRequest {
  const address = server.addresses[0];
  const port = address?.port ?? model.listens[0]?.port ?? 80;
  const host = server.serverName ?? server.serverAliases[0] ?? (address !== undefined && address.ip !== '*' ? address.ip : 'localhost');
  return { method: 'GET', scheme: 'http', host, port, path, query: '', clientIp: '127.0.0.1' };
}
