import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readEnvvars } from '../../../src/parse/apache/index.js';
import { CORPUS_DIR } from '../../helpers/shared-dir.js';

/** What a real POSIX shell exports after running `script` in an empty environment. */
function shellExports(script: string): Record<string, string> {
  const result = spawnSync('sh', ['-c', `${script}\nenv`], { env: {}, cwd: '/', encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const exported = Object.fromEntries(
    result.stdout
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  // Variables the shell itself exports, not the script.
  delete exported.PWD;
  delete exported.SHLVL;
  delete exported._;
  return exported;
}

const ENVVARS_FILES = [
  `${CORPUS_DIR}/apache/debian/envvars`,
  `${CORPUS_DIR}/apache/certbot-testdata/debian_apache_2_4/default_vhost/apache2/envvars`,
  `${CORPUS_DIR}/apache/certbot-testdata/debian_apache_2_4/augeas_vhosts/apache2/envvars`,
];

describe('readEnvvars', () => {
  test("Debian's envvars: the exported values apache2ctl hands httpd", () => {
    expect(readEnvvars(readFileSync(`${CORPUS_DIR}/apache/debian/envvars`, 'utf8'))).toEqual({
      APACHE_LOCK_DIR: '/var/lock/apache2',
      APACHE_LOG_DIR: '/var/log/apache2',
      APACHE_PID_FILE: '/var/run/apache2/apache2.pid',
      APACHE_RUN_DIR: '/var/run/apache2',
      APACHE_RUN_GROUP: 'www-data',
      APACHE_RUN_USER: 'www-data',
      LANG: 'C',
    });
  });

  test.each(ENVVARS_FILES)('%s: the same as sourcing it in sh', (file) => {
    const script = readFileSync(file, 'utf8');
    expect(readEnvvars(script)).toEqual(shellExports(script));
  });

  test.each([
    // script, exported environment (each also checked against sh below)
    ['export A=1', { A: '1' }],
    ['A=1', {}],
    ['A=1\nexport A', { A: '1' }],
    ['export A=1 B=2', { A: '1', B: '2' }],
    ['export A="x y" B=\'$A\'', { A: 'x y', B: '$A' }],
    ['P=/srv\nexport D="$P/www" E=${P}/log', { D: '/srv/www', E: '/srv/log' }],
    [': ${U:=www-data}\nexport U', { U: 'www-data' }],
    ['U=admin\n: ${U:=www-data}\nexport U', { U: 'admin' }],
    ['export G=${NOPE:-fallback}', { G: 'fallback' }],
    ['C=/etc/apache2-two\nexport S=${C##/etc/apache2-}', { S: 'two' }],
    ['export A=1\nunset A', {}],
    ['export A=1 # note', { A: '1' }],
    ['if [ "a" = "a" ] ; then\n  export T=yes\nelse\n  export T=no\nfi', { T: 'yes' }],
    ['if [ "a" != "a" ]; then\nexport T=yes\nelif [ x = x ]; then\nexport T=elif\nelse\nexport T=no\nfi', { T: 'elif' }],
    ['if [ a = b ]; then\nif [ c = c ]; then\nexport T=inner\nfi\nfi', {}],
    ['export __proto__=x', JSON.parse('{"__proto__":"x"}') as Record<string, string>],
  ])('%j', (script, expected) => {
    expect(readEnvvars(script)).toEqual(expected);
    expect(shellExports(script)).toEqual(expected);
  });

  test('commands it cannot run, like sourcing another file, are skipped', () => {
    expect(readEnvvars('. /etc/default/locale\nexport A=1')).toEqual({ A: '1' });
  });
});
