import { describe, expect, it } from 'vitest';
import { configWith, lintParsed, parsedFile } from './lint-text.js';
import { flagDirective } from './example-rules.js';
import { createRule, NO_OPTIONS_SCHEMA } from '../../src/engine/rule.js';

const otherRule = createRule({
  meta: { id: 'test/other', type: 'problem', docs: { description: 'never reports' }, messages: { m: 'm' }, schema: NO_OPTIONS_SCHEMA, defaultSeverity: 'error' },
  defaultOptions: {},
  create: () => ({}),
});
const config = configWith([flagDirective, otherRule], { 'test/flag-directive': { severity: 2 } });

async function lint(dialect: 'nginx' | 'apache', text: string, reportUnused: 0 | 1 | 2 = 0) {
  const outcome = await lintParsed(parsedFile(dialect, text), config, { reportUnused });
  return {
    reported: outcome.findings.map((f) => `${f.loc.line}:${f.loc.column} ${f.ruleId ?? '-'} ${f.severity} ${f.message}`),
    suppressed: outcome.suppressed.map((s) => `${s.finding.loc.line} ${s.justification}`),
  };
}

describe('disable comments (nginx)', () => {
  it.each([
    {
      name: 'disable-line silences its own line only',
      text: 'autoindex on; # forbidlint-disable-line\nautoindex on;\n',
      reported: ['2:1 test/flag-directive 2 autoindex found'],
      suppressed: ['1 '],
    },
    {
      name: 'disable-next-line with a rule id and a justification',
      text: '# forbidlint-disable-next-line test/flag-directive -- listings are wanted here\nautoindex on;\nautoindex on;\n',
      reported: ['3:1 test/flag-directive 2 autoindex found'],
      suppressed: ['2 listings are wanted here'],
    },
    {
      name: 'a disable comment naming another rule silences nothing',
      text: '# forbidlint-disable-next-line test/other\nautoindex on;\n',
      reported: ['2:1 test/flag-directive 2 autoindex found'],
      suppressed: [],
    },
    {
      name: 'a disable comment naming an unknown rule is reported, since it can only be a typo',
      text: '# forbidlint-disable-next-line test/flag-directiv\nautoindex on;\n',
      reported: ['2:1 test/flag-directive 2 autoindex found', '1:1 - 1 forbidlint-disable-next-line names "test/flag-directiv", which is not a known rule'],
      suppressed: [],
    },
    {
      name: 'disable/enable blocks, rule ids separated by commas',
      text: 'autoindex on;\n# forbidlint-disable test/other, test/flag-directive\nautoindex on;\nautoindex on;\n# forbidlint-enable\nautoindex on;\n',
      reported: ['1:1 test/flag-directive 2 autoindex found', '6:1 test/flag-directive 2 autoindex found'],
      suppressed: ['3 ', '4 '],
    },
    {
      name: 'disable without enable runs to the end of the file, inside blocks too',
      text: 'http {\n  # forbidlint-disable\n  server {\n    autoindex on;\n  }\n}\n',
      reported: [],
      suppressed: ['4 '],
    },
    {
      name: 'enabling one rule ends only its part of a disable-all block',
      text: '# forbidlint-disable\n# forbidlint-enable test/flag-directive\nautoindex on;\n',
      reported: ['3:1 test/flag-directive 2 autoindex found'],
      suppressed: [],
    },
  ])('$name', async ({ text, reported, suppressed }) => {
    expect(await lint('nginx', text)).toEqual({ reported, suppressed });
  });

  it('reports unused directives at their comment when asked, and not otherwise', async () => {
    const text = 'autoindex on; # forbidlint-disable-line\n# forbidlint-disable-next-line test/flag-directive\nlisten 80;\n# forbidlint-disable\n';
    expect((await lint('nginx', text)).reported).toEqual([]);
    expect((await lint('nginx', text, 2)).reported).toEqual([
      "2:1 - 2 Unused forbidlint-disable-next-line directive (no problems were reported from 'test/flag-directive').",
      '4:1 - 2 Unused forbidlint-disable directive (no problems were reported).',
    ]);
  });

  it('never silences a parse error, which stays fatal at its exact position', async () => {
    const outcome = await lintParsed(parsedFile('nginx', '# forbidlint-disable\nhttp {\n  autoindex on;\n'), config);
    expect(outcome.findings.map((f) => ({ ruleId: f.ruleId, fatal: f.fatal, severity: f.severity, line: f.loc.line, column: f.loc.column }))).toEqual([
      { ruleId: null, fatal: true, severity: 2, line: 4, column: 1 },
    ]);
    expect(outcome.suppressed).toHaveLength(1);
  });
});

describe('disable comments (Apache)', () => {
  it('disable-next-line works; disable-line is refused because httpd allows no trailing comment', async () => {
    const text = '# forbidlint-disable-next-line test/flag-directive\nAutoIndex on\n# forbidlint-disable-line\nAutoIndex on\n';
    const apacheConfig = configWith([flagDirective], { 'test/flag-directive': { severity: 2, options: { name: 'AutoIndex' } } });
    const outcome = await lintParsed(parsedFile('apache', text), apacheConfig);
    expect(outcome.findings.map((f) => `${f.loc.line} ${f.ruleId ?? '-'} ${f.severity}`)).toEqual(['4 test/flag-directive 2', '3 - 1']);
    expect(outcome.findings[1]?.message).toMatch(/no effect in Apache files/);
    expect(outcome.suppressed.map((s) => s.finding.loc.line)).toEqual([2]);
  });
});
