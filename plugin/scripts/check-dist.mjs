// Runs after `webpack`: the build fails unless dist holds everything Grafana loads
// (both modules and plugin.json files, their logos, every file the app's plugin.json includes).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dist = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../dist');
const missing = [];
const need = (rel) => existsSync(path.join(dist, rel)) || missing.push(rel);

for (const rel of ['module.js', 'plugin.json', 'datasource/module.js', 'datasource/plugin.json']) need(rel);
for (const dir of ['', 'datasource/']) {
  const json = JSON.parse(readFileSync(path.join(dist, dir, 'plugin.json'), 'utf8'));
  for (const logo of new Set(Object.values(json.info.logos))) need(dir + logo);
  if (json.info.version.includes('%')) missing.push(`${dir}plugin.json version placeholder not replaced`);
  for (const inc of json.includes ?? []) if (inc.type !== 'page') need(inc.path);
}
if (missing.length) {
  console.error(`plugin dist is incomplete: ${missing.join(', ')}`);
  process.exit(1);
}
console.log('plugin dist complete: modules, plugin.json files, logos, included datasource and dashboards');
