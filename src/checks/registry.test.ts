import { CHECKS, CHECK_NAMES, DEFAULT_CHECKS, checkNamed, checksMayUse, isCheckName } from './registry.js';

describe('check registry', () => {
  it('names each check once, in kebab-case, and finds it by name', () => {
    expect(new Set(CHECK_NAMES).size).toBe(CHECKS.length);
    for (const name of CHECK_NAMES) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(checkNamed(name).name).toBe(name);
      expect(isCheckName(name)).toBe(true);
    }
    expect(isCheckName('all')).toBe(false);
  });

  it('runs status, failover and quorum-loss by default', () => {
    expect(DEFAULT_CHECKS).toEqual(['status', 'failover', 'quorum-loss']);
  });

  it('knows which checks may cut links: those that need isolate, and history and watch, which use it where they can', () => {
    expect(CHECK_NAMES.filter((name) => checksMayUse([name], 'isolate'))).toEqual(['partition', 'history', 'watch']);
    expect(checksMayUse(DEFAULT_CHECKS, 'isolate')).toBe(false);
    expect(checksMayUse(['status', 'history'], 'pause')).toBe(true);
    expect(checksMayUse([], 'isolate')).toBe(false);
  });

  it('says in one line what each check proves', () => {
    for (const check of CHECKS) {
      expect(check.proves.length).toBeGreaterThan(10);
      expect(check.proves).not.toMatch(/\n/);
    }
  });

  it('gives every check that stops members a member minimum and the reason for it', () => {
    for (const check of CHECKS.filter((candidate) => candidate.stopsMembers)) {
      expect(check.minMembers?.why).toMatch(/\w/);
      // snapshot-restore stops none of the cluster's members (it starts a cluster beside it), so it runs on one.
      expect(check.minMembers?.count).toBeGreaterThanOrEqual(check.name === 'snapshot-restore' ? 1 : 2);
    }
  });
});
