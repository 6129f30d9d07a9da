/**
 * What every command is given: where to write, the working folder, signals. Light on purpose (no dependencies):
 * `nianbao help` loads this and nothing of the commands.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** a terminal is attached: show a progress bar */
  tty?: boolean;
  /** calls `handler` once on SIGINT or SIGTERM (the long-running `schedule` stops cleanly) */
  onSignal?(handler: (signal: string) => void): void;
}

/** A command line that cannot be run as given: reported with the usage text, exit 2. */
export class UsageError extends Error {}
