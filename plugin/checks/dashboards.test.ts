/**
 * @jest-environment node
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CostwatchClient } from '../src/api/client';
import { fetchTransport } from '../src/api/fetchTransport';
import { expandValue, interpolateQuery, type Replacer } from '../src/datasource/interpolate';
import { migrate } from '../src/datasource/migrate';
import { parseFilterLines } from '../src/datasource/filterLines';
import type { CostwatchQuery, VariableQuery } from '../src/datasource/types';
import { toWireQuery } from '../src/datasource/wire';
import { type DemoBackend, startDemoBackend } from './backend';
import { resolveRange } from './timeRange';

/**
 * Every panel query and every variable query of every committed dashboard, run through the
 * plugin's own query pipeline (migrate → interpolate → wire shape) against the real demo
 * backend, must return non-empty data.
 */
jest.setTimeout(180_000);

const DIR = path.resolve(__dirname, '../../dashboards');

interface Panel {
  title: string;
  type: string;
  timeFrom?: string;
  targets?: CostwatchQuery[];
  panels?: Panel[];
}
interface Dashboard {
  title: string;
  time: { from: string; to: string };
  panels: Panel[];
  annotations: { list: Array<{ name: string; enable: boolean; target?: CostwatchQuery; builtIn?: number }> };
  templating: { list: Array<{ name: string; type: string; query: VariableQuery | string; allValue?: string }> };
}

function dashboards(): Array<[string, Dashboard]> {
  return readdirSync(DIR, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Dashboard]);
}

/** Template variables as a fresh dashboard has them: multi-value ones on All, the rest on their first value. */
function replacerFor(values: Record<string, string | string[]>): Replacer {
  return {
    replace(target = '', _scoped, format) {
      return target.replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a, b) => {
        const v = values[a ?? b];
        if (v === undefined) return m;
        return typeof format === 'function' ? format(v) : Array.isArray(v) ? v.join(',') : v;
      });
    },
  };
}

let backend: DemoBackend;
let client: CostwatchClient;

beforeAll(async () => {
  backend = await startDemoBackend();
  client = new CostwatchClient(fetchTransport(backend.url, (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: `Bearer ${backend.token}` } })
  ));
});

afterAll(async () => {
  await backend?.stop();
});

const all = dashboards();

it('finds the committed dashboards', () => {
  expect(all.map(([f]) => f).sort()).toEqual(['CostWatch/engineering.json', 'CostWatch/finance.json']);
});

describe.each(all)('%s', (_file, dash) => {
  const values: Record<string, string | string[]> = {};

  it('every variable query returns values', async () => {
    for (const v of dash.templating.list) {
      if (v.type === 'datasource') continue;
      const q = v.query as VariableQuery;
      const replacer = replacerFor(values);
      let options: string[];
      if (q.kind === 'tagKeys') options = await client.tagKeys();
      else {
        const dim = q.kind === 'tagValues' ? `tag:${replacer.replace(q.tagKey)}` : q.dimension!;
        const filters = parseFilterLines(q.filter ?? '', (x) => expandValue(x, replacer));
        options = (await client.dimensionValues(dim, { filters, limit: 1000 })).map((o) => o.value);
      }
      expect(options.length).toBeGreaterThan(0);
      values[v.name] = v.allValue ?? options[0]!;
    }
  });

  const panels = dash.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.targets?.length);
  it.each(panels.map((p) => [p.title, p] as const))('panel "%s" returns non-empty frames', async (_t, panel) => {
    const range = resolveRange(panel.timeFrom ?? dash.time.from, dash.time.to, new Date());
    const queries = panel.targets!.map((t) => toWireQuery(interpolateQuery(migrate(t), replacerFor(values))));
    const res = await client.query(range, queries);
    for (const q of queries) {
      const frames = res.results[q.refId]?.frames ?? [];
      expect(frames.length).toBeGreaterThan(0);
      const numbers = frames.flatMap((f) => f.fields.filter((x) => x.type === 'number').flatMap((x) => x.values));
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers.some((n) => typeof n === 'number' && n > 0)).toBe(true);
    }
  });

  const annos = dash.annotations.list.filter((a) => a.target && !a.builtIn);
  it.each(annos.map((a) => [a.name, a] as const))('annotation "%s" answers event frames', async (_n, anno) => {
    const range = resolveRange(dash.time.from, dash.time.to, new Date());
    const q = toWireQuery(interpolateQuery(migrate(anno.target!), replacerFor(values)));
    const frames = (await client.query(range, [q])).results[q.refId]?.frames ?? [];
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) expect(f.fields.map((x) => x.name)).toEqual(expect.arrayContaining(['time', 'title', 'text']));
    if (q.type === 'anomalies') expect(frames[0]!.fields[0]!.values.length).toBeGreaterThan(0);
  });
});
