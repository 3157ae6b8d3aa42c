/**
 * `lint --upgrade-to`, proven against releases that run here: a flag etcd 3.4.23 takes and 3.5
 * removed is reported "on the way to" 3.5 with etcd's own refusal, which the installed 3.4.23 accepts
 * and 3.5.30 (and 3.5.16) print when they exit.
 */
import { execFile } from 'node:child_process';
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { etcdRelease, ETCD_35_RELEASES } from '../support/etcd-releases.js';
import { newTempDir } from '../support/helpers.js';

const CLI = path.resolve('dist/cli/index.js');
const ETCD_34 = '/usr/bin/etcd';

async function exec(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('lint --upgrade-to', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await newTempDir('etcd-ha-lint-upgrade-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['log-package-levels=etcdserver=DEBUG', 'debug=true'])(
    'a 3.4 flag 3.5 removed (--%s): reported on the way, accepted by 3.4.23, refused by every 3.5 here',
    async (flag) => {
      const name = flag.split('=')[0];
      const unit = path.join(dir, `${name}.service`);
      await writeFile(
        unit,
        `[Unit]\nDescription=etcd\n\n[Service]\nExecStart=/usr/bin/etcd --name alpha --${flag}\n\n[Install]\nWantedBy=multi-user.target\n`,
      );
      const refusal = `flag provided but not defined: -${name}`;

      const now = await exec(process.execPath, [CLI, 'lint', unit, '--etcd-version', '3.4.23', '--format', 'json']);
      const current = JSON.parse(now.stdout) as { findings: Array<{ rule: string; message: string }> };
      expect(current.findings.filter((finding) => finding.rule === 'ETCD-301')).toEqual([]);

      const upgrade = await exec(process.execPath, [
        CLI,
        'lint',
        unit,
        '--etcd-version',
        '3.4.23',
        '--upgrade-to',
        '3.5.30',
        '--format',
        'json',
      ]);
      expect(upgrade.code).toBe(1);
      const findings = (JSON.parse(upgrade.stdout) as { findings: Array<{ rule: string; message: string }> }).findings;
      const removed = findings.filter((finding) => finding.rule === 'ETCD-301');
      expect(removed).toHaveLength(1);
      expect(removed[0].message).toMatch(/^on the way to etcd 3\.5\.30: /);
      expect(removed[0].message).toContain(refusal);

      // What etcd does with the flag, as the unit starts it (parsing stops before --version is acted on).
      const old = await exec(ETCD_34, [`--${flag}`, '--version']);
      expect({ code: old.code, out: old.stdout }).toEqual({
        code: 0,
        out: expect.stringContaining('etcd Version: 3.4'),
      });
      for (const version of ETCD_35_RELEASES) {
        const newer = await exec(etcdRelease(version).etcd, [`--${flag}`, '--version']);
        expect({ version, code: newer.code, refused: newer.stderr.includes(refusal) }).toEqual({
          version,
          code: 2,
          refused: true,
        });
      }
    },
  );

  it('a skipped minor and the 3.5 patch etcd requires before 3.6 are errors naming the way', async () => {
    const lint = (from: string) =>
      exec(process.execPath, [
        CLI,
        'lint',
        'fixtures/lint/rules/ETCD-702/good.yml',
        '--etcd-version',
        from,
        '--upgrade-to',
        '3.6.16',
        '--format',
        'json',
      ]);
    const rulesOf = (out: string) =>
      (JSON.parse(out) as { findings: Array<{ rule: string; severity: string }> }).findings
        .filter((finding) => finding.severity === 'error')
        .map((finding) => finding.rule);
    const fromOld34 = await lint('3.4.23');
    expect(fromOld34.code).toBe(1);
    expect(rulesOf(fromOld34.stdout)).toEqual(['ETCD-701']);
    const fromOld35 = await lint('3.5.16');
    expect(fromOld35.code).toBe(1);
    expect(rulesOf(fromOld35.stdout)).toEqual(['ETCD-702']);
    const fromNew35 = await lint('3.5.32');
    expect({ code: fromNew35.code, errors: rulesOf(fromNew35.stdout) }).toEqual({ code: 0, errors: [] });
  });
});
