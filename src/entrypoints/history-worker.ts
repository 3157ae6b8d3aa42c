// A worker thread of `etcd-ha history check` (see src/history/parallel.ts): checks the keys it is given.
import { parentPort, workerData } from 'node:worker_threads';
import { checkPartition, type WorkerInput } from '../history/parallel.js';

parentPort?.postMessage(checkPartition(workerData as WorkerInput));
