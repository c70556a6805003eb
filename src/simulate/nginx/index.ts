export { createNginxSimulator, type NginxSimulatorEnv } from './simulator.js';
export { matchLocation, type LocationMatch } from './match-location.js';
export { normalizeHost, selectServer, type ServerSelection } from './select-server.js';
export { normalizeUri, type NormalizedUri } from './normalize-uri.js';
export { decideAccess, firstMatchingRule, type AccessDecision } from './access-phase.js';
