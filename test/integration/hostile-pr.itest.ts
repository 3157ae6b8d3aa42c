/**
 * A fork's pull request is hostile input: its files reach lint, the lint action, `run --config` / `up
 * --config` and the main action's `config`. Each test plants what such a pull request could plant and
 * drives the real CLI or action bundle, with real etcd, to show it goes nowhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  actionEnv,
  FAST,
  killEtcdUnder,
  livePidsMentioning,
  newTempDir,
  readCommandFile,
  runCli,
  type CliResult,
} from '../support/helpers.js';
import { bundleOf, removeBundle } from '../support/lint-helpers.js';

/** True while something listens on ip:port (IPv4), as /proc/net/tcp shows it. */
function listening(ip: string, port: number): boolean {
  const address = ip
    .split('.')
    .map((octet) => Number(octet).toString(16).padStart(2, '0'))
    .reverse()
    .join('')
    .toUpperCase();
  const local = `${address}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1] === local && fields[3] === '0A';
    });
}

/** Lines the Actions runner would take as workflow commands (it breaks lines at LF, CR and CRLF, and trims them). */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^(::|##\[)/.test(line.replace(/^[\s\u0085]+/, '')));
}

/** A one-member etcd.conf.yml on plain http (the run maps 10.40.0.11 to a loopback address), with extra lines. */
function soloConfig(extra: string[] = []): string {
  return [
    'name: solo',
    'data-dir: /var/lib/etcd',
    'listen-peer-urls: http://10.40.0.11:12380',
    'initial-advertise-peer-urls: http://10.40.0.11:12380',
    'listen-client-urls: http://10.40.0.11:12379',
    'advertise-client-urls: http://10.40.0.11:12379',
    'initial-cluster: solo=http://10.40.0.11:12380',
    'initial-cluster-token: hostile',
    'initial-cluster-state: new',
    ...extra,
    '',
  ].join('\n');
}

const SMUGGLED = 'listen-metrics-urls: http://10.40.0.11:12381@127.0.0.99:12381';

/** The fields of a bundle's manifest the forgeries change. */
interface ForgedManifest {
  runId: string;
  topology: { baseAddress: string };
  certificates: Record<string, string>;
}

/** The etcd processes and local peer proxies a run started under `stateDir`. */
function runPids(stateDir: string): number[] {
  return livePidsMentioning(stateDir);
}

describe('a pull request’s files as hostile input', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newTempDir('etcd-ha-hostile-');
  });
  afterEach(async () => {
    killEtcdUnder(dir);
    await rm(dir, { recursive: true, force: true });
  });

  it('a listen URL with a login part: lint reports it at its line and up refuses it, so etcd never binds the smuggled address', async () => {
    const config = path.join(dir, 'etcd');
    mkdirSync(config);
    const file = path.join(config, 'solo.conf.yml');
    writeFileSync(file, soloConfig([SMUGGLED]));
    const line = soloConfig([SMUGGLED]).split('\n').indexOf(SMUGGLED) + 1;

    const lint = await runCli(['lint', config]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(new RegExp(`^\\s*${line}:\\d+\\s+error\\s+ETCD-410\\b`, 'm'));
    expect(lint.stdout).toContain('etcd binds or advertises 127.0.0.99:12381');
    // The lint action puts the same error on the file's line in the pull request.
    const script = bundleOf('lint');
    try {
      const action = spawnSync(process.execPath, [script], {
        cwd: dir,
        env: { ...process.env, ...actionEnv(dir), GITHUB_WORKSPACE: dir, INPUT_PATH: 'etcd' },
        encoding: 'utf8',
        timeout: 60000,
      });
      expect(action.stdout).toMatch(
        new RegExp(
          `^::error title=ETCD-410,file=etcd/solo\\.conf\\.yml,line=${line},col=\\d+::.*127\\.0\\.0\\.99:12381`,
          'm',
        ),
      );
      expect(action.status).toBe(1);
    } finally {
      removeBundle(script);
    }

    const state = path.join(dir, 'state');
    let up: CliResult | undefined;
    try {
      up = await runCli(['up', '--state', state, '--config', config, '--startup-timeout-seconds', '30'], {
        timeoutMs: 90000,
      });
      expect(listening('127.0.0.99', 12381)).toBe(false);
      expect(runPids(state)).toEqual([]);
      expect(up.code).not.toBe(0);
      expect(up.stderr).toContain('ETCD-410');
      expect(up.stderr).toContain(`solo.conf.yml:${line}`);
    } finally {
      if (up?.code === 0) await runCli(['down', '--state', state]);
    }
  });

  it('the lint action never writes its SARIF through a symbolic link the pull request planted', async () => {
    const script = bundleOf('lint');
    try {
      const workspace = path.join(dir, 'workspace');
      mkdirSync(path.join(workspace, 'etcd'), { recursive: true });
      writeFileSync(path.join(workspace, 'etcd', 'solo.conf.yml'), soloConfig());
      const victim = path.join(dir, 'victim');
      writeFileSync(victim, 'precious\n');
      symlinkSync(victim, path.join(workspace, 'etcd-lint.sarif'));
      mkdirSync(path.join(dir, 'elsewhere'));
      symlinkSync(path.join(dir, 'elsewhere'), path.join(workspace, 'out'));
      for (const sarif of ['etcd-lint.sarif', 'out/etcd-lint.sarif']) {
        const env: NodeJS.ProcessEnv = { ...actionEnv(dir), GITHUB_WORKSPACE: workspace };
        const run = spawnSync(process.execPath, [script], {
          cwd: workspace,
          env: { ...process.env, ...env, INPUT_PATH: 'etcd', 'INPUT_SARIF-FILE': sarif, 'INPUT_FAIL-ON': 'never' },
          encoding: 'utf8',
          timeout: 60000,
        });
        expect(run.stdout).toMatch(
          /::error::input 'sarif-file' is '.*etcd-lint\.sarif'; allowed: a file path this job can write \(.*symbolic link/,
        );
        expect(run.status).toBe(1);
      }
      expect(readFileSync(victim, 'utf8')).toBe('precious\n');
      expect(readdirSync(path.join(dir, 'elsewhere'))).toEqual([]);
    } finally {
      removeBundle(script);
    }
  });

  it('a file name holding a workflow command prints as a name; members keep none of the step’s secrets', async () => {
    const workspace = path.join(dir, 'workspace');
    const config = path.join(workspace, 'etcd');
    mkdirSync(config, { recursive: true });
    const hostileName = 'solo\n::error title=owned::pwned\r::add-mask::hidden.conf.yml';
    writeFileSync(path.join(config, hostileName), soloConfig());
    const env = actionEnv(dir);
    const secrets = {
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-of-the-step',
      'INPUT_DIAGNOSTICS-PASSPHRASE': 'passphrase-of-the-step',
      GITHUB_TOKEN: 'ghs_token-of-the-step',
    };
    const main = await runCli([], {
      script: 'dist/main/index.js',
      env: {
        ...env,
        ...secrets,
        // No artifact service here: the token is only there to be leaked or not.
        ACTIONS_RESULTS_URL: '',
        GITHUB_WORKSPACE: workspace,
        INPUT_CONFIG: config,
        INPUT_CHECKS: 'status',
        'INPUT_STARTUP-TIMEOUT-SECONDS': '30',
      },
      timeoutMs: 120000,
    });
    const saved = readCommandFile(env.GITHUB_STATE as string);
    const stateDir = saved['state-dir'];
    try {
      expect(main.stdout).toContain('pwned');
      // The step's own commands (its warnings, masks) stay; none starts where the file name does.
      const injected = (line: string) => /^\s*(::error title=owned|::add-mask::hidden)/.test(line);
      expect(commandLines(main.stdout).filter(injected)).toEqual([]);
      // It was printed, at the start of a line of its own, and made inert there.
      expect(main.stdout).toMatch(/\n\u200b::error title=owned::pwned/);
      expect(main.code).toBe(0);
      const pids = runPids(stateDir);
      expect(pids.length).toBeGreaterThanOrEqual(1);
      for (const pid of pids) {
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        for (const secret of Object.values(secrets)) expect([pid, environ.includes(secret)]).toEqual([pid, false]);
        expect(environ).not.toMatch(/(^|\0)INPUT_/);
      }
      const summary = readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8');
      expect(summary).not.toMatch(/\n::/);
    } finally {
      const post = await runCli([], {
        script: 'dist/post/index.js',
        env: { ...env, 'STATE_state-dir': stateDir ?? '', STATE_keep: saved.keep ?? '' },
      });
      expect(post.code).toBe(0);
    }
    expect(livePidsMentioning(stateDir)).toEqual([]);
  });

  it('etcd-ha up starts members and proxy with none of the secrets in its environment', async () => {
    const state = path.join(dir, 'state');
    const secrets = {
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-of-the-step',
      'INPUT_DIAGNOSTICS-PASSPHRASE': 'passphrase-of-the-step',
      INPUT_SSH_KEY: `-----BEGIN OPENSSH ${'PRIVATE'} KEY----- of the step`,
    };
    try {
      const up = await runCli(['up', '--state', state, '--base-address', '127.0.0.161', ...FAST], {
        env: secrets,
        timeoutMs: 90000,
      });
      expect(up.code).toBe(0);
      const pids = runPids(state);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      for (const pid of pids) {
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        expect(environ).toMatch(/(^|\0)PATH=/);
        for (const secret of Object.values(secrets)) expect([pid, environ.includes(secret)]).toEqual([pid, false]);
      }
    } finally {
      expect((await runCli(['down', '--state', state])).code).toBe(0);
    }
    expect(livePidsMentioning(state)).toEqual([]);
  });

  it('a forged bundle sealed to the recipient is refused before anything in it is used', async () => {
    execFileSync('age-keygen', ['-o', path.join(dir, 'identity.txt')], { stdio: 'pipe' });
    const recipient = /age1[0-9a-z]+/.exec(readFileSync(path.join(dir, 'identity.txt'), 'utf8'))?.[0] as string;
    const sealed = path.join(dir, 'pki.age');
    const certs = await runCli([
      'certs',
      '--out',
      path.join(dir, 'made'),
      '--base-address',
      '127.0.0.171',
      ...FAST,
      '--seal',
      sealed,
      '--recipient',
      recipient,
    ]);
    expect(certs.code).toBe(0);
    const opened = path.join(dir, 'opened');
    mkdirSync(opened);
    execFileSync('age', [
      '--decrypt',
      '--identity',
      path.join(dir, 'identity.txt'),
      '--output',
      `${opened}.tar`,
      sealed,
    ]);
    execFileSync('tar', ['-xf', `${opened}.tar`, '-C', opened]);
    const manifestFile = path.join(opened, 'etcd-ha-bundle.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const marker = path.join(dir, 'owned');

    const forgeries: Array<[string, (m: ForgedManifest) => void, RegExp]> = [
      ['a run ID that is a command', (m) => (m.runId = `r$(id>${marker})`), /manifest's runId is/],
      [
        'an address that is a command',
        (m) => (m.topology.baseAddress = `127.0.0.1;id>${marker}`),
        /topology\.baseAddress/,
      ],
      [
        'a certificate the manifest does not name',
        (m) => (m.certificates['etcd/ca.crt'] = m.certificates['etcd/ca.crt'].replace(/^../, '00')),
        /pki\/etcd\/ca\.crt is /,
      ],
    ];
    for (const [what, forge, refusal] of forgeries) {
      const copy = JSON.parse(JSON.stringify(manifest));
      forge(copy);
      writeFileSync(manifestFile, JSON.stringify(copy));
      const forgedTar = path.join(dir, 'forged.tar');
      execFileSync('tar', [
        '--create',
        '--file',
        forgedTar,
        '--numeric-owner',
        '--owner=0',
        '--group=0',
        '-C',
        opened,
        'pki',
        'etcd-ha-bundle.json',
      ]);
      const forged = path.join(dir, 'forged.age');
      execFileSync('age', ['--encrypt', '--recipient', recipient, '--output', forged, forgedTar]);
      const out = path.join(dir, `restored-${forgeries.findIndex(([name]) => name === what)}`);
      const restore = await runCli([
        'restore',
        '--from',
        forged,
        '--identity',
        path.join(dir, 'identity.txt'),
        '--out',
        out,
      ]);
      expect([what, restore.code]).toEqual([what, 2]);
      expect(restore.stderr).toMatch(refusal);
      expect(existsSync(path.join(out, 'pki'))).toBe(false);
      expect(existsSync(marker)).toBe(false);
    }
  });

  /** Values a pull request can write into any field: each must stay data wherever it goes. */
  const HOSTILE_VALUES = [
    '$(touch owned-mark)',
    '`touch owned-mark`',
    'x; touch owned-mark; y',
    `it's "quoted" \\ and 'single'`,
    'spaces and\ttabs  here',
    'line one\n::error title=owned::injected\r::add-mask::x',
    '[click](https://evil.example/login) ![pixel](https://evil.example/p.png) | col',
  ];

  /** Files named owned-mark anywhere under these folders: a value that ran as a command made one. */
  const marks = (...roots: string[]) =>
    roots.flatMap((root) =>
      existsSync(root)
        ? readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('owned-mark'))
        : [],
    );

  /** What GitHub would read as markup in the summary, outside what the product writes itself. */
  const liveMarkup = (markdown: string) =>
    (markdown
      .replace(/\\[\\`*_[\]!|~]/g, '')
      .match(/!?\[[^\]\n]*\]\([^)\n]*\)|<(?!\/?(br|code|details|summary|sub)>)[a-z]/gi) ?? []) as string[];

  it.each(HOSTILE_VALUES.map((value) => [JSON.stringify(value), value]))(
    'the value %s in a file name, a setting etcd gets and one lint quotes stays data everywhere',
    async (_shown, value) => {
      const workspace = path.join(dir, 'workspace');
      const config = path.join(workspace, 'etcd');
      mkdirSync(config, { recursive: true });
      const fileName = `${value.replace(/\//g, '∕')}.conf.yml`;
      const yamlValue = JSON.stringify(value);
      writeFileSync(
        path.join(config, fileName),
        soloConfig([`log-level: ${yamlValue}`]).replace(
          'initial-cluster-token: hostile',
          `initial-cluster-token: ${yamlValue}`,
        ),
      );

      // The lint action: annotations, log and summary.
      const script = bundleOf('lint');
      try {
        const env: NodeJS.ProcessEnv = { ...actionEnv(dir), GITHUB_WORKSPACE: workspace };
        const lint = spawnSync(process.execPath, [script], {
          cwd: workspace,
          env: { ...process.env, ...env, INPUT_PATH: 'etcd', 'INPUT_FAIL-ON': 'never' },
          encoding: 'utf8',
          timeout: 60000,
        });
        expect(lint.status).toBe(0);
        expect(commandLines(lint.stdout).filter((line) => /^\s*::(error title=owned|add-mask::x)/.test(line))).toEqual(
          [],
        );
        const summary = readFileSync(String(env.GITHUB_STEP_SUMMARY), 'utf8');
        expect(summary).toContain('log-level');
        expect(liveMarkup(summary)).toEqual([]);
        expect(summary).not.toMatch(/\n::/);
      } finally {
        removeBundle(script);
      }

      // The CLI boots it: the token reaches etcd's command line as one argument, never a shell.
      const state = path.join(dir, 'state');
      let up: CliResult | undefined;
      try {
        up = await runCli(['up', '--state', state, '--config', config, '--startup-timeout-seconds', '30'], {
          timeoutMs: 90000,
        });
        expect(commandLines(up.stdout + up.stderr).filter((line) => /owned|add-mask/.test(line))).toEqual([]);
        // etcd takes any log level it knows only: a hostile one is refused before anything starts.
        expect(up.code).not.toBe(0);
        expect(up.stderr).toContain('log-level');
      } finally {
        if (up?.code === 0) await runCli(['down', '--state', state]);
      }

      // Without the hostile log level, the cluster boots with the hostile token as its own.
      writeFileSync(
        path.join(config, fileName),
        soloConfig().replace('initial-cluster-token: hostile', `initial-cluster-token: ${yamlValue}`),
      );
      const booted = path.join(dir, 'booted');
      try {
        up = await runCli(['up', '--state', booted, '--config', config, '--startup-timeout-seconds', '30'], {
          timeoutMs: 90000,
        });
        expect([up.code, up.stderr]).toEqual([0, expect.any(String)]);
        const [etcd] = runPids(booted);
        const argv = readFileSync(`/proc/${etcd}/cmdline`, 'utf8').split('\0');
        expect(argv).toContain(`--initial-cluster-token=${value}`);
      } finally {
        if (up?.code === 0) expect((await runCli(['down', '--state', booted])).code).toBe(0);
      }
      expect(livePidsMentioning(booted)).toEqual([]);
      expect(marks(dir, process.cwd())).toEqual([]);
    },
  );
});
