import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  ConfigurationError
} from "./chunk-BUAAGYJK.js";

// src/options/reader.ts
var inputLabel = (name) => `input '${name}'`;
var flagLabel = (name) => `--${name}`;
function optionReader(source, label) {
  const raw = (name) => {
    const value = source(name);
    return value === void 0 || value.trim() === "" ? void 0 : value.trim();
  };
  const fail = (name, value, allowed) => {
    throw new ConfigurationError(`${label(name)} is '${value}'; allowed: ${allowed}`);
  };
  return {
    label,
    raw,
    fail,
    integer(name, fallback, min, max) {
      const value = raw(name);
      if (value === void 0) return fallback;
      if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        fail(name, value, `a whole number from ${min} to ${max}`);
      }
      return Number(value);
    },
    oneOf(name, fallback, allowed) {
      const value = raw(name);
      if (value === void 0) return fallback;
      const match = allowed.find((candidate) => String(candidate) === value);
      if (match === void 0) fail(name, value, `one of ${allowed.join(", ")}`);
      return match;
    },
    bool(name, fallback) {
      const value = raw(name);
      if (value === void 0) return fallback;
      if (/^(true|yes|1)$/i.test(value)) return true;
      if (/^(false|no|0)$/i.test(value)) return false;
      return fail(name, value, "true or false");
    },
    list(name) {
      const value = raw(name);
      return value === void 0 ? [] : value.split(/[\s,]+/).map((item) => item.trim()).filter((item) => item !== "");
    }
  };
}

export {
  inputLabel,
  flagLabel,
  optionReader
};
