/**
 * A map of at most `max` keys that drops the least recently used one first: a Map keeps its keys in
 * insertion order, and a key read or written again is moved to the end. Not lru-cache (which the app
 * uses for what needs its timers): loading it touches the `performance` global, which loads Node's
 * perf_hooks, and diagnostics_channel, ~1 ms of the CLI's start-up (issue 13).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {
    if (!(max >= 1)) throw new Error('LruMap needs room for at least one key');
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}
