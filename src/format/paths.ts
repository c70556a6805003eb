import * as path from 'node:path';

/** A file as a reader finds it from the working directory: relative inside it, absolute outside. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
