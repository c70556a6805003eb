import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifyFile } from '../../src/session/detect-dialect.js';

/** The hook's patterns, read as pre-commit reads them (Python `re.search` on the repository path). */
const [hook] = parse(readFileSync(path.resolve(import.meta.dirname, '../../.pre-commit-hooks.yaml'), 'utf8')) as { files: string; exclude: string }[];
const passed = (file: string) => new RegExp(hook?.files ?? '$^').test(file) && !new RegExp(hook?.exclude ?? '$^').test(file);

describe('the pre-commit hook', () => {
  it.each([
    'etc/nginx/nginx.conf',
    'etc/nginx/sites-enabled/shop',
    'etc/apache2/sites-available/blog.conf',
    'deploy/nginx/app.conf',
    'public/.htaccess',
    'etc/httpd/conf.d/ssl.conf',
  ])('passes %s, which forbidlint lints', (file) => {
    expect(passed(file)).toBe(true);
    expect(classifyFile(file, 'server {\n}\n')).toHaveProperty('dialect');
  });

  it.each([
    'config/redis.conf',
    'docker/supervisord.conf',
    'etc/supervisor/conf.d/worker.conf',
    'etc/php/8.2/fpm/pool.d/www.conf',
    'docker/php-fpm.d/www.conf',
    'etc/php/8.2/fpm/php-fpm.conf',
    'etc/mysql/conf.d/mysqld.conf',
    'etc/systemd/system/app.service.d/override.conf',
  ])('leaves out %s, which forbidlint skips by its name or path', (file) => {
    expect(passed(file)).toBe(false);
    expect(classifyFile(file, 'server {\n}\n')).toHaveProperty('skip');
  });
});
