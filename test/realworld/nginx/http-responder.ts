import { createServer } from 'node:http';

/** An HTTP back end on loopback (a Rails, Node or Grafana app behind proxy_pass): answers 200 and keeps the request paths it got. */
export interface HttpResponder {
  takeReceived(): string[];
  stop(): Promise<void>;
}

export async function startHttpResponder(port: number): Promise<HttpResponder> {
  let received: string[] = [];
  const server = createServer((req, res) => {
    received.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    takeReceived: () => {
      const taken = received;
      received = [];
      return taken;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
