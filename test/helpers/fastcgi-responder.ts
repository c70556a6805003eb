import { createServer, type Server, type Socket } from 'node:net';

/**
 * A FastCGI responder on loopback, standing in for PHP-FPM: every request is answered
 * `200 OK`, and the params nginx sent (SCRIPT_FILENAME above all) are kept, so a test can
 * check which script the back end would have run. It speaks the part of the FastCGI 1.0
 * protocol nginx uses: BEGIN_REQUEST, PARAMS, STDIN in, STDOUT and END_REQUEST out.
 */

const VERSION = 1;
const BEGIN_REQUEST = 1;
const END_REQUEST = 3;
const PARAMS = 4;
const STDIN = 5;
const STDOUT = 6;

export interface FastcgiResponder {
  readonly port: number;
  /** The params of each request received since the last call, oldest first. */
  takeReceived(): Array<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startFastcgiResponder(port: number): Promise<FastcgiResponder> {
  let received: Array<Record<string, string>> = [];
  const server = createServer((socket) => serve(socket, (params) => received.push(params)));
  await listen(server, port);
  return {
    port,
    takeReceived: () => {
      const taken = received;
      received = [];
      return taken;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function serve(socket: Socket, onRequest: (params: Record<string, string>) => void): void {
  let buffer = Buffer.alloc(0);
  const params = new Map<number, Buffer[]>();
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 8) {
      const type = buffer.readUInt8(1);
      const id = buffer.readUInt16BE(2);
      const length = buffer.readUInt16BE(4);
      const padding = buffer.readUInt8(6);
      if (buffer.length < 8 + length + padding) return;
      const content = buffer.subarray(8, 8 + length);
      buffer = buffer.subarray(8 + length + padding);
      if (type === BEGIN_REQUEST) params.set(id, []);
      else if (type === PARAMS && length > 0) params.get(id)?.push(Buffer.from(content));
      else if (type === STDIN && length === 0) {
        onRequest(decodeParams(Buffer.concat(params.get(id) ?? [])));
        params.delete(id);
        const body = 'Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nok\n';
        socket.end(Buffer.concat([record(STDOUT, id, Buffer.from(body)), record(STDOUT, id, Buffer.alloc(0)), record(END_REQUEST, id, Buffer.alloc(8))]));
      }
    }
  });
}

function record(type: number, id: number, content: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(VERSION, 0);
  header.writeUInt8(type, 1);
  header.writeUInt16BE(id, 2);
  header.writeUInt16BE(content.length, 4);
  return Buffer.concat([header, content]);
}

/** Name-value pairs, each length in one byte, or four with the high bit set. A repeated name keeps its last value, as PHP does. */
function decodeParams(data: Buffer): Record<string, string> {
  const params: Record<string, string> = {};
  let offset = 0;
  const length = (): number => {
    const first = data.readUInt8(offset);
    if (first < 0x80) {
      offset += 1;
      return first;
    }
    const value = data.readUInt32BE(offset) & 0x7fffffff;
    offset += 4;
    return value;
  };
  while (offset < data.length) {
    const nameLength = length();
    const valueLength = length();
    const name = data.toString('utf8', offset, offset + nameLength);
    offset += nameLength;
    params[name] = data.toString('utf8', offset, offset + valueLength);
    offset += valueLength;
  }
  return params;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
