/** Analytics: pure math over daily cost series (no database, cache or HTTP here). */
export * from './forecast/index.js';
export * from './trend/index.js';
export * from './decomposition/index.js';
export * from './budget/index.js';
export * as anomaly from './anomaly/index.js';
export * as clusters from './clusters/index.js';
