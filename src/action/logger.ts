import * as core from '@actions/core';
import { inertMessage, type Logger } from '../util/logger.js';

/**
 * The domain Logger on top of the runner's log: groups fold, warnings become annotations. Messages
 * quote the user's files, so info lines are made inert (core escapes the others' line breaks itself).
 */
export const actionLogger: Logger = {
  info: (message) => core.info(inertMessage(message)),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (name, work) => core.group(name, work),
};
