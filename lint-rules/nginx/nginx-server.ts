import type { ServerEvent } from '../../src/engine/events.js';
import type { NginxLocation, NginxModel, NginxServer } from '../../src/model/nginx/index.js';

/** The nginx model behind a `server` event; Apache events have none. */
export function nginxServerOf(event: Pick<ServerEvent, 'server' | 'model'>): { server: NginxServer; model: NginxModel } | undefined {
  if (event.server.dialect !== 'nginx') return undefined;
  // The engine builds nginx targets with buildNginxModel, whose servers are NginxServers.
  return { server: event.server as NginxServer, model: event.model as NginxModel };
}

/** Every location below `locations` (the server keeps named ones apart), parents before their nested ones. */
export function* allLocations(locations: readonly NginxLocation[]): Generator<NginxLocation> {
  for (const location of locations) {
    yield location;
    yield* allLocations(location.locations);
  }
}

/** `location /` or `location ^~ /`: the prefix every URI matches, so it stands for the whole site. */
export function isSiteRoot(location: NginxLocation): boolean {
  return (location.modifier === 'prefix' || location.modifier === 'prefix-noregex') && location.pattern === '/';
}
