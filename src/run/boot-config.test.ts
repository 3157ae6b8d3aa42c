import type { CheckName } from '../checks/registry.js';
import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding, LintResult, MemberConfig, ScannedFile } from '../lint/model.js';
import { memoryLogger } from '../util/logger.js';

// The readers are lint's; here only what a boot does with what they give is proven.
const lintAndScan =
  jest.fn<(paths: string[], options: unknown) => Promise<{ result: LintResult; files: ScannedFile[] }>>();
jest.unstable_mockModule('../lint/lint.js', () => ({ lintAndScan, lintPaths: jest.fn() }));
const { ConfigLintError, configuredSpec, readUserConfig } = await import('./boot-config.js');
const { membersOnHosts } = await import('../targets/ssh/placement.js');
const { sandboxAddresses } = await import('../targets/addressing.js');
const { ConfigurationError } = await import('../errors.js');
const { flagLabel, inputLabel } = await import('../options/reader.js');

function scanned(files: ScannedFile[], findings: Finding[] = []): { result: LintResult; files: ScannedFile[] } {
  const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
  return {
    result: {
      schemaVersion: 1,
      findings,
      files: [],
      summary: { errors: count('error'), warnings: count('warning'), notices: count('notice') },
    },
    files,
  };
}

const member = (name: string, file: string): MemberConfig => ({
  name,
  form: 'etcd-config-file',
  file,
  includes: [],
  settings: [
    { name: 'name', value: name, key: 'name', source: 'config-file', at: { file, line: 1, column: 1 } },
    {
      name: 'initial-cluster',
      value: `${name}=https://10.0.0.1:2380`,
      key: 'initial-cluster',
      source: 'config-file',
      at: { file, line: 2, column: 1 },
    },
  ],
});

describe('reading the configuration to boot', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-boot-'));
    lintAndScan.mockReset();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const read = (label = flagLabel, logger = memoryLogger()) =>
    readUserConfig(dir, { label, etcdVersion: '3.4.23', cwd: dir, logger });

  it('refuses a path that does not exist, naming the option and the path', async () => {
    await expect(
      readUserConfig(path.join(dir, 'nope'), {
        label: inputLabel,
        etcdVersion: '3.4.23',
        cwd: dir,
        logger: memoryLogger(),
      }),
    ).rejects.toThrow(
      new RegExp(`^input 'config' is '${path.join(dir, 'nope')}'; allowed: a file or folder of etcd configuration`),
    );
    expect(lintAndScan).not.toHaveBeenCalled();
  });

  it('refuses a path with no etcd configuration in it, naming the path', async () => {
    lintAndScan.mockResolvedValue(scanned([]));
    await expect(read()).rejects.toThrow(new RegExp(`^--config is '${dir}'; .*\\(none was found there\\)$`));
  });

  it('stops at any lint error, with every finding, and reads the path as lint does', async () => {
    const findings: Finding[] = [
      {
        file: 'a.yml',
        line: 3,
        column: 24,
        severity: 'error',
        rule: 'ETCD-X',
        message: 'initial-cluster-token differs',
      },
      { file: 'b.yml', line: 1, column: 1, severity: 'warning', rule: 'ETCD-Y', message: 'something' },
    ];
    lintAndScan.mockResolvedValue(
      scanned([{ file: 'a.yml', form: 'etcd-config-file', members: [member('a', 'a.yml')], findings: [] }], findings),
    );
    const error = await read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigLintError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as InstanceType<typeof ConfigLintError>).findings).toEqual(findings);
    expect((error as Error).message).toBe(`the etcd configuration in ${dir} has 1 lint error; nothing was started`);
    expect(lintAndScan).toHaveBeenCalledWith([dir], expect.objectContaining({ etcdVersion: '3.4.23', cwd: dir }));
  });

  it('logs warnings and returns the members of every file', async () => {
    const warning: Finding = {
      file: 'b.yml',
      line: 4,
      column: 2,
      severity: 'warning',
      rule: 'ETCD-Y',
      message: 'deprecated',
    };
    lintAndScan.mockResolvedValue(
      scanned(
        [
          { file: 'a.yml', form: 'etcd-config-file', members: [member('a', 'a.yml')], findings: [] },
          { file: 'b.yml', form: 'etcd-config-file', members: [member('b', 'b.yml')], findings: [] },
        ],
        [warning],
      ),
    );
    const logger = memoryLogger();
    const members = await read(flagLabel, logger);
    expect(members.map((m) => m.name)).toEqual(['a', 'b']);
    expect(logger.lines).toContain('warning: b.yml:4:2: warning ETCD-Y: deprecated');
  });

  it('points a kubeadm etcd.external configuration at check --endpoints', async () => {
    const at = { file: 'kubeadm.yaml', line: 7, column: 3 };
    lintAndScan.mockResolvedValue(
      scanned([
        {
          file: 'kubeadm.yaml',
          form: 'kubeadm',
          members: [],
          findings: [],
          external: {
            file: 'kubeadm.yaml',
            at,
            endpoints: [
              { value: 'https://10.0.0.1:2379', at },
              { value: 'https://10.0.0.2:2379', at },
            ],
          },
        },
      ]),
    );
    const error = await read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /kubeadm\.yaml:7:3 is kubeadm's etcd\.external, a cluster that already runs \(https:\/\/10\.0\.0\.1:2379,https:\/\/10\.0\.0\.2:2379\)/,
    );
    expect((error as Error).message).toContain(
      'etcd-ha check --endpoints https://10.0.0.1:2379,https://10.0.0.2:2379 --pki-dir DIR',
    );
  });
});

