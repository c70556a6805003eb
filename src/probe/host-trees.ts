import * as posixPath from 'node:path/posix';
import type { FsView } from '../fs/types.js';
import { constantVariables, expandConstants } from '../model/nginx/constant-variables.js';
import type { NginxModel, NginxServer } from '../model/nginx/index.js';
import type { ServedTree } from '../model/types.js';
import { normalizeHost, selectServer } from '../simulate/nginx/index.js';
import { primaryName } from '../simulate/nginx/simulator.js';

/** Stands for the request's host while finding which path component it fills. */
const HOST_MARK = '\u0000host\u0000';
/** A directory name a Host header can carry as it is (`$host` is lowercased, so capitals never match). */
const HOST_NAME = /^[a-z0-9][a-z0-9.-]*$/;

/**
 * The trees a server whose `root`/`alias` is built from the request's host (`root /srv/www/$host;`,
 * `$http_host`, `$server_name`, `set` variables made of them, a regex server_name's captures)
 * serves, one per host it can name: its literal server_names, and each directory under the
 * fixed prefix when the host is the whole path component (`/srv/www/$host` -> every
 * `/srv/www/<dir>`, asked with that Host). Each tree carries the Host that reaches it; a host
 * another server answers, or whose directory does not exist, gives none. Trees without
 * variables are kept as they are; a variable tree no host names is kept as written.
 */
export function hostTrees(model: NginxModel, server: NginxServer, fs: FsView | undefined): ServedTree[] {
  const variable = server.trees.filter((t) => t.fsPath.includes('$'));
  if (variable.length === 0) return server.trees;
  const named = new Map<ServedTree, ServedTree[]>();
  for (const host of candidateHosts(server, variable, fs)) {
    const port = portAnswering(model, server, host);
    if (port === undefined) continue;
    const known = hostVariables(model, server, host, port);
    for (const tree of variable) {
      const fsPath = expandConstants(tree.fsPath, known);
      if (fsPath.includes('$') || !isDirectory(fs, fsPath)) continue;
      const shadowed = tree.shadowed?.map((p) => expandConstants(p, known)).filter((p) => !p.includes('$'));
      const list = named.get(tree) ?? [];
      list.push({ ...tree, fsPath, host, ...(shadowed?.length ? { shadowed } : {}) });
      named.set(tree, list);
    }
  }
  return server.trees.flatMap((tree) => named.get(tree) ?? [tree]);
}

/** The literal names first, then the directories a host-named path component lists. */
function candidateHosts(server: NginxServer, variable: readonly ServedTree[], fs: FsView | undefined): string[] {
  const hosts = new Set(server.serverNames.flatMap((n) => (n.pattern.kind === 'exact' && n.pattern.name !== '' ? [n.pattern.name] : [])));
  if (fs === undefined) return [...hosts];
  const marked = constantVariables(server.settings, new Map([['host', HOST_MARK], ['http_host', HOST_MARK]]));
  for (const tree of variable) {
    // `set $site /srv/$host; root $site/pub;` too: the path is read once its variables are.
    const parts = expandConstants(tree.fsPath, marked).split('/');
    const at = parts.findIndex((part) => part.includes('$') || part.includes(HOST_MARK));
    if (at < 1 || parts[at] !== HOST_MARK || parts[0] !== '') continue;
    const prefix = parts.slice(0, at).join('/') || '/';
    const listed = fs.readdir(prefix);
    if (!listed.ok) continue;
    for (const name of listed.value) if (HOST_NAME.test(name) && isDirectory(fs, posixPath.join(prefix, name))) hosts.add(name);
  }
  return [...hosts];
}

/** The first port on which nginx hands a request for `host` to `server`. */
export function portAnswering(model: NginxModel, server: NginxServer, host: string): number | undefined {
  return server.listen.find((listen) => selectServer(model.servers, host, listen.port)?.server === server)?.port;
}

/**
 * The values `host` gives the variables a root can read before the request's URI does: the
 * host variables, the captures of the regex server_name that matched, and the server-level
 * `set`s made of them. `$http_host` is the Host header a client sends for `port`.
 */
function hostVariables(model: NginxModel, server: NginxServer, host: string, port: number): Map<string, string> {
  const seed = new Map([
    ['host', normalizeHost(host)],
    ['http_host', port === 80 ? host : `${host}:${port}`],
    ['server_name', primaryName(server.names)],
  ]);
  const selection = selectServer(model.servers, host, port);
  if (selection?.reason.kind === 'name' && selection.reason.name.pattern.kind === 'regex') {
    const groups = selection.reason.name.pattern.regex.exec(normalizeHost(host))?.groups ?? {};
    for (const [name, value] of Object.entries(groups)) seed.set(name, value ?? '');
  }
  return constantVariables(server.settings, seed);
}

function isDirectory(fs: FsView | undefined, path: string): boolean {
  if (fs === undefined) return true;
  const found = fs.stat(path.length > 1 ? path.replace(/\/+$/, '') : path);
  return found.ok && found.value.type === 'dir';
}
