import type { EntryReport, LogsReport } from './report.js';

/**
 * Entries are written as they are examined, so a large log's report needs no memory per entry;
 * they go out in blocks, as one write per entry costs more than building it, and a block waits
 * for a slow reader to drain the last one (Node buffers writes to a pipe without limit).
 */
export function jsonStream(stdout: { write(text: string): unknown }): { entry: (entry: EntryReport) => Promise<void> | undefined; end: (report: LogsReport) => void } {
  let count = 0;
  let block = '{\n  "entries": [';
  return {
    entry(entry) {
      block += `${count++ === 0 ? '\n' : ',\n'}    ${JSON.stringify(entry)}`;
      if (block.length < 1 << 16) return undefined;
      const flowing = stdout.write(block);
      block = '';
      return flowing === false && canDrain(stdout) ? new Promise((resolve) => stdout.once('drain', () => resolve())) : undefined;
    },
    end(report) {
      const indent = (value: unknown): string => JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
      stdout.write(`${block}${count > 0 ? '\n  ' : ''}],\n  "groups": ${indent(report.groups)},\n  "summary": ${indent(report.summary)}\n}\n`);
    },
  };
}

function canDrain(stream: object): stream is { once(event: 'drain', listener: () => void): unknown } {
  return typeof (stream as { once?: unknown }).once === 'function';
}
