import { createRequire as __etcdHaRequire } from 'node:module'; import { fileURLToPath as __etcdHaPath } from 'node:url'; const require = __etcdHaRequire(import.meta.url); const __etcdHaFilename = __etcdHaPath(import.meta.url); const __etcdHaDirname = __etcdHaPath(new URL('.', import.meta.url));
import {
  parseRecipients
} from "./chunk-TNLH3DJP.js";
import {
  getInput,
  setSecret
} from "./chunk-7KKMASNN.js";
import {
  ConfigurationError
} from "./chunk-BUAAGYJK.js";

// src/action/bundle-inputs.ts
var FORBIDDEN_NAME = /["':<>|*?\r\n\\/]/;
function parseArtifactName(read) {
  const name = read.raw("artifact-name") ?? "etcd-pki";
  if (FORBIDDEN_NAME.test(name)) read.fail("artifact-name", name, 'a name without " : < > | * ? \\ / or line breaks');
  return name;
}
function parseSealKey(read) {
  const passphrase = getInput("passphrase");
  const recipients = read.list("recipients");
  if (passphrase === "" === (recipients.length === 0)) {
    throw new ConfigurationError(
      "set exactly one of the inputs 'passphrase' (from a secret) or 'recipients' (age public keys)"
    );
  }
  if (passphrase !== "") {
    setSecret(passphrase);
    return { passphrase };
  }
  return { recipients: parseRecipients(recipients, "input 'recipients'") };
}
function parseOpenKey() {
  const passphrase = getInput("passphrase");
  const identity = getInput("identity");
  if (passphrase === "" === (identity === "")) {
    throw new ConfigurationError(
      "set exactly one of the inputs 'passphrase' or 'identity' (an age identity, AGE-SECRET-KEY-1..., from a secret)"
    );
  }
  if (passphrase !== "") {
    setSecret(passphrase);
    return { passphrase };
  }
  const identities = identity.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("AGE-SECRET-KEY-"));
  for (const line of identities) setSecret(line);
  if (identities.length === 0)
    throw new ConfigurationError(
      "input 'identity' holds no age identity; allowed: the contents of an age identity file (AGE-SECRET-KEY-1...)"
    );
  return { identities };
}

export {
  parseArtifactName,
  parseSealKey,
  parseOpenKey
};
