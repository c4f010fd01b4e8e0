/**
 * Map lookups for keys the caller built the map from: `map.get(key)` types the value as possibly
 * undefined, and a key that is missing after all means a bug upstream, so it fails with an error that
 * names the map and the key instead of carrying `undefined` on.
 */

/** The value of `key` in `map`; throws naming `what` (the map's contents in words) and the key when absent. */
export function entryOf<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined)
    throw new Error(`${what}: nothing for ${String(key)} (has ${[...map.keys()].map(String).join(', ') || 'nothing'})`);
  return value;
}
