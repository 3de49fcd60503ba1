// Entry of the `flightdeck` bin (out/cli/flightdeck.cjs). All behaviour is in cli.ts.
import { runCli } from './cli';

// `flightdeck list | head` closes the pipe early; that is the reader's choice, not an error to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// exitCode rather than process.exit(): stdout is flushed before the process ends, even when piped.
const result = runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Commands that talk to servers answer later; runCli's promise never rejects.
if (typeof result === 'number') process.exitCode = result;
else void result.then((code) => (process.exitCode = code));
