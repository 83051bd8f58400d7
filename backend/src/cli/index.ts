import { Command } from 'commander';
import { registerCoreCommands } from './core.js';

/** `costwatch`: every command, one register function per domain. */
export function buildProgram(): Command {
  const program = new Command('costwatch').description('CostWatch: AWS cost monitoring for Grafana').showHelpAfterError();
  registerCoreCommands(program);
  return program;
}
