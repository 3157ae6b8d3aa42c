import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  adoptPkiPhase,
  certsPhase,
  prepareStateDir
} from "./chunk-BVHJPOVA.js";
import {
  configuredPkiPhase,
  configuredSpec,
  readUserConfig,
  resolveEtcdBinaries,
  upPhase
} from "./chunk-EIRDP26I.js";
import {
  DEFAULT_ETCD_VERSION,
  makeClusterPki
} from "./chunk-HACW6R6H.js";
import {
  prepareTarget,
  targetEntry
} from "./chunk-LNSQM2ZE.js";
import {
  flagLabel
} from "./chunk-LYGAK3AY.js";
import {
  buildClusterSpec
} from "./chunk-HODSRNDK.js";

// src/run/phases/binaries.ts
async function binariesPhase(options, deps) {
  const binaries = await resolveEtcdBinaries(options, deps);
  deps.logger.info(`using etcd ${binaries.version} from ${binaries.source} (${binaries.etcd})`);
  return binaries;
}

// src/run/phases/bring-up.ts
async function bringUp(options, deps, timed, onState = () => void 0) {
  let layOut;
  if ("layOut" in options) {
    prepareTarget(options.target, options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
    const laidOut = await options.layOut();
    layOut = async () => laidOut;
  } else {
    const pkiDir = options.provided?.pkiDir;
    const made = options.config === void 0 && !pkiDir ? makeClusterPki(buildClusterSpec(options.stateDir, options.topology, options.timing).members, options.topology) : void 0;
    made?.catch(() => void 0);
    prepareTarget(options.target, options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION, deps);
    layOut = async (binaries2) => ({ state: await newClusterState(options, binaries2, made, deps, timed) });
  }
  const binaries = targetEntry(options.target.kind).runsLocalBinary ? await timed("etcd", () => binariesPhase(options.binary, deps)) : void 0;
  const { state, timing } = await layOut(binaries);
  onState(state);
  await timed(
    "up",
    () => upPhase(
      state,
      {
        target: options.target,
        binaries,
        etcdVersion: options.binary.etcdVersion,
        cutsLinks: options.cutsLinks
      },
      timing,
      deps
    )
  );
  return state;
}
async function newClusterState(options, binaries, made, deps, timed) {
  const pkiDir = options.provided?.pkiDir;
  const configured = options.config === void 0 ? void 0 : await timed("config", () => configuredClusterSpec(options, options.config, binaries, deps));
  const stateDir = await prepareStateDir(options.stateDir, options.stateDirLabel);
  const minValidityDays = options.provided?.minValidityDays ?? 0;
  return timed(
    "pki",
    () => configured ? configuredPkiPhase(configured, pkiDir ? { minValidityDays } : void 0, deps) : pkiDir ? adoptPkiPhase(stateDir, options.topology, options.timing, { pkiDir, minValidityDays }, deps) : certsPhase(stateDir, options.topology, options.timing, deps, made)
  );
}
async function configuredClusterSpec(options, configPath, binaries, deps) {
  const label = options.label ?? flagLabel;
  const etcdVersion = binaries?.version ?? options.binary.etcdVersion ?? DEFAULT_ETCD_VERSION;
  const members = await readUserConfig(configPath, { label, etcdVersion, cwd: process.cwd(), logger: deps.logger });
  return configuredSpec(
    members,
    {
      configPath,
      target: options.target,
      stateDir: options.stateDir,
      topology: options.topology,
      timing: options.timing,
      checks: options.checks,
      optionalChecks: options.optionalChecks,
      pkiDir: options.provided?.pkiDir,
      label
    },
    deps.logger
  );
}

// src/run/phases/phase-timer.ts
function phaseTimer(deps, phases) {
  return async (phase, work) => {
    const begin = deps.clock.now();
    try {
      return await deps.logger.group(phase, work);
    } finally {
      phases[phase] = deps.clock.now() - begin;
    }
  };
}

export {
  bringUp,
  phaseTimer
};
