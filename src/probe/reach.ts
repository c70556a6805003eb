import type { ApacheModel, ApacheServer } from '../model/apache/index.js';
import { selectVirtualHost } from '../model/apache/index.js';
import type { NginxModel, NginxServer } from '../model/nginx/index.js';
import type { ServerSummary } from '../model/types.js';
import { localAddress } from '../simulate/apache/index.js';
import { selectServer } from '../simulate/nginx/index.js';

/** Where a request must go for a given server to answer it. */
export interface Reach {
  host: string;
  port: number;
  /** A Host header apart from the connection's address (Apache name-based vhosts on an IP). */
  hostHeader?: string;
}

/** A name no server is configured with: what reaches a port's default server. */
const UNNAMED_HOST = 'forbidlint.invalid';

/**
 * A Host and port that nginx routes to `server`: a name it answers to, its address, or any name
 * when it is the port's default. Undefined when no Host reaches it (an earlier server with the
 * same name shadows it).
 */
export function reachNginx(model: NginxModel, server: NginxServer): Reach | undefined {
  for (const listen of server.listen) {
    const candidates = [...server.serverNames.flatMap((n) => hostMatching(n.pattern)), ...(listen.address === '*' ? [] : [listen.address]), UNNAMED_HOST];
    const host = candidates.find((h) => selectServer(model.servers, h, listen.port)?.server === server);
    if (host !== undefined) return { host, port: listen.port };
  }
  return undefined;
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

/**
 * A Host and port httpd hands to `server`: a vhost's own name on one of its addresses, or for
 * the main server a Listen port no `<VirtualHost>` claims. Undefined when none reaches it (the
 * main server behind vhosts on every port, which the "*:80 that does not exist" was).
 */
export function reachApache(model: ApacheModel, server: ApacheServer): Reach | undefined {
  const [, ...vhosts] = model.servers;
  const wanted = server.block === undefined ? -1 : vhosts.indexOf(server);
  const ports = [...new Set([...server.addresses.flatMap((a) => (a.port === undefined ? [] : [a.port])), ...model.listens.flatMap((l) => (l.port === undefined ? [] : [l.port])), 80])];
  const names = [server.serverName?.replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, ''), ...server.serverAliases.filter((a) => !/[*?]/.test(a)), 'localhost'].filter(
    (n): n is string => n !== undefined && n !== '',
  );
  const ips = [...new Set(server.addresses.map((a) => a.ip).filter((ip) => ip !== '*'))];
  for (const port of ports) {
    for (const host of names) {
      if (selects(model, vhosts, { host, port }, wanted)) return { host, port };
    }
    for (const ip of ips) {
      for (const name of names) {
        if (selects(model, vhosts, { host: ip, port, hostHeader: name }, wanted)) return { host: ip, port, hostHeader: name };
      }
    }
  }
  return undefined;
}

function selects(model: ApacheModel, vhosts: readonly ApacheServer[], reach: Reach, wanted: number): boolean {
  const localIp = localAddress(model, { host: reach.host, port: reach.port });
  return selectVirtualHost(vhosts, localIp, reach.port, reach.hostHeader ?? reach.host) === wanted;
}

/** Both dialects' servers as the probe reaches them. */
export function reachServer(model: { dialect: 'nginx'; model: NginxModel } | { dialect: 'apache'; model: ApacheModel }, server: ServerSummary): Reach | undefined {
  return model.dialect === 'nginx' ? reachNginx(model.model, server as NginxServer) : reachApache(model.model, server as ApacheServer);
}
