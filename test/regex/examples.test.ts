import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { configRegex } from '../../src/regex/config-regex.js';
import { regexExamples } from '../../src/regex/examples.js';

describe('regexExamples', () => {
  it('spells a query-string guard as a request would carry it', () => {
    expect(regexExamples(configRegex('GLOBALS(=|\\[|\\%[0-9A-Z]{0,2})'), 8)).toEqual(['GLOBALS=', 'GLOBALS[', 'GLOBALS%']);
  });

  it('visits every alternative of the widest group, as names rather than hidden files', () => {
    const drupal = configRegex('\\.(engine|inc|install|make|module|profile|po|sh|.*sql|theme|twig|tpl(\\.php)?|xtmpl|yml)(~|\\.sw[op]|\\.bak|\\.orig|\\.save)?$|^(\\..*|Entries.*|Repository|Root|Tag|Template)$|^#.*#$|\\.php(~|\\.sw[op]|\\.bak|\\.orig|\\.save)$');
    const examples = regexExamples(drupal, 20, 'x');
    expect(examples.slice(0, 4)).toEqual(['x.engine', '.x', '#x#', 'x.php~']);
    expect(examples).toContain('x.module');
    expect(examples).toContain('x.yml');
  });

  it('picks a character a negated class admits and skips an end anchor that would cut the string', () => {
    expect(regexExamples(configRegex('\\.[^\\\\/:*?\\x22<>|%]+(#|\\?|$)', 'i'), 8, 'x')).toEqual(['x.x#', 'x.x?', 'x.x']);
    expect(regexExamples(configRegex('^(.+/.*|autoload)\\.php($|/)'), 8)).toEqual(['x/x.php', 'autoload.php', 'x/x.php/']);
  });

  it('gives nothing for a back-reference it cannot spell, and never a string the pattern refuses', () => {
    expect(regexExamples(configRegex('^(a)\\1$'))).toEqual([]);
    expect(regexExamples(configRegex('^a(?!b)b'))).toEqual([]);
  });

  it('spells a pattern of thousands of alternatives in bounded time', () => {
    const wide = configRegex(`^(${Array.from({ length: 5000 }, (_, i) => `name${i}`).join('|')})\\.txt$`);
    const started = performance.now();
    expect(regexExamples(wide, 3)).toEqual(['name0.txt', 'name1.txt', 'name2.txt']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives nothing, rather than failing, for a pattern nested deeper than the stack allows', () => {
    const deep = '('.repeat(20000) + 'a' + ')'.repeat(20000);
    expect(regexExamples({ source: deep, test: () => true } as unknown as RegExp)).toEqual([]);
  });

  it('every example matches its pattern (property)', () => {
    const atom = fc.constantFrom('a', 'b', '\\.', '[a-c]', '[^/]', '.', '\\d', 'x');
    const quantified = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{2}', '{0,3}')).map(([a, q]) => a + q);
    const branch = fc.array(quantified, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const pattern = fc.tuple(fc.boolean(), fc.array(branch, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([start, branches, end]) => `${start ? '^' : ''}(${branches.join('|')})${end ? '$' : ''}`);
    fc.assert(
      fc.property(pattern, (source) => {
        const regex = configRegex(source);
        const examples = regexExamples(regex, 8, 'x');
        expect(examples.length).toBeGreaterThan(0);
        for (const example of examples) expect(regex.test(example)).toBe(true);
      }),
    );
  });
});
