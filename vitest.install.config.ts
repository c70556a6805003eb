import { defineConfig } from 'vitest/config';
import { INSTALL_TESTS } from './vitest.config.js';

/** The installation tests (npm pack, npm install -g git+file://, pre-commit), one file at a time, alone on the machine. */
export default defineConfig({
  test: {
    include: INSTALL_TESTS.map((dir) => `${dir}/*.test.ts`),
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
