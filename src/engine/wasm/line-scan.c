// The scanner's hot loop as WebAssembly (built by scripts/build-wasm.mjs into line-scan-module.ts):
// finds each newline with 16-byte SIMD compares, skips the GitHub timestamp, and searches the rest
// of the line for any prefilter literal (the Wu-Manber tables of literal-set.ts, built in JS). It
// only reports the few lines JavaScript must look at: those holding a literal or an ESC byte.
// Exactness matters, not ids: JS searches a reported line again for which literals it holds.
#include <stdint.h>
#include <wasm_simd128.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;

#define EXPORT(name) __attribute__((export_name(name)))

enum { HIT = 1, ESCAPED = 2 };

// The literal tables (laid out in memory by wasm-line-scan.ts) and the search parameters.
static const u8 *shift;  // block hash -> how far the window may move
static const u32 *candidate_start;  // block hash -> first index into candidate_ids (65537 entries)
static const u16 *candidate_ids;
static const u32 *literal_offset;  // id -> where its bytes start in literal_bytes
static const u32 *literal_length;
static const u8 *literal_bytes;
static u32 window;  // length of the shortest literal
static u32 timestamp_skip;  // bytes after a line's timestamp start where no literal can start

// What the last scan() call got through: where its last complete line ended (+1) and how many lines.
static u32 next_position;
static u32 line_count;

EXPORT("configure")
void configure(const u8 *s, const u32 *cs, const u16 *ci, const u32 *lo, const u32 *ll, const u8 *lb, u32 w, u32 skip) {
  shift = s;
  candidate_start = cs;
  candidate_ids = ci;
  literal_offset = lo;
  literal_length = ll;
  literal_bytes = lb;
  window = w;
  timestamp_skip = skip;
}

EXPORT("nextPosition") u32 get_next_position(void) { return next_position; }
EXPORT("lineCount") u32 get_line_count(void) { return line_count; }

static inline u32 block_hash(u32 a, u32 b, u32 c) { return ((a << 8) ^ (b << 4) ^ c ^ (a << 13)) & 0xffff; }

static inline int is_digit(u8 b) { return (u32)(b - '0') <= 9; }

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

// True when buf[from, to) holds a whole literal (searchLine of literal-set.ts, stopping at the first).
static int has_literal(const u8 *buf, u32 from, u32 to) {
  const u32 m = window;
  if (to < from + m) return 0;
  u32 i = from + m - 1;
  while (i < to) {
    u32 h = block_hash(buf[i - 2], buf[i - 1], buf[i]);
    u32 s = shift[h];
    if (s != 0) {
      i += s;
      continue;
    }
    const u32 start = i - m + 1;
    for (u32 c = candidate_start[h], e = candidate_start[h + 1]; c < e; c++) {
      const u32 id = candidate_ids[c];
      const u32 len = literal_length[id];
      if (start + len > to) continue;
      const u8 *lit = literal_bytes + literal_offset[id];
      u32 k = 0;
      while (k < len && buf[start + k] == lit[k]) k++;
      if (k == len) return 1;
    }
    i++;
  }
  return 0;
}

// Scans the complete lines of buf[from, to) (a line ends with '\n'; the bytes after the last one are
// left to the caller) and writes up to `capacity` records of four u32 to `out`: the line's index
// among the lines of this call, its start, its end (the newline) and its flags (HIT, ESCAPED).
// Returns the number of records; nextPosition()/lineCount() say how far it got (it stops early when
// `out` is full). buf must have 16 readable bytes after `to`.
EXPORT("scan")
u32 scan(const u8 *buf, u32 from, u32 to, u32 *out, u32 capacity) {
  const v128_t newline = wasm_i8x16_splat('\n');
  const v128_t esc = wasm_i8x16_splat(0x1b);
  u32 start = from;
  u32 line = 0;
  u32 records = 0;
  while (records < capacity) {
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
    const u32 from_here = timestamp_skip > 0 && starts_with_timestamp(buf, start, end) ? start + timestamp_skip : start;
    const u32 flags = (has_literal(buf, from_here, end) ? HIT : 0) | (escaped != 0 ? ESCAPED : 0);
    if (flags != 0) {
      u32 *r = out + 4 * records++;
      r[0] = line;
      r[1] = start;
      r[2] = end;
      r[3] = flags;
    }
    line++;
    start = end + 1;
  }
  next_position = start;
  line_count = line;
  return records;
}
