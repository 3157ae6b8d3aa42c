import * as core from '@actions/core';
import { inputLabel, type OptionReader } from '../options/reader.js';
import { parseBaselineName, parseRegressionGate } from '../options/comparison-options.js';
import type { RegressionGate } from '../report/compare.js';
import type { Report } from '../report/model.js';
import { compareWithBaseline, type BaselineCache } from '../run/baseline.js';
import { actionsCache } from './actions-cache.js';

/** The inputs `baseline` and `max-regression-pct`. */
export interface BaselineInputs {
  baseline?: string;
  gate: RegressionGate;
}

export function parseBaselineInputs(read: OptionReader): BaselineInputs {
  return { baseline: parseBaselineName(read), gate: parseRegressionGate(read, inputLabel, 'baseline') };
}

/** Reports kept across workflow runs with @actions/cache, where the runner offers it (loaded only when a baseline is asked for). */
export async function workflowBaselineCache(): Promise<BaselineCache | undefined> {
  const cache = await actionsCache();
  if (!cache) return undefined;
  return {
    restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    save: async (paths, key) => {
      // saveCache does not throw: it warns (or, when another job holds the key, says so) and returns -1.
      const id: number | undefined = await cache.saveCache(paths, key);
      if (id === undefined || id === -1) throw new Error('the cache did not take it; its own message is above');
    },
  };
}

/** With input `baseline`: the report compared with the previous run's, and saved for the next; never fails the step by itself. */
export async function withBaseline(
  report: Report,
  inputs: BaselineInputs,
  baselineCache: () => Promise<BaselineCache | undefined> = workflowBaselineCache,
): Promise<Report> {
  if (inputs.baseline === undefined) return report;
  const store = await baselineCache();
  if (!store) {
    core.warning(
      `baseline '${inputs.baseline}': the Actions cache is not available here, so nothing is compared or saved`,
    );
    return report;
  }
  return compareWithBaseline(report, { name: inputs.baseline, gate: inputs.gate }, store, {
    env: process.env,
    log: {
      info: (message) => core.info(message),
      notice: (message) => core.notice(message),
      warning: (message) => core.warning(message),
    },
  });
}
