import { buildClusterSpec, spareMember } from '../cluster/spec.js';
import { clusterSpecFromConfig, configuredSpareMember } from '../cluster/user-config.js';
import type { MemberConfig } from '../lint/model.js';
import { buildReport } from './model.js';
import { renderJson, renderMarkdown, renderTerminal } from './render.js';
import { parseValidated } from '../../test/support/report-schema.js';

const member = (name: string, ip: string): MemberConfig => {
  const file = `hosts/${name}|x.yml`;
  const values: Array<[string, string]> = [
    ['name', name],
    ['listen-client-urls', `http://${ip}:2379`],
    ['advertise-client-urls', `http://${ip}:2379`],
    ['listen-peer-urls', `http://${ip}:2380`],
    ['initial-advertise-peer-urls', `http://${ip}:2380`],
    ['initial-cluster', `a=http://10.0.0.1:2380,b=http://10.0.0.2:2380`],
    ['heartbeat-interval', '40'],
    ['election-timeout', '400'],
  ];
  return {
    name,
    form: 'env-file',
    file,
    includes: [],
    settings: values.map(([key, value], index) => ({
      name: key,
      value,
      key,
      source: 'env',
      at: { file, line: index + 1, column: 1 },
    })),
  };
};

const input = {
  target: 'local' as const,
  etcdVersion: '3.4.23',
  toolVersion: '1.0.0',
  startedAt: new Date(0),
  durationMs: 10,
  phases: {},
  members: [],
  checks: [],
};

describe("the report of a cluster from the user's configuration", () => {
  const spec = clusterSpecFromConfig(
    [member('a', '10.0.0.1'), member('b', '10.0.0.2')],
    '/s',
    { addresses: ['127.0.0.11', '127.0.0.12'] },
    {
      topology: { baseAddress: '127.0.0.11', extraSans: [], certValidityDays: 1, keyAlgorithm: 'ecdsa-p256' as const },
      startupTimeoutMs: 1000,
    },
  );
  const report = buildReport({ ...input, spec });

  it("names each member's file, shows the configuration's timing and every mapped setting", () => {
    expect(report.configFiles).toEqual([
      { member: 'a', file: 'hosts/a|x.yml', form: 'env-file' },
      { member: 'b', file: 'hosts/b|x.yml', form: 'env-file' },
    ]);
    expect(report.cluster).toMatchObject({
      members: 2,
      heartbeatMs: 40,
      electionMs: 400,
      endpoints: ['http://127.0.0.11:2379', 'http://127.0.0.12:2379'],
    });
    expect(report.configMapping).toContainEqual({
      member: 'b',
      setting: 'initial-cluster',
      config: 'a=http://10.0.0.1:2380,b=http://10.0.0.2:2380',
      run: 'a=http://127.0.0.11:2380,b=http://127.0.0.12:2380',
    });
    expect(report.configMapping).toContainEqual({ member: 'a', setting: 'data-dir', config: null, run: '/s/data/a' });
    expect(parseValidated('report', renderJson(report)).configMapping).toEqual(report.configMapping);
  });

  it('renders the mapping in the job summary (escaped) and in the terminal', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('<details><summary>Your configuration: 2 members,');
    expect(markdown).toContain('| MEMBER | SETTING | IN THE CONFIG | IN THE RUN |');
    expect(markdown).toContain('| a | hosts/a\\|x.yml | env-file |');
    expect(markdown).toContain('| a | data-dir | (not set) | /s/data/a |');
    const terminal = renderTerminal(report);
    expect(terminal).toContain('\nb: hosts/b|x.yml (env-file)\n');
    expect(terminal).toMatch(/^ {2}listen-client-urls +http:\/\/10\.0\.0\.2:2379 +http:\/\/127\.0\.0\.12:2379$/m);
  });

  it('names the members checks derived from the configuration, the member they come from and the check', () => {
    const added = {
      ...configuredSpareMember(spec, spareMember(spec, 'etcd-3', '127.0.0.13')),
      bootstrap: {
        initialCluster: `${spec.initialCluster},etcd-3=http://127.0.0.13:2380`,
        token: 't',
        state: 'existing' as const,
      },
    };
    const derived = buildReport({ ...input, spec, derived: [{ member: added, check: 'membership' }] });
    expect(derived.configFiles?.at(-1)).toEqual({
      member: 'etcd-3',
      file: 'hosts/a|x.yml',
      form: 'env-file',
      derivedFrom: 'a',
      forCheck: 'membership',
    });
    expect(derived.configMapping).toContainEqual({
      member: 'etcd-3',
      setting: 'advertise-client-urls',
      config: 'http://10.0.0.1:2379',
      run: 'http://127.0.0.13:2379',
    });
    const markdown = renderMarkdown(derived);
    expect(markdown).toContain('<details><summary>Your configuration: 2 members (and 1 derived from them by checks),');
    expect(markdown).toContain('| etcd-3 | hosts/a\\|x.yml | env-file; derived from a for the membership check |');
    expect(renderTerminal(derived)).toContain(
      '\netcd-3: hosts/a|x.yml (env-file; derived from a for the membership check)\n',
    );
  });

  it("is absent from the report of a cluster of this product's making", () => {
    const own = buildClusterSpec(
      '/s',
      {
        members: 3,
        baseAddress: '127.0.0.11',
        clientPort: 2379,
        peerPort: 2380,
        extraSans: [],
        certValidityDays: 1,
        keyAlgorithm: 'ecdsa-p256' as const,
      },
      { heartbeatMs: 100, electionMs: 1000, startupTimeoutMs: 1000 },
    );
    const plain = buildReport({ ...input, spec: own });
    expect('configFiles' in plain || 'configMapping' in plain).toBe(false);
    expect(renderMarkdown(plain)).not.toContain('Your configuration');
  });
});
