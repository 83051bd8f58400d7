export * from './roles.js';
export * from './apikeys.js';
