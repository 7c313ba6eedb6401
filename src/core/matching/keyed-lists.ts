/**
 * Indexes of a quarter of a million invoices and tens of thousands of names, kept small: most
 * keys belong to one item, so the index holds that item itself and a list only for the few keys
 * shared; and keys can be held as a 30-bit hash (a small integer, no text kept), the few items
 * sharing a hash being told apart by the caller.
 */

export type OneOrMany<V> = V | V[];

export function addTo<K, V extends object>(map: Map<K, OneOrMany<V>>, key: K, value: V): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, value);
  else if (Array.isArray(held)) held.push(value);
  else map.set(key, [held, value]);
}

export function listAt<K, V extends object>(map: Map<K, OneOrMany<V>>, key: K): readonly V[] {
  const held = map.get(key);
  return held === undefined ? [] : Array.isArray(held) ? held : [held];
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over a key's characters, kept to 30 bits so that a map holds it as a small integer. */
export function hashText(key: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
  return hash >>> 2;
}
