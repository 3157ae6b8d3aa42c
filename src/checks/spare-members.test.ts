import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeDrillWorld } from '../../test/fake-drills.js';
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

  it("are not made for a cluster that runs the user's own configuration", async () => {
    const { spec } = await FakeDrillWorld.create(path.join(dir, 'state'));
    const configured = {
      ...spec,
      members: spec.members.map((member) => ({
        ...member,
        configured: { file: 'etcd.yml', form: 'etcd-config-file', settings: [] },
      })),
    };
    expect(await whyNoSpareMembers(configured)).toBe(
      "the cluster runs the user's own configuration (config), which a member this product adds would not run",
    );
    expect(await whyNoSpareMembers(spec)).toBeUndefined();
  });

  it.each([membershipCheck, snapshotRestoreCheck])(
    '$name is skipped on the ssh target, which has no spare host, with the reason',
    async (check) => {
      const world = await FakeDrillWorld.create(path.join(dir, 'state'));
      const runner = {
        run: async () => ({ code: 1, stdout: '', stderr: 'not run in this test' }),
      } as unknown as ProcessRunner;
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
      expect([result.status, result.summary]).toEqual([
        'skipped',
        'the ssh target runs one member on each host it is given and has no spare host for a member beyond them ' +
          '(adding members needs two more hosts; a cluster restored beside the original needs one per member) (this check needs to add members)',
      ]);
      expect(world.requests).toEqual([]);
    },
  );
});
