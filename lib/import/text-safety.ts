/**
 * Makes text taken from schemas safe to place in generated comments: it can never close the
 * comment (`*\/`) or start a new one, whatever it contains. String literals are produced by
 * `quoteString` (names.ts), which escapes every character that could end the literal.
 */

/**
 * Text for a TSDoc block: `*\/` and `/*` are broken up (the first would end the comment, the
 * second confuses the code writer's comment tracking), control characters (except newlines)
 * become spaces.
 */
export function docText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, ' ')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .trim();
}

/** Text for a `//` comment line: one line, no control characters. */
export function lineCommentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}
