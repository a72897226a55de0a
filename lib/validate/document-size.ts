import { formatBytes, limitFor } from '../io/input-bytes';

/**
 * Lines that start or end a YAML document (`---`, `...`): YAML forbids them inside a document's
 * content, so no document spans one.
 */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** A document over the limit: the line it starts on (from 1) and its size in UTF-8 bytes. */
export interface LargeDocument {
  readonly line: number;
  readonly bytes: number;
}

/**
 * The first document of the YAML stream `text` that holds more than `maxBytes` bytes, else
 * undefined. The yaml package builds a document's whole syntax tree before giving it (about 60
 * times its size in memory for a map of short keys), so a document is measured before it is read.
 */
export function documentOver(text: string, maxBytes: number): LargeDocument | undefined {
  // A UTF-16 unit is at most 3 bytes in UTF-8, and at least one.
  if (text.length * 3 <= maxBytes) return undefined;
  const over = (from: number, to: number): LargeDocument | undefined => {
    if ((to - from) * 3 <= maxBytes) return undefined;
    const bytes = Buffer.byteLength(text.slice(from, to));
    return bytes > maxBytes ? { line: lineAt(text, from), bytes } : undefined;
  };
  let from = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
    const found = over(from, m.index);
    if (found) return found;
    from = m.index;
  }
  return over(from, text.length);
}

/** The line (from 1) of offset `at` of `text`. */
function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The message for {@link documentOver}'s finding in `file`. */
export function documentOverMessage(
  file: string,
  d: LargeDocument,
  maxBytes: number,
): { message: string; hint: string } {
  return {
    message: `${file}:${d.line}: a YAML document of ${formatBytes(d.bytes)}, more than the limit of ${formatBytes(maxBytes)} for one document`,
    hint: `No Kubernetes object is that large (the API server stores objects of up to 1.5 MiB): a large kind: List can be split into documents (yq '.items[] | split_doc'), or raise the limit: --max-document-size ${limitFor(d.bytes)} (reading a document takes up to about 90 times its size in memory).`,
  };
}
