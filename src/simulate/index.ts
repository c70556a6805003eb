import type { ParsedConfig } from '../parse/ast.js';
import type { FsView, UserDb } from '../fs/types.js';
import { buildApacheModel } from '../model/apache/index.js';
import { buildNginxModel } from '../model/nginx/index.js';
import { createApacheSimulator } from './apache/index.js';
import { createNginxSimulator } from './nginx/index.js';
import type { Simulator } from './types.js';

export type * from './types.js';
export { parseRequestUrl } from './types.js';

export interface SimulationEnv {
  /** The audited server's files, modes and owners. */
  fs: FsView;
  /** The audited server's accounts. */
  users: UserDb;
  /** `--web-user`: overrides the account the configuration names. */
  webUser?: { user: string; group?: string };
}

/** The request simulator for a loaded configuration of either dialect. */
export function createSimulator(config: ParsedConfig, env: SimulationEnv): Simulator {
  return config.dialect === 'nginx'
    ? createNginxSimulator(buildNginxModel(config), env)
    : createApacheSimulator(buildApacheModel(config), env);
}
