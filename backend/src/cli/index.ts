import { Command } from 'commander';

type Register = (program: Command) => void;

// Top-level command names per domain module. A command loads only its own domain: the AWS SDK
// clients, the analytics and the API stay out of `costwatch ingest` (startup time and memory).
const DOMAINS: [names: string[], load: () => Promise<Register>][] = [
  [['serve', 'migrate', 'demo'], async () => (await import('./core.js')).registerCoreCommands],
  [['detect'], async () => (await import('./detect.js')).registerDetectCommand],
  [['admin', 'apikey', 'secrets', 'auth'], async () => (await import('./auth.js')).registerAuthCommands],
  [['accounts'], async () => (await import('./accounts.js')).registerAccountCommands],
  [['ingest'], async () => (await import('./ingest.js')).registerIngestCommands],
  [['scan'], async () => (await import('./scan.js')).registerScanCommands],
  [['forecast'], async () => (await import('./forecast.js')).registerForecastCommands],
];

/** `costwatch`: every command (help, unknown names), or only the domain that `command` names. */
export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command('costwatch').description('CostWatch: AWS cost monitoring for Grafana').showHelpAfterError();
  const own = DOMAINS.filter(([names]) => command !== undefined && names.includes(command));
  for (const [, load] of own.length ? own : DOMAINS) (await load())(program);
  return program;
}
