export { createApp, routeTable, MAX_BODY_BYTES } from './app.js';
export type { ApiDeps, AppEnv } from './context.js';
export type { RouteDef } from './route.js';
