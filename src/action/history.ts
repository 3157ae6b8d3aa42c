import * as core from '@actions/core';
import { inputLabel, type OptionReader } from '../config/reader.js';
import { parseHistoryName, parseRegressionGate } from '../config/comparison-options.js';
import type { RegressionGate } from '../report/compare.js';
import type { Report } from '../report/model.js';
import { compareWithHistory, type HistoryCache } from '../run/history.js';
import { actionsCache } from './actions-cache.js';

/** The inputs `history` and `max-regression-pct`. */
export interface HistoryInputs {
  history?: string;
  gate: RegressionGate;
}

export function parseHistoryInputs(read: OptionReader): HistoryInputs {
  return { history: parseHistoryName(read), gate: parseRegressionGate(read, inputLabel, 'history') };
}

/** Reports kept across workflow runs with @actions/cache, where the runner offers it (loaded only when a history is asked for). */
export async function workflowHistoryCache(): Promise<HistoryCache | undefined> {
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

/** With input `history`: the report compared with the previous run's, and saved for the next; never fails the step by itself. */
export async function withHistory(
  report: Report,
  inputs: HistoryInputs,
  historyCache: () => Promise<HistoryCache | undefined> = workflowHistoryCache,
): Promise<Report> {
  if (inputs.history === undefined) return report;
  const store = await historyCache();
  if (!store) {
    core.warning(
      `history '${inputs.history}': the Actions cache is not available here, so nothing is compared or saved`,
    );
    return report;
  }
  return compareWithHistory(report, { name: inputs.history, gate: inputs.gate }, store, {
    env: process.env,
    log: {
      info: (message) => core.info(message),
      notice: (message) => core.notice(message),
      warning: (message) => core.warning(message),
    },
  });
}
