import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The real-server oracles start nginx and apache2 as root, so that their workers drop to the
 * configured web user as in production. Without root or without the servers (a contributor's
 * laptop), those files are left out with a note, and everything else still runs; CI runs as root
 * with both installed by .ci/run.
 */
const ORACLE_TESTS = ['**/*.server.test.ts', 'test/simulate/*/differential.test.ts'];
const oraclesAvailable = process.getuid?.() === 0 && existsSync('/usr/sbin/nginx') && existsSync('/usr/sbin/apache2');
if (!oraclesAvailable) {
  console.warn(`Skipping the real-server tests (${ORACLE_TESTS.join(', ')}): they need root and Debian's nginx and apache2.`);
}

/** Installing the package runs npm and the compiler for a minute or more: `npm test` runs them after the rest (vitest.install.config.ts), not beside timing-sensitive tests. */
export const INSTALL_TESTS = ['test/install/**'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'lint-rules/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...INSTALL_TESTS, ...(oraclesAvailable ? [] : ORACLE_TESTS)],
    // Oracle tests start real nginx/apache2 processes; keep files isolated but bounded.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
