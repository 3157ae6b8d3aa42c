import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { buildClusterSpec } from '../cluster/spec.js';
import { parseTiming, parseTopology } from '../options/options.js';
import { flagLabel, optionReader } from '../options/reader.js';
import { processStartTime } from '../util/process.js';
import { cliRunning, recordedRuns, runRegistry, runsDir, type RunRegistry } from './run-records.js';
import { saveState, type ClusterState } from './state.js';

const defaults = optionReader(() => undefined, flagLabel);

/** A cluster state saved in `stateDir`, as certs leaves it (no PKI is read here). */
async function savedState(stateDir: string): Promise<ClusterState> {
  const state: ClusterState = {
    schemaVersion: 1,
    spec: buildClusterSpec(stateDir, parseTopology(defaults), parseTiming(defaults)),
  };
  await saveState(state);
  return state;
}

describe('runsDir', () => {
  it('is $ETCD_HA_STATE_HOME/runs, else $XDG_STATE_HOME/etcd-ha/runs, else ~/.local/state/etcd-ha/runs', () => {
    expect(runsDir({ ETCD_HA_STATE_HOME: '/srv/etcd-ha', XDG_STATE_HOME: '/x' })).toBe('/srv/etcd-ha/runs');
    expect(runsDir({ XDG_STATE_HOME: '/x' })).toBe('/x/etcd-ha/runs');
    // The XDG spec ignores a relative path.
    expect(runsDir({ XDG_STATE_HOME: 'relative' })).toBe(path.join(homedir(), '.local/state/etcd-ha/runs'));
    expect(runsDir({})).toBe(path.join(homedir(), '.local/state/etcd-ha/runs'));
  });
});

describe('the registry of runs', () => {
  let dir: string;
  let registry: RunRegistry;
  const cli = { pid: process.pid, startTime: processStartTime(process.pid) ?? '' };
  let clock = 0;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'etcd-ha-registry-'));
    registry = runRegistry(path.join(dir, 'state-home', 'runs'), {
      command: 'run',
      cli,
      now: () => new Date(Date.UTC(2025, 0, 1, 3, 0, clock++)),
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records a run (0600 in a 0700 folder), lists it, and forgets it', async () => {
    const state = await savedState(path.join(dir, 'a'));
    await registry.register(state);
    const file = path.join(registry.dir, `${state.spec.runId}.json`);
    expect(statSync(registry.dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      schemaVersion: 1,
      runId: state.spec.runId,
      target: 'local',
      members: 3,
      stateDir: state.spec.stateDir,
      startedAt: expect.stringMatching(/^2025-01-01T03:00:\d\d\.000Z$/),
      command: 'run',
      cli,
    });
    expect((await registry.list()).entries.map((entry) => entry.runId)).toEqual([state.spec.runId]);
    await registry.unregister(state.spec.runId);
    expect(await registry.list()).toEqual({ entries: [], unreadable: [] });
    expect(readdirSync(registry.dir)).toEqual([]);
  });

  it('lists nothing before the first run, without making its folder', async () => {
    expect(await registry.list()).toEqual({ entries: [], unreadable: [] });
    expect(() => statSync(registry.dir)).toThrow();
  });

  it('lists runs oldest first, and a file that is no entry apart', async () => {
    const first = await savedState(path.join(dir, 'first'));
    const second = await savedState(path.join(dir, 'second'));
    await registry.register(first);
    await registry.register(second);
    writeFileSync(path.join(registry.dir, 'garbage.json'), '{ not json');
    const { entries, unreadable } = await registry.list();
    expect(entries.map((entry) => entry.stateDir)).toEqual([first.spec.stateDir, second.spec.stateDir]);
    expect(unreadable).toEqual([path.join(registry.dir, 'garbage.json')]);
  });

  it('removes a run whose folder is gone, or holds another run now, and says why', async () => {
    const kept = await savedState(path.join(dir, 'kept'));
    const gone = await savedState(path.join(dir, 'gone'));
    const reused = await savedState(path.join(dir, 'reused'));
    const emptied = await savedState(path.join(dir, 'emptied'));
    for (const state of [kept, gone, reused, emptied]) await registry.register(state);
    rmSync(gone.spec.stateDir, { recursive: true });
    const other = await savedState(reused.spec.stateDir);
    rmSync(path.join(emptied.spec.stateDir, 'etcd-ha-state.json'));
    mkdirSync(path.join(emptied.spec.stateDir, 'data'));

    const { live, removed } = await recordedRuns(registry);
    expect(live.map(({ entry, state }) => [entry.runId, state.spec.stateDir])).toEqual([
      [kept.spec.runId, kept.spec.stateDir],
    ]);
    expect(removed.map(({ entry, reason }) => [entry.runId, reason])).toEqual([
      [gone.spec.runId, `its folder ${gone.spec.stateDir} is gone`],
      [reused.spec.runId, `its folder ${reused.spec.stateDir} now holds run ${other.spec.runId}`],
      [
        emptied.spec.runId,
        expect.stringMatching(new RegExp(`^its folder ${emptied.spec.stateDir} holds no readable cluster state`)),
      ],
    ]);
    expect((await registry.list()).entries.map((entry) => entry.runId)).toEqual([kept.spec.runId]);
  });

  it('tells a CLI that still runs from one that ended (and from a later process with its PID)', () => {
    const entry = {
      schemaVersion: 1 as const,
      runId: 'r',
      target: 'local' as const,
      members: 3,
      stateDir: '/x',
      startedAt: '',
      command: 'up',
      cli,
    };
    expect(cliRunning(entry)).toBe(true);
    expect(cliRunning({ ...entry, cli: { pid: process.pid, startTime: '1' } })).toBe(false);
  });
});
