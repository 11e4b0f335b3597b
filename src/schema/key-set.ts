// The keys a `unique` column or a primary key has seen, in typed arrays: a 64-bit hash of each key
// and the row it was first seen on, 12 bytes a key (a Map of strings takes ten times that, and a
// million-row file must validate in well under 300 MB, spec §5 "stream and bound it").
// The price: two different keys whose 64-bit hashes are equal would be reported as a duplicate.
// For a million distinct keys the odds are about 3 in 100 million (n² / 2⁶⁵); docs/schemas.md says so.

const EMPTY = 0;

export class KeySet {
  private capacity = 1 << 14;
  private mask = this.capacity - 1;
  private high = new Uint32Array(this.capacity);
  private low = new Uint32Array(this.capacity);
  /** The row a key was first seen on; 0 marks an empty slot (rows start at 2: the header is 1). */
  private rows = new Uint32Array(this.capacity);
  private size = 0;

  /** Remembers `key` on `row`; returns the row it was already seen on, or 0 the first time. */
  seen(key: string, row: number): number {
    // Two 32-bit hashes of the UTF-16 units, FNV-1a and a multiplicative one, make the 64 bits.
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c ^ key.length;
    for (let i = 0; i < key.length; i += 1) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = fmix(h1) >>> 0;
    h2 = fmix(h2) >>> 0;
    let slot = h1 & this.mask;
    for (;;) {
      const found = this.rows[slot]!;
      if (found === EMPTY) break;
      if (this.high[slot] === h1 && this.low[slot] === h2) return found;
      slot = (slot + 1) & this.mask;
    }
    this.high[slot] = h1;
    this.low[slot] = h2;
    this.rows[slot] = row;
    this.size += 1;
    if (this.size * 2 > this.capacity) this.grow();
    return 0;
  }

  private grow(): void {
    const { high, low, rows } = this;
    // Four times larger: a million keys are rehashed about a third of a million times, not a million.
    this.capacity *= 4;
    this.mask = this.capacity - 1;
    this.high = new Uint32Array(this.capacity);
    this.low = new Uint32Array(this.capacity);
    this.rows = new Uint32Array(this.capacity);
    for (let i = 0; i < rows.length; i += 1) {
      if (rows[i] === EMPTY) continue;
      let slot = high[i]! & this.mask;
      while (this.rows[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.high[slot] = high[i]!;
      this.low[slot] = low[i]!;
      this.rows[slot] = rows[i]!;
    }
  }
}

/** MurmurHash3's finaliser: spreads every input bit over the 32 output bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
