import type { Verb } from '../../options/option-table.js';
import { certsVerb } from './certs.js';
import { checkVerb } from './check.js';
import { downVerb } from './down.js';
import { historyVerb } from './history.js';
import { lintVerb } from './lint.js';
import { psVerb } from './ps.js';
import { restoreVerb } from './restore.js';
import { runVerb } from './run.js';
import { upVerb } from './up.js';
import type { VerbHandler } from './verb.js';

/** What each verb does: a verb of the table of options without its handler does not compile. */
export const VERBS: Record<Verb, VerbHandler> = {
  run: runVerb,
  certs: certsVerb,
  restore: restoreVerb,
  up: upVerb,
  check: checkVerb,
  down: downVerb,
  ps: psVerb,
  lint: lintVerb,
  history: historyVerb,
};
