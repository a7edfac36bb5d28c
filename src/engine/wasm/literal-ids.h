// Which literals a reported line holds: LiteralSet.searchLine (literal-set.ts) in C, over the whole
// set with its own tables (copied in by JS), so JavaScript need not search the line again. The
// same search finds the same ids in the same order. Included by line-scan.c.

static const u8 *ids_shift;  // 3-byte block hash -> how far the window may move
static const u16 *ids_start;  // block hash -> first index into ids_candidates (65537 entries, 16-bit)
static const u32 *ids_candidates;  // literal ids by the hash of their window's last block
static const u32 *ids_offset;  // the whole set's literals (the any-search has only those it needs)
static const u32 *ids_length;
static const u8 *ids_bytes;
static u32 ids_window;  // the shortest literal's length
static u32 ids_count;  // literals in the whole set
static u32 *ids_seen;  // per literal: the stamp of the last line it was found on
static u32 ids_stamp;

// literal-set.ts's blockHash.
static inline u32 small_block_hash(const u8 *p) {
  const u32 a = p[0], b = p[1], c = p[2];
  return ((a << 8) ^ (b << 4) ^ c ^ (a << 13)) & 0xffff;
}

// Writes to `out` the id of each literal wholly inside buf[from, to), once each; returns how many.
static u32 literal_ids(const u8 *buf, u32 from, u32 to, u32 *out) {
  if (++ids_stamp == 0) {
    for (u32 id = 0; id < ids_count; id++) ids_seen[id] = 0;
    ids_stamp = 1;
  }
  u32 n = 0;
  const u32 m = ids_window;
  for (u32 i = from + m - 1; i < to;) {
    const u32 h = small_block_hash(buf + i - 2);
    const u32 s = ids_shift[h];
    if (s != 0) {
      i += s;
      continue;
    }
    const u32 start = i - m + 1;
    for (u32 c = ids_start[h], e = ids_start[h + 1]; c < e; c++) {
      const u32 id = ids_candidates[c];
      const u32 len = ids_length[id];
      if (start + len <= to && same_bytes(buf + start, ids_bytes + ids_offset[id], len) && ids_seen[id] != ids_stamp) {
        ids_seen[id] = ids_stamp;
        out[n++] = id;
      }
    }
    i++;
  }
  return n;
}

// Hands the whole set's tables to literal_ids (memory JS set aside: `seen` one word per literal).
EXPORT("configureIds")
void configure_ids(const u8 *shift_table, const u16 *starts, const u32 *candidates, const u32 *offsets,
                   const u32 *lengths, const u8 *bytes, u32 window, u32 count, u32 *seen) {
  ids_shift = shift_table;
  ids_start = starts;
  ids_candidates = candidates;
  ids_offset = offsets;
  ids_length = lengths;
  ids_bytes = bytes;
  ids_window = window;
  ids_count = count;
  ids_seen = seen;
  ids_stamp = 0;
  for (u32 id = 0; id < count; id++) seen[id] = 0;
}
