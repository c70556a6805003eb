import type { ServerEvent } from '../../src/engine/events.js';
import type { RuleContext } from '../../src/engine/rule.js';
import type { NginxLocation, NginxModel, NginxServer } from '../../src/model/nginx/index.js';
import { createNginxSimulator, selectServer } from '../../src/simulate/nginx/index.js';
import type { HttpRequest, Simulator } from '../../src/simulate/types.js';

/** The nginx model behind a `server` event; Apache events have none. */
export function nginxServerOf(event: Pick<ServerEvent, 'server' | 'model'>): { server: NginxServer; model: NginxModel } | undefined {
  if (event.server.dialect !== 'nginx') return undefined;
  // The engine builds nginx targets with buildNginxModel, whose servers are NginxServers.
  return { server: event.server as NginxServer, model: event.model as NginxModel };
}

/** Every location below `locations` (the server keeps named ones apart), parents before their nested ones. */
export function* allLocations(locations: readonly NginxLocation[]): Generator<NginxLocation> {
  // An explicit stack: a `yield*` per level would pass each location up through every level above it.
  const stack: { list: readonly NginxLocation[]; next: number }[] = [{ list: locations, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const location = top.list[top.next++];
    if (location === undefined) {
      stack.pop();
      continue;
    }
    yield location;
    if (location.locations.length > 0) stack.push({ list: location.locations, next: 0 });
  }
}

/** `location /` or `location ^~ /`: the prefix every URI matches, so it stands for the whole site. */
export function isSiteRoot(location: NginxLocation): boolean {
  return (location.modifier === 'prefix' || location.modifier === 'prefix-noregex') && location.pattern === '/';
}

/**
 * A GET for `path` that nginx routes to `server`: its first listen port, and a Host it answers
 * to by name (or its address, or any name when it is the port's default). Undefined when no
 * Host reaches it, e.g. a server shadowed by an earlier one with the same name.
 */
export function requestTo(model: NginxModel, server: NginxServer, path: string): HttpRequest | undefined {
  const listen = server.listen[0];
  if (listen === undefined) return undefined;
  const candidates = [...server.serverNames.flatMap((n) => hostMatching(n.pattern)), ...(listen.address === '*' ? [] : [listen.address]), 'forbidlint.invalid'];
  const host = candidates.find((h) => selectServer(model.servers, h, listen.port)?.server === server);
  if (host === undefined) return undefined;
  return { method: 'GET', scheme: 'http', host, port: listen.port, path, query: '', clientIp: '127.0.0.1' };
}

function hostMatching(pattern: NginxServer['serverNames'][number]['pattern']): string[] {
  switch (pattern.kind) {
    case 'exact':
      return pattern.name === '' ? [] : [pattern.name];
    case 'leading-wildcard':
      return [`www${pattern.suffix}`];
    case 'trailing-wildcard':
      return [`${pattern.prefix}com`];
    case 'regex':
      return [];
  }
}

/** The simulator rules ask "what would this request get", on the audited filesystem and web user. */
export function simulatorFor(context: RuleContext<object, string>, model: NginxModel): Simulator {
  const webUser = context.settings.webUser;
  return createNginxSimulator(model, { fs: context.fs, users: context.users, ...(webUser ? { webUser } : {}) });
}
