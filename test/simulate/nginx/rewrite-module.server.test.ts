import { describeDifferential } from './differential-suite.js';
import { loadScenarioFiles, REWRITE_MODULE_SUITE } from './scenarios.js';

/** The rewrite module's scenarios (fixtures/scenarios/nginx/rewrite-module), against real nginx on their own ports. */
describeDifferential(loadScenarioFiles(REWRITE_MODULE_SUITE));
