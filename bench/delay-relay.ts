import { connect } from 'node:net';

/**
 * An ssh ProxyCommand that adds latency: `node delay-relay.js HOST PORT ONE_WAY_MS` connects to
 * HOST:PORT and relays standard input and output, holding each chunk ONE_WAY_MS in each
 * direction (in order), so that a loopback sshd answers like a server a few milliseconds away.
 */
const [host = '127.0.0.1', port = '22', oneWay = '2.5'] = process.argv.slice(2);
const delayMs = Number(oneWay);
const socket = connect(Number(port), host);

/**
 * Writes each chunk `delayMs` after it arrived, strictly in arrival order: one queue drained by
 * one timer. A timer per chunk does not keep that order, since Node files timers by whole
 * milliseconds of delay, so a later chunk with a shorter rounded delay could overtake an
 * earlier one; ssh then reads a corrupted stream and drops the link (sshfs answered EIO).
 */
function delayed(write: (chunk: Buffer) => void): (chunk: Buffer) => void {
  const queue: { due: number; chunk: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const drain = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && (queue[0] as { due: number }).due <= now) write((queue.shift() as { chunk: Buffer }).chunk);
    if (queue.length > 0) timer = setTimeout(drain, Math.max(0, (queue[0] as { due: number }).due - now));
  };
  return (chunk) => {
    queue.push({ due: performance.now() + delayMs, chunk });
    timer ??= setTimeout(drain, delayMs);
  };
}

process.stdin.on('data', delayed((chunk) => socket.write(chunk)));
socket.on('data', delayed((chunk) => process.stdout.write(chunk)));
process.stdin.on('end', () => setTimeout(() => socket.end(), delayMs + 1));
socket.on('end', () => setTimeout(() => process.exit(0), delayMs + 1));
socket.on('error', () => process.exit(1));
