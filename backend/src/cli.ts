import { buildProgram } from './cli/index.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: Error) => {
    console.error(`costwatch: ${err.message}`);
    process.exit(1);
  });
