/**
 * The nginx request simulator: what a request gets from a server model and the audited
 * filesystem, phase by phase as nginx runs them, with the error-log cause and the config lines
 * that decided it. Validated request by request against real nginx in
 * test/simulate/nginx/differential.test.ts.
 */
export { createNginxSimulator, selectRequested, type NginxSimulatorEnv } from './simulator.js';
export { matchLocation, type LocationMatch } from './match-location.js';
export { normalizeHost, selectServer, type ServerSelection } from './select-server.js';
export { normalizeUri, type NormalizedUri } from './normalize-uri.js';
export { decideAccess, firstMatchingRule, type AccessDecision } from './access-phase.js';
