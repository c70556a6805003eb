import type { ServerEvent } from '../../src/engine/events.js';
import type { NginxLocation, NginxModel, NginxServer } from '../../src/model/nginx/index.js';

/** The nginx model behind a `server` event; Apache events have none. */
export function nginxServerOf(event: Pick<ServerEvent, 'server' | 'model'>): { server: NginxServer; model: NginxModel } | undefined {
  if (event.server.dialect !== 'nginx') return undefined;
  // The engine builds nginx targets with buildNginxModel, whose servers are NginxServers.
  return { server: event.server as NginxServer, model: event.model as NginxModel };
}

/** Every location below `locations` (the server keeps named ones apart), parents before their nested ones. */
export function allLocations(locations: readonly NginxLocation[]): NginxLocation[] {
  // A list, not a generator: several rules ask it of every server on every lint. An explicit
  // stack, because a hostile config may nest locations thousands deep.
  const found: NginxLocation[] = [];
  const stack: { list: readonly NginxLocation[]; next: number }[] = [{ list: locations, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const location = top.list[top.next++];
    if (location === undefined) {
      stack.pop();
      continue;
    }
    found.push(location);
    if (location.locations.length > 0) stack.push({ list: location.locations, next: 0 });
  }
  return found;
}

/** `location /` or `location ^~ /`: the prefix every URI matches, so it stands for the whole site. */
export function isSiteRoot(location: NginxLocation): boolean {
  return (location.modifier === 'prefix' || location.modifier === 'prefix-noregex') && location.pattern === '/';
}
