export * from './errors.js';
export * from './dimensions.js';
export * from './time.js';
export * from './money.js';
export * from './validation.js';
export * from './random.js';
