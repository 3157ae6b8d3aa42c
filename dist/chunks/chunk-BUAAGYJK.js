import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));

// src/errors.ts
var ConfigurationError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ConfigurationError";
  }
};
function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}

export {
  ConfigurationError,
  errorMessage
};
