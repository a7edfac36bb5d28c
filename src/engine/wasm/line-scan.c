// The scanner's hot loop as WebAssembly (built by scripts/build-wasm.mjs into line-scan-module.ts):
// finds each newline with 16-byte SIMD compares, skips the GitHub timestamp, and tells whether the
// rest of the line holds any prefilter literal. It reports only the few lines JavaScript must look
// at: those holding a literal, and coloured lines whose codes may hide one (stripped of their codes
// here too and searched again). That search answers "any literal?"; a line that has one is searched
// again over the whole set for which (literal-ids.h), so JavaScript gets the ids with the line, unless
// the start tables of the patterns those lead to all reject it (start-filter.h): then it is left out.
//
// Two searches share the work, since one alone is slow on a 5-byte shortest literal (Wu-Manber
// then moves at most 3 bytes a step): literals of at least WINDOW bytes go to Wu-Manber with a
// WINDOW-byte window and hashed 4-byte blocks (up to WINDOW - 3 bytes a step), the few shorter ones
// to Teddy (SIMD nibble tables on their first FINGERPRINT bytes, 16 positions at a time, in 8 buckets).
#include <stdint.h>
#include <wasm_simd128.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;

#define EXPORT(name) __attribute__((export_name(name)))

enum { HIT = 1, ESCAPED = 2 };
// Literals shorter than WINDOW bytes go to Teddy (-DWINDOW=n to try another bound).
#ifndef WINDOW
#define WINDOW 10
#endif
enum { BLOCK = 4, MAX_SHIFT = WINDOW - BLOCK + 1, TABLE = 1 << 16 };
/** Short literals beyond this make Teddy's buckets too loose: configure() refuses, JS scans instead. */
enum { MAX_SHORT = 64, BUCKETS = 8 };
/** Longer coloured lines are handed on without trying to strip them (MAX_STRIPPED in line-scanner.ts). */
enum { MAX_STRIPPED = 64 * 1024 };
/** Bytes of a short literal that Teddy compares (its first ones). */
enum { FINGERPRINT = 4 };

// The literals (given by JS).
static const u32 *literal_offset;
static const u32 *literal_length;
static const u8 *literal_bytes;
static u32 timestamp_skip;  // bytes after a line's timestamp start where no literal can start

// Wu-Manber over the long literals: tables in memory given by JS.
static u8 *shift;  // block hash -> how far the window may move
// 16-bit: ids are (at most 0xffff literals), and half the memory a run's image fills (issue 13).
static u16 *candidate_start;  // block hash -> first index into candidate_ids (TABLE + 1 entries)
static u16 *candidate_ids;  // long literals by the hash of their window's last block
static u32 *prefix_bits;  // bit set of the hashes of the long literals' first block (TABLE bits)

// Teddy over the short literals.
static v128_t nibble_low[FINGERPRINT], nibble_high[FINGERPRINT];  // byte k of a literal: bucket bits by nibble
static u16 bucket_ids[MAX_SHORT];  // short literal ids, bucket after bucket
static u32 bucket_start[BUCKETS + 1];
static u32 short_count;

// Scratch for a coloured line without its codes (MAX_STRIPPED bytes and slack, given by JS).
static u8 *stripped;

// What the last scan() call got through: where its last complete line ended (+1), how many lines, and
// whether it stopped because `out` was full.
static u32 next_position;
static u32 line_count;
static u32 out_full;

static inline u32 load32(const u8 *p) {
  u32 w;
  __builtin_memcpy(&w, p, 4);
  return w;
}

static inline u32 block_hash(const u8 *p) { return (load32(p) * 2654435761u) >> 16; }

static inline int is_digit(u8 b) { return (u32)(b - '0') <= 9; }

#include "strip-escapes.h"

static int same_bytes(const u8 *a, const u8 *b, u32 n) {
  for (u32 k = 0; k < n; k++) {
    if (a[k] != b[k]) return 0;
  }
  return 1;
}

#include "build-tables.h"
#include "literal-ids.h"
#include "start-filter.h"

/** Literals shorter than this go to Teddy. */
EXPORT("window") u32 get_window(void) { return WINDOW; }

