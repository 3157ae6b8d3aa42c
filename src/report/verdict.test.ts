import { testSpec } from '../../test/support/test-spec.js';
import { buildReport } from './model.js';
import { verdict } from './tables.js';

const failedStart = (error: string) =>
  buildReport({
    spec: testSpec(),
    target: 'container',
    etcdVersion: '3.4.23',
    toolVersion: '0.1.0',
    startedAt: new Date('2026-01-01T00:00:00Z'),
    durationMs: 1696.2,
    phases: { pki: 300, up: 1200 },
    members: [],
    checks: [],
    error,
  });

describe('verdict', () => {
  it('names the cause of a run that stopped before any check, not a count of none', () => {
    const line = verdict(
      failedStart(
        "etcd-1 (https://172.30.77.11:2379) exited while the cluster was starting; etcd's last error: discovery failed: " +
          'open /etc/kubernetes/pki/etcd/peer.crt: no such file or directory; last lines of its log:\n{"level":"fatal"}',
      ),
    );
    expect(line).toBe(
      "etcd-ha FAILED before any check ran: etcd-1 (https://172.30.77.11:2379) exited while the cluster was starting; etcd's " +
        'last error: discovery failed: open /etc/kubernetes/pki/etcd/peer.crt: no such file or directory; last lines of its log ' +
        '(3-member container cluster, etcd 3.4.23, 1696 ms)',
    );
    expect(line).not.toMatch(/0 passed/);
  });

  it('keeps control characters of the cause out of the line, and a long cause short', () => {
    const line = verdict(failedStart(`boom\u001b[31m ${'x'.repeat(600)}`));
    expect(line).not.toContain('\u001b');
    expect(line.length).toBeLessThan(500);
  });
});
