// Colour codes removed on raw bytes: strip-escapes.ts in C, byte for byte the same decisions (see
// there for why this is what Node's stripVTControlCharacters removes). Included by line-scan.c.

static inline int is_final_byte(u8 b) {
  // `[\dA-PR-TZcf-nq-uy=><~]`
  return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'P') || (b >= 'R' && b <= 'T') || b == 'Z' || b == 'c' ||
         (b >= 'f' && b <= 'n') || (b >= 'q' && b <= 'u') || b == 'y' || b == '=' || b == '>' || b == '<' ||
         b == '~';
}

static inline int is_other_intro(u8 b) {
  return b == '[' || b == ']' || b == '(' || b == ')' || b == '#' || b == '?';
}

// Writes buf[from, to) without its colour codes to `out` and returns the length written, or -1 when
// the line has a shape this fast path does not handle.
static int strip_escapes(const u8 *buf, u32 from, u32 to, u8 *out) {
  u32 o = 0;
  u32 i = from;
  while (i < to) {
    const u8 b = buf[i];
    if (b == 0x07) return -1;
    // U+009B / U+009C (C2 9B, C2 9C) open or end sequences too.
    if (b == 0xc2 && i + 1 < to && (buf[i + 1] == 0x9b || buf[i + 1] == 0x9c)) return -1;
    if (b != 0x1b) {
      out[o++] = b;
      i++;
      continue;
    }
    u32 j = i + 1;
    if (j >= to || buf[j] != '[') return -1;
    j++;
    while (j < to && buf[j] == ';') j++;
    if (j < to && is_other_intro(buf[j])) return -1;
    if (j < to && is_digit(buf[j])) {
      u32 d = 0;
      while (d < 4 && j < to && is_digit(buf[j])) j++, d++;
      while (j < to && buf[j] == ';') {
        j++;
        d = 0;
        while (d < 4 && j < to && is_digit(buf[j])) j++, d++;
      }
    }
    if (j >= to || !is_final_byte(buf[j])) return -1;
    i = j + 1;
  }
  return (int)o;
}
