import { EventEmitter } from 'node:events';
import { endQuietlyOnBrokenPipe } from './broken-pipe.js';

const failure = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe('endQuietlyOnBrokenPipe', () => {
  it('lets a broken pipe, and the failed writes after it, pass without an error', () => {
    const stream = new EventEmitter();
    endQuietlyOnBrokenPipe(stream);
    expect(() => stream.emit('error', failure('EPIPE'))).not.toThrow();
    expect(() => stream.emit('error', failure('ERR_STREAM_DESTROYED'))).not.toThrow();
  });

  it('throws any other error of the stream, as an unhandled one would', () => {
    const stream = new EventEmitter();
    endQuietlyOnBrokenPipe(stream);
    expect(() => stream.emit('error', failure('ENOSPC'))).toThrow('write ENOSPC');
  });
});
