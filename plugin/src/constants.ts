import pluginJson from './plugin.json';

export const APP_ID = pluginJson.id;
export const DATASOURCE_TYPE = 'costwatch-costwatch-datasource';
export const PLUGIN_BASE_URL = `/a/${APP_ID}`;
/** The plugin.json route through which Grafana forwards calls and adds the token. */
export const APP_PROXY_BASE = `/api/plugin-proxy/${APP_ID}/costwatch`;

export enum ROUTES {
  Overview = 'overview',
  AlertRules = 'alert-rules',
  Budgets = 'budgets',
  Recommendations = 'recommendations',
  Inventory = 'inventory',
}