describe('the cluster a configuration boots', () => {
  const options = {
    configPath: 'etc/',
    target: { kind: 'local' as const },
    stateDir: '/s',
    topology: {
      members: 3,
      baseAddress: '127.0.0.11',
      clientPort: 2379,
      peerPort: 2380,
      extraSans: [],
      certValidityDays: 1,
      keyAlgorithm: 'ecdsa-p256' as const,
    },
    timing: { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 60000 },
    label: flagLabel,
  };

  it('refuses one member when checks that stop members are to run', () => {
    expect(() =>
      configuredSpec([member('solo', 'solo.yml')], { ...options, checks: ['status', 'failover'] }, memoryLogger()),
    ).toThrow(
      /the configuration in etc\/ has 1 member \(solo, solo\.yml\); the failover check needs at least 2 .* set --checks to status/,
    );
    expect(
      configuredSpec([member('solo', 'solo.yml')], { ...options, checks: ['status'] }, memoryLogger()).members.map(
        (m) => m.address,
      ),
    ).toEqual(['127.0.0.11']);
    // Brought in by `all` only, they are skipped when they come, not refused.
    const all = {
      ...options,
      checks: ['status', 'failover'] as CheckName[],
      optionalChecks: ['failover'] as CheckName[],
    };
    expect(configuredSpec([member('solo', 'solo.yml')], all, memoryLogger()).members).toHaveLength(1);
  });

  it('puts each member on the ssh host its URLs name, in the order of the hosts', () => {
    const on = (name: string, ip: string) => ({
      ...member(name, `${name}.yml`),
      settings: [
        ...member(name, `${name}.yml`).settings,
        {
          name: 'advertise-client-urls',
          value: `https://${ip}:2379`,
          key: 'advertise-client-urls',
          source: 'config-file' as const,
          at: { file: `${name}.yml`, line: 3, column: 1 },
        },
      ],
    });
    const members = [on('a', '10.9.0.1'), on('b', '10.9.0.2')];
    expect(membersOnHosts(members, ['10.9.0.2', '10.9.0.1'], inputLabel).map((m) => m.name)).toEqual(['b', 'a']);
    expect(() => membersOnHosts(members, ['10.9.0.2'], inputLabel)).toThrow(
      /^input 'hosts' is '10\.9\.0\.2'; allowed: one host per member of the configuration \(a in a\.yml, b in b\.yml\)/,
    );
    expect(() => membersOnHosts(members, ['10.9.0.2', '10.9.0.3'], inputLabel)).toThrow(
      /^input 'hosts' names 10\.9\.0\.3, which no member's URLs name \(a in a\.yml: 10\.0\.0\.1, 10\.9\.0\.1; b in b\.yml: /,
    );
  });

  it('counts addresses up from base-address, refusing a base with no room for every member', () => {
    expect(sandboxAddresses('container', '172.30.5.11', 3, flagLabel)).toEqual([
      '172.30.5.11',
      '172.30.5.12',
      '172.30.5.13',
    ]);
    expect(() => sandboxAddresses('local', '127.0.0.250', 7, flagLabel)).toThrow(
      /^--base-address is '127\.0\.0\.250'; allowed: .*at most 248/,
    );
  });
});
