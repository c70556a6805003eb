import { isUtf8 } from 'node:buffer';

/**
 * nginx reads configuration as bytes and never decodes them. We tokenize UTF-16 text so that
 * columns match editors, and decode with "surrogate escapes" (as Python's `surrogateescape`):
 * valid UTF-8 decodes normally, and every byte that is not part of valid UTF-8 becomes the lone
 * surrogate U+DC80 + byte. So a file in Latin-1 or KOI8-R still tokenizes byte for byte as nginx
 * does, each undecodable byte is one column wide, and `encodeNginxText` restores the exact bytes.
 */
export function decodeNginxText(input: string | Buffer): string {
  if (typeof input === 'string') return input;
  if (isUtf8(input)) return input.toString('utf8');
  let text = '';
  let i = 0;
  while (i < input.length) {
    const length = validSequenceLength(input, i);
    if (length === 0) {
      text += String.fromCharCode(0xdc00 + (input[i] as number));
      i += 1;
    } else {
      text += input.toString('utf8', i, i + length);
      i += length;
    }
  }
  return text;
}

/** The bytes nginx would read for `text`, undoing the surrogate escapes of `decodeNginxText`. */
export function encodeNginxText(text: string): Buffer {
  const parts: Buffer[] = [];
  let plainStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isEscapedByte(text, i, unit)) {
      parts.push(Buffer.from(text.slice(plainStart, i), 'utf8'), Buffer.of(unit - 0xdc00));
      plainStart = i + 1;
    } else if (unit >= 0xd800 && unit < 0xdc00) {
      i++; // a surrogate pair: both halves are plain text
    }
  }
  parts.push(Buffer.from(text.slice(plainStart), 'utf8'));
  return Buffer.concat(parts);
}

/** How many bytes nginx sees for the UTF-16 code unit at `index` (0 for the low half of a pair). */
export function byteWidth(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit < 0x80) return 1;
  if (unit < 0x800) return 2;
  if (unit >= 0xd800 && unit < 0xdc00) return 4;
  if (unit >= 0xdc00 && unit < 0xe000) return isEscapedByte(text, index, unit) ? 1 : 0;
  return 3;
}

function isEscapedByte(text: string, index: number, unit: number): boolean {
  if (unit < 0xdc80 || unit > 0xdcff) return false;
  const previous = index > 0 ? text.charCodeAt(index - 1) : 0;
  return !(previous >= 0xd800 && previous < 0xdc00);
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629 table 3-7), or 0. */
function validSequenceLength(bytes: Buffer, i: number): number {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
