/**
 * One run at a time: outbox/.lock holds the PID and start time of the run holding it. A lock whose process is
 * gone (killed, crashed, power cut) is stale and taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Lock {
  release(): void;
}

export interface LockHolder {
  pid: number;
  startedAt: string;
}

export class LockBusyError extends Error {
  readonly code = 'run.locked';
  constructor(readonly holder: LockHolder) {
    super(`另一个 nianbao 运行正在进行（进程 ${holder.pid}，开始于 ${holder.startedAt}），本次不运行；请稍后再试`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(outbox: string, now: Date = new Date()): Lock {
  const file = path.join(outbox, '.lock');
  const mine: LockHolder = { pid: process.pid, startedAt: now.toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return {
        release() {
          try {
            const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
            if (holder.pid === mine.pid && holder.startedAt === mine.startedAt) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    } catch {
      holder = undefined; // unreadable or half-written: treat as stale
    }
    if (holder && holder.pid !== process.pid && alive(holder.pid)) throw new LockBusyError(holder);
    fs.rmSync(file, { force: true });
  }
  throw new LockBusyError({ pid: -1, startedAt: '?' });
}
