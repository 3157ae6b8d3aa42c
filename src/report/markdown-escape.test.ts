import { escapeMarkdownCell, markdownCode } from '../util/escape.js';

/** What GitHub would read as markup in one line of the job summary, outside <br>, <code> and entities. */
function markup(markdown: string): string[] {
  const unescaped = markdown.replace(/\\[\\`*_[\]!|~]/g, '').replace(/<\/?(br|code)>/g, '');
  return [
    ...(unescaped.match(/!?\[[^\]]*\]\([^)]*\)/g) ?? []),
    ...(unescaped.match(/[<>`|]/g) ?? []),
    ...(unescaped.match(/\*\*|__|~~/g) ?? []),
  ];
}

describe('text from the user’s files in the job summary', () => {
  test.each([
    ['a link', '[click here](https://evil.example/login)'],
    ['an image', '![x](https://evil.example/pixel.png)'],
    ['a link in a code span', '`log-level: x` [y](https://evil.example)'],
    ['a backtick that closes the span', '`log-level: a`](https://evil.example)![i](https://evil.example/i.png)'],
    ['html', '<img src=x onerror=alert(1)><a href="https://evil.example">x</a>'],
    ['a column', 'a | b | c'],
    ['emphasis', '**bold** __under__ ~~gone~~'],
    ['a reference link', '[x][1]\n[1]: https://evil.example'],
  ])('%s stays text', (_what, value) => {
    const cell = escapeMarkdownCell(`\`log-level: ${value}\` is not a level etcd knows`);
    expect(markup(cell)).toEqual([]);
    expect(markup(markdownCode(value))).toEqual([]);
    expect(cell).not.toMatch(/\n/);
  });

  test('a lint message’s setting reads as code', () => {
    expect(escapeMarkdownCell('`log-level: debug` is fine')).toBe('<code>log-level: debug</code> is fine');
    expect(escapeMarkdownCell('`a_b: [x]`')).toBe('<code>a\\_b: \\[x\\]</code>');
  });
});