EXPORT("nextPosition") u32 get_next_position(void) { return next_position; }
EXPORT("lineCount") u32 get_line_count(void) { return line_count; }
EXPORT("full") u32 get_full(void) { return out_full; }

// The same check as startsWithTimestamp in literal-set.ts: `????-??-??T??:??:??.dddddddZ`.
static int starts_with_timestamp(const u8 *buf, u32 from, u32 to) {
  if (to - from < 28) return 0;
  const u8 *p = buf + from;
  if (p[10] != 'T' || p[27] != 'Z' || p[19] != '.' || p[4] != '-' || p[7] != '-' || p[13] != ':' || p[16] != ':') {
    return 0;
  }
  for (u32 k = 20; k < 27; k++) {
    if (!is_digit(p[k])) return 0;
  }
  return 1;
}

// True when buf[from, to) holds a whole literal of WINDOW bytes or more.
static int has_long_literal(const u8 *buf, u32 from, u32 to) {
  if (to < from + WINDOW) return 0;
  u32 i = from + WINDOW - BLOCK;  // the window's last block
  while (i + BLOCK <= to) {
    u32 s = shift[block_hash(buf + i)];
    // Most windows move the whole way, and each lookup waits on the one before: the next window's
    // shift is looked up alongside, so two lookups overlap (reads up to MAX_SHIFT bytes past `to`).
    if (s == MAX_SHIFT) {
      const u32 next = shift[block_hash(buf + i + MAX_SHIFT)];
      i += MAX_SHIFT;
      if (i + BLOCK > to) break;
      s = next;
      if (s == MAX_SHIFT) {
        i += MAX_SHIFT;
        continue;
      }
    }
    if (s != 0) {
      i += s;
      continue;
    }
    const u32 h = block_hash(buf + i);
    const u32 start = i + BLOCK - WINDOW;
    const u32 p = block_hash(buf + start);
    if ((prefix_bits[p >> 5] >> (p & 31)) & 1) {
      for (u32 c = candidate_start[h], e = candidate_start[h + 1]; c < e; c++) {
        const u32 id = candidate_ids[c];
        const u32 len = literal_length[id];
        if (start + len <= to && same_bytes(buf + start, literal_bytes + literal_offset[id], len)) return 1;
      }
    }
    i++;
  }
  return 0;
}

// True when buf[from, to) holds a whole short literal; `t`: the nibble tables, low and high per byte.
// Reads up to 18 bytes past `to`.
static inline int has_short_literal(const u8 *buf, u32 from, u32 to, const v128_t *t) {
  const v128_t low_bits = wasm_i8x16_splat(15);
  for (u32 p = from; p < to; p += 16) {
    v128_t m = wasm_i8x16_splat(-1);
    for (u32 k = 0; k < FINGERPRINT; k++) {
      const v128_t v = wasm_v128_load(buf + p + k);
      const v128_t low = wasm_i8x16_swizzle(t[2 * k], wasm_v128_and(v, low_bits));
      const v128_t high = wasm_i8x16_swizzle(t[2 * k + 1], wasm_v128_and(wasm_u16x8_shr(v, 4), low_bits));
      m = wasm_v128_and(m, wasm_v128_and(low, high));
    }
    if (!wasm_v128_any_true(m)) continue;
    u32 where = ~wasm_i8x16_bitmask(wasm_i8x16_eq(m, wasm_i8x16_splat(0))) & 0xffff;
    if (to - p < 16) where &= (1u << (to - p)) - 1;
    while (where != 0) {
      const u32 j = __builtin_ctz(where);
      where &= where - 1;
      const u32 start = p + j;
      const u32 buckets = (u8)wasm_i8x16_extract_lane(wasm_i8x16_swizzle(m, wasm_i8x16_splat((int8_t)j)), 0);
      for (u32 b = 0; b < BUCKETS; b++) {
        if (((buckets >> b) & 1) == 0) continue;
        for (u32 c = bucket_start[b]; c < bucket_start[b + 1]; c++) {
          const u32 id = bucket_ids[c];
          const u32 len = literal_length[id];
          if (start + len <= to && same_bytes(buf + start, literal_bytes + literal_offset[id], len)) return 1;
        }
      }
    }
  }
  return 0;
}

