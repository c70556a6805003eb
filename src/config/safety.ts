import { realpathSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The trust boundary. Configuration is code only where the user put it: the project directory
 * (the working directory, its ancestors and its subdirectories) or a file named with `--config`.
 * Everything else is data: inside the audited tree (`--root`), whose files belong to the server
 * being audited, and in any other directory being linted. Data configurations are JSON or YAML,
 * name no plugins, and `extends`/`$import` nothing outside their own zone (the audited tree, or
 * their own directory). Every comparison is between real paths, so a symlinked parent or a link
 * planted in the tree changes nothing.
 */
export interface ExecutionPolicy {
  /** The working directory, as a real path. */
  cwd: string;
  /** `--root` as a real host path, when auditing a mounted tree. */
  auditedRoot?: string;
}

/** The policy with both directories resolved to their real paths once, up front. */
export function realPolicy(cwd: string, auditedRoot: string | undefined): ExecutionPolicy {
  const root = auditedRoot === undefined ? undefined : realPath(auditedRoot);
  return { cwd: realPath(cwd), ...(root !== undefined && root !== path.parse(root).root ? { auditedRoot: root } : {}) };
}

/** The real path of `file`, or of its nearest existing ancestor joined with the rest. */
export function realPath(file: string): string {
  const absolute = path.resolve(file);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
  }
}

export function isWithin(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Inside the mounted server tree (`--root`, when it is not `/` itself). */
export function isInAuditedTree(file: string, policy: ExecutionPolicy): boolean {
  return policy.auditedRoot !== undefined && isWithin(realPath(file), policy.auditedRoot);
}

/** In the project directory and outside the audited tree: the user's own files. */
export function isProjectFile(file: string, policy: ExecutionPolicy): boolean {
  const real = realPath(file);
  if (policy.auditedRoot !== undefined && isWithin(real, policy.auditedRoot)) return false;
  const dir = path.dirname(real);
  return isWithin(dir, policy.cwd) || isWithin(policy.cwd, dir);
}

export function mayExecute(file: string, policy: ExecutionPolicy, explicit: boolean): boolean {
  return explicit || isProjectFile(file, policy);
}

/**
 * The directory a data configuration may reach with `extends` and `$import`: the audited tree
 * for a file inside it, else the file's own directory; undefined (anywhere) for the project's
 * own configuration and for `--config`.
 */
export function confinementOf(file: string, policy: ExecutionPolicy, explicit: boolean): string | undefined {
  if (explicit) return undefined;
  const real = realPath(file);
  if (policy.auditedRoot !== undefined && isWithin(real, policy.auditedRoot)) return policy.auditedRoot;
  return isProjectFile(real, policy) ? undefined : path.dirname(real);
}

/**
 * Where discovery stops climbing from `dir`: the audited tree's root for a directory inside it;
 * for a linted directory outside the project, the last directory before the project's
 * ancestors; the filesystem root for the project itself.
 */
export function searchCeiling(dir: string, policy: ExecutionPolicy): (candidate: string) => boolean {
  const real = realPath(dir);
  if (policy.auditedRoot !== undefined && isWithin(real, policy.auditedRoot)) {
    const root = policy.auditedRoot;
    return (candidate) => isWithin(realPath(candidate), root);
  }
  if (isWithin(real, policy.cwd)) return () => true;
  return (candidate) => !isWithin(policy.cwd, realPath(candidate));
}
