/**
 * The discover stage: what the inbox holds for this run. Files still being copied in when the run starts are waited
 * for (a few seconds) rather than left for the next night; each zip is taken apart into its members (run/unzip.ts),
 * which are then read like any file. IO: lists and stats the inbox, writes the staging folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listInbox, SETTLING_REASON, type InboxFile } from './inbox';
import { UNZIP_LIMITS, unzipInto } from './unzip';

export interface DiscoverOptions {
  /** a file modified within this time is still being written */
  settleMs: number;
  /** how long to wait at most for such files before leaving them for the next run */
  waitMs: number;
  /** the size limit of one file (a zip's members too) */
  maxBytes: number;
  /** where zips are taken apart (removed by the caller when the run ends) */
  staging: string;
  signal?: AbortSignal;
  /** told once when the run waits: how many files, for at most how many seconds */
  onWait?: (files: number, seconds: number) => void;
}

export interface Discovered {
  /** files and zip members to process, in order of arrival (a zip's members where the zip was) */
  ready: InboxFile[];
  /** left for the next run, with the reason */
  waiting: { name: string; reason: string }[];
  /** zips taken apart: archived whole once every member is recorded */
  zips: InboxFile[];
}

const ZIP = /\.zip$/i;

export async function discover(inbox: string, options: DiscoverOptions): Promise<Discovered> {
  let listing = listInbox(inbox, Date.now(), options.settleMs);
  // worth waiting only for files that can settle within the wait (one dated in the future, by a skewed clock, cannot)
  const settlesInTime = () => listing.settling.some((s) => s.settledInMs <= options.waitMs);
  if (settlesInTime()) {
    options.onWait?.(listing.settling.filter((s) => s.settledInMs <= options.waitMs).length, Math.ceil(options.waitMs / 1000));
    const deadline = Date.now() + options.waitMs;
    while (settlesInTime() && Date.now() < deadline && !options.signal?.aborted) {
      // until the youngest has been still for the settle time (a copy still going on keeps it young)
      const next = Math.min(Math.min(...listing.settling.map((s) => s.settledInMs)) + 20, deadline - Date.now(), 1000);
      await sleep(Math.max(next, 10), undefined, { signal: options.signal }).catch(() => undefined);
      listing = listInbox(inbox, Date.now(), options.settleMs);
    }
  }
  const waiting = [...listing.waiting, ...listing.settling.map(({ name }) => ({ name, reason: SETTLING_REASON }))];
  const ready: InboxFile[] = [];
  const zips: InboxFile[] = [];
  let unpacked = 0;
  for (const file of listing.ready) {
    if (!ZIP.test(file.name)) {
      ready.push(file);
      continue;
    }
    const unzipped = await unzipInto(file.path, path.join(options.staging, String(unpacked++)), { ...UNZIP_LIMITS, maxMemberBytes: options.maxBytes });
    if ('refused' in unzipped) {
      ready.push({ ...file, refused: unzipped.refused });
      continue;
    }
    zips.push(file);
    for (const member of unzipped.members) {
      const stat = fs.statSync(member.path);
      ready.push({ path: member.path, name: `${file.name}/${member.name}`, size: stat.size, mtimeMs: stat.mtimeMs, zip: file.path });
    }
  }
  return { ready, waiting, zips };
}
