// The search tables built from the literals JS hands over: Teddy's buckets for the short ones,
// Wu-Manber's shift table, candidate lists and first-block bit set for the long ones. Included by
// line-scan.c (one translation unit: the globals are its own).

// How many byte strings bucket b accepts (the product over the fingerprint's bytes of the low
// nibbles times the high nibbles it takes), with literal `lit` of `len` bytes added if len > 0.
// Its growth is what putting `lit` there costs in false candidates.
static u32 accepted(u32 b, const u8 *lit, u32 len) {
  u32 product = 1;
  for (u32 k = 0; k < FINGERPRINT; k++) {
    u32 lows = 0, highs = 0;
    for (u32 i = 0; i < 16; i++) {
      lows += (((const u8 *)&nibble_low[k])[i] >> b) & 1;
      highs += (((const u8 *)&nibble_high[k])[i] >> b) & 1;
    }
    if (len > k) {
      lows += ((((const u8 *)&nibble_low[k])[lit[k] & 15] >> b) & 1) == 0;
      highs += ((((const u8 *)&nibble_high[k])[lit[k] >> 4] >> b) & 1) == 0;
    } else if (len > 0) {
      lows = highs = 16;  // past a literal's end, any byte
    }
    product *= lows * highs;
  }
  return product;
}

// Puts short literal `lit` in bucket b's nibble tables.
static void add_to_bucket(u32 b, const u8 *lit, u32 len) {
  const u8 bit = (u8)(1u << b);
  for (u32 k = 0; k < FINGERPRINT; k++) {
    for (u32 i = 0; i < 16; i++) {
      if (len > k ? (lit[k] & 15) == i : 1) ((u8 *)&nibble_low[k])[i] |= bit;
      if (len > k ? (lit[k] >> 4) == i : 1) ((u8 *)&nibble_high[k])[i] |= bit;
    }
  }
}

// Builds the search tables for n literals (lengths >= 3) in memory JS set aside. Returns 0 when
// there are too many short literals for Teddy (the JS loop then does the work).
EXPORT("configure")
u32 configure(const u32 *offsets, const u32 *lengths, const u8 *bytes, u32 n, u32 skip, u8 *shift_table,
              u16 *starts, u16 *ids, u32 *bits, u8 *scratch) {
  stripped = scratch;
  literal_offset = offsets;
  literal_length = lengths;
  literal_bytes = bytes;
  timestamp_skip = skip;
  shift = shift_table;
  candidate_start = starts;
  candidate_ids = ids;
  prefix_bits = bits;
  for (u32 h = 0; h < TABLE; h++) {
    shift[h] = MAX_SHIFT;
    starts[h] = 0;
    bits[h >> 5] = 0;
  }
  starts[TABLE] = 0;
  for (u32 k = 0; k < FINGERPRINT; k++) nibble_low[k] = nibble_high[k] = wasm_i8x16_splat(0);
  u16 short_ids[MAX_SHORT];
  u32 short_bucket[MAX_SHORT];
  short_count = 0;
  for (u32 id = 0; id < n; id++) {
    const u8 *lit = bytes + offsets[id];
    const u32 len = lengths[id];
    if (len < WINDOW) {
      if (short_count == MAX_SHORT) return 0;
      // The bucket that grows least: the same fingerprint's, else an empty one, else the least loosened.
      u32 best = 0, best_cost = ~0u;
      for (u32 b = 0; b < BUCKETS; b++) {
        const u32 cost = accepted(b, lit, len) - accepted(b, lit, 0);
        if (cost < best_cost) best = b, best_cost = cost;
      }
      add_to_bucket(best, lit, len);
      short_ids[short_count] = (u16)id;
      short_bucket[short_count++] = best;
      continue;
    }
    for (u32 j = 0; j + BLOCK <= WINDOW; j++) {
      const u32 h = block_hash(lit + j);
      const u32 s = WINDOW - BLOCK - j;
      if (s < shift[h]) shift[h] = s;
    }
    starts[block_hash(lit + WINDOW - BLOCK) + 1]++;
    const u32 p = block_hash(lit);
    bits[p >> 5] |= 1u << (p & 31);
  }
  // Counts to slices: starts[h] is where hash h's ids begin, then (filling) where the next goes.
  for (u32 h = 0; h < TABLE; h++) starts[h + 1] += starts[h];
  for (u32 id = 0; id < n; id++) {
    if (lengths[id] >= WINDOW) ids[starts[block_hash(bytes + offsets[id] + WINDOW - BLOCK)]++] = (u16)id;
  }
  // Each starts[h] is now where slice h ends: one place down makes them beginnings again.
  for (u32 h = TABLE - 1; h > 0; h--) starts[h] = starts[h - 1];
  starts[0] = 0;
  u32 at = 0;
  for (u32 b = 0; b < BUCKETS; b++) {
    bucket_start[b] = at;
    for (u32 s = 0; s < short_count; s++) {
      if (short_bucket[s] == b) bucket_ids[at++] = short_ids[s];
    }
  }
  bucket_start[BUCKETS] = at;
  return 1;
}
