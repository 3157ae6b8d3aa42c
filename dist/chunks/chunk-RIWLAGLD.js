import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  bringUp,
  phaseTimer
} from "./chunk-OUXGOBCA.js";
import {
  buildReport,
  checksPhase
} from "./chunk-Q5KT2E25.js";
import {
  ConfigLintError,
  etcdVersionOf,
  memberAsRun,
  specAsRun
} from "./chunk-EIRDP26I.js";
import {
  checksMayUse
} from "./chunk-HACW6R6H.js";
import {
  pkiKeyAlgorithms
} from "./chunk-TNLH3DJP.js";
import {
  buildClusterSpec
} from "./chunk-HODSRNDK.js";
import {
  ConfigurationError,
  errorMessage
} from "./chunk-BUAAGYJK.js";

// src/run/run-all.ts
import path from "node:path";
async function runAll(options, deps) {
  const { clock } = deps;
  const startedAt = new Date(clock.wallNow());
  const started = clock.now();
  const phases = {};
  const timed = phaseTimer(deps, phases);
  let state;
  let results = [];
  let members = [];
  let derived = [];
  let failure;
  let lint;
  try {
    const running = await bringUp(
      { ...options, cutsLinks: checksMayUse(options.checks, "isolate") },
      deps,
      timed,
      (made) => state = made
    );
    ({ results, members, derived } = await timed(
      "checks",
      () => checksPhase(running, options.checks, deps, options.rounds, options.release)
    ));
  } catch (error) {
    if (error instanceof ConfigLintError) {
      failure = error.message;
      lint = { configPath: error.configPath, findings: error.findings, summary: error.summary };
    } else if (error instanceof ConfigurationError) throw error;
    else failure = errorMessage(error);
    if (error instanceof Error && error.stack) deps.logger.debug(error.stack);
  }
  const report = buildReport({
    spec: state ? specAsRun(state) : buildClusterSpec(path.resolve(options.stateDir), options.topology, options.timing, "none"),
    asRun: memberAsRun(state),
    target: options.target.kind,
    etcdVersion: etcdVersionOf(state),
    toolVersion: deps.toolVersion,
    startedAt,
    durationMs: clock.now() - started,
    phases,
    members,
    checks: results,
    derived,
    optional: options.optionalChecks ?? [],
    error: failure,
    keyAlgorithm: state ? await pkiKeyAlgorithms(state.spec) : null,
    lint
  });
  return { report, state };
}

export {
  runAll
};
