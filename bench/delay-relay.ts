import { connect } from 'node:net';

/**
 * An ssh ProxyCommand that adds latency: `node delay-relay.js HOST PORT ONE_WAY_MS` connects to
 * HOST:PORT and relays standard input and output, holding each chunk ONE_WAY_MS in each
 * direction (in order), so that a loopback sshd answers like a server a few milliseconds away.
 */
const [host = '127.0.0.1', port = '22', oneWay = '2.5'] = process.argv.slice(2);
const delayMs = Number(oneWay);
const socket = connect(Number(port), host);

/** Writes each chunk `delayMs` after it arrived, never before the one ahead of it. */
function delayed(write: (chunk: Buffer) => void): (chunk: Buffer) => void {
  let last = 0;
  return (chunk) => {
    const due = Math.max(performance.now() + delayMs, last);
    last = due;
    setTimeout(() => write(chunk), due - performance.now());
  };
}

process.stdin.on('data', delayed((chunk) => socket.write(chunk)));
socket.on('data', delayed((chunk) => process.stdout.write(chunk)));
process.stdin.on('end', () => setTimeout(() => socket.end(), delayMs + 1));
socket.on('end', () => setTimeout(() => process.exit(0), delayMs + 1));
socket.on('error', () => process.exit(1));
