import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '../..');

export interface DemoBackend {
  url: string;
  token: string;
  /** An editor key of the demo organization, when asked for (writes: rules, channels). */
  editorToken?: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real backend (`costwatch serve`) as a child process on a free loopback port with
 * in-memory PGlite and the demo organization under a fixed (viewer) token, and waits for
 * /health/ready. Fails loudly with the backend's own output when it does not come up.
 *
 * With `editorKey` the database lives in a temporary directory instead, so that the CLI can seed
 * the demo organization and mint an editor key before `serve` opens it (PGlite has one owner
 * at a time; the demo key is a viewer, which may not write rules or channels).
 */
export async function startDemoBackend(token = 'cw_checks_demo_token_0123456789', opts: { editorKey?: boolean } = {}): Promise<DemoBackend> {
  const port = await freePort();
  const dataDir = opts.editorKey ? mkdtempSync(path.join(tmpdir(), 'cw-demo-')) : undefined;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PGLITE_DIR: dataDir ?? ':memory:',
    DEMO_MODE: 'on',
    DEMO_API_KEY: token,
    LOG_LEVEL: 'warn',
  };
  const tsx = require.resolve('tsx/cli', { paths: [REPO] });
  const cwd = path.join(REPO, 'backend');
  let editorToken: string | undefined;
  if (dataDir) {
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, [tsx, 'src/cli.ts', ...args], { cwd, env: { ...env, LOG_LEVEL: 'silent' } });
    try {
      await cli('demo', 'seed');
      const { stdout } = await cli('apikey', 'create', '--role', 'editor', '--org', 'demo', '--name', 'checks');
      editorToken = stdout.trim().split('\n').pop();
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
  const child: ChildProcess = spawn(process.execPath, [tsx, 'src/cli.ts', 'serve'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }).then(() => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });
  // Bounded polling: 240 tries × 500 ms. PGlite plus demo seeding takes seconds on a busy machine.
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`backend exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return { url, token, editorToken, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`backend not ready after 120 s:\n${output}`);
}
