import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * The lines of a log, streamed: a plain file, a gzip'd rotation (`access.log.2.gz`, told by its
 * magic bytes rather than its name) or standard input. Only one chunk and one partial line are
 * held at a time, whatever the size of the log.
 */
export function logFileLines(file: string): AsyncIterable<readonly string[]> {
  return splitLines(gunzipIfCompressed(createReadStream(file, { highWaterMark: 1 << 20 })));
}

export function logStreamLines(chunks: AsyncIterable<Buffer | string>): AsyncIterable<readonly string[]> {
  return splitLines(gunzipIfCompressed(chunks));
}

async function* gunzipIfCompressed(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = toBuffer(first.value);
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBuffer(next.value);
  };
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* rest();
    return;
  }
  const source = Readable.from(rest());
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  for await (const chunk of source.pipe(gunzip)) yield chunk as Buffer;
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/**
 * Lines without their `\n` or `\r\n`, a batch per chunk read (one await per chunk, not per
 * line); a last line without a newline still counts.
 *
 * Each byte is one character (latin1): both servers escape the bytes of a request they log
 * (`\xHH`), a replayed target is re-encoded byte for byte, and V8 matches one-byte strings faster.
 */
async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<readonly string[]> {
  let pending = '';
  for await (const chunk of chunks) {
    const text = pending + chunk.toString('latin1');
    const batch: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      batch.push(end > start && text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    pending = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  if (pending !== '') yield [pending];
}

/** Every line of a log, one at a time, for a reader that takes lines rather than batches (the error log). */
export async function* eachLine(batches: AsyncIterable<readonly string[]>): AsyncGenerator<string> {
  for await (const batch of batches) yield* batch;
}

/** The first `count` lines, to recognise the format, and every batch from the start. */
export async function peekLines(source: AsyncIterable<readonly string[]>, count: number): Promise<{ first: string[]; batches: AsyncIterable<readonly string[]> }> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: (readonly string[])[] = [];
  const first: string[] = [];
  while (first.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    first.push(...next.value.slice(0, count - first.length).filter((line) => line !== ''));
  }
  async function* batches(): AsyncGenerator<readonly string[]> {
    yield* seen;
    seen.length = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { first, batches: batches() };
}
