import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveFs } from '../src/fs/live-fs.js';
import { loadUserDb } from '../src/fs/users.js';
import { loadApacheConfig } from '../src/parse/apache/index.js';
import { loadNginxConfig } from '../src/parse/nginx/index.js';
import { createSimulator } from '../src/simulate/index.js';
import { parseRequestUrl } from '../src/simulate/types.js';
import { median } from './lib.js';

/**
 * explain's latency for one request once the configuration is loaded, on a 1,000-server nginx
 * config and a 1,000-vhost Apache config over a real tree (goal: under 50 ms). The baseline
 * beside it is loading that configuration (parse + model), the one-off cost every explain pays
 * at startup, so the ratio says how much a request adds to it.
 */
const SERVERS = 1_000;
const REQUESTS = 200;
const GOAL_MS = 50;

function nginxConfig(): string {
  const servers = Array.from({ length: SERVERS }, (_, i) => `
    server {
        listen 80;
        server_name site${i}.example.org;
        root /srv/site${i};
        index index.html;
        location / { try_files $uri $uri/ =404; }
        location /private/ { deny all; }
        location ~ \\.php$ { return 403; }
    }`).join('\n');
  return `user www-data;\nevents {}\nhttp {\n${servers}\n}\n`;
}

function apacheConfig(): string {
  const vhosts = Array.from({ length: SERVERS }, (_, i) => `
<VirtualHost *:80>
    ServerName site${i}.example.org
    DocumentRoot /srv/site${i}
    <Directory /srv/site${i}>
        Options -Indexes
        Require all granted
    </Directory>
    <Directory /srv/site${i}/private>
        Require all denied
    </Directory>
</VirtualHost>`).join('\n');
  return `User www-data\nGroup www-data\nDirectoryIndex index.html\n<Directory />\n    Require all denied\n</Directory>\n${vhosts}\n`;
}

function buildTree(root: string): void {
  mkdirSync(join(root, 'etc/nginx'), { recursive: true });
  mkdirSync(join(root, 'etc/apache2'), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nwww-data:x:33:\n');
  writeFileSync(join(root, 'etc/nginx/nginx.conf'), nginxConfig());
  writeFileSync(join(root, 'etc/apache2/apache2.conf'), apacheConfig());
  for (let i = 0; i < SERVERS; i++) {
    mkdirSync(join(root, `srv/site${i}/private`), { recursive: true });
    writeFileSync(join(root, `srv/site${i}/index.html`), 'hi\n');
  }
}

function measure(label: string, root: string, load: (fs: LiveFs) => ReturnType<typeof loadNginxConfig>): void {
  const fs = new LiveFs(root);
  const loadStart = performance.now();
  const config = load(fs);
  const simulator = createSimulator(config, { fs, users: loadUserDb(fs).users });
  const loadMs = performance.now() - loadStart;
  const paths = ['/', '/private/x.html', '/missing', '/index.html', '/x.php'];
  const times: number[] = [];
  for (let r = 0; r < REQUESTS; r++) {
    const site = (r * 7919) % SERVERS;
    const request = parseRequestUrl(`http://site${site}.example.org${paths[r % paths.length]}`);
    const start = performance.now();
    simulator.explain(request);
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN;
  const med = median(times);
  console.log(
    `${label}: explain median ${med.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${REQUESTS} requests (goal < ${GOAL_MS} ms: ${p95 < GOAL_MS ? 'meets' : 'misses'}) | load config + model: ${loadMs.toFixed(0)} ms | ratio ${(med / loadMs).toFixed(4)}`,
  );
}

export default async function explainBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'forbidlint-explain-bench-'));
  try {
    buildTree(root);
    measure(`nginx, ${SERVERS} servers`, root, (fs) => loadNginxConfig('/etc/nginx/nginx.conf', { fs }));
    measure(`apache, ${SERVERS} vhosts`, root, (fs) => loadApacheConfig('/etc/apache2/apache2.conf', { fs }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
