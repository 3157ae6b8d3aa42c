import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeDrillWorld } from '../../test/support/fake-drills.js';
import { TARGETS } from '../targets/registry.js';
import { systemClock } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import type { ProcessRunner } from '../util/process.js';
import { runCheck } from './check.js';
import { membershipCheck } from './membership.js';
import { snapshotRestoreCheck } from './snapshot-restore.js';
import { spareNames, whyNoSpareMembers } from './spare-members.js';

describe('members beyond the spec', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-spare-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are named after the members, on names no member has', async () => {
    const { spec } = await FakeDrillWorld.create(path.join(dir, 'state'));
    expect(spareNames(spec, 'etcd', 2)).toEqual(['etcd-4', 'etcd-5']);
    const renamed = {
      ...spec,
      members: spec.members.map((member, index) => ({ ...member, name: `etcd-${index + 4}` })),
    };
    expect(spareNames(renamed, 'etcd', 2)).toEqual(['etcd-7', 'etcd-8']);
  });

  it("are made for a cluster from the user's configuration, except on the hosts its URLs name", async () => {
    const { spec } = await FakeDrillWorld.create(path.join(dir, 'state'));
    const configured = (urlsAsWritten: boolean) => ({
      ...spec,
      members: spec.members.map((member) => ({
        ...member,
        configured: { file: 'etcd.yml', form: 'etcd-config-file', settings: [], urlsAsWritten },
      })),
    });
    expect(await whyNoSpareMembers(configured(false))).toBeUndefined();
    expect(await whyNoSpareMembers(configured(true))).toMatch(
      /^the members run the user's configuration on the hosts its URLs name \(ssh\)/,
    );
    expect(await whyNoSpareMembers(spec)).toBeUndefined();
  });

  it.each([membershipCheck, snapshotRestoreCheck])(
    '$name is not skipped on the ssh target: it asks the hosts for ports to place members beyond the spec on',
    async (check) => {
      const world = await FakeDrillWorld.create(path.join(dir, 'state'));
      const refused = async () => ({ code: 1, stdout: Buffer.alloc(0), stderr: 'not run in this test' });
      const runner = { run: refused, pipe: refused } as unknown as ProcessRunner;
      const state = {
        hosts: world.spec.members.map((member) => ({ user: 'root', host: member.address, port: 22 })),
        keyFile: '/k',
        knownHostsFile: '/h',
        etcdBinary: '/usr/bin/etcd',
        members: {},
      };
      const target = TARGETS.ssh.create(world.spec, state, {
        runner,
        clock: systemClock,
        logger: memoryLogger(),
        onChange: async () => undefined,
      });
      const result = await runCheck(check, {
        spec: world.spec,
        client: world.client(),
        target,
        clock: systemClock,
        logger: memoryLogger(),
        keyPrefix: '/x/',
      });
      expect(result.status).toBe('fail');
      expect(result.summary).toMatch(
        /listing its listening ports on root@127\.0\.0\.\d+:22 failed: not run in this test/,
      );
    },
  );
});
