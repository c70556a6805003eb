import * as path from 'node:path';

/**
 * Where a configuration written in JavaScript may be executed. Configs are code only where
 * the user put them: the project directory (the working directory, its ancestors and its
 * subdirectories) or a file named with `--config`; never inside the audited tree (`--root`),
 * whose files belong to the server being audited, nor elsewhere on the system.
 */
export interface ExecutionPolicy {
  cwd: string;
  /** `--root` as a host path, when auditing a mounted tree. */
  auditedRoot?: string;
}

export function isWithin(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Inside the mounted server tree (`--root`, when it is not `/` itself). */
export function isInAuditedTree(file: string, policy: ExecutionPolicy): boolean {
  return policy.auditedRoot !== undefined && policy.auditedRoot !== path.parse(policy.auditedRoot).root && isWithin(file, policy.auditedRoot);
}

export function mayExecute(file: string, policy: ExecutionPolicy, explicit: boolean): boolean {
  if (explicit) return true;
  if (isInAuditedTree(file, policy)) return false;
  const dir = path.dirname(file);
  return isWithin(dir, policy.cwd) || isWithin(policy.cwd, dir);
}
