/* The readers the physics tests rely on: the JSON parser and its path look-ups (tests/refs_json.c)
 * on valid and malformed text, and the .npy reader (tests/npy_read.c) on its header grammar, a
 * file written here, and the refusal of dtypes, orders and sizes it does not handle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_test.h"
#include "npy_read.h"
#include "refs_json.h"

static void test_json_valid(void) {
  static const char text[] =
      " {\"a\": [1, -2.5e3, 0, 1E-2, -0.0], \"b\": {\"c\": \"x\\\"y\\\\z\\n\\u00e9\\ud83d\\ude00\", \"t\": true,"
      " \"f\": false, \"n\": null}, \"cases\": [{\"name\": \"sis\", \"v\": 1}, {\"name\": \"sie\", \"v\": 2}],"
      " \"e\": [], \"o\": {}, \"k.x\": 3}\n";
  lg_json *root = NULL;
  LG_TEST_OK(lg_json_parse(text, strlen(text), "inline", &root));
  if (!root) return;
  double v[5] = {0}, x = 0;
  LG_TEST_OK(lg_json_numbers(root, "a", v, 5));
  LG_TEST_CHECK(v[0] == 1 && v[1] == -2500 && v[2] == 0 && v[3] == 0.01 && v[4] == 0, "a = %g %g %g %g %g", v[0], v[1],
                v[2], v[3], v[4]);
  const char *s = NULL;
  LG_TEST_OK(lg_json_string(root, "b.c", &s));
  LG_TEST_CHECK(s && strcmp(s, "x\"y\\z\n\xc3\xa9\xf0\x9f\x98\x80") == 0, "escapes decoded wrongly: '%s'",
                s ? s : "(null)");
  const lg_json *n = NULL;
  LG_TEST_OK(lg_json_get(root, "b.t", &n));
  LG_TEST_CHECK(n && n->type == LG_JSON_TRUE, "b.t not true");
  LG_TEST_OK(lg_json_get(root, "b.f", &n));
  LG_TEST_CHECK(n && n->type == LG_JSON_FALSE, "b.f not false");
  LG_TEST_OK(lg_json_get(root, "b.n", &n));
  LG_TEST_CHECK(n && n->type == LG_JSON_NULL, "b.n not null");
  LG_TEST_OK(lg_json_number(root, "cases[name=sie].v", &x));
  LG_TEST_CHECK(x == 2, "cases[name=sie].v = %g", x);
  LG_TEST_OK(lg_json_number(root, "cases[0].v", &x));
  LG_TEST_CHECK(x == 1, "cases[0].v = %g", x);
  size_t sz = 99;
  LG_TEST_OK(lg_json_array_size(root, "e", &sz));
  LG_TEST_CHECK(sz == 0, "empty array size %zu", sz);
  LG_TEST_OK(lg_json_get(root, "o", &n));
  LG_TEST_CHECK(n && n->type == LG_JSON_OBJECT && n->count == 0, "empty object");
  LG_TEST_OK(lg_json_get(root, "", &n));
  LG_TEST_CHECK(n == root, "empty path is the node itself");

  /* look-ups that must fail, each with LG_ERR_FILE and a message */
  static const char *bad_paths[] = {"zz",    "a[5]", "a[x]", "a[",   "cases[name=epl]",
                                    "b.c.d", "a.b",  "b[0]", "a..b", "b.t[0]"};
  for (size_t i = 0; i < sizeof bad_paths / sizeof bad_paths[0]; i++) {
    lg_err_clear();
    const lg_err e = lg_json_get(root, bad_paths[i], &n);
    LG_TEST_CHECK(e == LG_ERR_FILE && strlen(lg_err_message()) > 0, "path '%s' gave %d", bad_paths[i], (int)e);
  }
  lg_err_clear();
  LG_TEST_CHECK(lg_json_number(root, "b.c", &x) == LG_ERR_FILE, "a string read as a number");
  lg_err_clear();
  LG_TEST_CHECK(lg_json_numbers(root, "a", v, 4) == LG_ERR_FILE, "wrong count accepted");
  lg_err_clear();
  LG_TEST_CHECK(lg_json_numbers(root, "cases", v, 2) == LG_ERR_FILE, "objects read as numbers");
  lg_err_clear();
  lg_json_free(root);
}

