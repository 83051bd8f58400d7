/**
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARDS, render } from '../dashboards-src/generate';

// The committed JSON is what the TypeScript builds; CI also runs `npm run dashboards:check`.
describe.each(Object.entries(DASHBOARDS))('dashboards/CostWatch/%s.json', (name, build) => {
  const committed = readFileSync(path.resolve(__dirname, `../../dashboards/CostWatch/${name}.json`), 'utf8');
  const json = JSON.parse(committed);

  it('matches what dashboards-src generates', () => {
    expect(committed).toBe(render(build));
  });

  it('uses the $datasource variable for every panel, target and variable', () => {
    const refs = [
      ...json.panels.filter((p: { type: string }) => p.type !== 'row').flatMap((p: { datasource: unknown; targets: Array<{ datasource: unknown }> }) => [p.datasource, ...p.targets.map((t) => t.datasource)]),
      ...json.templating.list.filter((v: { type: string }) => v.type === 'query').map((v: { datasource: unknown }) => v.datasource),
    ];
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(r).toEqual({ type: 'costwatch-costwatch-datasource', uid: '${datasource}' });
    expect(json.templating.list[0]).toMatchObject({ type: 'datasource', query: 'costwatch-costwatch-datasource' });
  });

  it('saves queries in the current model (schemaVersion 1)', () => {
    for (const p of json.panels) for (const t of p.targets ?? []) expect(t.schemaVersion).toBe(1);
  });
});
