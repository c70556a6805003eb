import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/** `forbidlint explain` says what it guessed, in JSON (`uncertain`) and at the end of the story. */

let dir = '';
let config = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'forbidlint-explain-uncertain-'));
  config = join(dir, 'nginx.conf');
  writeFileSync(config, ['http {', '    server {', '        listen 80;', '        location /app/ { proxy_pass http://127.0.0.1:3000; }', '    }', '}', ''].join('\n'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, readStdin: async () => '', cwd: dir, env: {} });
  return { code, stdout, stderr };
}

describe('forbidlint explain: what was guessed', () => {
  it('lists it under "uncertain" in JSON', async () => {
    const { code, stdout, stderr } = await run(['explain', config, 'http://localhost/app/x', '--web-user', 'root', '--format', 'json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ status: 200, uncertain: ["the back end's own answer is not modelled: proxy_pass is taken to answer 200"] });
  });

  it('ends the story with it', async () => {
    const { stdout } = await run(['explain', config, 'http://localhost/app/x', '--web-user', 'root']);
    expect(stdout).toMatch(/\nuncertain \(guessed, not modelled\):\n {2}- the back end's own answer is not modelled: proxy_pass is taken to answer 200\n$/);
  });

  it('leaves it out when nothing was guessed', async () => {
    const { stdout } = await run(['explain', config, 'http://localhost/none', '--web-user', 'root', '--format', 'json']);
    expect(JSON.parse(stdout)).not.toHaveProperty('uncertain');
  });
});
