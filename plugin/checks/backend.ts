import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

export interface DemoBackend {
  url: string;
  token: string;
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
 * in-memory PGlite and the demo organization under a fixed token, and waits for /health/ready.
 * Fails loudly with the backend's own output when it does not come up.
 */
export async function startDemoBackend(token = 'cw_checks_demo_token_0123456789'): Promise<DemoBackend> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PGLITE_DIR: ':memory:',
    DEMO_MODE: 'on',
    DEMO_API_KEY: token,
    LOG_LEVEL: 'warn',
  };
  const tsx = require.resolve('tsx/cli', { paths: [REPO] });
  const child: ChildProcess = spawn(process.execPath, [tsx, 'src/cli.ts', 'serve'], {
    cwd: path.join(REPO, 'backend'),
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
    });
  // Bounded polling: 240 tries × 500 ms. PGlite plus demo seeding takes seconds on a busy machine.
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return { url, token, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`backend not ready after 120 s:\n${output}`);
}
