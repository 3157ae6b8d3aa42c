import { consoleLogger, inertLines, inertMessage } from './logger.js';

/** The lines the Actions runner would take as workflow commands (it breaks at LF, CR and CRLF, and trims). */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^(::|##\[)/.test(line.replace(/^[\s\u0085]+|[\s\u0085]+$/g, '')));
}

describe('text from the user’s files in the log', () => {
  test.each([
    'etc/a\n::error title=x::owned.yml',
    'etc/a\r::add-mask::abc',
    'etc/a\r\n  ::stop-commands::t',
    'x\n\u2028::warning::y',
    'x\n\t##[error]y',
    '::set-output name=a::b',
  ])('%j issues no workflow command', (name) => {
    expect(commandLines(name).length).toBeGreaterThan(0);
    expect(commandLines(inertLines(name))).toEqual([]);
    expect(commandLines(inertMessage(`read ${name}`))).toEqual([]);
  });

  test('text without commands is kept as it is; control characters in a message are shown as escapes', () => {
    expect(inertLines('a: b\n  c::d\n')).toBe('a: b\n  c::d\n');
    expect(inertMessage('name\u001b[31m\u0007')).toBe('name\\x1b[31m\\x07');
    expect(inertMessage('a\rb')).toBe('a\\rb');
  });

  test('the console logger prints a file name as one inert line', () => {
    let written = '';
    const logger = consoleLogger({ stream: { write: (text: string) => (written += text) }, env: {} });
    logger.info('reading etc/x\n::error title=t::owned.yml');
    logger.warning('bad\r::add-mask::secret');
    expect(commandLines(written)).toEqual([]);
    expect(written).toContain('owned.yml');
  });
});
