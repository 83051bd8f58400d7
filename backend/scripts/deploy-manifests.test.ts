import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildProgram } from '../src/cli/index.js';
import { loadConfig } from '../src/config/index.js';

const dir = fileURLToPath(new URL('../../deploy/k8s/', import.meta.url));
const docs = (file: string) => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as Record<string, any>);

describe('Kubernetes manifests (deploy/k8s)', () => {
  const kustomization = docs('kustomization.yaml')[0]!;
  const resources = (kustomization.resources as string[]).flatMap((f) => docs(f));

  it('every listed resource file exists and parses', () => {
    for (const f of kustomization.resources as string[]) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(resources.map((r) => r.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'Deployment', 'HorizontalPodAutoscaler', 'Job', 'Namespace', 'PodDisruptionBudget', 'Service'],
    );
  });

  it('containers run CLI commands that exist, as non-root, with probes on real routes', async () => {
    const program = await buildProgram();
    const commands = program.commands.map((c) => c.name());
    const pods = resources.filter((r) => r.kind === 'Deployment' || r.kind === 'Job').map((r) => r.spec.template.spec);
    for (const pod of pods) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(commands).toContain(c.args[0]);
        if (c.args[0] === 'serve') expect(['api', 'worker']).toContain(c.args[2]);
        if (c.readinessProbe) expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
      }
    }
  });

  it('the ConfigMap holds only settings CostWatch knows, with valid values', () => {
    const cm = resources.find((r) => r.kind === 'ConfigMap')!;
    const configDir = fileURLToPath(new URL('../src/config/', import.meta.url));
    const known = readdirSync(configDir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(configDir, f), 'utf8')).join('\n');
    for (const key of Object.keys(cm.data)) expect(known, key).toContain(`${key}:`);
    expect(() => loadConfig(cm.data)).not.toThrow();
  });
});
