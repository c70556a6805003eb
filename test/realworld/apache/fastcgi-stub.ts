import { createServer, type Server, type Socket } from 'node:net';

/**
 * A FastCGI responder on loopback standing in for PHP-FPM: it answers every request (200) and
 * remembers the parameters httpd sent (SCRIPT_FILENAME, PATH_INFO...), so a test can check the
 * path the back end was given. Only what mod_proxy_fcgi speaks: BEGIN_REQUEST, PARAMS, STDIN
 * in; STDOUT and END_REQUEST out, one request per connection.
 */

const BEGIN_REQUEST = 1;
const END_REQUEST = 3;
const PARAMS = 4;
const STDIN = 5;
const STDOUT = 6;

export interface FastCgiStub {
  /** The parameters of each request received, oldest first. */
  readonly received: Map<string, string>[];
  stop(): Promise<void>;
}

export function startFastCgiStub(port: number): Promise<FastCgiStub> {
  const received: Map<string, string>[] = [];
  const server: Server = createServer((socket) => serve(socket, received));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        received,
        stop: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}

function serve(socket: Socket, received: Map<string, string>[]): void {
  let buffer = Buffer.alloc(0);
  let params = Buffer.alloc(0);
  let requestId = 1;
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 8) {
      const type = buffer.readUInt8(1);
      const length = buffer.readUInt16BE(4);
      const padding = buffer.readUInt8(6);
      if (buffer.length < 8 + length + padding) return;
      const content = buffer.subarray(8, 8 + length);
      if (type === BEGIN_REQUEST) requestId = buffer.readUInt16BE(2);
      if (type === PARAMS) params = Buffer.concat([params, content]);
      buffer = buffer.subarray(8 + length + padding);
      if (type === STDIN && length === 0) {
        const values = decodePairs(params);
        received.push(values);
        respond(socket, requestId, values.get('SCRIPT_FILENAME') ?? '');
        return;
      }
    }
  });
}

function respond(socket: Socket, requestId: number, body: string): void {
  // No Status header, as PHP sends none for a 200: an ErrorDocument handled here keeps its status.
  const stdout = Buffer.from(`Content-Type: text/plain\r\n\r\n${body}\n`);
  const endBody = Buffer.alloc(8);
  socket.end(Buffer.concat([record(STDOUT, requestId, stdout), record(STDOUT, requestId, Buffer.alloc(0)), record(END_REQUEST, requestId, endBody)]));
}

function record(type: number, requestId: number, content: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(1, 0);
  header.writeUInt8(type, 1);
  header.writeUInt16BE(requestId, 2);
  header.writeUInt16BE(content.length, 4);
  return Buffer.concat([header, content]);
}

/** FastCGI name-value pairs: each length one byte, or four with the high bit set. */
function decodePairs(data: Buffer): Map<string, string> {
  const pairs = new Map<string, string>();
  let at = 0;
  const length = (): number => {
    const first = data.readUInt8(at);
    if (first < 0x80) {
      at += 1;
      return first;
    }
    const value = data.readUInt32BE(at) & 0x7fffffff;
    at += 4;
    return value;
  };
  while (at < data.length) {
    const nameLength = length();
    const valueLength = length();
    const name = data.subarray(at, at + nameLength).toString('latin1');
    at += nameLength;
    pairs.set(name, data.subarray(at, at + valueLength).toString('latin1'));
    at += valueLength;
  }
  return pairs;
}
