/**
 * @jest-environment node
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here: this checks docker-compose.yml's services, mounts and the files
// they reference, and that provisioning takes secrets from the environment only.
const REPO = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'));
const services = compose.services as Record<string, any>;
const yamlUnder = (dir: string) =>
  readdirSync(path.join(REPO, dir), { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));

describe('docker-compose.yml', () => {
  it('has Grafana, the backend, PostgreSQL, Redis and Prometheus', () => {
    expect(Object.keys(services).sort()).toEqual(['backend', 'grafana', 'postgres', 'prometheus', 'redis']);
  });

  it('pins every image tag (Grafana 13.x)', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build) continue;
      expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/:[0-9][\w.-]*$|:v[0-9][\w.-]*$/) });
    }
    expect(services.grafana.image).toMatch(/^grafana\/grafana:13\.\d+\.\d+$/);
  });

  it('allows unsigned loading for CostWatch ids only and mounts plugin, provisioning and dashboards', () => {
    expect(services.grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(
      'costwatch-costwatch-app,costwatch-costwatch-datasource'
    );
    expect(services.grafana.volumes).toEqual([
      './plugin/dist:/var/lib/grafana/plugins/costwatch-costwatch-app:ro',
      './provisioning:/etc/grafana/provisioning:ro',
      './dashboards:/var/lib/grafana/dashboards:ro',
    ]);
  });

  it('references files that exist (or that `npm run build` produces)', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const v of (s.volumes ?? []) as string[]) {
        const src = v.split(':')[0]!;
        if (!src.startsWith('.')) continue;
        const rel = path.normalize(src);
        const produced = rel === path.normalize('plugin/dist');
        expect({ name, src, exists: produced || existsSync(path.join(REPO, rel)) }).toEqual({ name, src, exists: true });
      }
    }
    expect(JSON.parse(readFileSync(path.join(REPO, 'plugin/package.json'), 'utf8')).scripts.build).toMatch(/webpack/);
    const b = services.backend.build;
    expect(existsSync(path.join(REPO, b.context, b.dockerfile))).toBe(true);
  });

  it('builds the backend multi-stage and runs it as a non-root user', () => {
    const df = readFileSync(path.join(REPO, 'backend/Dockerfile'), 'utf8');
    expect(df.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(df).toMatch(/^USER node$/m);
    for (const m of df.matchAll(/^COPY (?!--from)(?:--\S+ )*(\S+)/gm)) {
      expect(existsSync(path.join(REPO, m[1]!))).toBe(true);
    }
  });

  it('points the backend at PostgreSQL and Redis, and Prometheus at its /metrics', () => {
    expect(services.backend.environment.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(services.backend.environment.REDIS_URL).toBe('redis://redis:6379');
    const prom = parse(readFileSync(path.join(REPO, 'provisioning/prometheus/prometheus.yml'), 'utf8'));
    expect(prom.scrape_configs[0]).toMatchObject({ metrics_path: '/metrics', static_configs: [{ targets: ['backend:8080'] }] });
    expect(services.grafana.environment.COSTWATCH_API_TOKEN).toBe(services.backend.environment.DEMO_API_KEY);
  });
});

describe('provisioning', () => {
  const load = (f: string) => parse(readFileSync(path.join(REPO, f), 'utf8'));

  it('enables the app with its jsonData and a token from the environment', () => {
    const app = load('provisioning/plugins/costwatch.yaml').apps[0];
    expect(app).toMatchObject({
      type: 'costwatch-costwatch-app',
      disabled: false,
      jsonData: { backendUrl: '${COSTWATCH_BACKEND_URL}' },
      secureJsonData: { apiToken: '${COSTWATCH_API_TOKEN}' },
    });
  });

  it('provisions the CostWatch and Prometheus datasources', () => {
    const ds = load('provisioning/datasources/costwatch.yaml').datasources;
    expect(ds.map((d: { type: string }) => d.type)).toEqual(['costwatch-costwatch-datasource', 'prometheus']);
    expect(ds[0].secureJsonData).toEqual({ apiToken: '${COSTWATCH_API_TOKEN}' });
  });

  it('has a dashboards provider with foldersFromFilesStructure over the mounted dashboards', () => {
    const p = load('provisioning/dashboards/costwatch.yaml').providers[0];
    expect(p.options).toEqual({ path: '/var/lib/grafana/dashboards', foldersFromFilesStructure: true });
  });

  it('holds no literal secrets: tokens and passwords only as ${ENV}', () => {
    for (const f of yamlUnder('provisioning')) {
      const text = readFileSync(path.join(REPO, f), 'utf8');
      expect({ f, token: /cw_[A-Za-z0-9_-]{8,}/.test(text) }).toEqual({ f, token: false });
      for (const m of text.matchAll(/(apiToken|password|secret\w*):\s*(\S+)/gi)) expect(m[2]).toMatch(/^\$\{?\w+\}?$/);
    }
  });
});
