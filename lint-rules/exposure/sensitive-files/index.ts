import { posix } from 'node:path';
import picomatch from 'picomatch';
import { createRule } from '../../../src/engine/rule.js';
import type { FsView } from '../../../src/fs/types.js';
import { describeServer } from '../../shared/server-label.js';
import { createSeenPaths } from '../../nginx/seen-paths.js';
import { urlOfPath } from '../../shared/served-url.js';
import { claimOf } from '../../../src/probe/probe.js';
import { isSensitiveDirectoryName, looksLikePrivateKey, sensitiveKindOf, type SensitiveKind } from './sensitive-names.js';
import { entryName } from '../../shared/entry-name.js';

/** Files a scanner fetches from a repository or working copy to rebuild it. */
const METADATA_FILES = ['HEAD', 'config', 'wc.db', 'entries', 'hgrc', 'requires'];

/** The file inside a sensitive directory whose download proves the leak. */
function probeFileIn(fs: FsView, directory: string): string | undefined {
  const names = fs.readdir(directory);
  if (!names.ok) return undefined;
  const isFile = (name: string): boolean => {
    const stat = fs.stat(posix.join(directory, name));
    return stat.ok && stat.value.type === 'file';
  };
  const name = METADATA_FILES.find((n) => names.value.includes(n) && isFile(n)) ?? names.value.find(isFile);
  return name === undefined ? undefined : posix.join(directory, name);
}

export default createRule({
  meta: {
    id: 'exposure/sensitive-files',
    type: 'security',
    docs: { description: 'Report repositories, credentials, dumps, backups and private keys a server hands out', recommended: 'recommended' },
    messages: {
      exposed: '{{url}} on {{server}} serves {{path}}, {{kind}}: a GET answers 200 because nothing in the configuration forbids it',
    },
    schema: {
      type: 'object',
      properties: {
        extraPatterns: {
          type: 'array',
          items: { type: 'string' },
          description: 'More picomatch globs of files never to serve, matched against the path under the served tree (a glob without / matches the name anywhere).',
        },
      },
      additionalProperties: false,
    },
    defaultSeverity: 'error',
  },
  defaultOptions: { extraPatterns: [] as string[] },
  create(context) {
    const firstTime = createSeenPaths();
    const extraPatterns = context.options.extraPatterns;
    const isExtra = extraPatterns.length > 0 ? picomatch(extraPatterns, { dot: true, basename: true }) : () => false;

    /**
     * Why `path` should never be served, and the file a request would fetch to prove it. The
     * type is asked only for a name that may be sensitive: a symlink's costs a stat of its target.
     */
    const assess = (path: string, kind: SensitiveKind | undefined, relative: string, typeOf: () => string): { label: string; target: string } | undefined => {
      if (kind === undefined && !isExtra(relative)) return undefined;
      const type = typeOf();
      if (kind?.directory) {
        const target = type === 'dir' ? probeFileIn(context.fs, path) : undefined;
        return target === undefined ? undefined : { label: kind.label, target };
      }
      if (type !== 'file') return undefined;
      if (kind?.privateKeyContent) {
        const content = context.fs.readFile(path);
        return content.ok && looksLikePrivateKey(content.value) ? { label: kind.label, target: path } : undefined;
      }
      return { label: kind?.label ?? 'a file the extraPatterns option lists', target: path };
    };

    return {
      fsEntry({ entry, tree, server }) {
        const probe = context.probe;
        // Almost every name of a tree settles it: the rest is asked only of one that may be sensitive.
        const kind = sensitiveKindOf(entryName(entry));
        if (probe === undefined || (kind === undefined && extraPatterns.length === 0)) return;
        const relative = relativeTo(tree.fsPath, entry.path);
        // A repository is reported once, not for each of its objects.
        const parents = relative.split('/').slice(0, -1);
        if (relative === '' || parents.some(isSensitiveDirectoryName)) return;
        const found = assess(entry.path, kind, relative, () => (entry.stat.type === 'symlink' ? followedType(context.fs, entry.path) : entry.stat.type));
        const url = found && urlOfPath(tree, found.target);
        if (found === undefined || url === undefined) return;
        // The server's own answer, asked so that it is the one to answer (a main server behind vhosts is never asked).
        const verdict = probe.on(server, url, { host: tree.host });
        if (verdict?.status !== 200 || verdict.path !== found.target || !firstTime(server, entry.path)) return;
        context.report({
          node: tree.directive,
          path: entry.path,
          messageId: 'exposed',
          data: { url, server: describeServer(server), path: entry.path, kind: found.label },
          claim: claimOf(verdict),
        });
      },
    };
  },
});

/** posix.relative, without its resolving of both paths for a walked path inside a plain tree path. */
function relativeTo(tree: string, path: string): string {
  const base = tree.length > 1 && tree.endsWith('/') ? tree.slice(0, -1) : tree;
  const plain = base === '/' || (base.startsWith('/') && !/\/\.{0,2}(?:\/|$)/.test(base));
  if (!plain || !path.startsWith(base === '/' ? '/' : `${base}/`)) return posix.relative(tree, path);
  return path.slice(base === '/' ? 1 : base.length + 1);
}

function followedType(fs: FsView, path: string): string {
  const stat = fs.stat(path);
  return stat.ok ? stat.value.type : 'missing';
}
