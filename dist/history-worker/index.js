import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  checkPartition
} from "../chunks/chunk-W2VMTC63.js";
import "../chunks/chunk-YYLDVE6W.js";
import "../chunks/chunk-BUAAGYJK.js";
import "../chunks/chunk-TQLHPLPM.js";

// src/entrypoints/history-worker.ts
import { parentPort, workerData } from "node:worker_threads";
parentPort?.postMessage(checkPartition(workerData));
