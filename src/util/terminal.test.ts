import { consoleLogger } from './logger.js';
import { painter, phaseLine, terminalMode } from './terminal.js';

/** A stream that keeps what was written, as a terminal or as a pipe. */
const stream = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
};

describe('terminalMode', () => {
  it('colours and redraws only on a terminal without NO_COLOR, TERM=dumb or CI', () => {
    expect(terminalMode(true, {})).toEqual({ color: true, live: true });
    expect(terminalMode(true, { CI: 'true' })).toEqual({ color: true, live: false });
    for (const [isTTY, env] of [
      [false, {}],
      [undefined, {}],
      [true, { NO_COLOR: '1' }],
      [true, { TERM: 'dumb' }],
    ] as const) {
      expect(terminalMode(isTTY, env)).toEqual({ color: false, live: false });
    }
    // no-color.org: an empty NO_COLOR does not count.
    expect(terminalMode(true, { NO_COLOR: '' }).color).toBe(true);
  });

  it('paints only when asked to', () => {
    expect(painter(false)('PASS', 'green', 'bold')).toBe('PASS');
    expect(painter(true)('PASS', 'green')).toBe('\u001b[32mPASS\u001b[39m');
    expect(phaseLine(11, ['checks', 'check failover'], 1234)).toBe('⠙ checks › check failover 1.2s');
  });
});

describe('consoleLogger', () => {
  it('shows a live phase line with the elapsed time on a terminal, under the log lines, and a done line after', async () => {
    const out = stream(true);
    let now = 0;
    const logger = consoleLogger({ stream: out, env: {}, now: () => now, redrawMs: 60_000 });
    await logger.group('up', async () => {
      now = 1200;
      logger.info('started 3 members');
      now = 1500;
    });
    const text = out.text();
    expect(text).toContain('\r\u001b[2K\u001b[36m⠋ up 0.0s\u001b[39m');
    // The log line clears the phase line, is written, and the phase line is drawn again beneath it.
    expect(text).toContain('\r\u001b[2Kstarted 3 members\n\r\u001b[2K\u001b[36m⠙ up 1.2s\u001b[39m');
    expect(text.endsWith('\r\u001b[2K\u001b[32m✓\u001b[39m up \u001b[2m1.5s\u001b[22m\n')).toBe(true);
  });

  it('wraps long lines at 100 columns on a terminal, and nowhere else', async () => {
    const message = `failover: pass (726 ms): ${'killed leader etcd-1; '.repeat(6)}end`;
    const live = stream(true);
    consoleLogger({ stream: live, env: {} }).info(message);
    expect(
      live
        .text()
        .split('\n')
        .map((text) => text.length),
    ).toEqual([97, 64, 0]);
    expect(live.text()).toMatch(/^failover: pass .* killed\n {2}leader etcd-1; /);
    const piped = stream(false);
    consoleLogger({ stream: piped, env: {} }).info(message);
    expect(piped.text()).toBe(`${message}\n`);
  });

  it('marks a phase that threw, and rethrows', async () => {
    const out = stream(true);
    const logger = consoleLogger({ stream: out, env: {}, now: () => 0, redrawMs: 60_000 });
    await expect(logger.group('pki', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(out.text()).toContain('\u001b[31m✗\u001b[39m pki');
  });

  it.each([
    ['not a terminal', false, {}],
    ['NO_COLOR set', true, { NO_COLOR: '1' }],
  ])('writes plain lines with no escape code when %s', async (_, isTTY, env) => {
    const out = stream(isTTY);
    const logger = consoleLogger({ stream: out, env, verbose: true });
    await logger.group('up', async () => {
      logger.info('started');
      logger.warning('slow disk');
      logger.debug('detail');
    });
    expect(out.text()).toBe('== up\nstarted\nwarning: slow disk\ndebug: detail\n');
  });
});
