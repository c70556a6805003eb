import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOLVED_OPTIONS, mergeOptions, parseOptions, type OptionsSetting, type ResolvedOptions } from '../../../src/model/apache/index.js';
import { directivesOf } from './parse-config.js';

/** Resolves `Options` lines section by section, outermost first, as httpd merges them. */
function resolve(sections: readonly string[]): ResolvedOptions | string {
  let resolved = DEFAULT_RESOLVED_OPTIONS;
  for (const section of sections) {
    let setting: OptionsSetting | undefined;
    for (const line of directivesOf(section)) {
      const parsed = parseOptions(line, setting);
      if (!parsed.ok) return parsed.message;
      setting = parsed.setting;
    }
    if (setting) resolved = mergeOptions(resolved, setting);
  }
  return resolved;
}

const MIXING = 'Either all Options must start with + or -, or no Option may.';

describe('Options parsing and merging', () => {
  it.each([
    { sections: [], effective: ['FollowSymLinks'] },
    { sections: ['Options Indexes'], effective: ['Indexes'] },
    { sections: ['Options +Indexes'], effective: ['FollowSymLinks', 'Indexes'] },
    { sections: ['Options -FollowSymLinks'], effective: [] },
    { sections: ['Options None'], effective: [] },
    { sections: ['Options All'], effective: ['ExecCGI', 'FollowSymLinks', 'Includes', 'IncludesNOEXEC', 'Indexes'] },
    { sections: ['Options All -Indexes'], effective: ['ExecCGI', 'FollowSymLinks', 'Includes', 'IncludesNOEXEC'] },
    { sections: ['Options None +Indexes'], effective: ['Indexes'] },
    { sections: ['Options Indexes FollowSymLinks', 'Options -Indexes'], effective: ['FollowSymLinks'] },
    { sections: ['Options Indexes FollowSymLinks', 'Options -Indexes', 'Options +Indexes'], effective: ['FollowSymLinks', 'Indexes'] },
    { sections: ['Options +Indexes', 'Options MultiViews'], effective: ['MultiViews'] },
    { sections: ['Options -Indexes', 'Options Indexes', 'Options +SymLinksIfOwnerMatch'], effective: ['Indexes', 'SymLinksIfOwnerMatch'] },
    { sections: ['Options +Indexes\nOptions -FollowSymLinks'], effective: ['Indexes'] },
    { sections: ['Options indexes followsymlinks'], effective: ['FollowSymLinks', 'Indexes'] },
  ])('$sections -> $effective', ({ sections, effective }) => {
    const resolved = resolve(sections);
    expect(typeof resolved === 'string' ? resolved : [...resolved.effective].sort()).toEqual(effective);
  });

  it.each([
    { line: 'Options Indexes +FollowSymLinks', message: MIXING },
    { line: 'Options +Indexes FollowSymLinks', message: MIXING },
    { line: 'Options Bogus', message: 'Illegal option Bogus' },
  ])('$line is refused: $message', ({ line, message }) => {
    expect(resolve([line])).toBe(message);
  });

  it('honours AllowOverride Options=... for names an .htaccess may use', () => {
    const [line] = directivesOf('Options +Indexes +FollowSymLinks');
    const parsed = parseOptions(line!, undefined, new Set(['Indexes']));
    expect(parsed).toEqual({ ok: false, message: 'Option FollowSymLinks not allowed here' });
  });
});