static inline int has_literal(const u8 *buf, u32 from, u32 to, const v128_t *tables) {
  return (short_count > 0 && has_short_literal(buf, from, to, tables)) || has_long_literal(buf, from, to);
}

// Writes to `out` the ids of the literals wholly inside buf[from, to) (a piece of a line that spans
// pieces), as literal_ids finds them; returns how many. Reads up to 18 bytes past `to`.
EXPORT("lineIds")
u32 line_ids(const u8 *buf, u32 from, u32 to, u32 *out) {
  v128_t tables[2 * FINGERPRINT];
  for (u32 k = 0; k < FINGERPRINT; k++) tables[2 * k] = nibble_low[k], tables[2 * k + 1] = nibble_high[k];
  return has_literal(buf, from, to, tables) ? literal_ids(buf, from, to, out) : 0;
}

// Scans the complete lines of buf[from, to) (a line ends with '\n'; the bytes after the last one are
// left to the caller) and writes a record to `out` per reported line: the line's index among the lines
// of this call, its start, its end (the newline), its flags (HIT, ESCAPED) plus 256 times the number
// of literal ids that follow (those it holds, for a HIT line). Returns the words written, at most
// `capacity`; nextPosition()/lineCount() say how far it got, full() whether it stopped early for room.
// buf must have 32 readable bytes after `to`.
EXPORT("scan")
u32 scan(const u8 *buf, u32 from, u32 to, u32 *out, u32 capacity) {
  const v128_t newline = wasm_i8x16_splat('\n');
  const v128_t esc = wasm_i8x16_splat(0x1b);
  v128_t tables[2 * FINGERPRINT];
  for (u32 k = 0; k < FINGERPRINT; k++) tables[2 * k] = nibble_low[k], tables[2 * k + 1] = nibble_high[k];
  u32 start = from;
  u32 line = 0;
  u32 words = 0;
  out_full = 0;
  dropped_stamped = 0;
  for (;;) {
    // Room for one more record with every literal's id.
    if (capacity - words < 4 + ids_count) {
      out_full = 1;
      break;
    }
    u32 p = start;
    u32 escaped = 0;
    u32 end = to;
    while (p < to) {
      const v128_t v = wasm_v128_load(buf + p);
      u32 nl = wasm_i8x16_bitmask(wasm_i8x16_eq(v, newline));
      u32 es = wasm_i8x16_bitmask(wasm_i8x16_eq(v, esc));
      // Bytes past `to` are stale: not part of the input.
      if (to - p < 16) {
        const u32 valid = (1u << (to - p)) - 1;
        nl &= valid;
        es &= valid;
      }
      if (nl != 0) {
        const u32 k = __builtin_ctz(nl);
        end = p + k;
        escaped |= es & ((1u << k) - 1);
        break;
      }
      escaped |= es;
      p += 16;
    }
    if (end == to) break;
    const u32 search_from =
        timestamp_skip > 0 && starts_with_timestamp(buf, start, end) ? start + timestamp_skip : start;
    const int hit = has_literal(buf, search_from, end, tables);
    u32 flags = hit ? HIT : 0;
    // A coloured line without a literal matters only if its codes may hide one: as the JS scanner's
    // noLiteralWithoutCodes, it is stripped of them and searched again, else (too long, or a shape
    // strip_escapes does not take) handed on.
    if (escaped != 0) {
      int hidden = 1;
      if (!hit && end - start <= MAX_STRIPPED) {
        const int n = strip_escapes(buf, start, end, stripped);
        hidden = n < 0 || has_literal(stripped, 0, (u32)n, tables);
      }
      if (hidden) flags |= ESCAPED;
    }
    if (flags != 0) {
      u32 *r = out + words;
      const u32 ids = hit ? literal_ids(buf, search_from, end, r + 4) : 0;
      // A line whose patterns' start tables all reject it is not reported (start-filter.h).
      if (flags != HIT || !filter || !drops(buf, start, end, r + 4, ids)) {
        r[0] = line;
        r[1] = start;
        r[2] = end;
        r[3] = flags | ids << 8;
        words += 4 + ids;
      }
    }
    line++;
    start = end + 1;
  }
  next_position = start;
  line_count = line;
  return words;
}
