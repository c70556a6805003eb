import type { ServerSummary } from '../../src/model/types.js';

/**
 * Remembers the paths a rule reported for each server: a tree served under two prefixes is
 * walked once, but its entries reach the rule once per tree. True the first time only.
 */
export function createSeenPaths(): (server: ServerSummary, path: string) => boolean {
  const seen = new Map<ServerSummary, Set<string>>();
  return (server, path) => {
    const paths = seen.get(server) ?? new Set<string>();
    seen.set(server, paths);
    if (paths.has(path)) return false;
    paths.add(path);
    return true;
  };
}
