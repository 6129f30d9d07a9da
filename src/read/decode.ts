/**
 * Bytes of a text file → string. The order is fixed and never guessed: a byte-order mark; then a charset the file
 * declares (web pages: <meta charset>); then strict UTF-8; then GB18030 (a superset of GBK and GB2312, what Excel
 * and Notepad save on Chinese Windows). Statistical detectors are wrong on short Chinese text, so none is used.
 */
import * as iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function bomOf(bytes: Buffer): { encoding: TextEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** A charset name as web pages write it → the decoder to use (GBK and GB2312 pages are decoded as GB18030). */
export function encodingNamed(name: string): TextEncoding | undefined {
  const n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (['gbk', 'gb2312', 'gb18030', 'gb_2312-80', 'x-gbk', 'cp936', 'euc-cn'].includes(n)) return 'gb18030';
  return undefined;
}

export function decodeText(bytes: Buffer, declared?: TextEncoding): { text: string; encoding: TextEncoding } {
  const bom = bomOf(bytes);
  if (bom) return { text: iconv.decode(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding };
  if (declared && declared !== 'utf-8') return { text: iconv.decode(bytes, declared), encoding: declared };
  try {
    return { text: STRICT_UTF8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}
