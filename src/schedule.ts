/**
 * `nianbao schedule`: runs `run` on the config's cron schedule (node-cron, in the county's time zone), and on
 * request at once. One run at a time: node-cron's noOverlap covers the schedule, and a guard here covers
 * `task.execute()` (which bypasses noOverlap); a run in another process is kept out by the outbox lock (the run
 * then says so and is skipped). A run that fails is logged and the schedule lives on. Stopping aborts the run
 * in progress (it finishes the files being read) and waits for it.
 */
import * as cron from 'node-cron';
import type { Logger } from './log';

export interface ScheduleOptions {
  /** cron expression, five or six fields (already validated with the config) */
  expression: string;
  timezone: string;
  /** one run; aborted by `stop` */
  run(signal: AbortSignal): Promise<void>;
  log: Logger;
}

export interface Schedule {
  /** runs now (unless a run is in progress) and resolves when it is done */
  runNow(): Promise<void>;
  /** when the schedule runs next */
  nextRun(): Date | null;
  /** stops the schedule, aborts the run in progress and waits for it */
  stop(): Promise<void>;
}

export function startSchedule(options: ScheduleOptions): Schedule {
  const { log } = options;
  const controller = new AbortController();
  let current: Promise<void> | null = null;
  const once = async (reason: string) => {
    if (controller.signal.aborted) return;
    if (current) {
      log.warn({ reason }, 'a run is still in progress: this one is skipped');
      return;
    }
    log.info({ reason }, 'scheduled run starting');
    current = options.run(controller.signal).catch((error: unknown) => log.error({ err: error }, 'run failed; the schedule goes on'));
    try {
      await current;
    } finally {
      current = null;
    }
  };
  const task = cron.createTask(options.expression, (context) => once(context.execution?.reason ?? 'scheduled'), {
    timezone: options.timezone,
    noOverlap: true,
    name: 'nianbao run',
    // node-cron's own notices (a missed tick while the machine slept, …) go to our log
    logger: {
      info: (message) => log.info({ cron: true }, message),
      warn: (message) => log.warn({ cron: true }, message),
      error: (message, err) => log.error({ cron: true, err: err ?? message }, String(message)),
      debug: (message) => log.debug({ cron: true }, String(message)),
    },
  });
  void task.start();
  return {
    runNow: async () => {
      await task.execute();
    },
    nextRun: () => task.getNextRun(),
    stop: async () => {
      controller.abort();
      await task.stop();
      await current;
      await task.destroy();
    },
  };
}
