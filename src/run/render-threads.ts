/**
 * The county workbook and the Word draft rendered in the reading threads once they have read every file: they take
 * more than half of the outputs' time (exceljs, docx), and this thread writes the CSVs meanwhile. A thread renders
 * what it is sent in turn and answers with the bytes; a thread that fails (or has died) leaves the file to be
 * rendered in this thread, as a run without reading threads does. The files are the same wherever they are made (the
 * workbook byte for byte; the draft but for the time docx stamps in it).
 */
import type { Worker } from 'node:worker_threads';
import type { Mapping } from '../mapping/mapping';
import type { Format } from '../model/canonical';
import type { CountyDraft } from '../render/draft';
import type { Renderers } from '../render/renderers';
import type { SheetSpec } from '../render/xlsx-write';

/** What a thread is sent to render (the draft without its mapping: the thread has its own, compiled alike). */
export type RenderJob = { id: number } & ({ render: 'workbook'; sheets: SheetSpec[] } | { render: 'draft'; draft: Omit<CountyDraft, 'mapping'> });

/** A thread's answer: the bytes, or why it could not make them. */
export type RenderAnswer = { id: number } & ({ bytes: Uint8Array } | { failed: string });

/**
 * The renderers module, loaded when first used: a reading thread starts without it (with exceljs and docx it is
 * ~0.1 s) and loads it when it has read its last file (LOAD_RENDERERS), while this thread reads its last ones.
 */
function renderersModule(): typeof import('../render/renderers') {
  return require('../render/renderers') as typeof import('../render/renderers');
}

/** This thread's renderers, loaded when first used (a run without reading threads; a thread that failed). */
export const RENDER_HERE_WHEN_USED: Renderers = {
  workbook: (sheets) => renderersModule().RENDER_HERE.workbook(sheets),
  draft: (draft) => renderersModule().RENDER_HERE.draft(draft),
};

/** Sent to a thread as soon as it has read its last file. */
export const LOAD_RENDERERS = { render: 'load' } as const;

export function isRenderJob(message: unknown): message is RenderJob | typeof LOAD_RENDERERS {
  return typeof message === 'object' && message !== null && 'render' in message;
}

/** In a reading thread: renders a job with the thread's own mappings. */
export async function answerRenderJob(job: RenderJob, mappings: Record<Format, Mapping>): Promise<RenderAnswer> {
  try {
    const bytes = job.render === 'workbook' ? await RENDER_HERE_WHEN_USED.workbook(job.sheets) : await RENDER_HERE_WHEN_USED.draft({ ...job.draft, mapping: mappings[job.draft.format] });
    return { id: job.id, bytes };
  } catch (error) {
    return { id: job.id, failed: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Renderers over idle reading threads (sent their jobs in turn); `close` ends the threads. While a job is out, its
 * thread keeps the process alive; an idle one does not (an unclosed set cannot keep a finished run from exiting).
 */
export function threadRenderers(workers: readonly Worker[]): { renderers: Renderers; close(): Promise<void> } {
  let nextId = 0;
  let turn = 0;
  const threads = workers.map((worker) => {
    const pending = new Map<number, { resolve: (bytes: Buffer | Promise<Buffer>) => void; here: () => Promise<Buffer> }>();
    const thread = { worker, pending, alive: true };
    const settle = (id: number, bytes: Buffer | null) => {
      const job = pending.get(id);
      if (!job) return;
      pending.delete(id);
      if (pending.size === 0) worker.unref();
      job.resolve(bytes ?? job.here());
    };
    worker.on('message', (answer: RenderAnswer) => settle(answer.id, 'bytes' in answer ? Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength) : null));
    worker.on('error', () => {}); // its 'exit' follows: what it had not rendered is rendered here
    worker.on('exit', () => {
      thread.alive = false;
      for (const id of [...pending.keys()]) settle(id, null);
    });
    worker.unref();
    return thread;
  });
  const inThread = (job: RenderJob, inThisThread: () => Promise<Buffer>): Promise<Buffer> => {
    const thread = threads[turn++ % threads.length];
    if (!thread?.alive) return inThisThread();
    return new Promise<Buffer>((resolve) => {
      thread.pending.set(job.id, { resolve, here: inThisThread });
      thread.worker.ref();
      thread.worker.postMessage(job);
    });
  };
  return {
    renderers: {
      workbook: (sheets) => inThread({ id: nextId++, render: 'workbook', sheets }, () => RENDER_HERE_WHEN_USED.workbook(sheets)),
      draft: (draft) => {
        const { mapping: _mapping, ...rest } = draft;
        return inThread({ id: nextId++, render: 'draft', draft: rest }, () => RENDER_HERE_WHEN_USED.draft(draft));
      },
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** In a reading thread, on LOAD_RENDERERS. */
export function loadRenderersHere(): void {
  renderersModule().loadRenderers();
}
