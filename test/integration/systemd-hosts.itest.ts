import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK_NAMES } from '../../src/checks/registry.js';
import { actionEnv, FAST, livePidsMentioning, newTempDir, readCommandFile, runCli } from '../support/helpers.js';
import { etcdRelease, NEWEST_ETCD_35 } from '../support/etcd-releases.js';
import { startSystemdHosts, SUDO_USER, type SystemdHosts } from '../support/systemd-hosts.js';
import { withKnownWatchFinding } from '../support/known-watch-bugs.js';
import { readReport } from '../support/report-schema.js';

interface ReportCheck {
  name: string;
  status: string;
  summary: string;
}

const MEMBERS = ['etcd-1', 'etcd-2', 'etcd-3'];
const unitOf = (runId: string, member: string) => `etcd-ha-${runId}-${member}.service`;

/** Each check's name and result, with its summary where it did not pass, so that a failure shows why. */
const statuses = (checks: ReportCheck[]) =>
  checks.map((check) =>
    check.status === 'pass' ? [check.name, check.status] : [check.name, check.status, check.summary],
  );

describe('the ssh target on hosts that run systemd as PID 1', () => {
  let dir: string;
  let hosts: SystemdHosts;
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-systemd-hosts-');
    hosts = await startSystemdHosts(path.join(dir, 'hosts'), { count: 3, subnet: 41, testId: 'systemd-itest' });
  }, 1_200_000);
  afterAll(async () => {
    await hosts?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** `systemctl is-active` of each member's unit, host by host. */
  const unitStates = (runId: string) =>
    MEMBERS.map((member, i) => hosts.exec(i, `systemctl is-active ${unitOf(runId, member)}`).stdout.trim());

  /**
   * What runs may leave on the hosts or here: unit files, loaded units (failed ones too), member
   * folders, etcd processes, ssh connections. Every test ends its own runs, so any is a leftover.
   */
  function leftBehind(): string[] {
    const found = hosts.addresses.flatMap((address, i) => {
      const looked = hosts.exec(
        i,
        `systemctl list-unit-files --no-legend | grep etcd-ha
systemctl list-units --all --no-legend --plain | grep etcd-ha
ls /etc/systemd/system | grep etcd-ha
ls -d /var/lib/etcd-ha-* 2>/dev/null
pgrep -a etcd
echo looked`,
      );
      const lines = looked.stdout.split('\n').filter(Boolean);
      // A host that could not be looked at must not pass for a clean one.
      if (lines.pop() !== 'looked') return [`${address}: could not be looked at: ${looked.stderr.trim()}`];
      return lines.map((line) => `${address}: ${line}`);
    });
    const masters = livePidsMentioning(`${tmpdir()}/etcd-ha-ssh-`).map((pid) => `ssh master PID ${pid}`);
    return [...found, ...masters];
  }

  it('a member whose unit fails is named with its journal, and the failed run leaves no unit behind', async () => {
    const work = await newTempDir('etcd-ha-systemd-fail-');
    // Something else holds etcd-2's client port on its host, as a forgotten etcd would.
    const blocker = hosts.exec(
      1,
      `systemd-run --unit=port-blocker /usr/sbin/sshd -D -o ListenAddress=${hosts.addresses[1]}:2379 -o PidFile=none
i=0; until ss -Hltn 'sport = 2379' | grep -q . || [ $i -ge 50 ]; do sleep 0.1; i=$((i+1)); done; ss -Hltn 'sport = 2379'`,
    );
    try {
      expect(blocker.stdout).toContain(`${hosts.addresses[1]}:2379`);
      const state = path.join(work, 'state');
      const up = await runCli([
        'up',
        '--state',
        state,
        '--target',
        'ssh',
        '--hosts',
        hosts.hostsAs(SUDO_USER).join(','),
        '--ssh-key',
        hosts.keyFile,
        '--known-hosts',
        hosts.knownHostsFile,
        ...FAST,
      ]);
      expect(up.stderr).toMatch(
        /etcd-2 \(https:\/\/\S+:2379\) exited while the cluster was starting;[\s\S]*address already in use/,
      );
      // The log is the unit's journal: systemd's own lines about the unit are in it.
      expect(up.stderr).toMatch(/Failed to start etcd-ha-\w+-etcd-2\.service - etcd member etcd-2/);
      expect(up.code).toBe(1);
      expect(leftBehind()).toEqual([]);
    } finally {
      hosts.exec(1, 'systemctl stop port-blocker');
      await rm(work, { recursive: true, force: true });
    }
  });

  describe.each([
    ['root', 'root'],
    ['a sudo user', SUDO_USER],
  ])('logged in as %s', (_, user) => {
    let work: string;
    beforeEach(async () => {
      work = await newTempDir('etcd-ha-systemd-run-');
    });
    afterEach(async () => {
      await rm(work, { recursive: true, force: true });
    });

    const target = () => [
      '--target',
      'ssh',
      '--hosts',
      hosts.hostsAs(user).join(','),
      '--ssh-key',
      hosts.keyFile,
      '--known-hosts',
      hosts.knownHostsFile,
    ];

    it('up runs each member as a unit; check kills and restarts them through systemd; the bundle holds each journal; down removes the units', async () => {
      const state = path.join(work, 'state');
      const up = await runCli(['up', '--state', state, ...target(), ...FAST]);
      expect(up.stderr).toMatch(/installed 3 members: etcd-1 on \S+ \(systemd\), etcd-2 on \S+ \(systemd\), etcd-3/);
      expect(up.code).toBe(0);
      const { runId } = JSON.parse(readFileSync(path.join(state, 'etcd-ha-state.json'), 'utf8')).spec;
      try {
        expect(unitStates(runId)).toEqual(['active', 'active', 'active']);
        // systemd leaves the bound on a member's start to the run (startup-timeout-seconds, up to 600 s).
        expect(hosts.exec(0, `systemctl show -p TimeoutStartUSec ${unitOf(runId, 'etcd-1')}`).stdout).toBe(
          'TimeoutStartUSec=infinity\n',
        );
        // The unit is the one the guides write, installed where an administrator's would be.
        expect(hosts.exec(0, `systemctl cat ${unitOf(runId, 'etcd-1')}`).stdout).toMatch(
          new RegExp(`/etc/systemd/system/${unitOf(runId, 'etcd-1')}[\\s\\S]*Type=notify`),
        );

        const json = path.join(work, 'out', 'report.json');
        const check = await runCli(
          [
            'check',
            '--state',
            state,
            '--checks',
            'status,failover,quorum-loss',
            '--diagnostics',
            'always',
            '--json',
            json,
          ],
          { timeoutMs: 120_000 },
        );
        const report = readReport(json);
        expect(statuses(report.checks)).toEqual([
          ['status', 'pass'],
          ['failover', 'pass'],
          ['quorum-loss', 'pass'],
        ]);
        expect(check.code).toBe(0);
        expect(unitStates(runId)).toEqual(['active', 'active', 'active']);
        // The faults went through systemd: failover killed the leader's unit, quorum-loss two more
        // units, and systemd started each again (3 starts by up, 3 after the kills).
        const journals = MEMBERS.map(
          (member, i) => hosts.exec(i, `journalctl --no-pager -o cat -u ${unitOf(runId, member)}`).stdout,
        );
        const count = (pattern: RegExp) =>
          journals.reduce((sum, journal) => sum + (journal.match(new RegExp(pattern, 'g'))?.length ?? 0), 0);
        const failover = report.checks.find((c: ReportCheck) => c.name === 'failover') as ReportCheck;
        const killed = MEMBERS.indexOf(failover.summary.match(/killed leader (\S+);/)?.[1] ?? '');
        expect(journals[killed]).toMatch(/Sent signal SIGKILL to main process \d+ \(etcd\) on client request/);
        expect(count(/Main process exited, code=killed, status=9\/KILL/)).toBe(3);
        expect(count(/Started etcd-ha-\S+ - etcd member/)).toBe(6);

        // The diagnostics bundle holds each member's journal: etcd's lines and systemd's about the unit.
        const bundle = path.join(work, 'out', `etcd-ha-diagnostics-${runId}.tar.gz`);
        expect(check.stderr).toContain(`diagnostics bundle (`);
        const opened = path.join(work, 'opened');
        mkdirSync(opened);
        execFileSync('tar', ['-xzf', bundle, '-C', opened], { timeout: 30_000 });
        for (const member of MEMBERS) {
          const log = readFileSync(
            path.join(opened, `etcd-ha-diagnostics-${runId}`, 'members', member, 'etcd.log'),
            'utf8',
          );
          expect([member, /"msg":"/.test(log)]).toEqual([member, true]);
          expect(log).toContain(`Started ${unitOf(runId, member)} - etcd member ${member}`);
        }
        expect(
          readFileSync(path.join(opened, `etcd-ha-diagnostics-${runId}`, 'members', 'etcd-2', 'etcd.conf.yml'), 'utf8'),
        ).toContain(`data-dir: /var/lib/etcd-ha-${runId}-etcd-2/data`);
      } finally {
        const down = await runCli(['down', '--state', state]);
        expect(down.stderr).toBe('');
        expect(down.code).toBe(0);
      }
      expect(leftBehind()).toEqual([]);
      expect(existsSync(state)).toBe(false);
    });

    it("the action's main step leaves the members running as units and its post step removes them", async () => {
      const env: NodeJS.ProcessEnv = {
        ...actionEnv(work),
        INPUT_TARGET: 'ssh',
        INPUT_HOSTS: hosts.hostsAs(user).join('\n'),
        'INPUT_SSH-KEY': hosts.key,
        'INPUT_KNOWN-HOSTS': hosts.knownHosts,
        'INPUT_HEARTBEAT-MS': '50',
        'INPUT_ELECTION-MS': '250',
      };
      const main = await runCli([], { script: 'dist/main/index.js', env, timeoutMs: 120_000 });
      const saved = readCommandFile(env.GITHUB_STATE as string);
      const stateDir = saved['state-dir'];
      const runId: string = JSON.parse(readFileSync(path.join(stateDir, 'etcd-ha-state.json'), 'utf8')).spec.runId;
      try {
        expect(main.stdout).not.toContain('::error::');
        expect(main.code).toBe(0);
        expect(readCommandFile(env.GITHUB_OUTPUT as string).passed).toBe('true');
        expect(unitStates(runId)).toEqual(['active', 'active', 'active']);
      } finally {
        const post = await runCli([], {
          script: 'dist/post/index.js',
          env: { ...env, 'STATE_state-dir': stateDir, STATE_keep: saved.keep },
        });
        expect(post.stdout).toContain('etcd-ha: cluster torn down');
        expect(post.code).toBe(0);
      }
      expect(leftBehind()).toEqual([]);
      expect(existsSync(stateDir)).toBe(false);
    });

    it('run --checks all passes every check, none skipped, the upgrade switching each unit to etcd 3.5.30, and leaves nothing on the hosts', async () => {
      const json = path.join(work, 'report.json');
      const state = path.join(work, 'state');
      const upgrade = ['--upgrade-etcd-path', etcdRelease(NEWEST_ETCD_35).binDir];
      const result = await runCli(
        ['run', ...target(), '--checks', 'all', ...upgrade, ...FAST, '--state', state, '--json', json],
        { timeoutMs: 300_000 },
      );
      const report = readReport(json);
      const { checks, known } = withKnownWatchFinding(report);
      expect(statuses(checks)).toEqual(CHECK_NAMES.map((name) => [name, 'pass']));
      expect(result.code).toBe(known ? 1 : 0);
      expect(leftBehind()).toEqual([]);
      expect(readdirSync(work)).not.toContain('state');
    });
  });
});
