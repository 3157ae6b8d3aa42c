import { freeLoopbackBase, loopbackListeners } from './loopback-block.js';

// /proc/net/tcp as Linux writes it: 127.0.7.12:2379 and 127.0.0.1:22 listening, 127.0.9.1:40000 connected.
const PROC_NET_TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0C07007F:094B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
  '   1: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0',
  '   2: 0109007F:9C40 0100007F:0016 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0',
  '',
].join('\n');

describe('loopbackListeners', () => {
  it('reads the listening IPv4 addresses from /proc/net/tcp, not connected sockets', () => {
    expect([...loopbackListeners(() => PROC_NET_TCP)].sort()).toEqual(['127.0.0.1', '127.0.7.12']);
  });
  it('is empty where /proc/net/tcp cannot be read', () => {
    expect(
      loopbackListeners(() => {
        throw new Error('ENOENT');
      }).size,
    ).toBe(0);
  });
});

describe('freeLoopbackBase', () => {
  it('takes the block the random start names when nothing listens there', () => {
    expect(freeLoopbackBase(new Set(['127.0.0.1']), () => 42)).toBe('127.0.42.11');
  });
  it('counts up past blocks with a listener, wrapping after 254', () => {
    expect(freeLoopbackBase(new Set(['127.0.42.11', '127.0.43.200']), () => 42)).toBe('127.0.44.11');
    expect(freeLoopbackBase(new Set(['127.0.254.5']), () => 254)).toBe('127.0.1.11');
  });
  it('never picks block 0, where hand-started clusters and other tools listen', () => {
    const picked = new Set<string>();
    for (let start = 1; start <= 254; start++) picked.add(freeLoopbackBase(new Set(), () => start));
    expect(picked.has('127.0.0.11')).toBe(false);
    expect(picked.size).toBe(254);
  });
  it('falls back to 127.0.0.11 when every block is taken', () => {
    const all = new Set(Array.from({ length: 254 }, (_, i) => `127.0.${i + 1}.1`));
    expect(freeLoopbackBase(all, () => 7)).toBe('127.0.0.11');
  });
});
