import { describe, expect, it } from 'vitest';
import { parseApache } from '../../src/parse/apache/index.js';
import type { Directive } from '../../src/parse/ast.js';
import { patternQuestions, patternsOf } from '../../src/probe/patterns.js';

function directives(text: string): Directive[] {
  return parseApache(text, '/srv/www/.htaccess', { kind: 'htaccess' }).nodes.filter((n): n is Directive => n.type === 'directive');
}

const scope = { dir: '/srv/www', url: '/' };

describe('patternQuestions', () => {
  it('asks a bounded share of the files a pattern matches, spread over directories, and stops reading once every pattern has it', () => {
    const patterns = patternsOf(directives('<FilesMatch "\\.php$">\n    Require all denied\n</FilesMatch>\n'), '/srv/www');
    let read = 0;
    function* files(): Generator<string> {
      for (let d = 0; d < 1000; d++) for (let f = 0; f < 10; f++) (read++, yield `/srv/www/d${d}/f${f}.php`);
    }
    const questions = patternQuestions(scope, patterns, files());
    expect(questions.map((q) => q.path)).toEqual(['/d0/f0.php', '/d0/f1.php', '/d1/f0.php', '/d1/f1.php', '/d2/f0.php', '/d2/f1.php', '/d3/f0.php', '/d3/f1.php']);
    expect(read).toBeLessThan(50);
  });

  it('matches a per-directory RewriteRule against the path below the directory, and carries the query its conditions ask for once', () => {
    const patterns = patternsOf(directives('RewriteEngine On\nRewriteCond %{QUERY_STRING} base64_encode[^(]*\\([^)]*\\) [OR]\nRewriteCond %{QUERY_STRING} GLOBALS(=|\\[) \nRewriteRule .* index.php [F]\nRewriteRule ^(vendor|bin)/ - [F]\n'), '/srv/www');
    const questions = patternQuestions(scope, patterns, ['/srv/www/index.php', '/srv/www/vendor/autoload.php', '/srv/www/public/vendor/x.js']);
    expect(questions.map((q) => [q.path, q.scope.loc.line])).toEqual([
      ['/?GLOBALS=', 4],
      ['/vendor/autoload.php', 5],
    ]);
  });

  it('spells names for a pattern nothing walked matches, unless the scope asks for walked files only', () => {
    const patterns = patternsOf(directives('<Files ~ "^(README|VERSION)$">\n    Require all denied\n</Files>\n'), '/srv/www');
    expect(patternQuestions(scope, patterns, []).map((q) => q.path)).toEqual(['/README', '/VERSION']);
    expect(patternQuestions({ ...scope, spell: false }, patterns, [])).toEqual([]);
  });
});
