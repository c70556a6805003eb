import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Shared measuring helpers: medians over repeated runs, peak RSS of child processes, ratios. */

export interface Sample {
  ms: number;
  /** Peak resident set size in KiB, when the platform tells. */
  maxRssKb?: number;
  /** User plus system CPU time of a child, when GNU time tells: steadier than wall time on a loaded machine. */
  cpuMs?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs a command to completion and measures wall time and, via GNU time when installed, peak RSS. */
export function timeCommand(command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): Sample & { status: number | null; stdout: string; stderr: string } {
  const gnuTime = existsSync('/usr/bin/time');
  const argv = gnuTime ? ['-f', '__maxrss=%M __cpu=%U+%S', command, ...args] : [...args];
  const start = process.hrtime.bigint();
  const result = spawnSync(gnuTime ? '/usr/bin/time' : command, argv, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const match = /__maxrss=(\d+) __cpu=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? '');
  return {
    ms,
    ...(match ? { maxRssKb: Number(match[1]), cpuMs: (Number(match[2]) + Number(match[3])) * 1000 } : {}),
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '').replace(/__maxrss=\d+ __cpu=\S+\n?/, ''),
  };
}

/** Repeats a measurement and keeps the median time and the largest peak RSS. */
export function repeat(runs: number, measure: () => Sample): Sample {
  const samples = Array.from({ length: runs }, measure);
  const rss = samples.map((s) => s.maxRssKb).filter((v): v is number => v !== undefined);
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== undefined);
  return { ms: median(samples.map((s) => s.ms)), ...(rss.length ? { maxRssKb: Math.max(...rss) } : {}), ...(cpu.length === samples.length ? { cpuMs: median(cpu) } : {}) };
}

export interface Comparison {
  name: string;
  ours: Sample;
  baselineName: string;
  baseline: Sample;
  /** Goal on ours/baseline, e.g. 1.0 for "at least as fast". */
  goalRatio?: number;
  /** Goal on peak RSS in MiB. */
  goalRssMb?: number;
}

export function formatComparison(c: Comparison): string {
  const ratio = c.ours.ms / c.baseline.ms;
  const rss = c.ours.maxRssKb !== undefined ? `${(c.ours.maxRssKb / 1024).toFixed(0)} MiB` : 'n/a';
  const goals = [
    c.goalRatio !== undefined ? `ratio ${ratio <= c.goalRatio ? 'meets' : 'misses'} goal <= ${c.goalRatio}` : '',
    c.goalRssMb !== undefined && c.ours.maxRssKb !== undefined
      ? `rss ${c.ours.maxRssKb / 1024 <= c.goalRssMb ? 'meets' : 'misses'} goal <= ${c.goalRssMb} MiB`
      : '',
  ].filter(Boolean);
  return `${c.name}: median ${c.ours.ms.toFixed(1)} ms, peak ${rss} | ${c.baselineName}: median ${c.baseline.ms.toFixed(1)} ms | ratio ${ratio.toFixed(2)}${goals.length ? ` (${goals.join(', ')})` : ''}`;
}
