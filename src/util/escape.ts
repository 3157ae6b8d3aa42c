/** Escaping of text from etcd or the user's files for where it is shown: the job summary's Markdown, a terminal. */

/** Characters Markdown (GitHub's) reads as syntax inside a line: emphasis, code, links and images, columns, strikethrough. */
const MARKDOWN_SYNTAX = /[\\`*_[\]!|~]/g;

/** Text as literal Markdown: HTML-significant characters as entities, every syntax character escaped, line breaks as <br>. */
function literalMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_SYNTAX, (char) => `\\${char}`)
    .replace(/\r?\n|\r/g, '<br>');
}

/**
 * Escapes text for the job summary (a table cell or a line) so that nothing in it becomes markup: a
 * value from the user's files cannot add a link, an image, a column or a heading. Code spans of the
 * text (`key: value`, as lint messages quote settings) become <code> elements, escaped the same way.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? markdownCode(part.slice(1, -1)) : literalMarkdown(part)))
    .join('');
}

/** Text as inline code in the job summary, escaped as escapeMarkdownCell escapes (a Markdown code span cannot be). */
export function markdownCode(text: string): string {
  return `<code>${literalMarkdown(text)}</code>`;
}

/** Strips control characters (terminal escapes included) from text etcd or a user wrote. */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?').replace(/\n/g, ' ');
}
