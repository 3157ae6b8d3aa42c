import type { ClusterSpec, MemberSpec } from '../cluster/spec.js';
import type { EtcdClient } from '../etcd/client.js';
import { FaultUnsupportedError, type FaultSupport, type Target } from '../targets/target.js';
import { systemClock } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { defineCheck, runCheck, type ReadContext } from './check.js';

const ctx: ReadContext = {
  spec: { members: [] } as unknown as ClusterSpec,
  client: {} as EtcdClient,
  clock: systemClock,
  logger: memoryLogger(),
  keyPrefix: '/test/',
};

/** A target that does nothing but say which faults it has. */
function fakeTarget(faults: FaultSupport): Target {
  const nothing = async () => undefined;
  return {
    kind: 'local',
    faults,
    preflight: nothing,
    start: nothing,
    stop: nothing,
    kill: nothing,
    restart: nothing,
    isRunning: async () => true,
    pause: nothing,
    resume: nothing,
    isolate: async (_members: MemberSpec[]) => {
      throw new FaultUnsupportedError('isolate', 'this fake cannot cut links');
    },
    heal: nothing,
    sparePlaces: async () => [],
    restoreSnapshot: async () => '',
    discard: nothing,
    prepareRelease: async () => '',
    moveMember: nothing,
    releaseOf: () => undefined,
    logs: async () => '',
    destroy: async () => [],
  };
}

const everything: FaultSupport = { pause: { supported: true }, isolate: { supported: true }, add: { supported: true } };
const noIsolate: FaultSupport = {
  pause: { supported: true },
  isolate: { supported: false, reason: 'the fake target cannot cut links between hosts' },
  add: { supported: true },
};

const ran: string[] = [];
const partition = defineCheck({
  name: 'partition-like',
  proves: 'nothing',
  byDefault: false,
  stopsMembers: true,
  needs: ['isolate'],
  async run() {
    ran.push('partition-like');
    return { status: 'pass', summary: 'ran', figures: {}, notes: [] };
  },
});
const undeclared = defineCheck({
  name: 'undeclared',
  proves: 'nothing',
  byDefault: false,
  stopsMembers: true,
  needs: [],
  async run({ target }) {
    await target.isolate([], []);
    return { status: 'pass', summary: 'ran', figures: {}, notes: [] };
  },
});

describe('runCheck', () => {
  beforeEach(() => ran.splice(0));

  it('runs a check whose faults the target has', async () => {
    const result = await runCheck(partition, { ...ctx, target: fakeTarget(everything) });
    expect([result.status, result.summary, ran]).toEqual(['pass', 'ran', ['partition-like']]);
  });

  it("skips, without running it, a check that needs a fault the target lacks, with the target's reason", async () => {
    const result = await runCheck(partition, { ...ctx, target: fakeTarget(noIsolate) });
    expect([result.status, result.summary, ran]).toEqual([
      'skipped',
      'the fake target cannot cut links between hosts (this check needs to isolate members)',
      [],
    ]);
  });

  it('skips a check that stops members when there is no target', async () => {
    const result = await runCheck(partition, ctx);
    expect([result.status, ran]).toEqual(['skipped', []]);
    expect(result.summary).toMatch(/given by its endpoints/);
  });

  it('skips a check that meets a fault the target cannot inject, rather than failing it', async () => {
    const result = await runCheck(undeclared, { ...ctx, target: fakeTarget(everything) });
    expect([result.status, result.summary]).toEqual([
      'skipped',
      'this fake cannot cut links (this check needs to isolate members)',
    ]);
  });
});
