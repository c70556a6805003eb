import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../../src/parse/nginx/index.js';
import type { DirectiveMemos } from '../../../src/parse/nginx/index.js';

/** Characters of text the memos of a parse keep, nested blocks included. */
function keptText(memos: DirectiveMemos): number {
  let total = 0;
  const stack = [memos];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    for (const memo of next.values()) {
      total += memo.source?.length ?? 0;
      if (memo.body) stack.push(memo.body);
    }
  }
  return total;
}

describe('the parse cache of an editor buffer', () => {
  it('keeps memory linear in the text: deeply nested blocks stop copying their text past a budget', () => {
    const sizes = [2_000, 8_000].map((depth) => {
      const text = `http {\n  server {\n${'location /a {\n'.repeat(depth)}${'}\n'.repeat(depth)}  }\n}\n`;
      const parsed = parseNginx(text, '/etc/nginx/nginx.conf', { reuse: { earlier: undefined } });
      expect(parsed.diagnostics).toEqual([]);
      return { text: text.length, kept: keptText(parsed.memos as DirectiveMemos) };
    });
    for (const { text, kept } of sizes) expect(kept).toBeLessThanOrEqual(9 * text);
    // Without the budget the innermost 8,000 blocks alone would keep over 400 MB of copies.
    expect(sizes[1]?.kept).toBeLessThan(5 * (sizes[0]?.kept ?? 0));
  });

  it('still hands back a block an edit did not touch', () => {
    const shallow = 'http {\n  server {\n    location / {\n      root /srv;\n    }\n  }\n}\n';
    const first = parseNginx(shallow, '/etc/nginx/nginx.conf', { reuse: { earlier: undefined } });
    const second = parseNginx(`${shallow}# edit\n`, '/etc/nginx/nginx.conf', { reuse: { earlier: { memos: first.memos as DirectiveMemos, text: first.text } } });
    expect(second.nodes[0]).toBe(first.nodes[0]);
  });
});
