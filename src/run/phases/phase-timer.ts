import type { PipelineDeps } from './deps.js';

export type Timed = <T>(phase: string, work: () => Promise<T>) => Promise<T>;

/** A phase timer that also groups the phase's log lines. */
export function phaseTimer(deps: PipelineDeps, phases: Record<string, number>): Timed {
  return async (phase, work) => {
    const begin = deps.clock.now();
    try {
      return await deps.logger.group(phase, work);
    } finally {
      phases[phase] = deps.clock.now() - begin;
    }
  };
}
