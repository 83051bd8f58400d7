/**
 * Writes dashboards/CostWatch/*.json from the builders. `--check` writes nothing and fails when
 * a committed file differs from what the code generates (CI runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineering } from './engineering';
import { finance } from './finance';

const OUT = path.resolve(__dirname, '../../dashboards/CostWatch');

export const DASHBOARDS = { engineering, finance };

export function render(build: () => { build(): unknown }): string {
  return `${JSON.stringify(build().build(), null, 2)}\n`;
}

function main() {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [name, build] of Object.entries(DASHBOARDS)) {
    const file = path.join(OUT, `${name}.json`);
    const json = render(build);
    if (check) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== json) stale.push(path.relative(process.cwd(), file));
    } else {
      writeFileSync(file, json);
      console.log(`wrote ${file}`);
    }
  }
  if (stale.length) {
    console.error(`Dashboards out of date (run npm run dashboards -w plugin): ${stale.join(', ')}`);
    process.exit(1);
  }
  if (check) console.log('dashboards up to date');
}

// Only when run as a script (npm run dashboards); tests import DASHBOARDS and render.
if (require.main === module) main();
