/**
 * The command line: parses arguments, runs a command, returns the exit code. Writes only through `io`, so tests
 * run it in-process; src/main.ts is the only file that touches `process`.
 *
 * Exit codes: 0 done (inspect: valid, warnings allowed) · 1 invalid submission · 2 unreadable file, or an
 * operator error (bad arguments, broken mapping file) — always with a Chinese message, never a stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArgumentError, asksForHelp, nearest, parseCommandArgs } from './commands/args';
import { UsageError, type CliIo } from './commands/io';
import { operatorExitCode } from './commands/operator-error';
import { COMMANDS, commandUsage, fullUsage, isCommandName, overview, usageLine, type CommandName } from './commands/usage';
import { systemErrorText } from './system-error';

export { UsageError, type CliIo } from './commands/io';

/** Each command's module, loaded only when that command runs (so `help` starts at once). */
const COMMAND_MODULES: Record<Exclude<CommandName, 'help'>, () => Promise<{ command(args: string[], io: CliIo): number | Promise<number> }>> = {
  run: () => import('./commands/run'),
  demo: () => import('./commands/demo'),
  schedule: () => import('./commands/schedule'),
  status: () => import('./commands/status'),
  backup: () => import('./commands/backup'),
  serve: () => import('./commands/serve'),
  inspect: () => import('./commands/inspect'),
  template: () => import('./commands/template'),
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined) return done(io, overview(version()));
    if (command === '--version' || command === '-v' || command === 'version') return done(io, `nianbao ${version()}\n`);
    if (command === '--help' || command === '-h') return done(io, fullUsage(version()));
    if (!isCommandName(command)) return unknownCommand(command, io);
    if (asksForHelp(args)) return done(io, commandUsage(command));
    const { positionals } = parseCommandArgs(command, args); // checked before the command's modules load
    if (command === 'help') {
      const topic = positionals[0];
      if (topic === undefined) return done(io, fullUsage(version()));
      return isCommandName(topic) ? done(io, commandUsage(topic)) : unknownCommand(topic, io);
    }
    return await (await COMMAND_MODULES[command]()).command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const shown = error instanceof ArgumentError ? error.command : command !== undefined && isCommandName(command) ? command : undefined;
      io.stderr(`参数错误：${error.message}\n${shown ? `用法：${usageLine(shown)}\n详细说明：nianbao ${shown} --help\n` : ''}`);
      return 2;
    }
    const exit = operatorExitCode(error);
    if (exit !== undefined) {
      io.stderr(`${(error as Error).message}\n`);
      return exit;
    }
    const system = systemErrorText(error);
    if (system !== undefined) {
      io.stderr(`${system}\n`);
      return 2;
    }
    throw error;
  }
}

function done(io: CliIo, text: string): number {
  io.stdout(text);
  return 0;
}

/** A command nianbao does not have: named, the one meant suggested, the list of commands. */
function unknownCommand(typed: string, io: CliIo): number {
  const names = Object.keys(COMMANDS);
  const meant = nearest(typed.replace(/^-+/, ''), names);
  const what = typed.startsWith('-') ? `「${typed}」不是命令：选项写在命令后面，如 nianbao run --inbox 收件箱` : `未知命令「${typed}」${meant ? `，是不是「${meant}」？` : ''}`;
  io.stderr(`参数错误：${what}\n可用命令：${names.join('、')}\n详细说明：nianbao help\n`);
  return 2;
}

/** The version in package.json (beside src/ and dist/ alike). */
function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '（版本未知）';
  }
}
