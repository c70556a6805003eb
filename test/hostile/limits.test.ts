import { afterAll, describe, expect, it } from 'vitest';
import { parseApache } from '../../src/parse/apache/parser.js';
import { BUILTIN_FORMATS, loadBuiltinFormatter } from '../../src/format/index.js';
import type { Formatter } from '../../src/format/types.js';
import { context } from '../format/results.js';
import { runCli, tempTree } from '../cli/run-cli.js';

/** Inputs sized to break recursion, argument spreads and quadratic loops: each must end, with a diagnostic where one is due. */
const tree = tempTree({
  'nested-locations.conf': `events {}\nhttp {\n  server {\n    listen 80;\n    location / {\n${'location ~ a {\n'.repeat(5000)}${'}\n'.repeat(5000)}    }\n  }\n}\n`,
  'nested-http.conf': `events {}\n${'http {\n'.repeat(5000)}${'}\n'.repeat(5000)}`,
});
afterAll(() => tree.cleanup());

describe('5,000 nested blocks', () => {
  it.each([['nested-locations.conf'], ['nested-http.conf']])('%s: a warning at the 257th level, never a stack overflow', async (file) => {
    const run = await runCli([file, '--no-fs', '-f', 'json'], { cwd: tree.dir });
    expect(run.stderr).toBe('');
    const [result] = JSON.parse(run.stdout) as { messages: { line: number; message: string }[] }[];
    const deep = result?.messages.filter((m) => m.message.includes('nested deeper than 256 levels'));
    expect(deep?.length).toBe(1);
    // The block at depth 256 (the top level is depth 0), whose inner blocks are flattened.
    expect(deep?.[0]?.line).toBe(file === 'nested-locations.conf' ? 259 : 258);
  });

  it('explain reads the nested locations too', async () => {
    const run = await runCli(['explain', 'nested-locations.conf', 'http://localhost/x'], { cwd: tree.dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^GET http:\/\/localhost\/x -> /);
  });
});

describe('an Apache line continued over 200,000 physical lines', () => {
  it('is read in linear time, with positions on its last line', () => {
    const time = (lines: number): number => {
      const text = `ServerName a\\\n${'b\\\n'.repeat(lines)}c\n`;
      const started = performance.now();
      const parsed = parseApache(text, 'long.conf', { kind: 'main' });
      const elapsed = performance.now() - started;
      const [directive] = parsed.nodes;
      expect(directive?.type === 'directive' && directive.loc.endLine).toBe(lines + 2);
      return elapsed;
    };
    // The quadratic position lookup this replaces took about a minute; linear takes well under
    // a second, a few on a machine under load. A ratio between sizes is too noisy to assert.
    expect(time(200_000)).toBeLessThan(15_000);
  });
});

describe('more findings in one file than a call has room for arguments', () => {
  it.each(BUILTIN_FORMATS.map((name) => [name]))('%s formats 200,000 messages of one file', async (name) => {
    const format = (await loadBuiltinFormatter(name)) as Formatter;
    const message = { ruleId: 'fs/world-writable', severity: 2 as const, message: 'world-writable', line: 1, column: 1, endLine: 1, endColumn: 2 };
    const messages = Array.from({ length: 200_000 }, () => message);
    const output = await format([{ filePath: '/work/project/nginx.conf', messages, suppressedMessages: [], errorCount: messages.length, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 }], context());
    expect(output.length).toBeGreaterThan(200_000);
  });
});
