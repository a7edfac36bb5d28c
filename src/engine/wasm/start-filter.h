// Lines that need not be handed on although they hold a literal: every pattern their literals lead to
// is rejected by its start table (src/catalog/start-table.ts) or lacks the text it requires, and
// nothing else the engine does with a candidate line (diagnose.ts) can happen to it. Built by JS
// (start-filter.ts, which says what the checks stand for); included by line-scan.c.
//
// The filter, as JS lays it out (u32 words, then the parts at 4-byte aligned offsets):
//   literal count L, longest line dropped, eligible[L], first[L + 1], then per pattern (by first[])
//   the offsets of its start table and of its requirement (0: none);
//   a table: its width, the class of each ASCII byte (128 bytes), then its next states (i8);
//   a requirement: a node (REQ_TEXT: length, bytes padded to words; REQ_ALL / REQ_ANY: count, words
//   of the nodes that follow, then those).

enum { START_DEAD = -1 };
enum { REQ_TEXT = 0, REQ_ALL = 1, REQ_ANY = 2 };

static const u8 *filter;  // 0: no line is dropped
static u32 filter_literals;
static u32 filter_max_line;
static const u32 *filter_eligible;
static const u32 *filter_first;
static const u32 *filter_checks;
// Whether the last scan() dropped a line with a timestamp (the step tracker counts those).
static u32 dropped_stamped;

EXPORT("configureFilter")
void configure_filter(const u8 *blob) {
  filter = blob;
  if (!blob) return;
  const u32 *w = (const u32 *)blob;
  filter_literals = w[0];
  filter_max_line = w[1];
  filter_eligible = w + 2;
  filter_first = filter_eligible + filter_literals;
  filter_checks = filter_first + filter_literals + 1;
}

EXPORT("droppedStamped") u32 get_dropped_stamped(void) { return dropped_stamped; }

static inline int is_blank(u8 b) { return b == ' ' || b == '\t'; }

// normalize-line.ts's timestampEnd on bytes: where a `dddd-dd-ddTdd:dd:dd(.d{1,9})?Z` at `at` ends
// (after its Z, which the end of the line or a space must follow), or 0.
static u32 timestamp_end(const u8 *buf, u32 at, u32 end) {
  static const char shape[] = "dddd-dd-ddTdd:dd:dd";
  const u32 fixed = sizeof shape - 1;
  if (end - at < fixed + 1) return 0;
  for (u32 k = 0; k < fixed; k++) {
    const u8 c = buf[at + k];
    if (shape[k] == 'd' ? !is_digit(c) : c != (u8)shape[k]) return 0;
  }
  u32 i = at + fixed;
  if (buf[i] == '.') {
    u32 digits = 0;
    while (i + 1 + digits < end && is_digit(buf[i + 1 + digits])) digits++;
    if (digits >= 1 && digits <= 9) i += 1 + digits;
  }
  if (i >= end || buf[i] != 'Z') return 0;
  i++;
  return i == end || buf[i] == ' ' ? i : 0;
}

static int starts_with(const u8 *buf, u32 at, u32 end, const char *text) {
  for (u32 k = 0; text[k] != 0; k++) {
    if (at + k >= end || buf[at + k] != (u8)text[k]) return 0;
  }
  return 1;
}

// match-pattern.ts's startRejects: true when the table says no match can begin as buf[at, end) does.
static int table_rejects(const u8 *table, const u8 *buf, u32 at, u32 end) {
  const u32 width = *(const u32 *)table;
  const u8 *classes = table + 4;
  const int8_t *next = (const int8_t *)(table + 4 + 128);
  int state = 0;
  for (u32 i = at; i < end; i++) {
    const u8 c = buf[i];
    if (c >= 0x80) return 0;
    state = next[(u32)state * width + classes[c]];
    if (state < 0) return state == START_DEAD;
  }
  return 0;
}

// True when buf[at, end) holds `text` (n bytes): String#includes.
static int has_text(const u8 *buf, u32 at, u32 end, const u8 *text, u32 n) {
  if (n == 0) return 1;
  if (end - at < n) return 0;
  for (u32 i = at; i + n <= end; i++) {
    if (buf[i] == text[0] && same_bytes(buf + i, text, n)) return 1;
  }
  return 0;
}

// Words a requirement node takes.
static u32 node_words(const u32 *node) { return node[0] == REQ_TEXT ? 2 + (node[1] + 3) / 4 : 3 + node[2]; }

// match-pattern.ts's holds: true when buf[at, end) holds what the requirement `node` asks for.
static int holds(const u32 *node, const u8 *buf, u32 at, u32 end) {
  if (node[0] == REQ_TEXT) return has_text(buf, at, end, (const u8 *)(node + 2), node[1]);
  const int all = node[0] == REQ_ALL;
  const u32 *sub = node + 3;
  for (u32 k = 0; k < node[1]; k++) {
    if (holds(sub, buf, at, end) != all) return !all;
    sub += node_words(sub);
  }
  return all;
}

// True when every byte of the line is printable ASCII or a tab: then its decoded text is its bytes,
// with no CR, BOM, colour code or invalid UTF-8 for the engine to treat.
static int plain_ascii(const u8 *buf, u32 from, u32 to) {
  for (u32 i = from; i < to; i++) {
    const u8 b = buf[i];
    if ((b < 0x20 && b != '\t') || b >= 0x7f) return 0;
  }
  return 1;
}

// True when the line buf[start, end), which holds the literals `ids` (n of them), can be left out.
__attribute__((noinline)) static int drops(const u8 *buf, u32 start, u32 end, const u32 *ids, u32 n) {
  if (end - start > filter_max_line) return 0;
  for (u32 k = 0; k < n; k++) {
    if (ids[k] >= filter_literals || !filter_eligible[ids[k]]) return 0;
  }
  // The text the patterns see (normalize-line.ts's splitLine on a plain ASCII line).
  u32 text = start;
  while (text < end && is_blank(buf[text])) text++;
  const u32 stamp = timestamp_end(buf, text, end);
  if (stamp != 0) {
    text = stamp;
    if (text < end && buf[text] == ' ') text++;
    while (text < end && is_blank(buf[text])) text++;
  }
  // An error line (line-shape.ts) goes to the failure trail whatever its patterns say.
  if (starts_with(buf, text, end, "##[error]") || (stamp == 0 && starts_with(buf, text, end, "Error: "))) return 0;
  // Each pattern rejected as match-pattern.ts's cannotMatch rejects it first: start table, required text.
  for (u32 k = 0; k < n; k++) {
    for (u32 c = filter_first[ids[k]], e = filter_first[ids[k] + 1]; c < e; c++) {
      const u32 table = filter_checks[2 * c], requirement = filter_checks[2 * c + 1];
      if (table != 0 && table_rejects(filter + table, buf, text, end)) continue;
      if (requirement != 0 && !holds((const u32 *)(filter + requirement), buf, text, end)) continue;
      return 0;
    }
  }
  if (!plain_ascii(buf, start, end)) return 0;
  if (stamp != 0) dropped_stamped = 1;
  return 1;
}
