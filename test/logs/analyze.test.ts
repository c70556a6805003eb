import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LiveFs } from '../../src/fs/live-fs.js';
import { loadUserDb } from '../../src/fs/users.js';
import { analyzeLog } from '../../src/logs/analyze.js';
import { NGINX_STOCK_FORMATS, compileNginxFormat } from '../../src/logs/format.js';
import { Replayer } from '../../src/logs/replay.js';
import type { EntryReport } from '../../src/logs/report.js';
import { loadNginxConfig } from '../../src/parse/nginx/index.js';
import { createSimulator } from '../../src/simulate/index.js';
import { tempTree } from '../cli/run-cli.js';

const tree = tempTree({
  'etc/nginx/nginx.conf': `user www-data;
events {}
http {
    server {
        listen 80;
        server_name shop.test;
        root /srv/shop;
        location /admin/ {
            deny all;
        }
    }
}
`,
  'etc/passwd': 'www-data:x:33:33::/var/www:/usr/sbin/nologin\n',
  'etc/group': 'www-data:x:33:\n',
  'srv/shop/index.html': 'home\n',
});
afterAll(() => tree.cleanup());

function replayer(): Replayer {
  const fs = new LiveFs(tree.dir);
  const users = loadUserDb(fs).users;
  const simulator = createSimulator(loadNginxConfig('/etc/nginx/nginx.conf', { fs }), { fs, users });
  return new Replayer({ simulator, fs, users });
}

async function* batches(lines: readonly string[]): AsyncGenerator<readonly string[]> {
  for (let i = 0; i < lines.length; i += 3) yield lines.slice(i, i + 3);
}

const line = (client: string, time: string, target: string, status = 403): string => `${client} - - [06/Dec/2026:${time} +0000] "GET ${target} HTTP/1.1" ${status} 1 "-" "-"`;

describe('analyzeLog', () => {
  test('simulates each distinct request once, keeps a few distinct examples, and the earliest and latest times even out of order', async () => {
    const lines = [
      line('203.0.113.1', '01:00:05', '/admin/'),
      line('203.0.113.1', '01:00:04', '/admin/'),
      line('203.0.113.2', '01:00:09', '/admin/'),
      line('203.0.113.1', '01:00:01', '/admin/'),
      line('203.0.113.3', '01:00:06', '/admin/x'),
      line('203.0.113.4', '01:00:07', '/admin/y'),
      line('203.0.113.5', '01:00:08', '/admin/z'),
      line('203.0.113.5', '01:00:08', '/index.html', 200),
    ];
    const replay = replayer();
    const progress: number[] = [];
    const entries: EntryReport[] = [];
    const result = await analyzeLog(batches(lines), {
      format: compileNginxFormat('combined', NGINX_STOCK_FORMATS['combined'] as string),
      writers: [{ names: ['shop.test'], ports: [80] }],
      replayer: replay,
      statuses: new Set([403]),
      fallback: {},
      shownFile: (file) => file,
      onEntry: (entry) => {
        entries.push(entry);
      },
      onProgress: (lineCount, chosen) => progress.push(lineCount, chosen),
      progressEvery: 3,
    });
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(replay.distinctRequests).toBe(5);
    expect(progress).toEqual([3, 2, 6, 5]);
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]).toMatchObject({
      explanation: 'explained',
      predicted: { status: 403, cause: 'forbidden-by-rule' },
      decidedBy: { file: '/etc/nginx/nginx.conf', line: 9 },
      count: 7,
      firstTime: '2026-12-06T01:00:01.000Z',
      lastTime: '2026-12-06T01:00:09.000Z',
    });
    expect(result.groups[0]?.examples.map((e) => [e.line, e.clientIp, e.path])).toEqual([
      [1, '203.0.113.1', '/admin/'],
      [3, '203.0.113.2', '/admin/'],
      [5, '203.0.113.3', '/admin/x'],
    ]);
    expect(result.counts).toMatchObject({ lines: 8, chosen: 7, explained: 7, badLines: 0 });
  });

  test('without a host in the line, the log, or --host, the default server answers and the entry says the host is unknown', async () => {
    const entries: EntryReport[] = [];
    const result = await analyzeLog(batches([line('203.0.113.1', '01:00:05', '/admin/')]), {
      format: compileNginxFormat('combined', NGINX_STOCK_FORMATS['combined'] as string),
      writers: [],
      replayer: replayer(),
      statuses: new Set([403]),
      fallback: {},
      shownFile: (file) => file,
      onEntry: (entry) => {
        entries.push(entry);
      },
    });
    expect(result.counts.withoutHost).toBe(1);
    expect(entries[0]).toMatchObject({ host: null, explanation: 'explained', predicted: { cause: 'forbidden-by-rule' } });
  });
});
