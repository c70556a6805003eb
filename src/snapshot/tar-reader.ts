/**
 * Reads the tar archives of a snapshot (ustar, GNU long names, pax path records), several in a
 * row as `find -exec tar {} +` writes them. Only what a snapshot needs: each regular file's
 * path and bytes (a view into the input, never a copy). Nothing is written anywhere.
 */
export interface TarMember {
  /** The name as archived (`./etc/nginx/nginx.conf`). */
  name: string;
  type: 'file' | 'other';
  data: Buffer;
}

export type TarRead = { ok: true; members: TarMember[]; end: number } | { ok: false; message: string; offset: number };

const BLOCK = 512;

/**
 * Reads archives from `start` until a block that is neither a header nor zeros (the caller's
 * trailer) or the end of input; `end` is where that block starts.
 */
export function readTar(input: Buffer, start: number): TarRead {
  const members: TarMember[] = [];
  let at = start;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (at + BLOCK <= input.length) {
    const header = input.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) {
      at += BLOCK;
      continue;
    }
    if (!checksumMatches(header)) return { ok: true, members, end: at };
    const size = octalField(header, 124, 12);
    if (size === undefined) return { ok: false, message: 'a tar header has an unreadable size', offset: at };
    const dataStart = at + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > input.length) return { ok: false, message: `the tar member ${JSON.stringify(nameOf(header))} is cut short (${size} bytes announced, ${input.length - dataStart} present): the snapshot is truncated`, offset: at };
    const data = input.subarray(dataStart, dataEnd);
    const flag = String.fromCharCode(header[156] as number);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'L') {
      longName = cString(data);
      continue;
    }
    if (flag === 'x') {
      paxPath = paxRecord(data, 'path') ?? paxPath;
      continue;
    }
    if (flag === 'K' || flag === 'g') continue;
    const name = paxPath ?? longName ?? nameOf(header);
    longName = undefined;
    paxPath = undefined;
    members.push({ name, type: flag === '0' || flag === '\0' || flag === '7' ? 'file' : 'other', data });
  }
  return { ok: true, members, end: at };
}

function checksumMatches(header: Buffer): boolean {
  const recorded = octalField(header, 148, 8);
  if (recorded === undefined) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
  return sum === recorded;
}

/** An octal number field (NUL or space terminated), or GNU's base-256 form for large sizes. */
function octalField(header: Buffer, offset: number, length: number): number | undefined {
  const field = header.subarray(offset, offset + length);
  if (((field[0] as number) & 0x80) !== 0) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] as number);
    return value <= Number.MAX_SAFE_INTEGER ? value : undefined;
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : text === '' ? 0 : undefined;
}

function nameOf(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = ustar ? cString(header.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function cString(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, nul < 0 ? bytes.length : nul).toString('utf8');
}

/** A pax extended header's `LEN key=value\n` record for `key`. */
function paxRecord(data: Buffer, key: string): string | undefined {
  let at = 0;
  let found: string | undefined;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    const length = space < 0 ? NaN : Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || at + length > data.length) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (record.slice(0, equals) === key) found = record.slice(equals + 1);
    at += length;
  }
  return found;
}
