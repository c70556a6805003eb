import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared test data beside the checkout (`../shared`): the corpus of real-world configs and
 * crossplane's trees of its nginx files. FORBIDLINT_SHARED points elsewhere when it lives apart.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SHARED_DIR = process.env['FORBIDLINT_SHARED'] ?? path.resolve(repoRoot, '../shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');
export const CROSSPLANE_DIR = path.join(SHARED_DIR, 'corpus-crossplane');
