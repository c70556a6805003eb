export { urlOfPath } from '../../src/probe/served-url.js';
