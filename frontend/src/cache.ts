/** A small least-recently-used map, so stepping back and forth does not refetch. */
export class LruCache<V> {
  private entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Cache key of a (run, tag, step[, layer]) tuple; NUL cannot occur in any of them. */
export function cacheKey(...parts: (string | number)[]): string {
  return parts.join("\u0000");
}
