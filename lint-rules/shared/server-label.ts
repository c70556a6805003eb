import type { ServerSummary } from '../../src/model/types.js';

/** `server example.com (listen *:80)`: how messages name a server block or virtual host. */
export function describeServer(server: ServerSummary): string {
  const name = server.names.find((n) => n !== '' && n !== '_');
  const listens = server.listens.length > 0 ? server.listens.join(', ') : '*:80';
  return name === undefined ? `the server listening on ${listens}` : `server ${name} (listen ${listens})`;
}
