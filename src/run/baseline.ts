import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { parsePreviousReport, withComparison, type RegressionGate } from '../report/compare.js';
import type { Report } from '../report/model.js';
import { writeJsonReport } from './outputs.js';

/** The part of the Actions cache the baseline uses, so it can be replaced in tests. */
export interface BaselineCache {
  /** Restores into `paths` the entry saved as `key`, else the newest whose key starts with one of `restoreKeys`; the key restored, or undefined. */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  save(paths: string[], key: string): Promise<void>;
}

/** How the baseline tells the user what happened: a missing report is a notice, a cache problem a warning. */
export interface BaselineLog {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
}

/**
 * Where the report sits while the cache saves or restores it. The cache's version hashes the path as
 * written, so it is the same string on every runner (`~` is the runner user's home).
 */
export const BASELINE_PATH = '~/.etcd-ha-baseline/report.json';

/** This run's cache key for baseline `name`, and the prefix every run's key of that name starts with. */
export function baselineKeys(name: string, env: NodeJS.ProcessEnv): { key: string; prefix: string } {
  const prefix = `etcd-ha-baseline/${name}/`;
  return { prefix, key: `${prefix}${env.GITHUB_RUN_ID || '0'}-${env.GITHUB_RUN_ATTEMPT || '1'}` };
}

/**
 * Compares this run's report with the newest one saved under baseline `name`, then saves this one for
 * the next run if it passed (a failed run, a regression included, never becomes the baseline). No
 * previous report is a notice; a cache that fails, or a saved report this version cannot read, is a
 * warning: neither fails the run. Returns the report with its comparison.
 */
export async function compareWithBaseline(
  report: Report,
  baseline: { name: string; gate: RegressionGate },
  cache: BaselineCache,
  context: { env: NodeJS.ProcessEnv; log: BaselineLog; home?: string },
): Promise<Report> {
  const { name } = baseline;
  const { key, prefix } = baselineKeys(name, context.env);
  const file = path.join(context.home ?? homedir(), BASELINE_PATH.slice(2));
  const { log } = context;
  let compared = report;
  try {
    await rm(file, { force: true });
    const restored = await cache.restore([BASELINE_PATH], key, [prefix]).catch((error) => {
      log.warning(
        `baseline '${name}': the Actions cache could not restore the previous report (${errorMessage(error)}); nothing compared`,
      );
      return null;
    });
    if (restored === undefined)
      log.notice(`baseline '${name}': no previous report yet (no cache key starts with ${prefix}); nothing compared`);
    if (restored) {
      const text = await readFile(file, 'utf8').catch((error) => `unreadable: ${errorMessage(error)}`);
      const parsed = parsePreviousReport(text);
      if ('problem' in parsed) {
        log.warning(
          `baseline '${name}': the previous report (cache key ${restored}) cannot be compared with: ${parsed.problem}`,
        );
      } else {
        compared = withComparison(report, { previous: parsed.report, gate: baseline.gate });
        log.info(
          `baseline '${name}': compared with the previous report (cache key ${restored}), ${compared.comparison?.length ?? 0} figures in common`,
        );
      }
    }
    if (!compared.passed) {
      log.info(
        `baseline '${name}': this run did not pass, so its report is not saved; the previous one stays the baseline`,
      );
      return compared;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeJsonReport(compared, file);
    await cache.save([BASELINE_PATH], key).then(
      () => log.info(`baseline '${name}': saved this report to the Actions cache as ${key}`),
      (error) =>
        log.warning(
          `baseline '${name}': the Actions cache could not save this report as ${key} (${errorMessage(error)})`,
        ),
    );
    return compared;
  } catch (error) {
    log.warning(`baseline '${name}': ${errorMessage(error)}`);
    return compared;
  } finally {
    await rm(file, { force: true }).catch(() => undefined);
    await rmdir(path.dirname(file)).catch(() => undefined);
  }
}
