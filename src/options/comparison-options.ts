import { readFile } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import { SCHEMA_VERSION, parsePreviousReport, type Comparison, type RegressionGate } from '../report/compare.js';
import type { OptionLabel, OptionReader } from './reader.js';

/** Names under which the action keeps reports: no `-`, so no name's cache keys start with another name's prefix. */
const BASELINE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** `max-regression-pct` (0 to 1000), which only means something next to `source`, the option that names the previous report. */
export function parseRegressionGate(
  read: OptionReader,
  label: OptionLabel,
  source: 'compare-to' | 'baseline',
): RegressionGate {
  const given = read.raw('max-regression-pct');
  const maxRegressionPct = given === undefined ? undefined : read.integer('max-regression-pct', 0, 0, 1000);
  if (given !== undefined && read.raw(source) === undefined) {
    read.fail(
      'max-regression-pct',
      given,
      `nothing without ${label(source)}, which names the previous report to compare with`,
    );
  }
  return { maxRegressionPct, label: label('max-regression-pct') };
}

/** The action's `baseline` name, or undefined. */
export function parseBaselineName(read: OptionReader): string | undefined {
  const name = read.raw('baseline');
  if (name !== undefined && !BASELINE_NAME.test(name)) {
    read.fail('baseline', name, "1 to 64 letters, digits, '-', '_' or '.'");
  }
  return name;
}

/**
 * `--compare-to FILE` and `--max-regression-pct`, the file read and checked before anything starts: a
 * file that is no report, or a report of a newer schema, is the user's mistake and named.
 */
export async function parseCompareTo(read: OptionReader, label: OptionLabel): Promise<Comparison | undefined> {
  const gate = parseRegressionGate(read, label, 'compare-to');
  const file = read.raw('compare-to');
  if (file === undefined) return undefined;
  const allowed = `a JSON report etcd-ha wrote (--json), of schemaVersion ${SCHEMA_VERSION} or older`;
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    read.fail('compare-to', file, `${allowed}, in a file this user can read (${errorMessage(error)})`);
  }
  const parsed = parsePreviousReport(text);
  if ('problem' in parsed) return read.fail('compare-to', file, `${allowed}; ${parsed.problem}`);
  return { previous: parsed.report, gate };
}
