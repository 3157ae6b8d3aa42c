import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  checkKey,
  combineKeyResults,
  partitionByKey
} from "./chunk-YYLDVE6W.js";

// src/history/parallel.ts
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
var PARALLEL_MIN_OPERATIONS = 5e4;
async function checkOperationsInParallel(operations, options = {}) {
  const { parallelism = availableParallelism(), minOperations = PARALLEL_MIN_OPERATIONS } = options;
  const limits = { maxSteps: options.maxSteps, maxMemoryMb: options.maxMemoryMb };
  const { summary, keys } = partitionByKey(operations);
  const runPartition = options.runPartition ?? workerRunner();
  const parts = splitKeys(keys, Math.min(parallelism, keys.length));
  if (parts.length < 2 || summary.checked < minOperations || runPartition === void 0) {
    return {
      result: combineKeyResults(
        summary,
        keys.map(({ key, checked }) => checkKey(key, checked, limits))
      ),
      parts: 1
    };
  }
  const results = new Array(keys.length);
  const elsewhere = parts.slice(1).map(async (part) => {
    const found = await runPartition(
      part.map((index) => keys[index]),
      limits
    );
    part.forEach((index, position) => results[index] = found[position]);
  });
  const settled = Promise.allSettled(elsewhere);
  for (const index of parts[0]) results[index] = checkKey(keys[index].key, keys[index].checked, limits);
  for (const outcome of await settled) if (outcome.status === "rejected") throw outcome.reason;
  return { result: combineKeyResults(summary, results), parts: parts.length };
}
function splitKeys(keys, count) {
  const parts = Array.from({ length: Math.max(1, count) }, () => ({ keys: [], load: 0 }));
  const bySize = keys.map((_, index) => index).sort((a, b) => keys[b].checked.length - keys[a].checked.length || a - b);
  for (const index of bySize) {
    let lightest = parts[0];
    for (const part of parts) if (part.load < lightest.load) lightest = part;
    lightest.keys.push(index);
    lightest.load += keys[index].checked.length + 1;
  }
  return parts.filter((part) => part.keys.length > 0).map((part) => part.keys.sort((a, b) => a - b));
}
function workerFile() {
  if (import.meta.url.endsWith(".ts")) return void 0;
  const file = fileURLToPath(new URL("../history-worker/index.js", import.meta.url));
  if (!existsSync(file)) throw new Error(`the history checker's worker ${file} is missing: rebuild dist/`);
  return file;
}
function workerRunner() {
  const file = workerFile();
  if (file === void 0) return void 0;
  return (keys, options) => new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { keys: keys.map(pack), options } });
    let answered = false;
    worker.once("message", (results) => {
      answered = true;
      resolve(results.map((result, index) => unpack(keys[index], result)));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`the history checker's worker ended (exit code ${code}) without a result`));
    });
  });
}
function pack({ key, checked }) {
  return {
    key,
    put: Uint8Array.from(checked, (operation) => operation.f === "put" ? 1 : 0),
    values: checked.map((operation) => operation.value),
    invoked: Float64Array.from(checked, (operation) => operation.invokeTime),
    returned: Float64Array.from(checked, (operation) => operation.returnTime),
    ids: Float64Array.from(checked, (operation) => operation.id)
  };
}
function checkPartition({ keys, options }) {
  return keys.map((packed) => {
    const operations = Array.from(packed.values, (value, index) => ({
      id: packed.ids[index],
      process: 0,
      f: packed.put[index] === 1 ? "put" : "get",
      key: packed.key,
      value,
      outcome: "ok",
      invokeTime: packed.invoked[index],
      returnTime: packed.returned[index],
      invokeLine: 0
    }));
    const position = new Map(operations.map((operation, index) => [operation, index]));
    const { steps, failure } = checkKey(packed.key, operations, options);
    if (!failure) return { steps };
    const at = (list) => list.map((operation) => position.get(operation));
    return { steps, failure: { ...failure, operations: at(failure.operations), linearized: at(failure.linearized) } };
  });
}
function unpack({ key, checked }, { steps, failure }) {
  if (!failure) return { key, steps };
  const of = (positions) => positions.map((index) => checked[index]);
  return {
    key,
    steps,
    failure: { ...failure, operations: of(failure.operations), linearized: of(failure.linearized) }
  };
}

export {
  checkOperationsInParallel,
  checkPartition
};
