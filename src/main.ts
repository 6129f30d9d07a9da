/** The process shell: the only file that touches `process`. */
import { runCli } from './cli';

async function main(): Promise<void> {
  let code: number;
  try {
    code = await runCli(process.argv.slice(2), {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
      tty: process.stderr.isTTY === true,
      onSignal(handler) {
        // once: a second Ctrl+C while the current file finishes ends the process the hard way
        const once = (signal: NodeJS.Signals) => {
          process.off('SIGINT', once);
          process.off('SIGTERM', once);
          handler(signal);
        };
        process.on('SIGINT', once);
        process.on('SIGTERM', once);
      },
    });
  } catch (error) {
    // An unexpected failure of nianbao itself: one Chinese line for the user, the details for the developer.
    process.stderr.write(`nianbao 内部错误，请把以下信息发给维护人员：${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.NIANBAO_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    code = 70;
  }
  process.exitCode = code;
}

void main();
