import type { EtcdClient } from '../etcd/client.js';
import { errorMessage } from '../errors.js';

const BATCH = 10;

/** Writes `count` keys under `prefix`, ten at a time; returns the keys etcd acknowledged and the first error. */
export async function writeKeys(
  client: EtcdClient,
  endpoint: string,
  prefix: string,
  count: number,
  timeoutMs: number,
): Promise<{ acknowledged: Map<string, string>; firstError?: string }> {
  const acknowledged = new Map<string, string>();
  let firstError: string | undefined;
  for (let start = 0; start < count; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, count - start) }, async (_, offset) => {
        const key = `${prefix}${String(start + offset).padStart(5, '0')}`;
        const value = `value-${start + offset}`;
        try {
          await client.put(endpoint, key, value, { timeoutMs });
          acknowledged.set(key, value);
        } catch (error) {
          firstError ??= errorMessage(error);
        }
      }),
    );
  }
  return { acknowledged, firstError };
}

/** Reads every key under `prefix` from one member and lists acknowledged keys that are missing or changed. */
export async function findLostKeys(
  client: EtcdClient,
  endpoint: string,
  prefix: string,
  acknowledged: Map<string, string>,
  options: { timeoutMs: number; serializable?: boolean },
): Promise<string[]> {
  const found = new Map(
    (await client.range(endpoint, prefix, { ...options, prefix: true })).map((kv) => [kv.key, kv.value]),
  );
  return [...acknowledged].filter(([key, value]) => found.get(key) !== value).map(([key]) => key);
}
