import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LiveFs } from '../../src/fs/live-fs.js';
import { CORPUS_DIR } from './shared-dir.js';

/** One line of VALIDATION-nginx.tsv or VALIDATION-apache.tsv: a corpus file and what the real server made of it. */
export interface ValidationRow {
  /** Relative to CORPUS_DIR. */
  file: string;
  /** `full`, `snippet`, `htaccess`, `not-nginx-syntax`... */
  kind: string;
  /** The block a snippet was loaded in (`http`, `server`, `directory`...). */
  context: string;
  status: string;
  stubs: string;
  validatedVia: string;
  /** What the server said when it refused the file. */
  error: string;
}

/** The rows of the corpus's validation table for one dialect, header left out. */
export function validationRows(dialect: 'nginx' | 'apache'): ValidationRow[] {
  return readFileSync(join(CORPUS_DIR, `VALIDATION-${dialect}.tsv`), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [file = '', kind = '', context = '', status = '', stubs = '', validatedVia = '', error = ''] = line.split('\t');
      return { file, kind, context, status, stubs, validatedVia, error };
    });
}

/**
 * The corpus stores Debian's `*-enabled` symlinks as small files holding the link target
 * (`../sites-available/default`); the server reads the target.
 */
export function symlinkTarget(path: string): string | undefined {
  const text = readFileSync(path, 'utf8').trim();
  return /^\.\.\/[\w.-]+\/[\w.-]+$/.test(text) && existsSync(join(dirname(path), text)) ? text : undefined;
}

/**
 * Copies of corpus folders laid out the way they sit on a server: each in a fresh temp root
 * (named after `prefix`), mounted at `at`, with its symlinks restored. `removeAll` deletes them.
 */
export function corpusServerRoots(prefix: string): { serverRoot(corpusDir: string, at: string): LiveFs; removeAll(): void } {
  const temps: string[] = [];
  return {
    serverRoot(corpusDir, at) {
      const root = mkdtempSync(join(tmpdir(), prefix));
      temps.push(root);
      const top = join(root, at);
      copyWritable(join(CORPUS_DIR, corpusDir), top);
      restoreSymlinks(top);
      return new LiveFs(root);
    },
    removeAll() {
      for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Copies a corpus folder and makes the copy writable by its owner: the corpus is read-only, and
 * a copy made without root keeps 0555 directories its links cannot be restored in, nor removed.
 */
export function copyWritable(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const unlock = (path: string): void => {
    const stat = statSync(path);
    chmodSync(path, stat.mode | 0o200);
    if (stat.isDirectory()) for (const name of readdirSync(path)) unlock(join(path, name));
  };
  unlock(to);
}

function restoreSymlinks(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      restoreSymlinks(path);
      continue;
    }
    const target = symlinkTarget(path);
    if (target !== undefined) {
      rmSync(path);
      symlinkSync(target, path);
    }
  }
}
