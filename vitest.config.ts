import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'lint-rules/**/*.test.ts'],
    // Oracle tests start real nginx/apache2 processes; keep files isolated but bounded.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
