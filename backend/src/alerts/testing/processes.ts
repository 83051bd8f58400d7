import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './receivers.js';

/**
 * Real Prometheus and Alertmanager (Debian packages) for the alerting tests: each on a free
 * 127.0.0.1 port with its own temporary config and data directory. A missing binary fails
 * the test with the install command; it never skips.
 */
export interface Managed {
  url: string;
  stop(): Promise<void>;
  logs(): string;
}

function requireBinary(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) throw new Error(`${name} is not installed: apt-get install -y prometheus prometheus-alertmanager (see .ci/services.sh)`);
  return path;
}

/** A port that was free a moment ago (the binaries take a port, not a listening socket). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function launch(bin: string, args: (port: number, dir: string) => string[], files: Record<string, string>, ready: string): Promise<Managed> {
  const path = requireBinary(bin);
  const dir = mkdtempSync(join(tmpdir(), `cw-${bin}-`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const port = await freePort();
  const child: ChildProcess = spawn(path, args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${bin} on ${url}`, async () => {
      if (child.exitCode !== null) throw new Error(`${bin} exited: ${out.slice(-2000)}`);
      return (await fetch(`${url}${ready}`).catch(() => undefined))?.ok;
    }, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop, logs: () => out };
}

export function startAlertmanager(relayUrl: string): Promise<Managed> {
  const config = `route:
  receiver: relay
  group_by: ['alertname', 'rule_id']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: relay
    webhook_configs:
      - url: '${relayUrl}'
        send_resolved: true
`;
  return launch(
    'prometheus-alertmanager',
    (port, dir) => [`--config.file=${join(dir, 'am.yml')}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { 'am.yml': config },
    '/-/ready',
  );
}

export function startPrometheus(target: string, rules: string): Promise<Managed> {
  const config = `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: ['rules.yml']
scrape_configs:
  - job_name: costwatch
    metrics_path: /metrics
    static_configs:
      - targets: ['${target}']
`;
  return launch(
    'prometheus',
    (port, dir) => [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { 'prometheus.yml': config, 'rules.yml': rules },
    '/-/ready',
  );
}
