import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeCommand, type Sample } from './lib.js';
import { fillTree } from './walk.bench.js';

/**
 * A fleet of four servers in one `.forbidlintrc` (`servers`, each with its own root and a
 * 50k-entry document root), linted with --jobs 4 against the slowest of the four linted alone
 * (goal: within 1.3x), and against --jobs 1, which lints them one after another. Medians of
 * the same run. --jobs 4 runs four lints at once, on as many cores as the machine has: past the
 * cores, the four share them, so on 2 cores the best --jobs 4 can do is about half of --jobs 1
 * (each server's own walk already takes a helper thread), not a quarter.
 */
const SERVERS = 4;
const ENTRIES = 50_000;
const RUNS = 3;

const bin = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));

export default async function fleetBench(): Promise<void> {
  const dir = join(tmpdir(), 'forbidlint-bench-fleet');
  const names = Array.from({ length: SERVERS }, (_, i) => `web${i + 1}`);
  for (const name of names) {
    const root = join(dir, name);
    mkdirSync(join(root, 'etc/nginx'), { recursive: true });
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n');
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nwww-data:x:33:\n');
    writeFileSync(join(root, 'etc/nginx/nginx.conf'), 'user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        root /var/www/html;\n    }\n}\n');
    fillTree(join(root, 'var/www/html'), ENTRIES);
  }
  writeFileSync(join(dir, '.forbidlintrc.json'), JSON.stringify({ extends: 'forbidlint:recommended', servers: names.map((name) => ({ config: `${name}/etc/nginx/nginx.conf`, root: name })) }));

  const lint = (args: string[]): Sample => sample(timeCommand(process.execPath, [bin, '-f', 'json', '-o', join(dir, 'out.json'), '--quiet', ...args], { cwd: dir }));
  lint(['--jobs', '1']); // warms the page cache for every tree
  // Interleaved, so a change of the machine's load falls on every variant alike.
  const alone: Sample[][] = names.map(() => []);
  const four: Sample[] = [];
  const one: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    names.forEach((name, i) => alone[i]?.push(lint(['--root', name, `${name}/etc/nginx/nginx.conf`])));
    four.push(lint(['--jobs', '4']));
    one.push(lint(['--jobs', '1']));
  }
  const aloneMs = alone.map((samples) => median(samples.map((s) => s.ms)));
  const slowest = Math.max(...aloneMs);
  const fourMs = median(four.map((s) => s.ms));
  const oneMs = median(one.map((s) => s.ms));
  const ratio = fourMs / slowest;
  const cpu = (samples: readonly Sample[]): string => (samples.every((s) => s.cpuMs !== undefined) ? `, CPU ${median(samples.map((s) => s.cpuMs as number)).toFixed(0)} ms` : '');
  console.log(`fleet of ${SERVERS} servers, ${ENTRIES / 1000}k entries each, ${availableParallelism()} cores:`);
  console.log(`  each alone: medians ${aloneMs.map((ms) => ms.toFixed(0)).join(', ')} ms (slowest ${slowest.toFixed(0)} ms)${cpu(alone.flat())}`);
  console.log(`  --jobs 4: median ${fourMs.toFixed(0)} ms${cpu(four)} | ratio to the slowest alone ${ratio.toFixed(2)} (${ratio <= 1.3 ? 'meets' : 'misses'} goal <= 1.3)`);
  console.log(`  --jobs 1: median ${oneMs.toFixed(0)} ms${cpu(one)} | --jobs 4 / --jobs 1 ${(fourMs / oneMs).toFixed(2)} (floor on this machine ~${Math.max(1 / SERVERS, 1 / availableParallelism()).toFixed(2)})`);
}

function sample(result: ReturnType<typeof timeCommand>): Sample {
  // 1: findings at error level (the generated trees have some).
  if (result.status !== 0 && result.status !== 1) throw new Error(`benchmark command failed: ${result.stderr}`);
  const { ms, maxRssKb, cpuMs } = result;
  return { ms, ...(maxRssKb === undefined ? {} : { maxRssKb }), ...(cpuMs === undefined ? {} : { cpuMs }) };
}
