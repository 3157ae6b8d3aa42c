import * as core from '@actions/core';
import type { Logger } from '../util/logger.js';

/** The domain Logger on top of the runner's log: groups fold, warnings become annotations. */
export const actionLogger: Logger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (name, work) => core.group(name, work),
};
