import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../../src/parse/nginx/index.js';
import type { Directive } from '../../../src/parse/ast.js';
import { invalidReferer } from '../../../src/simulate/nginx/referer.js';

function line(words: string): Directive {
  const parsed = parseNginx(`valid_referers ${words};\n`, '/etc/nginx/nginx.conf');
  const [node] = parsed.nodes;
  if (node?.type !== 'directive') throw new Error('no directive');
  return node;
}

const NAMES = ['shop.example'];

/**
 * $invalid_referer ("1" or ""): the first six rows, the URI part, the `*.` wildcard, the regex and
 * `blocked` with no scheme are requests the rule's real-nginx test
 * sends (lint-rules/nginx/referer-gate), the rest follow ngx_http_referer_variable's reading of
 * the scheme, host, URI part, wildcards and regexes.
 */
describe('invalidReferer', () => {
  it.each([
    ['none blocked server_names', 'https://www.google.com/search?q=shop', '1'],
    ['none blocked server_names', undefined, ''],
    ['blocked server_names', '', ''],
    ['server_names', undefined, '1'],
    ['server_names', 'http://shop.example/about/', ''],
    ['none blocked server_names *.google.com', 'https://www.google.com/search?q=shop', ''],
    ['server_names', 'http://SHOP.example:8080/x', ''],
    ['blocked server_names', 'XXXXXXXXXXXXXXXX', ''],
    ['none server_names', 'XXXXXXXXXXXXXXXX', '1'],
    ['.example.org', 'https://example.org/', ''],
    ['.example.org', 'https://cdn.example.org/', ''],
    ['*.example.org', 'https://example.org/', '1'],
    ['www.example.*', 'https://www.example.net/', ''],
    ['example.org/galleries/', 'https://example.org/galleries/a.html', ''],
    ['example.org/galleries/', 'https://example.org/other/', '1'],
    ['~\\.google\\.', 'https://www.GOOGLE.de/', ''],
  ] as const)('valid_referers %s; Referer %s -> "%s"', (words, referer, expected) => {
    expect(invalidReferer([line(words)], NAMES, referer)).toBe(expected);
  });
});
