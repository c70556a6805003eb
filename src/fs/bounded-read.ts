import * as fs from 'node:fs';
import { fail, ok, type FsResult } from './types.js';

/** The most forbidlint reads of one file: far above any real config, far below what hurts. */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a regular file and nothing else, at most `limit` bytes. A FIFO would block forever and
 * `/dev/zero` never ends, and both report a size of 0, so the type is checked before opening,
 * the open never waits (O_NONBLOCK), the descriptor is checked again to be the file that was
 * stat'ed, and the read stops at the limit whatever stat() said the size was.
 */
export function readRegularFile(hostPath: string, label = hostPath, limit = MAX_READ_BYTES): FsResult<Buffer> {
  let before: fs.Stats;
  try {
    before = fs.statSync(hostPath);
  } catch (error) {
    return errnoResult(label, error);
  }
  if (!before.isFile()) return notRegular(label, before);
  let fd: number;
  try {
    fd = fs.openSync(hostPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (error) {
    return errnoResult(label, error);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return notRegular(label, opened);
    if (opened.dev !== before.dev || opened.ino !== before.ino) return fail('EAGAIN', label, `${label} was replaced while it was opened; not read`);
    return readAtMost(fd, label, limit);
  } catch (error) {
    return errnoResult(label, error);
  } finally {
    fs.closeSync(fd);
  }
}

function readAtMost(fd: number, label: string, limit: number): FsResult<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit + 1 - total));
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    total += read;
    if (total > limit) return fail('EFBIG', label, `${label} is over the ${limit}-byte limit; not read`);
  }
  return ok(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
}

/** What a non-regular entry is, in the words `ls -l` would use. */
export function describeFileType(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(label: string, st: fs.Stats): FsResult<Buffer> {
  const code = st.isDirectory() ? 'EISDIR' : 'ENOTREG';
  return fail(code, label, `${label} is ${describeFileType(st)}, not a regular file; not read`);
}

/** The errno for the caller to word, as a failed readFileSync would give it. */
function errnoResult(label: string, error: unknown): FsResult<Buffer> {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return fail(code, label, `${code}: ${label}`);
}
