/** Everything the CLI touches outside itself, so tests run it in-process with their own streams. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  readStdin(): Promise<string>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock progress output is paced by; Date.now when absent. */
  now?: () => number;
}

/** Bad arguments or unreadable input: one line on stderr and exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * Why a file could not be read, for a message that names the file itself: the filesystem's text
 * without the path it repeats ("no such file or directory", not "...: /abs/path").
 */
export function reasonWithoutPath(error: { message: string; path: string }): string {
  const reason = error.path === '' ? error.message : error.message.split(`'${error.path}'`).join('').split(error.path).join('');
  return reason.replace(/[\s:,]+$/, '').replace(/^[\s:,]+/, '') || error.message;
}

export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
