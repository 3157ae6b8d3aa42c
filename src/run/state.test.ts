import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadState } from './state.js';

describe('loadState', () => {
  it('names every verb that leaves a cluster in a folder, and that down removes it, when the folder holds none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-state-test-'));
    try {
      const refusal = await loadState(dir, '--state').then(
        () => 'loaded',
        (error: Error) => error.message,
      );
      expect(refusal).toContain(`--state is '${dir}'; allowed: a folder that holds a cluster`);
      for (const verb of [
        "'etcd-ha up --state'",
        "'etcd-ha run --keep'",
        "'etcd-ha certs --out'",
        "'etcd-ha restore --out'",
      ])
        expect(refusal).toContain(verb);
      expect(refusal).toContain("'etcd-ha down' has removed it already");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
