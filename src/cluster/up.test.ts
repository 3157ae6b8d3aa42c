import type { MemberSpec } from './spec.js';
import { firstAsked } from './up.js';

const member = (name: string, peerUrl: string, advertisedPeerUrl?: string) =>
  ({ name, peerUrl, ...(advertisedPeerUrl ? { advertisedPeerUrl } : {}) }) as MemberSpec;

describe('firstAsked', () => {
  it('is the member whose peer URL sorts first as text, as etcd sorts the URLs it asks', () => {
    const members = [
      member('etcd-1', 'https://127.0.0.9:2380'),
      member('etcd-2', 'https://127.0.0.10:2380'),
      member('etcd-3', 'https://127.0.0.11:2380'),
    ];
    // "127.0.0.10" sorts before "127.0.0.9": etcd compares the strings, not the addresses.
    expect(firstAsked(members).name).toBe('etcd-2');
    expect(firstAsked([...members].reverse()).name).toBe('etcd-2');
  });

  it('sorts by the peer URL the members advertise where it differs from the one they listen on', () => {
    const members = [
      member('a', 'https://10.0.0.1:2380', 'https://10.0.0.9:2380'),
      member('b', 'https://10.0.0.2:2380', 'https://10.0.0.8:2380'),
    ];
    expect(firstAsked(members).name).toBe('b');
  });
});
