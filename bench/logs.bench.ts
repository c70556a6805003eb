import { chmodSync, createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatComparison, median, repeat, timeCommand, type Sample } from './lib.js';

/**
 * `forbidlint logs` on a 1,000,000-line access log in the combined format with 100,000 403s
 * (goal: under 10 s and 300 MB), beside `grep -c` counting the same 403s, the least any tool
 * reading the log pays. The 403s come from 2,000 distinct requests (50 clients, 40 URLs, as a
 * scanner or a broken page repeats them), so the simulator runs once per distinct request.
 */
const LINES = 1_000_000;
const FORBIDDEN_EVERY = 10;
const GOAL_MS = 10_000;
const GOAL_RSS_MB = 300;

export default async function logsBench(): Promise<void> {
  const dir = ensureSite();
  const log = await ensureLog(dir);
  const bin = new URL('../src/cli/bin.js', import.meta.url).pathname;
  const config = join(dir, 'etc/nginx/nginx.conf');
  const grep = repeat(3, () => sample(timeCommand('grep', ['-c', '" 403 ', log]), [0]));
  for (const format of ['stylish', 'json']) {
    const cpu: number[] = [];
    const ours = repeat(3, () => {
      // The inner GNU time reports the CPU the run used: on a shared machine the wall clock also counts the others' load.
      const run = timeCommand('/usr/bin/time', ['-f', '__cpu=%U %S', process.execPath, bin, 'logs', config, '--root', dir, '--access-log', log, '--format', format]);
      const [user = 0, system = 0] = (/__cpu=([\d.]+) ([\d.]+)/.exec(run.stderr)?.slice(1) ?? []).map(Number);
      cpu.push((user + system) * 1000);
      return sample(run, [0, 1]);
    });
    const name = `logs ${LINES / 1000}k lines, ${LINES / FORBIDDEN_EVERY / 1000}k 403s, --format ${format}`;
    console.log(formatComparison({ name, ours, baselineName: 'grep -c', baseline: grep, goalRssMb: GOAL_RSS_MB }));
    console.log(`${name}: goal < ${GOAL_MS} ms ${ours.ms < GOAL_MS ? 'met' : 'missed'}; CPU (user + sys) median ${median(cpu).toFixed(0)} ms`);
  }
}

function sample(result: ReturnType<typeof timeCommand>, okStatuses: readonly number[]): Sample {
  if (!okStatuses.includes(result.status ?? -1)) throw new Error(`benchmark command failed (${result.status}): ${result.stderr}`);
  return result.maxRssKb === undefined ? { ms: result.ms } : { ms: result.ms, maxRssKb: result.maxRssKb };
}

/** A shop with the usual 403s: an admin area for the office, a directory without an index, an unreadable file. */
function ensureSite(): string {
  const dir = join(tmpdir(), 'forbidlint-bench-logs-site');
  if (existsSync(join(dir, 'etc/nginx/nginx.conf'))) return dir;
  mkdirSync(join(dir, 'etc/nginx'), { recursive: true });
  mkdirSync(join(dir, 'srv/shop/admin'), { recursive: true });
  mkdirSync(join(dir, 'srv/shop/downloads'), { recursive: true });
  mkdirSync(join(dir, 'srv/shop/products'), { recursive: true });
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n');
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nwww-data:x:33:\n');
  writeFileSync(join(dir, 'srv/shop/index.html'), 'home\n');
  writeFileSync(join(dir, 'srv/shop/admin/index.html'), 'admin\n');
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `srv/shop/products/item-${i}.html`), `item ${i}\n`);
  writeFileSync(join(dir, 'srv/shop/report.csv'), 'secret\n');
  chmodSync(join(dir, 'srv/shop/report.csv'), 0o600);
  writeFileSync(
    join(dir, 'etc/nginx/nginx.conf'),
    `user www-data;
events {}
http {
    access_log /var/log/nginx/access.log;
    server {
        listen 80 default_server;
        server_name shop.example.com;
        root /srv/shop;
        location /admin/ {
            allow 10.0.0.0/8;
            deny all;
        }
    }
}
`,
  );
  return dir;
}

/** The live log's name, so the configuration's access_log recognises it; 1 line in 10 is a 403. */
async function ensureLog(dir: string): Promise<string> {
  const file = join(dir, 'access.log');
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const forbidden = ['/admin/', '/admin/users', '/downloads/', '/report.csv'];
  let chunk = '';
  const start = Date.UTC(2026, 11, 1);
  for (let i = 0; i < LINES; i++) {
    const time = clf(start + i * 250);
    const is403 = i % FORBIDDEN_EVERY === 0;
    // The k-th 403 cycles through 50 clients, 4 URLs and 10 queries: 2,000 distinct requests.
    const k = i / FORBIDDEN_EVERY;
    const client = `203.0.113.${is403 ? (k * 3) % 50 : i % 50}`;
    const path = is403 ? `${forbidden[k % forbidden.length]}?page=${Math.floor(k / 200) % 10}` : `/products/item-${i % 20}.html`;
    chunk += `${client} - - [${time}] "GET ${path} HTTP/1.1" ${is403 ? 403 : 200} ${is403 ? 153 : 5120} "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  renameSync(partial, file);
  return file;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clf(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
