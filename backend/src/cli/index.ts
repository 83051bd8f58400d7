import { Command } from 'commander';
import { registerAccountCommands } from './accounts.js';
import { registerAuthCommands } from './auth.js';
import { registerDetectCommand } from './detect.js';
import { registerCoreCommands } from './core.js';
import { registerIngestCommands } from './ingest.js';
import { registerScanCommands } from './scan.js';
import { registerForecastCommands } from './forecast.js';

/** `costwatch`: every command, one register function per domain. */
export function buildProgram(): Command {
  const program = new Command('costwatch').description('CostWatch: AWS cost monitoring for Grafana').showHelpAfterError();
  registerCoreCommands(program);
  registerDetectCommand(program);
  registerAuthCommands(program);
  registerAccountCommands(program);
  registerIngestCommands(program);
  registerScanCommands(program);
  registerForecastCommands(program);
  return program;
}
