import { tcpListeners } from './proc-net-tcp.js';

describe('tcpListeners', () => {
  it('reads listening IPv4 and IPv6 sockets, not connected ones or the header', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0C07007F:094B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1',
      '   1: 0109007F:9C40 0100007F:0016 01 00000000:00000000 00:00000000 00000000     0        0 3',
      '   2: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 0',
    ].join('\n');
    expect(tcpListeners(table)).toEqual([
      { address: '127.0.7.12', port: 2379 },
      { address: '00000000000000000000000001000000', port: 22 },
    ]);
  });
});
