/* A recursive-descent JSON parser (RFC 8259) into a tree of lg_json nodes, and path look-ups, for
 * the physics tests' reference files. Strict: no comments, no trailing commas, no NaN. */
#include "refs_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LG_JSON_MAX_DEPTH 256
#define LG_JSON_MAX_NUMBER 128 /* longest number literal accepted, characters */

typedef struct {
  const char *s;
  size_t len, pos;
  const char *name;
  int depth;
} lg_json_parser;

/* Records a syntax error at the parser's position with its line and column (1-based). */
static lg_err lg_json_syntax(const lg_json_parser *p, const char *what) {
  int line = 1, col = 1;
  for (size_t i = 0; i < p->pos && i < p->len; i++) {
    if (p->s[i] == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  LG_FAIL(LG_ERR_FILE, "%s: line %d, column %d: %s", p->name, line, col, what);
}

static void lg_json_skip_ws(lg_json_parser *p) {
  while (p->pos < p->len) {
    const char c = p->s[p->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    p->pos++;
  }
}

static int lg_json_peek(const lg_json_parser *p) { return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1; }

static lg_err lg_json_literal(lg_json_parser *p, const char *word, lg_json_type type, lg_json *node) {
  const size_t n = strlen(word);
  if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) return lg_json_syntax(p, "invalid literal");
  p->pos += n;
  node->type = type;
  return LG_OK;
}

static int lg_json_is_digit(int c) { return c >= '0' && c <= '9'; }

/* number = [-] int [frac] [exp] (RFC 8259 sec. 6), converted by strtod on a copy of the span */
static lg_err lg_json_number_value(lg_json_parser *p, lg_json *node) {
  const size_t start = p->pos;
  if (lg_json_peek(p) == '-') p->pos++;
  if (lg_json_peek(p) == '0') {
    p->pos++;
  } else if (lg_json_is_digit(lg_json_peek(p))) {
    while (lg_json_is_digit(lg_json_peek(p))) p->pos++;
  } else {
    return lg_json_syntax(p, "invalid number");
  }
  if (lg_json_peek(p) == '.') {
    p->pos++;
    if (!lg_json_is_digit(lg_json_peek(p))) return lg_json_syntax(p, "digit expected after '.'");
    while (lg_json_is_digit(lg_json_peek(p))) p->pos++;
  }
  if (lg_json_peek(p) == 'e' || lg_json_peek(p) == 'E') {
    p->pos++;
    if (lg_json_peek(p) == '+' || lg_json_peek(p) == '-') p->pos++;
    if (!lg_json_is_digit(lg_json_peek(p))) return lg_json_syntax(p, "digit expected in exponent");
    while (lg_json_is_digit(lg_json_peek(p))) p->pos++;
  }
  const size_t n = p->pos - start;
  char buf[LG_JSON_MAX_NUMBER + 1];
  if (n > LG_JSON_MAX_NUMBER) return lg_json_syntax(p, "number literal too long");
  memcpy(buf, p->s + start, n);
  buf[n] = '\0';
  char *end = NULL;
  const double v = strtod(buf, &end);
  if (end != buf + n) return lg_json_syntax(p, "number not convertible");
  if (!isfinite(v)) return lg_json_syntax(p, "number out of the range of double");
  node->type = LG_JSON_NUMBER;
  node->number = v;
  return LG_OK;
}

static int lg_json_hex4(const char *s, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    const char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (unsigned)(c - 'A' + 10);
    else
      return 0;
  }
  *out = v;
  return 1;
}

/* Appends code point cp as UTF-8; returns the number of bytes written. */
static size_t lg_json_utf8(unsigned cp, char *o) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Parses a string at p->pos (the opening quote) into a new NUL-terminated buffer *out. The
 * decoded text is never longer than the raw text, so the raw length bounds the buffer. */
static lg_err lg_json_string_raw(lg_json_parser *p, char **out) {
  *out = NULL;
  if (lg_json_peek(p) != '"') return lg_json_syntax(p, "'\"' expected");
  size_t end = p->pos + 1;
  while (end < p->len && p->s[end] != '"') end += (p->s[end] == '\\') ? 2 : 1;
  if (end >= p->len) return lg_json_syntax(p, "unterminated string");
  char *buf = malloc(end - p->pos);
  LG_CHECK(buf != NULL, LG_ERR_NOMEM, "%s: out of memory for a string of %zu bytes", p->name, end - p->pos);
  size_t o = 0;
  p->pos++;
  while (p->pos < end) {
    const unsigned char c = (unsigned char)p->s[p->pos];
    if (c < 0x20) {
      free(buf);
      return lg_json_syntax(p, "control character in string");
    }
    if (c != '\\') {
      buf[o++] = (char)c;
      p->pos++;
      continue;
    }
    const char e = p->s[p->pos + 1];
    p->pos += 2;
    switch (e) {
      case '"':
        buf[o++] = '"';
        break;
      case '\\':
        buf[o++] = '\\';
        break;
      case '/':
        buf[o++] = '/';
        break;
      case 'b':
        buf[o++] = '\b';
        break;
      case 'f':
        buf[o++] = '\f';
        break;
      case 'n':
        buf[o++] = '\n';
        break;
      case 'r':
        buf[o++] = '\r';
        break;
      case 't':
        buf[o++] = '\t';
        break;
      case 'u': {
        unsigned cp = 0, lo = 0;
        if (end - p->pos < 4 || !lg_json_hex4(p->s + p->pos, &cp)) {
          free(buf);
          return lg_json_syntax(p, "bad \\u escape");
        }
        p->pos += 4;
        if (cp >= 0xD800 && cp < 0xDC00) { /* high surrogate: a low one must follow */
          if (end - p->pos < 6 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u' ||
              !lg_json_hex4(p->s + p->pos + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
            free(buf);
            return lg_json_syntax(p, "unpaired UTF-16 surrogate");
          }
          p->pos += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          free(buf);
          return lg_json_syntax(p, "unpaired UTF-16 surrogate");
        }
        if (cp == 0) {
          free(buf);
          return lg_json_syntax(p, "\\u0000 not supported");
        }
        o += lg_json_utf8(cp, buf + o);
        break;
      }
      default:
        free(buf);
        return lg_json_syntax(p, "bad escape in string");
    }
  }
  buf[o] = '\0';
  p->pos = end + 1;
  *out = buf;
  return LG_OK;
}

static lg_err lg_json_value(lg_json_parser *p, lg_json *node);

/* Allocates a zeroed node and links it after *tail (or as parent's first child). */
static lg_err lg_json_append(lg_json_parser *p, lg_json *parent, lg_json **tail, lg_json **out) {
  lg_json *n = calloc(1, sizeof *n);
  LG_CHECK(n != NULL, LG_ERR_NOMEM, "%s: out of memory", p->name);
  if (*tail)
    (*tail)->next = n;
  else
    parent->child = n;
  *tail = n;
  parent->count++;
  *out = n;
  return LG_OK;
}

static lg_err lg_json_array(lg_json_parser *p, lg_json *node) {
  node->type = LG_JSON_ARRAY;
  p->pos++; /* '[' */
  lg_json_skip_ws(p);
  if (lg_json_peek(p) == ']') {
    p->pos++;
    return LG_OK;
  }
  lg_json *tail = NULL;
  for (;;) {
    lg_json *elem = NULL;
    LG_CALL(lg_json_append(p, node, &tail, &elem));
    LG_CALL(lg_json_value(p, elem));
    lg_json_skip_ws(p);
    const int c = lg_json_peek(p);
    p->pos++;
    if (c == ']') return LG_OK;
    if (c != ',') {
      p->pos--;
      return lg_json_syntax(p, "',' or ']' expected in array");
    }
  }
}

static lg_err lg_json_object(lg_json_parser *p, lg_json *node) {
  node->type = LG_JSON_OBJECT;
  p->pos++; /* '{' */
  lg_json_skip_ws(p);
  if (lg_json_peek(p) == '}') {
    p->pos++;
    return LG_OK;
  }
  lg_json *tail = NULL;
  for (;;) {
    lg_json *member = NULL;
    lg_json_skip_ws(p);
    LG_CALL(lg_json_append(p, node, &tail, &member));
    LG_CALL(lg_json_string_raw(p, &member->key));
    lg_json_skip_ws(p);
    if (lg_json_peek(p) != ':') return lg_json_syntax(p, "':' expected after member name");
    p->pos++;
    LG_CALL(lg_json_value(p, member));
    lg_json_skip_ws(p);
    const int c = lg_json_peek(p);
    p->pos++;
    if (c == '}') return LG_OK;
    if (c != ',') {
      p->pos--;
      return lg_json_syntax(p, "',' or '}' expected in object");
    }
  }
}

static lg_err lg_json_value(lg_json_parser *p, lg_json *node) {
  if (++p->depth > LG_JSON_MAX_DEPTH) return lg_json_syntax(p, "nesting deeper than 256");
  lg_json_skip_ws(p);
  lg_err e;
  switch (lg_json_peek(p)) {
    case '{':
      e = lg_json_object(p, node);
      break;
    case '[':
      e = lg_json_array(p, node);
      break;
    case '"':
      node->type = LG_JSON_STRING;
      e = lg_json_string_raw(p, &node->string);
      break;
    case 't':
      e = lg_json_literal(p, "true", LG_JSON_TRUE, node);
      break;
    case 'f':
      e = lg_json_literal(p, "false", LG_JSON_FALSE, node);
      break;
    case 'n':
      e = lg_json_literal(p, "null", LG_JSON_NULL, node);
      break;
    case -1:
      e = lg_json_syntax(p, "unexpected end of text");
      break;
    default:
      e = lg_json_number_value(p, node);
      break;
  }
  p->depth--;
  if (e != LG_OK) lg_err_push(__FILE__, __LINE__, __func__);
  return e;
}

lg_err lg_json_parse(const char *text, size_t len, const char *name, lg_json **root) {
  *root = NULL;
  if (memchr(text, '\0', len) != NULL) LG_FAIL(LG_ERR_FILE, "%s: NUL byte in JSON text", name);
  lg_json_parser p = {text, len, 0, name, 0};
  lg_json *r = calloc(1, sizeof *r);
  LG_CHECK(r != NULL, LG_ERR_NOMEM, "%s: out of memory", name);
  lg_err e = lg_json_value(&p, r);
  if (e == LG_OK) {
    lg_json_skip_ws(&p);
    if (p.pos != p.len) e = lg_json_syntax(&p, "text after the JSON value");
  }
  if (e != LG_OK) {
    lg_json_free(r);
    lg_err_push(__FILE__, __LINE__, __func__);
    return e;
  }
  *root = r;
  return LG_OK;
}

lg_err lg_json_load(const char *path, lg_json **root) {
  *root = NULL;
  FILE *f = fopen(path, "rb");
  LG_CHECK(f != NULL, LG_ERR_FILE, "%s: cannot open the reference file (is LG_REFS_DIR right?)", path);
  char *buf = NULL;
  size_t len = 0, cap = 0;
  lg_err e = LG_OK;
  for (;;) {
    if (len == cap) {
      cap = cap ? 2 * cap : 1 << 16;
      char *nb = realloc(buf, cap);
      if (nb == NULL) {
        e = lg_err_set(LG_ERR_NOMEM, __FILE__, __LINE__, __func__, "%s: out of memory (%zu bytes)", path, cap);
        break;
      }
      buf = nb;
    }
    const size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) {
      if (ferror(f)) e = lg_err_set(LG_ERR_FILE, __FILE__, __LINE__, __func__, "%s: read error", path);
      break;
    }
  }
  fclose(f);
  if (e == LG_OK) e = lg_json_parse(buf, len, path, root);
  free(buf);
  if (e != LG_OK) lg_err_push(__FILE__, __LINE__, __func__);
  return e;
}

lg_err lg_refs_path(const char *rel, char *buf, size_t size) {
  const char *dir = getenv("LG_REFS_DIR");
  LG_CHECK(dir != NULL && dir[0] != '\0', LG_ERR_FILE,
           "LG_REFS_DIR is not set: point it at shared/refs (ctest sets it from the CMake cache variable)");
  const int n = snprintf(buf, size, "%s/%s", dir, rel);
  LG_CHECK(n > 0 && (size_t)n < size, LG_ERR_FILE, "reference path %s/%s longer than %zu bytes", dir, rel, size);
  return LG_OK;
}

lg_err lg_refs_json_load(const char *rel, lg_json **root) {
  char path[4096];
  *root = NULL;
  LG_CALL(lg_refs_path(rel, path, sizeof path));
  LG_CALL(lg_json_load(path, root));
  return LG_OK;
}

void lg_json_free(lg_json *root) {
  /* iterative over siblings, recursive over depth (bounded by LG_JSON_MAX_DEPTH) */
  while (root) {
    lg_json *next = root->next;
    lg_json_free(root->child);
    free(root->string);
    free(root->key);
    free(root);
    root = next;
  }
}

static const char *lg_json_type_name(lg_json_type t) {
  static const char *names[] = {"null", "false", "true", "number", "string", "array", "object"};
  return (unsigned)t <= (unsigned)LG_JSON_OBJECT ? names[t] : "?";
}

/* One step [..] at path[*i] ('[' included) from node n to *out. */
static lg_err lg_json_step_bracket(const lg_json *n, const char *path, size_t *i, const lg_json **out) {
  const char *open = path + *i;
  const char *close = strchr(open, ']');
  LG_CHECK(close != NULL, LG_ERR_FILE, "JSON path '%s': missing ']'", path);
  LG_CHECK(n->type == LG_JSON_ARRAY, LG_ERR_FILE, "JSON path '%s': '%.*s' applied to a %s, not an array", path,
           (int)(close - open + 1), open, lg_json_type_name(n->type));
  const char *eq = memchr(open, '=', (size_t)(close - open));
  *i = (size_t)(close - path) + 1;
  if (eq == NULL) {
    size_t idx = 0;
    LG_CHECK(close > open + 1, LG_ERR_FILE, "JSON path '%s': empty index", path);
    for (const char *c = open + 1; c < close; c++) {
      LG_CHECK(lg_json_is_digit((unsigned char)*c), LG_ERR_FILE, "JSON path '%s': bad index '%.*s'", path,
               (int)(close - open - 1), open + 1);
      idx = 10 * idx + (size_t)(*c - '0');
    }
    LG_CHECK(idx < n->count, LG_ERR_FILE, "JSON path '%s': index %zu out of range (array of %zu)", path, idx, n->count);
    const lg_json *e = n->child;
    for (size_t k = 0; k < idx; k++) e = e->next;
    *out = e;
    return LG_OK;
  }
  const char *key = open + 1, *val = eq + 1;
  const size_t klen = (size_t)(eq - key), vlen = (size_t)(close - val);
  for (const lg_json *e = n->child; e; e = e->next) {
    if (e->type != LG_JSON_OBJECT) continue;
    for (const lg_json *m = e->child; m; m = m->next) {
      if (strlen(m->key) == klen && memcmp(m->key, key, klen) == 0 && m->type == LG_JSON_STRING &&
          strlen(m->string) == vlen && memcmp(m->string, val, vlen) == 0) {
        *out = e;
        return LG_OK;
      }
    }
  }
  LG_FAIL(LG_ERR_FILE, "JSON path '%s': no element with %.*s = \"%.*s\"", path, (int)klen, key, (int)vlen, val);
}

lg_err lg_json_get(const lg_json *node, const char *path, const lg_json **out) {
  *out = NULL;
  const lg_json *n = node;
  size_t i = 0;
  while (path[i] != '\0') {
    if (path[i] == '[') {
      LG_CALL(lg_json_step_bracket(n, path, &i, &n));
      continue;
    }
    if (path[i] == '.') {
      i++;
      LG_CHECK(path[i] != '\0' && path[i] != '.' && path[i] != '[', LG_ERR_FILE, "JSON path '%s': empty name", path);
    }
    const size_t len = strcspn(path + i, ".[");
    LG_CHECK(n->type == LG_JSON_OBJECT, LG_ERR_FILE, "JSON path '%s': member '%.*s' asked of a %s", path, (int)len,
             path + i, lg_json_type_name(n->type));
    const lg_json *m = n->child;
    while (m && !(strlen(m->key) == len && memcmp(m->key, path + i, len) == 0)) m = m->next;
    LG_CHECK(m != NULL, LG_ERR_FILE, "JSON path '%s': no member '%.*s'", path, (int)len, path + i);
    n = m;
    i += len;
  }
  *out = n;
  return LG_OK;
}

lg_err lg_json_number(const lg_json *node, const char *path, double *out) {
  const lg_json *n;
  LG_CALL(lg_json_get(node, path, &n));
  LG_CHECK(n->type == LG_JSON_NUMBER, LG_ERR_FILE, "JSON path '%s': a %s, not a number", path,
           lg_json_type_name(n->type));
  *out = n->number;
  return LG_OK;
}

lg_err lg_json_string(const lg_json *node, const char *path, const char **out) {
  const lg_json *n;
  LG_CALL(lg_json_get(node, path, &n));
  LG_CHECK(n->type == LG_JSON_STRING, LG_ERR_FILE, "JSON path '%s': a %s, not a string", path,
           lg_json_type_name(n->type));
  *out = n->string;
  return LG_OK;
}

lg_err lg_json_array_size(const lg_json *node, const char *path, size_t *n_out) {
  const lg_json *n;
  LG_CALL(lg_json_get(node, path, &n));
  LG_CHECK(n->type == LG_JSON_ARRAY, LG_ERR_FILE, "JSON path '%s': a %s, not an array", path,
           lg_json_type_name(n->type));
  *n_out = n->count;
  return LG_OK;
}

lg_err lg_json_numbers(const lg_json *node, const char *path, double *out, size_t n_want) {
  const lg_json *n;
  LG_CALL(lg_json_get(node, path, &n));
  LG_CHECK(n->type == LG_JSON_ARRAY, LG_ERR_FILE, "JSON path '%s': a %s, not an array", path,
           lg_json_type_name(n->type));
  LG_CHECK(n->count == n_want, LG_ERR_FILE, "JSON path '%s': %zu elements, expected %zu", path, n->count, n_want);
  size_t k = 0;
  for (const lg_json *e = n->child; e; e = e->next, k++) {
    LG_CHECK(e->type == LG_JSON_NUMBER, LG_ERR_FILE, "JSON path '%s': element %zu is a %s, not a number", path, k,
             lg_json_type_name(e->type));
    out[k] = e->number;
  }
  return LG_OK;
}
