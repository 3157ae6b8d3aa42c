import { readFileSync } from 'node:fs';
import type { Finding, MemberConfig, ScannedFile } from '../model.js';
import { settingOf } from '../model.js';
import { suffixResolver } from './include-resolver.js';
import { sourceText, type SourceText } from './source.js';
import { isEtcdUnit, readSystemdUnit } from './systemd-unit.js';
import { parseUnitFile } from './unit-file.js';

/** Reads `etcd.service` with these other files in the scanned tree. */
function readUnit(text: string, others: Record<string, string> = {}, file = 'etcd.service'): ScannedFile {
  const source = sourceText(file, text);
  const sources: SourceText[] = [source, ...Object.entries(others).map(([name, content]) => sourceText(name, content))];
  return readSystemdUnit(source, parseUnitFile(source), suffixResolver(sources));
}

function member(text: string, others: Record<string, string> = {}): MemberConfig {
  return readUnit(text, others).members[0];
}

function rows(config: MemberConfig): string[][] {
  return config.settings.map((setting) => [
    setting.name,
    setting.value,
    `${setting.at.line}:${setting.at.column}`,
    setting.valueAt ? `${setting.valueAt.line}:${setting.valueAt.column}` : '-',
  ]);
}

function brief(findings: Finding[]): string[] {
  return findings.map(
    (finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule}`,
  );
}

const unit = (...service: string[]): string =>
  ['[Unit]', 'Description=etcd', '', '[Service]', ...service, '', '[Install]', 'WantedBy=multi-user.target'].join('\n');

describe('systemd units that run etcd', () => {
  it('reads --flag=value, --flag value, -flag value and bare booleans over continued lines', () => {
    const config = member(
      unit(
        'ExecStart=/usr/local/bin/etcd \\',
        '  --name=infra0 \\',
        '  --data-dir /var/lib/etcd \\',
        '  -initial-cluster-token tkn \\',
        '  --client-cert-auth \\',
        '  --peer-client-cert-auth',
      ),
    );
    expect(config).toMatchObject({
      name: 'infra0',
      form: 'systemd-unit',
      file: 'etcd.service',
      command: '/usr/local/bin/etcd',
      includes: [],
    });
    expect(rows(config)).toEqual([
      ['name', 'infra0', '6:3', '6:10'],
      ['data-dir', '/var/lib/etcd', '7:3', '7:14'],
      ['initial-cluster-token', 'tkn', '8:3', '8:26'],
      ['client-cert-auth', 'true', '9:3', '-'],
      ['peer-client-cert-auth', 'true', '10:3', '-'],
    ]);
    expect(config.settings.map((setting) => setting.key)).toEqual([
      '--name',
      '--data-dir',
      '-initial-cluster-token',
      '--client-cert-auth',
      '--peer-client-cert-auth',
    ]);
    expect(config.settings.every((setting) => setting.source === 'flag')).toBe(true);
  });

  it('skips comment lines between continued lines, as systemd does', () => {
    const config = member(
      unit('ExecStart=/usr/bin/etcd \\', '# the name', '  --name a \\', '; the data', '  --data-dir=/d'),
    );
    expect(rows(config)).toEqual([
      ['name', 'a', '7:3', '7:10'],
      ['data-dir', '/d', '9:3', '9:14'],
    ]);
  });

  it('unquotes as systemd does and positions each value where it is written', () => {
    const config = member(
      unit(
        `ExecStart=/usr/bin/etcd --name "my member" '--data-dir=/var/lib/my etcd' --initial-cluster=a="http://1.2.3.4:2380"`,
      ),
    );
    expect(rows(config)).toEqual([
      ['name', 'my member', '5:25', '5:33'],
      ['data-dir', '/var/lib/my etcd', '5:45', '5:56'],
      ['initial-cluster', 'a=http://1.2.3.4:2380', '5:74', '5:92'],
    ]);
  });

  it('finds etcd behind executable prefixes and /usr/bin/env, and takes env assignments given to env', () => {
    expect(member(unit('ExecStart=-/usr/bin/etcd --name a')).command).toBe('/usr/bin/etcd');
    const config = member(unit('ExecStart=/usr/bin/env ETCD_DATA_DIR=/d etcd --name a'));
    expect(config.command).toBe('etcd');
    expect(rows(config)).toEqual([
      ['data-dir', '/d', '5:24', '5:38'],
      ['name', 'a', '5:46', '5:53'],
    ]);
    expect(config.settings[0].source).toBe('env');
  });

  it('takes the ExecStart= after the last empty one, as systemd does', () => {
    expect(
      isEtcdUnit(
        parseUnitFile(sourceText('x', unit('ExecStart=/usr/bin/etcd', 'ExecStart=', 'ExecStart=/usr/bin/kubelet'))),
      ),
    ).toBe(false);
    expect(
      isEtcdUnit(
        parseUnitFile(sourceText('x', unit('ExecStart=/usr/bin/kubelet', 'ExecStart=', 'ExecStart=/usr/bin/etcd'))),
      ),
    ).toBe(true);
  });

  it('is a unit running etcd only with [Service] and an ExecStart= whose executable is etcd', () => {
    const runs = (text: string): boolean => isEtcdUnit(parseUnitFile(sourceText('x', text)));
    expect(runs(unit('ExecStart=/usr/bin/etcdctl get /'))).toBe(false);
    expect(runs(unit('ExecStart=/usr/bin/docker run --rm quay.io/coreos/nginx'))).toBe(false);
    expect(runs('[Unit]\nExecStart=/usr/bin/etcd\n')).toBe(false);
    expect(runs('all:\n\t/usr/bin/etcd --name a\n')).toBe(false);
    expect(
      runs(readFileSync('fixtures/lint/guides/002-kubeadm-external-etcd/20-etcd-service-manager.conf', 'utf8')),
    ).toBe(false);
  });

  it('puts Environment= variables first (source env, positioned in the unit) and expands $VAR and ${VAR}', () => {
    const config = member(
      unit(
        'Environment="ETCD_NAME=infra 0" ETCD_DATA_DIR=/d',
        'Environment=OPTS="--snapshot-count 5 --max-wals 3" PEER=10.0.0.1',
        'ExecStart=/usr/bin/etcd $OPTS --listen-peer-urls=http://${PEER}:2380 --initial-cluster-token ${UNKNOWN}',
      ),
    );
    expect(rows(config)).toEqual([
      ['name', 'infra 0', '5:14', '5:24'],
      ['data-dir', '/d', '5:33', '5:47'],
      ['snapshot-count', '5', '7:25', '7:25'],
      ['max-wals', '3', '7:25', '7:25'],
      ['listen-peer-urls', 'http://10.0.0.1:2380', '7:31', '7:50'],
      ['initial-cluster-token', '${UNKNOWN}', '7:70', '7:94'],
    ]);
    expect(config.settings.slice(0, 2).map((setting) => [setting.source, setting.key])).toEqual([
      ['env', 'ETCD_NAME'],
      ['env', 'ETCD_DATA_DIR'],
    ]);
  });

  it('reads an EnvironmentFile= found in the tree by the longest end of its path, as part of the member', () => {
    const scanned = readUnit(
      unit('EnvironmentFile=-/opt/etcd/cfg/etcd.conf', 'ExecStart=/opt/etcd/bin/etcd --name=${ETCD_NAME} --logger=zap'),
      {
        'opt/etcd.conf': 'ETCD_NAME=wrong\n',
        'etc/cfg/etcd.conf': 'ETCD_NAME=etcd-1\nETCD_DATA_DIR="/var/lib/etcd"\n',
      },
    );
    const config = scanned.members[0];
    expect(config.includes).toEqual(['etc/cfg/etcd.conf']);
    expect(
      config.settings.map((setting) => [
        setting.name,
        setting.value,
        setting.source,
        `${setting.at.file}:${setting.at.line}:${setting.at.column}`,
      ]),
    ).toEqual([
      ['name', 'etcd-1', 'env', 'etc/cfg/etcd.conf:1:1'],
      ['data-dir', '/var/lib/etcd', 'env', 'etc/cfg/etcd.conf:2:1'],
      ['name', 'etcd-1', 'flag', 'etcd.service:6:30'],
      ['logger', 'zap', 'flag', 'etcd.service:6:50'],
    ]);
    expect(scanned.findings).toEqual([]);
  });

  it('prefers, of env files whose paths end alike, the one nearest to the unit', () => {
    const source = sourceText(
      'hosts/b/etcd.service',
      unit('EnvironmentFile=/etc/default/etcd', 'ExecStart=/usr/bin/etcd'),
    );
    const resolver = suffixResolver([
      source,
      sourceText('hosts/a/default/etcd', 'ETCD_NAME=a\n'),
      sourceText('hosts/b/default/etcd', 'ETCD_NAME=b\n'),
    ]);
    expect(readSystemdUnit(source, parseUnitFile(source), resolver).members[0].name).toBe('b');
  });

  describe('launchers: etcd started through another program is read as etcd with its arguments', () => {
    const flags = (text: string, others: Record<string, string> = {}) =>
      readUnit(text, others).members[0]?.settings.map((setting) => `${setting.source} ${setting.key}=${setting.value}`);

    it('CoreOS etcd-wrapper: the drop-in’s arguments and $ETCD_OPTS, without the wrapper’s own variables', () => {
      const dropIn = [
        '[Service]',
        'Environment="ETCD_IMAGE_TAG=v3.1.8"',
        'Environment="ETCD_OPTS=--name=s1"',
        'ExecStart=',
        'ExecStart=/usr/lib/coreos/etcd-wrapper $ETCD_OPTS \\',
        '  --listen-client-urls="http://0.0.0.0:2379"',
        '',
      ].join('\n');
      const scanned = readUnit(dropIn, {}, 'etcd-member.service.d/20-clct-etcd-member.conf');
      expect(scanned.members[0].launcher).toBe('etcd-wrapper');
      expect(scanned.members[0].settings.map((setting) => `${setting.key}=${setting.value}`)).toEqual([
        '--name=s1',
        '--listen-client-urls=http://0.0.0.0:2379',
      ]);
    });

    it('docker run and podman run: -e and --env-file give the container its ETCD_*, the unit’s own do not', () => {
      const docker = unit(
        'Environment=ETCD_NAME=not-seen-by-the-container',
        'ExecStart=/usr/bin/docker run --rm --net=host -v /var/lib/etcd:/var/lib/etcd --env-file=/etc/etcd.env \\',
        '  -e ETCD_DATA_DIR=/var/lib/etcd --name etcd quay.io/coreos/etcd:v3.5.9 /usr/local/bin/etcd --name=etcd-1',
      );
      expect(flags(docker, { 'etcd.env': 'ETCD_LISTEN_PEER_URLS=https://10.0.0.1:2380\n' })).toEqual([
        'env ETCD_LISTEN_PEER_URLS=https://10.0.0.1:2380',
        'env ETCD_DATA_DIR=/var/lib/etcd',
        'flag --name=etcd-1',
      ]);
      // The image's own entrypoint is etcd: flags after the image are etcd's.
      expect(
        flags(unit('ExecStart=/usr/bin/podman run --rm -p 2379:2379 gcr.io/etcd-development/etcd:v3.6.5 --name=p1')),
      ).toEqual(['flag --name=p1']);
    });

    it('env and a shell’s -c: `exec etcd …` after other commands, with VAR=value prefixes', () => {
      expect(flags(unit('ExecStart=/usr/bin/env ETCD_NAME=e1 /usr/bin/etcd --data-dir=/d'))).toEqual([
        'env ETCD_NAME=e1',
        'flag --data-dir=/d',
      ]);
      const shell = unit(
        `ExecStart=/bin/sh -c 'mkdir -p /d && ETCD_NAME=s1 exec /usr/local/bin/etcd --data-dir=/d --listen-client-urls "http://127.0.0.1:2379"'`,
      );
      expect(flags(shell)).toEqual([
        'env ETCD_NAME=s1',
        'flag --data-dir=/d',
        'flag --listen-client-urls=http://127.0.0.1:2379',
      ]);
      const member = readUnit(shell).members[0];
      expect(member.launcher).toBe('sh -c');
      // Positions point into the unit, at the flag inside the script.
      const listen = member.settings.find((setting) => setting.name === 'listen-client-urls');
      expect(shell.split('\n')[listen!.at.line - 1].slice(listen!.at.column - 1)).toMatch(/^--listen-client-urls/);
    });
  });

  it('binds no file when several end alike and none is in the unit’s folder: a notice names them all', () => {
    const scanned = readUnit(
      unit('EnvironmentFile=/etc/etcd/etcd.conf', 'ExecStart=/usr/bin/etcd'),
      { 'site-a/etcd.conf': 'ETCD_NAME=a\n', 'site-b/etcd.conf': 'ETCD_NAME=b\n' },
      'units/etcd.service',
    );
    expect(scanned.members[0].name).toBe('default');
    expect(scanned.members[0].includes).toEqual([]);
    expect(scanned.findings).toEqual([
      expect.objectContaining({
        severity: 'notice',
        rule: 'ETCD-UNRESOLVED-INCLUDE',
        message: expect.stringContaining('several scanned files could be it (site-a/etcd.conf and site-b/etcd.conf)'),
      }),
    ]);
  });

  it('never reads a file in a form it is not: a YAML file is no EnvironmentFile=, an env file no --config-file', () => {
    const yaml = 'name: etcd-1\nlisten-client-urls: https://10.0.0.1:2379\n';
    const env = 'ETCD_NAME=etcd-1\n';
    const asEnv = readUnit(unit('EnvironmentFile=/etc/etcd/etcd.conf', 'ExecStart=/usr/bin/etcd'), {
      'etcd.conf': yaml,
    });
    expect(asEnv.members[0].includes).toEqual([]);
    expect(asEnv.findings.map((finding) => [finding.rule, finding.message])).toEqual([
      [
        'ETCD-UNRESOLVED-INCLUDE',
        expect.stringContaining('etcd.conf ends like it but is no environment file, so it is not read as one'),
      ],
    ]);
    const asYaml = readUnit(unit('ExecStart=/usr/bin/etcd --config-file=/etc/etcd/etcd.conf'), { 'etcd.conf': env });
    expect(asYaml.members[0].includes).toEqual([]);
    // No YAML parse error is made up for a file etcd would read as YAML only if the unit named it so.
    expect(asYaml.findings.map((finding) => finding.rule)).toEqual(['ETCD-UNRESOLVED-INCLUDE']);
    expect(asYaml.findings[0].message).toContain('is no etcd configuration file');
  });

  it('expands systemd specifiers in EnvironmentFile= from the unit’s (or drop-in folder’s) name', () => {
    const files = {
      'etcd@member2.service': unit('EnvironmentFile=/etc/etcd/%i.env', 'ExecStart=/usr/bin/etcd'),
      'member1.env': 'ETCD_NAME=member1\n',
      'member2.env': 'ETCD_NAME=member2\n',
      'etcd-member.service.d/20-cluster.conf':
        '[Service]\nEnvironmentFile=/etc/%p/%N.env\nExecStart=\nExecStart=/usr/bin/etcd\n',
      'etc/etcd-member/etcd-member.env': 'ETCD_NAME=from-prefix\n',
      'host.service': unit('EnvironmentFile=/etc/etcd/%H.env', 'ExecStart=/usr/bin/etcd'),
    };
    const sources = Object.entries(files).map(([name, text]) => sourceText(name, text));
    const resolver = suffixResolver(sources);
    const read = (index: number) => readSystemdUnit(sources[index], parseUnitFile(sources[index]), resolver);
    expect(read(0).members[0].name).toBe('member2');
    expect(read(3).members[0].name).toBe('from-prefix');
    // %H (the host name) is not known here: it matches any file, and two match.
    expect(read(5).findings[0].message).toContain('member1.env and member2.env');
  });

  it('warns of an EnvironmentFile= not in the scanned tree, and only notes an optional one', () => {
    const scanned = readUnit(
      unit(
        'EnvironmentFile=/etc/etcd/etcd.conf',
        'EnvironmentFile=-/etc/etcd/extra.conf',
        'ExecStart=/usr/bin/etcd $ETCD_OPTS --name ${NAME}',
      ),
    );
    // The variables it would set stay as written, and are no stray arguments.
    expect(rows(scanned.members[0])).toEqual([['name', '${NAME}', '7:36', '7:43']]);
    expect(brief(scanned.findings)).toEqual([
      'etcd.service:5:17 warning ETCD-UNRESOLVED-INCLUDE',
      'etcd.service:6:17 notice ETCD-UNRESOLVED-INCLUDE',
    ]);
    expect(scanned.findings[0].message).toContain('/etc/etcd/etcd.conf');
    expect(scanned.members[0].includes).toEqual([]);
  });

  it('takes the settings of a --config-file found in the tree, and lists the flags etcd then ignores', () => {
    const scanned = readUnit(
      unit(
        'Environment=ETCD_NAME=ignored',
        'ExecStart=/usr/bin/etcd --config-file /etc/etcd/etcd.yml --data-dir /ignored',
      ),
      {
        'conf/etcd.yml': 'name: infra1\ndata-dir: /var/lib/etcd\n',
      },
    );
    const config = scanned.members[0];
    expect(config.name).toBe('infra1');
    expect(config.includes).toEqual(['conf/etcd.yml']);
    expect(config.settings.map((setting) => [setting.name, setting.value, setting.source, setting.at.file])).toEqual([
      ['config-file', '/etc/etcd/etcd.yml', 'flag', 'etcd.service'],
      ['name', 'infra1', 'config-file', 'conf/etcd.yml'],
      ['data-dir', '/var/lib/etcd', 'config-file', 'conf/etcd.yml'],
    ]);
    expect(config.ignoredSettings?.map((setting) => [setting.name, setting.value, setting.source])).toEqual([
      ['name', 'ignored', 'env'],
      ['data-dir', '/ignored', 'flag'],
    ]);
  });

  it('warns of a --config-file not in the tree and keeps the flags as they are', () => {
    const scanned = readUnit(unit('ExecStart=/usr/bin/etcd --config-file=/etc/etcd/etcd.yml --name a'));
    expect(brief(scanned.findings)).toEqual(['etcd.service:5:39 warning ETCD-UNRESOLVED-INCLUDE']);
    expect(scanned.members[0].name).toBe('a');
    expect(scanned.members[0].ignoredSettings).toBeUndefined();
  });

  it('reports what makes etcd exit: a stray argument, a boolean given its value after a blank, a last flag without value', () => {
    const scanned = readUnit(unit('ExecStart=/usr/bin/etcd --client-cert-auth true --name'));
    expect(brief(scanned.findings)).toEqual([
      'etcd.service:5:44 error ETCD-PARSE',
      'etcd.service:5:49 error ETCD-PARSE',
    ]);
    expect(scanned.findings[0].message).toContain('write --client-cert-auth=true');
    expect(scanned.findings[1].message).toContain('--name needs a value');
    expect(rows(scanned.members[0])).toEqual([
      ['client-cert-auth', 'true', '5:25', '-'],
      ['name', '', '5:49', '-'],
    ]);
  });

  it('reports an unbalanced quote', () => {
    expect(brief(readUnit(unit('ExecStart=/usr/bin/etcd --name "a')).findings)).toEqual([
      'etcd.service:5:32 error ETCD-PARSE',
    ]);
  });

  it('reports flag lines systemd does not take into ExecStart= when a backslash is missing', () => {
    const scanned = readUnit(
      unit('ExecStart=/usr/bin/etcd --name a', '  --data-dir /d \\', '  --max-wals 5', 'Restart=always', 'stray text'),
    );
    expect(brief(scanned.findings)).toEqual([
      'etcd.service:6:3 error ETCD-PARSE',
      'etcd.service:9:1 warning ETCD-PARSE',
    ]);
    expect(scanned.findings[0].message).toBe(
      'Lines 6–7 are not part of ExecStart=: line 5 does not end with a backslash, so systemd ignores --data-dir, --max-wals and etcd starts without them.',
    );
    expect(rows(scanned.members[0])).toEqual([['name', 'a', '5:25', '5:32']]);
  });

  it('000: reads the guide’s unit as systemd does: a comment after the backslash ends ExecStart=', () => {
    const path = 'fixtures/lint/guides/000-etcd-conf-yml/etcd.service';
    const scanned = readUnit(readFileSync(path, 'utf8'), {}, path);
    const config = scanned.members[0];
    expect(config).toMatchObject({ name: 'default', command: '/usr/local/bin/etcd', settings: [] });
    expect(brief(scanned.findings)).toEqual([`${path}:8:31 error ETCD-PARSE`]);
    expect(scanned.findings[0].message).toContain(
      'etcd receives "\\ # 指定 etcd 二进制文件的路径及命令行参数" as arguments',
    );
    expect(scanned.findings[0].message).toContain(
      'systemd ignores lines 9–17 (--name, --data-dir, --initial-advertise-peer-urls,',
    );
  });

  it('004: the guide’s unit takes its settings from etcd.yml beside it', () => {
    const guide = 'fixtures/lint/guides/004-etcd-yml';
    const files = ['etcd-1/etcd.service', 'etcd-1/cfg/etcd.yml', 'etcd-2/cfg/etcd.yml', 'etcd-3/cfg/etcd.yml'].map(
      (file) => sourceText(`${guide}/${file}`, readFileSync(`${guide}/${file}`, 'utf8')),
    );
    const scanned = readSystemdUnit(files[0], parseUnitFile(files[0]), suffixResolver(files));
    const config = scanned.members[0];
    expect(config.name).toBe('etcd-1');
    expect(config.command).toBe('/opt/etcd/bin/etcd');
    expect(config.includes).toEqual([`${guide}/etcd-1/cfg/etcd.yml`]);
    expect(settingOf(config, 'config-file')).toMatchObject({
      value: '/opt/etcd/cfg/etcd.yml',
      at: { line: 8, column: 31 },
      valueAt: { line: 8, column: 45 },
    });
    expect(settingOf(config, 'listen-client-urls')).toMatchObject({
      value: 'https://192.168.66.31:2379',
      source: 'config-file',
      at: { file: `${guide}/etcd-1/cfg/etcd.yml`, line: 15, column: 1 },
    });
    expect(config.ignoredSettings).toEqual([]);
    expect(scanned.findings).toEqual([]);
  });
});
