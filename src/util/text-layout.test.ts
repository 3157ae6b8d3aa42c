import { fitTable, pairColumns, paragraph, truncate, wrapText, lastLines } from './text-layout.js';

describe('text layout for the terminal', () => {
  it('wraps at spaces, after commas and in paths after slashes, cuts a long word, and keeps a URL whole', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('resumed after 347.8 ms; rejoined', 20)).toEqual(['resumed after', '347.8 ms; rejoined']);
    expect(wrapText('a=1,b=2,c=3', 8)).toEqual(['a=1,b=2,', 'c=3']);
    expect(wrapText('/tmp/etcd-ha-x/data/alpha/wal', 16)).toEqual(['/tmp/etcd-ha-x/', 'data/alpha/wal']);
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(wrapText('see https://example.invalid/a/very/long/path/that/cannot/break now', 20)).toEqual([
      'see',
      'https://example.invalid/a/very/long/path/that/cannot/break',
      'now',
    ]);
    expect(paragraph('one two three four', { width: 9 })).toBe('one two\n  three\n  four');
    expect(truncate('abcdefgh', 5)).toBe('abcd…');
    expect(truncate('abc', 5)).toBe('abc');
  });

  it('fits a table by narrowing its flexible column, right-aligns numbers, and says which rows it cut', () => {
    const table = {
      headers: ['NAME', 'MS', 'TEXT'],
      rows: [
        ['a', '5', 'short'],
        ['bb', '1234', 'a much longer text than fits'],
      ],
    };
    expect(fitTable(table, { width: 30 }).lines).toEqual([
      'NAME    MS  TEXT',
      'a        5  short',
      'bb    1234  a much longer text',
      '            than fits',
    ]);
    expect(fitTable(table, { width: 30, overflow: 'truncate' })).toEqual({
      lines: ['NAME    MS  TEXT', 'a        5  short', 'bb    1234  a much longer tex…'],
      truncatedRows: [1],
    });
    expect(fitTable(table, { width: 80 }).truncatedRows).toEqual([]);
  });

  it('lays name-value pairs out in as many aligned columns as fit', () => {
    const pairs: Array<[string, string]> = [
      ['a', '1'],
      ['bbb', '22'],
      ['c', '333'],
      ['dd', '4'],
    ];
    expect(pairColumns(pairs, { width: 40 })).toEqual(['  a  1    bbb  22    c  333    dd  4']);
    expect(pairColumns(pairs, { width: 24 })).toEqual(['  a     1    c   333', '  bbb  22    dd    4']);
    expect(pairColumns(pairs, { width: 10 })).toEqual(['  a      1', '  bbb   22', '  c    333', '  dd     4']);
  });
});

describe('lastLines', () => {
  it("gives a text's last lines without its trailing newline, and all of a shorter one", () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc');
    expect(lastLines('a\n', 5)).toBe('a');
    expect(lastLines('', 3)).toBe('');
  });
});
