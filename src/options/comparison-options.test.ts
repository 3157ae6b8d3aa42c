import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import { parseCompareTo, parseBaselineName, parseRegressionGate } from './comparison-options.js';
import { parseRounds } from './options.js';
import { flagLabel, inputLabel, optionReader } from './reader.js';

const reader = (values: Record<string, string>, label = flagLabel) => optionReader((name) => values[name], label);

describe('comparison options', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'etcd-ha-compare-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const file = async (name: string, text: string) => {
    const where = path.join(dir, name);
    await writeFile(where, text);
    return where;
  };

  it('reads a previous report and the gate', async () => {
    const report = await file(
      'ok.json',
      JSON.stringify({ schemaVersion: 1, checks: [{ name: 'failover', figures: { newLeaderMs: 30, rounds: 5 } }] }),
    );
    expect(await parseCompareTo(reader({ 'compare-to': report, 'max-regression-pct': '50' }), flagLabel)).toEqual({
      previous: { schemaVersion: 1, checks: [{ name: 'failover', figures: { newLeaderMs: 30, rounds: 5 } }] },
      gate: { maxRegressionPct: 50, label: '--max-regression-pct' },
    });
    expect(await parseCompareTo(reader({}), flagLabel)).toBeUndefined();
  });

  it.each([
    ['not JSON', 'not-json.json', 'etcd is great', /it is not JSON/],
    ['not a report', 'package.json', '{"name": "x", "version": "1.0.0"}', /it is JSON but not an etcd-ha report/],
    [
      'a newer schemaVersion',
      'newer.json',
      '{"schemaVersion": 2, "checks": []}',
      /it is a report of schemaVersion 2, from a newer etcd-ha/,
    ],
  ])("refuses a file that is %s as the user's mistake, naming the file", async (_what, name, text, reason) => {
    const where = await file(name, text);
    const parsing = parseCompareTo(reader({ 'compare-to': where }), flagLabel);
    await expect(parsing).rejects.toThrow(ConfigurationError);
    await expect(parsing).rejects.toThrow(
      `--compare-to is '${where}'; allowed: a JSON report etcd-ha wrote (--json), of schemaVersion 1 or older; `,
    );
    await expect(parsing).rejects.toThrow(reason);
  });

  it('refuses a file that cannot be read, naming it', async () => {
    const where = path.join(dir, 'missing.json');
    await expect(parseCompareTo(reader({ 'compare-to': where }), flagLabel)).rejects.toThrow(
      new RegExp(`^--compare-to is '${where}'; allowed: .*in a file this user can read \\(.*ENOENT`),
    );
  });

  it('names bad rounds and max-regression-pct values with what is allowed', async () => {
    expect(parseRounds(reader({ rounds: '5' }))).toBe(5);
    expect(() => parseRounds(reader({ rounds: '0' }))).toThrow("--rounds is '0'; allowed: a whole number from 1 to 50");
    expect(() => parseRounds(reader({ rounds: '51' }, inputLabel))).toThrow(
      "input 'rounds' is '51'; allowed: a whole number from 1 to 50",
    );
    const report = await file('gate.json', '{"schemaVersion": 1, "checks": []}');
    await expect(
      parseCompareTo(reader({ 'compare-to': report, 'max-regression-pct': '1001' }), flagLabel),
    ).rejects.toThrow("--max-regression-pct is '1001'; allowed: a whole number from 0 to 1000");
    await expect(parseCompareTo(reader({ 'max-regression-pct': '50' }), flagLabel)).rejects.toThrow(
      "--max-regression-pct is '50'; allowed: nothing without --compare-to, which names the previous report to compare with",
    );
    expect(() =>
      parseRegressionGate(
        reader({ 'max-regression-pct': '-1', baseline: 'nightly' }, inputLabel),
        inputLabel,
        'baseline',
      ),
    ).toThrow("input 'max-regression-pct' is '-1'; allowed: a whole number from 0 to 1000");
  });

  it('takes baseline names that fit in a cache key', () => {
    expect(parseBaselineName(reader({ baseline: 'nightly_3.5' }, inputLabel))).toBe('nightly_3.5');
    expect(parseBaselineName(reader({ baseline: 'nightly-container' }, inputLabel))).toBe('nightly-container');
    expect(parseBaselineName(reader({}, inputLabel))).toBeUndefined();
    expect(() => parseBaselineName(reader({ baseline: 'a/b' }, inputLabel))).toThrow(
      /^input 'baseline' is 'a\/b'; allowed: 1 to 64 letters, digits, '-', '_' or '\.'/,
    );
  });
});