static void test_json_malformed(void) {
  static const char *bad[] = {"",      "{",        "[1,]",         "{\"a\":1,}", "{\"a\" 1}",   "[01]",       "[1.]",
                              "[.5]",  "[1e]",     "[-]",          "[+1]",       "[NaN]",       "[Infinity]", "[1e999]",
                              "\"abc", "\"a\tb\"", "\"\\x\"",      "\"\\u12\"",  "\"\\ud800\"", "[tru]",      "nul",
                              "[1] 2", "{1: 2}",   "[\"a\" \"b\"]"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    lg_json *root = (lg_json *)&root; /* must be reset to NULL on failure */
    lg_err_clear();
    const lg_err e = lg_json_parse(bad[i], strlen(bad[i]), "bad", &root);
    LG_TEST_CHECK(e == LG_ERR_FILE && root == NULL, "malformed '%s' gave %d", bad[i], (int)e);
    LG_TEST_CHECK(strstr(lg_err_message(), "line 1, column") != NULL || strstr(lg_err_message(), "bad") != NULL,
                  "message for '%s': %s", bad[i], lg_err_message());
  }
  /* depth limit: 300 nested arrays */
  char deep[601];
  for (int i = 0; i < 300; i++) deep[i] = '[', deep[300 + i] = ']';
  deep[600] = '\0';
  lg_json *root = NULL;
  lg_err_clear();
  LG_TEST_CHECK(lg_json_parse(deep, 600, "deep", &root) == LG_ERR_FILE, "nesting of 300 accepted");
  lg_err_clear();
  /* a line/column in the message */
  static const char two_lines[] = "{\n  \"a\": [1, 2,, 3]\n}";
  LG_TEST_CHECK(lg_json_parse(two_lines, strlen(two_lines), "two", &root) == LG_ERR_FILE, "',,' accepted");
  LG_TEST_CHECK(strstr(lg_err_message(), "line 2, column 14") != NULL, "position: %s", lg_err_message());
  lg_err_clear();
  LG_TEST_CHECK(lg_json_load("/nonexistent/refs.json", &root) == LG_ERR_FILE && root == NULL, "missing file");
  LG_TEST_CHECK(strstr(lg_err_message(), "/nonexistent/refs.json") != NULL, "message names the file: %s",
                lg_err_message());
  lg_err_clear();
}

/* Writes a .npy file with the given header dict and n little-endian doubles 0, 1, 2, ... */
static int write_npy(const char *path, const char *dict, int n) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  size_t hl = strlen(dict) + 1;
  const size_t pad = (64 - (10 + hl) % 64) % 64;
  hl += pad;
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  const unsigned char len[2] = {(unsigned char)(hl & 0xff), (unsigned char)(hl >> 8)};
  fwrite(len, 1, 2, f);
  fputs(dict, f);
  for (size_t i = 0; i < pad; i++) fputc(' ', f);
  fputc('\n', f);
  for (int i = 0; i < n; i++) {
    unsigned char b[8];
    double d = i;
    unsigned long long u;
    memcpy(&u, &d, 8);
    for (int k = 0; k < 8; k++) b[k] = (unsigned char)(u >> (8 * k));
    fwrite(b, 1, 8, f);
  }
  return fclose(f) == 0;
}

static void test_npy(void) {
  lg_npy a;
  static const char hdr[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (9, 64, 64), }";
  LG_TEST_OK(lg_npy_parse_header(hdr, strlen(hdr), "hdr", &a));
  LG_TEST_CHECK(a.ndim == 3 && a.shape[0] == 9 && a.shape[1] == 64 && a.shape[2] == 64 && a.count == 9 * 64 * 64,
                "shape parsed as %d dims, count %zu", a.ndim, a.count);
  static const char h1[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }";
  LG_TEST_OK(lg_npy_parse_header(h1, strlen(h1), "h1", &a));
  LG_TEST_CHECK(a.ndim == 1 && a.shape[0] == 5 && a.count == 5, "1-d shape");
  static const char h0[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (), }";
  LG_TEST_OK(lg_npy_parse_header(h0, strlen(h0), "h0", &a));
  LG_TEST_CHECK(a.ndim == 0 && a.count == 1, "0-d shape");
  static const char *bad[] = {"{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }",
                              "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                              "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
                              "{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }",
                              "{'descr': '<f8', 'shape': (3,), }",
                              "{'descr': '<f8', 'fortran_order': False, 'shape': (3, x), }",
                              "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4, }",
                              "not a dict"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    lg_err_clear();
    LG_TEST_CHECK(lg_npy_parse_header(bad[i], strlen(bad[i]), "bad", &a) == LG_ERR_FILE, "header accepted: %s", bad[i]);
  }
  lg_err_clear();

  /* a round trip through a file, and files the reader must refuse */
  /* in the test's working directory (its build folder), which only this test uses */
  const char *path = "test_refs_readers.npy";
  LG_TEST_CHECK(write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 6), "write %s", path);
  LG_TEST_OK(lg_npy_load(path, &a));
  if (a.data) {
    LG_TEST_CHECK(a.ndim == 2 && a.shape[0] == 2 && a.shape[1] == 3, "file shape");
    for (int i = 0; i < 6; i++) LG_TEST_CHECK(a.data[i] == i, "data[%d] = %g", i, a.data[i]);
    lg_npy_free(&a);
  }
  LG_TEST_CHECK(write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4), }", 6), "write %s", path);
  lg_err_clear();
  LG_TEST_CHECK(lg_npy_load(path, &a) == LG_ERR_FILE && a.data == NULL, "short data accepted");
  LG_TEST_CHECK(write_npy(path, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 6), "write %s", path);
  lg_err_clear();
  LG_TEST_CHECK(lg_npy_load(path, &a) == LG_ERR_FILE, "Fortran order accepted");
  LG_TEST_CHECK(strstr(lg_err_message(), "fortran_order") != NULL, "message: %s", lg_err_message());
  remove(path);
  lg_err_clear();
  LG_TEST_CHECK(lg_npy_load("/nonexistent/map.npy", &a) == LG_ERR_FILE, "missing file");
  lg_err_clear();
}

int main(void) {
  test_json_valid();
  test_json_malformed();
  test_npy();
  return lg_test_report("test_refs_readers");
}
