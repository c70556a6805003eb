import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The validator's table is generated from NGINX's directive database; when the database changes
 * (a dependency upgrade), this fails until it is generated again:
 *   node scripts/generate-directive-arity.mjs > src/validate/nginx/directive-arity.ts
 */
const REPO = join(import.meta.dirname, '../..');

interface Arity {
  min: number;
  max: number;
  flag: boolean;
}
const { arityOfSyntax } = (await import(join(REPO, 'scripts/directive-syntax.mjs') as string)) as { arityOfSyntax(lines: string[]): Arity };
const code = (text: string): string => `<p>${text.replace(/(\w[\w.$=:]*)/g, '<code>$1</code>')}</p>\n`;

describe('the generated nginx argument table', () => {
  it('holds exactly what the generator makes of @nginx/reference-lib', () => {
    const generated = execFileSync(process.execPath, [join(REPO, 'scripts/generate-directive-arity.mjs')], { encoding: 'utf8' });
    expect(readFileSync(join(REPO, 'src/validate/nginx/directive-arity.ts'), 'utf8')).toBe(generated);
  });
});

describe('argument counts read from documented syntax', () => {
  it.each([
    { syntax: ['path'], arity: { min: 1, max: 1, flag: false } },
    { syntax: ['on | off'], arity: { min: 1, max: 1, flag: true } },
    { syntax: ['[ = | ~ | ~* | ^~ ] uri {...}', '@name {...}'], arity: { min: 1, max: 2, flag: false } },
    { syntax: ['file &hellip; uri', 'file &hellip; =code'], arity: { min: 2, max: -1, flag: false } },
    { syntax: ['code &hellip; [=[response]] uri'], arity: { min: 2, max: -1, flag: false } },
    { syntax: ['address[:port] [default_server]'], arity: { min: 1, max: 2, flag: false } },
    { syntax: ['[protocol://]address'], arity: { min: 1, max: 1, flag: false } },
    { syntax: ['address [transparent] | off'], arity: { min: 1, max: 2, flag: false } },
    { syntax: ['address [parameters]'], arity: { min: 1, max: -1, flag: false } },
    { syntax: ['(condition) {...}'], arity: { min: 1, max: -1, flag: false } },
    { syntax: ['[SSLv2] [SSLv3] [TLSv1] [TLSv1.1]'], arity: { min: 0, max: -1, flag: false } },
    { syntax: [''], arity: { min: 0, max: 0, flag: false } },
  ])('$syntax.0', ({ syntax, arity }) => {
    expect(arityOfSyntax(syntax.map(code))).toEqual(arity);
  });
});
