import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  require_cjs
} from "./chunk-RO5TKOFO.js";
import "./chunk-IB4XMW3K.js";
import "./chunk-TQLHPLPM.js";
export default require_cjs();
