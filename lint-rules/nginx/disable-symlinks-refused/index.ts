import { createRule, NO_OPTIONS_SCHEMA } from '../../../src/engine/rule.js';
import type { NginxServer } from '../../../src/model/nginx/index.js';
import type { ServedTree } from '../../../src/model/types.js';
import { matchLocation } from '../../../src/simulate/nginx/index.js';
import { describeServer } from '../../shared/server-label.js';
import { allLocations, nginxServerOf } from '../nginx-server.js';
import { claimOf } from '../../../src/probe/probe.js';
import { urlOfPath } from '../../shared/served-url.js';

/** The symlinks on the way from `/` to `path`, `path` itself included, outermost first. */
function symlinksAlong(lstatType: (path: string) => string | undefined, path: string): string[] {
  const links: string[] = [];
  let current = '';
  for (const name of path.split('/').filter((n) => n !== '')) {
    current = `${current}/${name}`;
    if (lstatType(current) === 'symlink') links.push(current);
  }
  return links;
}

export default createRule({
  meta: {
    id: 'nginx/disable-symlinks-refused',
    type: 'problem',
    docs: { description: 'Report symlinks under a served tree that disable_symlinks makes nginx refuse', recommended: 'recommended' },
    messages: {
      refused:
        '{{path}} is a symlink{{detail}} and `{{directive}}` applies to {{url}} on {{server}}: nginx refuses to follow it, answers 403 and logs "(40: Too many levels of symbolic links)"',
      refusedDirectory:
        '{{path}} is a symlink to a directory{{detail}} and `{{directive}}` applies to {{url}} on {{server}}: nginx refuses to enter it, answers 404 and logs "(20: Not a directory)"',
    },
    schema: NO_OPTIONS_SCHEMA,
    defaultSeverity: 'error',
  },
  defaultOptions: {},
  create(context) {
    const reported = new Set<string>();
    const lstatType = (path: string): string | undefined => {
      const stat = context.fs.lstat(path);
      return stat.ok ? stat.value.type : undefined;
    };

    /** Simulates a GET for the URL of `link` and reports it when nginx would refuse it there. */
    const check = (server: NginxServer, tree: ServedTree, link: string, url: string): void => {
      const settings = (matchLocation(server.locations, url).location ?? server).settings;
      const { mode, directive } = settings.disableSymlinks;
      const key = `${link}\0${url}`;
      if (mode === 'off' || directive === undefined || reported.has(key)) return;
      const verdict = context.probe?.on(server, url);
      if (verdict === undefined) return;
      // nginx opens the last component with O_NOFOLLOW (ELOOP, 403) but a directory on the way with
      // O_NOFOLLOW|O_DIRECTORY, which fails with ENOTDIR: a 404.
      const messageId =
        verdict.cause === 'symlink-forbidden' ? 'refused' : verdict.cause === 'not-found' && verdict.path?.startsWith(`${link}/`) ? 'refusedDirectory' : undefined;
      if (messageId === undefined) return;
      reported.add(key);
      const linkStat = context.fs.lstat(link);
      const targetStat = context.fs.stat(link);
      const detail =
        mode === 'if_not_owner' && linkStat.ok && targetStat.ok
          ? ` owned by ${context.users.userName(linkStat.value.uid)} to a target owned by ${context.users.userName(targetStat.value.uid)},`
          : '';
      context.report({
        node: directive,
        path: link,
        messageId,
        data: { path: link, detail, directive: [directive.name, ...directive.args.map((a) => a.raw)].join(' '), url, server: describeServer(server) },
        related: [{ message: `the tree it is under, served by \`${tree.directive.name}\``, loc: tree.directive.loc }],
        claim: claimOf(verdict),
      });
    };

    // A server where no level sets disable_symlinks has no link to check (check's first test, for every URL).
    const refusing = new Map<NginxServer, boolean>();
    const refusesLinks = (server: NginxServer): boolean => {
      let refuses = refusing.get(server);
      if (refuses === undefined) {
        const levels = [server.settings, ...[...allLocations(server.locations)].map((location) => location.settings)];
        refuses = levels.some(({ disableSymlinks }) => disableSymlinks.mode !== 'off' && disableSymlinks.directive !== undefined);
        refusing.set(server, refuses);
      }
      return refuses;
    };

    /** A directory is requested with its trailing slash, as links to it are written. */
    const urlFor = (tree: ServedTree, path: string): string | undefined => {
      const url = urlOfPath(tree, path);
      const target = context.fs.stat(path);
      return url !== undefined && target.ok && target.value.type === 'dir' ? url.replace(/\/?$/, '/') : url;
    };

    return {
      server(event) {
        const target = nginxServerOf(event);
        if (target === undefined || !context.settings.fsEnabled) return;
        // Symlinks above a tree (`/var/www -> /srv/www`) are not walked but are checked all the same.
        for (const tree of target.server.trees) {
          const url = urlFor(tree, tree.fsPath);
          const link = symlinksAlong(lstatType, tree.fsPath)[0];
          if (url !== undefined && link !== undefined) check(target.server, tree, link, url);
        }
      },
      fsEntry({ entry, tree, server }) {
        if (server.dialect !== 'nginx' || entry.depth === 0 || entry.stat.type !== 'symlink' || !refusesLinks(server as NginxServer)) return;
        const url = urlFor(tree, entry.path);
        if (url !== undefined) check(server as NginxServer, tree, entry.path, url);
      },
    };
  },
});
