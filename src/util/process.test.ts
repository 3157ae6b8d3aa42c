import { childEnvironment, systemProcessRunner } from './process.js';

const STEP_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token',
  'INPUT_DIAGNOSTICS-PASSPHRASE': 'hunter2',
  INPUT_SSH_KEY: `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----`,
  GITHUB_TOKEN: 'ghs_x',
  ETCD_NAME: 'from-the-workflow',
  ETCDCTL_ENDPOINTS: 'https://10.0.0.1:2379',
  DOCKER_HOST: 'unix:///run/engine.sock',
  DOCKER_CONFIG: '/home/runner/.docker',
  XDG_RUNTIME_DIR: '/run/user/1001',
  ETCD_UNSUPPORTED_ARCH: 'arm64',
};

describe('the environment of the programs a run starts', () => {
  test('holds what they need by name and none of the step’s secrets', () => {
    expect(childEnvironment('/opt/etcd/etcd', STEP_ENV)).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      ETCD_UNSUPPORTED_ARCH: 'arm64',
    });
    expect(childEnvironment('docker', STEP_ENV)).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      DOCKER_HOST: 'unix:///run/engine.sock',
      DOCKER_CONFIG: '/home/runner/.docker',
      XDG_RUNTIME_DIR: '/run/user/1001',
    });
    expect(Object.keys(childEnvironment('ssh', STEP_ENV)).sort()).toEqual(['HOME', 'LANG', 'PATH']);
    expect(childEnvironment('etcdctl', STEP_ENV, { ETCDCTL_API: '3' }).ETCDCTL_API).toBe('3');
    expect(childEnvironment('etcdctl', STEP_ENV).ETCDCTL_ENDPOINTS).toBeUndefined();
  });

  test('a program the runner runs sees only that environment', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { ACTIONS_RUNTIME_TOKEN: 'runtime-token', 'INPUT_DIAGNOSTICS-PASSPHRASE': 'hunter2' });
    try {
      const run = await systemProcessRunner.run('env', []);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('runtime-token');
      expect(run.stdout).not.toContain('hunter2');
      expect(run.stdout).toMatch(/^PATH=/m);
      const piped = await systemProcessRunner.pipe('env', [], undefined, 10_000);
      expect(piped.stdout.toString()).not.toContain('runtime-token');
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    }
  });
});
