import { isAbsolute, join } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { validationRows } from './corpus.js';
import { CORPUS_DIR } from './shared-dir.js';

/** What went wrong linting one corpus file alone; empty when the lint ran as a user expects. */
export interface SweepProblem {
  file: string;
  problem: string;
}

interface JsonMessage {
  ruleId: string | null;
  message: string;
  line?: number;
  column?: number;
}

/**
 * Lints every corpus file of a dialect the way a user hands it over (`forbidlint FILE`, in-process)
 * and collects what must never happen: an exit code other than 0 or 1, output that is not the
 * report, a stack trace or internal error, a diagnostic without a file and line.
 */
export async function sweepCorpus(dialect: 'nginx' | 'apache'): Promise<{ files: number; problems: SweepProblem[] }> {
  const files = validationRows(dialect).map((row) => row.file);
  const problems: SweepProblem[] = [];
  for (const file of files) {
    const run = await runCli(['--format', 'json', join(CORPUS_DIR, file)], { cwd: CORPUS_DIR });
    const problem = (text: string): void => void problems.push({ file, problem: text });
    if (run.code !== 0 && run.code !== 1) problem(`exit ${run.code}: ${run.stderr.trim()}`);
    for (const line of run.stderr.split('\n').filter((l) => l !== '')) {
      if (!line.startsWith('forbidlint: ') || /internal error|^\s+at /.test(line)) problem(`stderr: ${line}`);
    }
    let results: { filePath: string; messages: JsonMessage[] }[];
    try {
      results = JSON.parse(run.stdout) as typeof results;
    } catch {
      problem(`stdout is not a JSON report: ${run.stdout.slice(0, 200)}`);
      continue;
    }
    for (const result of results) {
      // An `nginx -T` dump's findings name the files the dump names, which need not exist here.
      if (!isAbsolute(result.filePath)) problem(`report names no file: ${result.filePath}`);
      for (const m of result.messages) {
        if (!(Number(m.line) >= 1 && Number(m.column) >= 1)) problem(`no line: ${m.ruleId ?? '(no rule)'} ${m.message}`);
        if (/\n\s+at |\[object Object\]|undefined|NaN/.test(m.message)) problem(`garbled message: ${m.message}`);
      }
    }
  }
  return { files: files.length, problems };
}
