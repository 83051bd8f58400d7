import { buildProgram } from './cli/index.js';

buildProgram(process.argv[2])
  .then((program) => program.parseAsync(process.argv))
  .catch((err: Error) => {
    console.error(`costwatch: ${err.message}`);
    process.exit(1);
  });
