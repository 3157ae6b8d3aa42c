import type { EtcdClient, KeyValue, RequestOptions } from '../../src/etcd/client.js';

/** The stale read a wrapped client injected: the get's key and the old value it answered. */
export interface InjectedRead {
  key: string;
  value: string;
}

/**
 * Wraps a client so that one get answers a stale value, provably: put(A) on a key completed before
 * put(B) on it was invoked, put(B) completed before the get was invoked, and the get answers A. No
 * order of real time explains that, whatever else happened. A put counts as completed only from the
 * next turn of the event loop on, so the caller has recorded its completion by then.
 */
export function withOneStaleRead(
  client: EtcdClient,
  keyPart: string,
): { client: EtcdClient; injected: () => InjectedRead | undefined } {
  // Per key: the values of completed puts, each with the value completed before it was invoked.
  const completed = new Map<string, Array<{ value: string; prior?: string }>>();
  let injected: InjectedRead | undefined;
  const wrapped = Object.create(client) as EtcdClient;
  wrapped.put = async (endpoint: string, key: string, value: string, options: RequestOptions) => {
    const puts = completed.get(key) ?? [];
    const prior = puts.at(-1)?.value;
    const revision = await client.put(endpoint, key, value, options);
    setImmediate(() => completed.set(key, [...(completed.get(key) ?? []), { value, prior }]));
    return revision;
  };
  wrapped.range = async (
    endpoint: string,
    key: string,
    options: RequestOptions & { prefix?: boolean; serializable?: boolean },
  ): Promise<KeyValue[]> => {
    const overwritten =
      injected || options.prefix || !key.includes(keyPart)
        ? undefined
        : completed.get(key)?.find((put) => put.prior !== undefined)?.prior;
    const answer = await client.range(endpoint, key, options);
    if (overwritten === undefined || injected) return answer;
    injected = { key, value: overwritten };
    return [{ key, value: overwritten, modRevision: answer[0]?.modRevision ?? 0 }];
  };
  return { client: wrapped, injected: () => injected };
}
