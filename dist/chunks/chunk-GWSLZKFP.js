import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  debug,
  group,
  info,
  warning
} from "./chunk-7KKMASNN.js";
import {
  inertMessage
} from "./chunk-HODSRNDK.js";

// src/action/logger.ts
var actionLogger = {
  info: (message) => info(inertMessage(message)),
  warning: (message) => warning(message),
  debug: (message) => debug(message),
  group: (name, work) => group(name, work)
};

export {
  actionLogger
};
