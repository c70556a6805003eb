import * as posixPath from 'node:path/posix';
import { describeErrno } from '../../fs/live-fs.js';
import type { FsError, FsView } from '../../fs/types.js';
import { fnmatch, hasWildcard } from './fnmatch.js';

/** httpd's AP_MAX_INCLUDE_DIR_DEPTH: how deep an included directory tree may go. */
const MAX_DIRECTORY_DEPTH = 128;

export interface IncludeExpansion {
  /** Files to read, in httpd's order. */
  files: string[];
  /** Why the Include fails in httpd (a missing file, an unmatched wildcard), when it does. */
  problem?: { code: 'include-not-found' | 'include-no-match' | 'include-too-deep'; message: string };
}

/**
 * The files an `Include`/`IncludeOptional` of an absolute `pattern` reads, following
 * `ap_process_fnmatch_configs`: wildcards may sit in any path component (a component with one
 * is matched against the sorted entries of the directory so far, and only directories continue
 * when more components follow); a directory stands for all its entries, sorted, recursively.
 * IncludeOptional ignores what does not exist and wildcards that match nothing.
 */
export function expandInclude(fs: FsView, pattern: string, optional: boolean): IncludeExpansion {
  const files: string[] = [];
  const normalized = posixPath.normalize(pattern);
  if (!hasWildcard(normalized)) {
    return withFiles(files, addPath(fs, normalized, optional, 0, files));
  }
  const components = normalized.split('/').filter((c) => c !== '');
  return withFiles(files, matchComponents(fs, '/', components, optional, files));
}

type Problem = IncludeExpansion['problem'];

function withFiles(files: string[], problem: Problem): IncludeExpansion {
  return problem ? { files, problem } : { files };
}

function matchComponents(fs: FsView, base: string, components: readonly string[], optional: boolean, files: string[]): Problem {
  const wildcardAt = components.findIndex(hasWildcard);
  if (wildcardAt < 0) return addPath(fs, posixPath.join(base, ...components), optional, 0, files);
  const dir = posixPath.join(base, ...components.slice(0, wildcardAt));
  const pattern = components[wildcardAt] as string;
  const rest = components.slice(wildcardAt + 1);
  const entries = fs.readdir(dir);
  if (!entries.ok) {
    return optional ? undefined : { code: 'include-not-found', message: `Include/IncludeOptional: Could not open directory ${dir}: ${errnoText(entries.error)}` };
  }
  const matches = entries.value.filter((name) => name !== '.' && name !== '..' && fnmatch(pattern, name));
  let matched = 0;
  for (const name of matches) {
    const path = posixPath.join(dir, name);
    if (rest.length > 0) {
      const stat = fs.stat(path);
      if (!stat.ok || stat.value.type !== 'dir') continue;
      matched++;
      const problem = matchComponents(fs, path, rest, optional, files);
      if (problem) return problem;
    } else {
      matched++;
      const problem = addPath(fs, path, optional, 0, files);
      if (problem) return problem;
    }
  }
  if (matched === 0 && !optional) {
    return { code: 'include-no-match', message: `Include/IncludeOptional: No matches for the wildcard '${pattern}' in '${dir}', failing` };
  }
  return undefined;
}

/** A path without wildcards: a file, or a directory read whole (`process_resource_config_nofnmatch`). */
function addPath(fs: FsView, path: string, optional: boolean, depth: number, files: string[]): Problem {
  if (depth > MAX_DIRECTORY_DEPTH) {
    return { code: 'include-too-deep', message: `Directory ${path} exceeds the maximum include directory nesting level of ${MAX_DIRECTORY_DEPTH}` };
  }
  const stat = fs.stat(path);
  if (!stat.ok) {
    return optional ? undefined : { code: 'include-not-found', message: `Could not open configuration file ${path}: ${errnoText(stat.error)}` };
  }
  if (stat.value.type !== 'dir') {
    files.push(path);
    return undefined;
  }
  const entries = fs.readdir(path);
  if (!entries.ok) {
    return optional ? undefined : { code: 'include-not-found', message: `Could not open config directory ${path}: ${errnoText(entries.error)}` };
  }
  for (const name of entries.value) {
    if (name === '.' || name === '..') continue;
    const problem = addPath(fs, posixPath.join(path, name), optional, depth + 1, files);
    if (problem) return problem;
  }
  return undefined;
}

/** The errno text httpd prints after a path: `No such file or directory`. */
export function errnoText(error: FsError): string {
  const text = describeErrno(error.code);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
