/**
 * @jest-environment node
 */
import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SCHEMA = path.resolve(__dirname, '../../../shared/schemas/plugin.schema.json');
/** Properties newer Grafana accepts that the stored schema copy predates (shared/schemas/README.md). */
const NEWER = ['buildMode', 'suggestions', 'multiValueFilterOperators', 'mixed', 'iam'];
const NAME_PATTERN = /^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$/; // Grafana's id pattern

const read = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const app = read(path.join(__dirname, 'plugin.json'));
const ds = read(path.join(__dirname, 'datasource/plugin.json'));

function validator() {
  const schema = read(SCHEMA);
  for (const p of NEWER) schema.properties[p] ??= {};
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('email', /^\S+@\S+$/);
  ajv.addFormat('uri', /^\w+:\/\/\S+$/);
  return ajv.compile(schema);
}

describe('plugin.json files', () => {
  const validate = validator();

  it.each([
    ['app', app],
    ['datasource', ds],
  ])('%s plugin.json validates against Grafana schema', (_n, json) => {
    const ok = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('ids follow the <org>-<name>-<type> pattern and match the type', () => {
    expect(app.id).toMatch(NAME_PATTERN);
    expect(ds.id).toMatch(NAME_PATTERN);
    expect(app.id.endsWith(`-${app.type}`)).toBe(true);
    expect(ds.id.endsWith(`-${ds.type}`)).toBe(true);
  });

  it('both need Grafana 13.2 and routes inject the token server-side', () => {
    for (const json of [app, ds]) {
      expect(json.dependencies.grafanaDependency).toBe('>=13.2.0');
      expect(json.routes[0].headers).toEqual([{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiToken }}' }]);
      expect(json.routes[0].url).toBe('{{ .JsonData.backendUrl }}');
    }
  });

  it('every file the app includes has a source the build copies', () => {
    const sources: Record<string, string> = {
      'datasource/plugin.json': path.join(__dirname, 'datasource/plugin.json'),
    };
    for (const inc of app.includes.filter((i: { type: string }) => i.type !== 'page')) {
      const src =
        sources[inc.path] ?? path.resolve(__dirname, '../../dashboards/CostWatch', path.basename(inc.path));
      expect(existsSync(src)).toBe(true);
    }
    for (const logo of [app.info.logos.small, ds.info.logos.small]) expect(logo).toBe('img/logo.svg');
    expect(existsSync(path.join(__dirname, 'img/logo.svg'))).toBe(true);
    expect(existsSync(path.join(__dirname, 'datasource/img/logo.svg'))).toBe(true);
  });
});
