import { describeDifferential } from './differential-suite.js';
import { loadScenarioFiles } from './scenarios.js';

describeDifferential(loadScenarioFiles());
