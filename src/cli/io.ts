/** Everything the CLI touches outside itself, so tests run it in-process with their own streams. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  readStdin(): Promise<string>;
  /** Standard input as bytes, chunk by chunk, for input too large or too binary for a string (a gzip'd log). */
  stdinStream?(): AsyncIterable<Buffer>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock progress output is paced by; Date.now when absent. */
  now?: () => number;
}

/** Bad arguments or unreadable input: one line on stderr and exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export { reasonWithoutPath } from '../session/errors.js';

export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
