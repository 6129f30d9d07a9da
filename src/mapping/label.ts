/**
 * Label normalisation: how a header or row label printed in a report is compared with a label of the form.
 * Both sides go through `normalizeLabel`; a trailing note in parentheses ("规章 (全区机关均无制定规章的权限)",
 * "本年增/减 (指2019年…)") and a year in parentheses ("本年(2023)制发件数") are dropped by `stripLabelNotes`.
 */
import { editDistance } from '../edit-distance';

const QUOTES = /[“”"'‘’「」『』]/g;
const WHITESPACE = /[\s\u3000\u00a0\u200b\ufeff]+/g;

/**
 * Labels repeat across cells, blocks and files: each distinct text is normalised once (a bounded memo; locating
 * looks a cell's text up in several indexes of two mappings).
 */
const MEMO_LIMIT = 50_000;
const normalizedMemo = new Map<string, string>();
const strippedMemo = new Map<string, string>();

function memo(cache: Map<string, string>, key: string, compute: (key: string) => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}

/** NFKC, no whitespace or line breaks, no quotes, ／ → / (NFKC does it), 钩稽 → 勾稽, leading "1、" → "1.". */
export function normalizeLabel(text: string): string {
  return memo(normalizedMemo, text, computeNormalized);
}

function computeNormalized(text: string): string {
  return text
    .normalize('NFKC')
    .replace(WHITESPACE, '')
    .replace(QUOTES, '')
    .replace(/钩稽/g, '勾稽')
    .replace(/^(\d{1,2})[、.．]/, '$1.');
}

/** How many parentheses the text leaves open (a note broken over lines is still open on its first lines). */
export function openParentheses(text: string): number {
  return (text.match(/[(（]/g) ?? []).length - (text.match(/[)）]/g) ?? []).length;
}

/** Drops a parenthesised year anywhere and trailing parenthesised notes from a normalised label. */
export function stripLabelNotes(normalized: string): string {
  return memo(strippedMemo, normalized, computeStripped);
}

function computeStripped(normalized: string): string {
  let text = normalized.replace(/\((?:19|20)\d{2}(?:年)?\)/g, '');
  for (;;) {
    const match = /\([^()]*\)$/.exec(text);
    if (!match || match.index === 0) return text;
    text = text.slice(0, match.index);
  }
}

/**
 * A lookup of labels (with aliases) to targets, built once per mapping. `find` tries the exact normalised text
 * first, then the text with its notes stripped against the aliases with theirs stripped.
 */
export interface LabelIndex<T> {
  find(text: string): T | undefined;
  /** the same, for a text already normalised (`key`) and stripped of notes (`bare`) */
  findKey(key: string, bare: string): T | undefined;
}

export function buildLabelIndex<T>(entries: ReadonlyArray<{ labels: readonly string[]; target: T }>): LabelIndex<T> {
  const exact = new Map<string, T>();
  const stripped = new Map<string, T>();
  for (const { labels, target } of entries) {
    for (const label of labels) {
      const normalized = normalizeLabel(label);
      if (!exact.has(normalized)) exact.set(normalized, target);
      const bare = stripLabelNotes(normalized);
      if (bare && !stripped.has(bare)) stripped.set(bare, target);
    }
  }
  const findKey = (key: string, bare: string): T | undefined => (key ? (exact.get(key) ?? stripped.get(bare)) : undefined);
  return {
    findKey,
    find(text: string): T | undefined {
      const normalized = normalizeLabel(text);
      return findKey(normalized, stripLabelNotes(normalized));
    },
  };
}


/**
 * The one label a printed text is a small typo of (「2.其他法律行政止公开」 for 「2.其他法律行政法规禁止公开」): at most
 * a quarter of the label's characters differ (3 at least allowed for labels of 12 or more), and every other label
 * differs by at least two more. Texts of fewer than 6 characters are never read this way.
 */
export function closestLabel<T>(text: string, candidates: ReadonlyArray<{ label: string; target: T }>): { label: string; target: T } | undefined {
  const printed = stripLabelNotes(normalizeLabel(text));
  if ([...printed].length < 6) return undefined;
  const scored = candidates
    .map((c) => ({ ...c, distance: editDistance(printed, stripLabelNotes(normalizeLabel(c.label))) }))
    .sort((a, b) => a.distance - b.distance);
  const [best, second] = scored;
  if (!best || best.distance === 0) return undefined;
  const allowed = Math.floor([...stripLabelNotes(normalizeLabel(best.label))].length / 4);
  if (best.distance > allowed || (second && second.distance < best.distance + 2)) return undefined;
  return { label: best.label, target: best.target };
}
