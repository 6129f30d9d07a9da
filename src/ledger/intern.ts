/**
 * What many submissions share is kept once (ledger schema 4): the id list a value list is aligned with, and the
 * layout (where each value was read, the labels printed). Interned by content: a list or layout already kept is
 * found, not added again; the ids found are remembered for the life of the connection.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface Interner {
  /** the row id of an id list, added when new (found by the array itself first: a format's list is one array) */
  idList(ids: readonly string[]): number;
  /** the row id of a layout (places and printed labels as JSON text, aligned with an id list), added when new */
  layout(idList: number, places: string, printed: string): number;
  /** forgets the ids found: after a rollback they may name rows that were never kept */
  forget(): void;
}

export function makeInterner(db: Database.Database): Interner {
  const addList = db.prepare('INSERT INTO id_lists (ids) VALUES (?) ON CONFLICT (ids) DO NOTHING');
  const listId = db.prepare<[string], number>('SELECT id FROM id_lists WHERE ids = ?').pluck();
  const addLayout = db.prepare('INSERT INTO layouts (id_list, digest, places, printed) VALUES (?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING');
  const layoutId = db.prepare<[string], number>('SELECT id FROM layouts WHERE digest = ?').pluck();
  const lists = new Map<string, number>();
  let listArrays = new WeakMap<readonly string[], number>();
  const layouts = new Map<string, number>();
  return {
    idList: (ids) => {
      const same = listArrays.get(ids);
      if (same !== undefined) return same;
      const text = JSON.stringify(ids);
      let id = lists.get(text);
      if (id === undefined) {
        addList.run(text);
        id = listId.get(text)!;
        lists.set(text, id);
      }
      listArrays.set(ids, id);
      return id;
    },
    layout: (idList, places, printed) => {
      const digest = createHash('sha256').update(`${idList}\n${places}\n${printed}`).digest('base64url').slice(0, 22);
      const known = layouts.get(digest);
      if (known !== undefined) return known;
      addLayout.run(idList, digest, places, printed);
      const id = layoutId.get(digest)!;
      if (layouts.size < 10_000) layouts.set(digest, id);
      return id;
    },
    forget: () => {
      lists.clear();
      listArrays = new WeakMap();
      layouts.clear();
    },
  };
}
