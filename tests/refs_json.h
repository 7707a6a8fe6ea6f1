/* A small JSON reader (RFC 8259: objects, arrays, numbers, strings, true, false, null) for the
 * reference files of shared/refs/, with look-up by path. Used by the physics tests only. */
#ifndef LG_REFS_JSON_H
#define LG_REFS_JSON_H

#include <stddef.h>

#include "core/err.h"

typedef enum {
  LG_JSON_NULL = 0,
  LG_JSON_FALSE,
  LG_JSON_TRUE,
  LG_JSON_NUMBER,
  LG_JSON_STRING,
  LG_JSON_ARRAY,
  LG_JSON_OBJECT
} lg_json_type;

/* One value. Arrays and objects hold their elements (members) in a singly linked list; a member
 * carries its name in key. Strings are decoded (escapes resolved, \u as UTF-8) and NUL-terminated. */
typedef struct lg_json {
  lg_json_type type;
  double number;         /* LG_JSON_NUMBER */
  char *string;          /* LG_JSON_STRING */
  char *key;             /* member name when the parent is an object, else NULL */
  size_t count;          /* number of elements or members (arrays, objects) */
  struct lg_json *child; /* first element or member */
  struct lg_json *next;  /* next sibling */
} lg_json;

/* Parses text[0..len) (NUL bytes inside are errors); name labels error messages. The whole text
 * must be one value (plus white space). On success *root owns the tree: free it with
 * lg_json_free. On failure *root is NULL and the error (LG_ERR_FILE for malformed text, with
 * line and column, LG_ERR_NOMEM) is recorded. */
lg_err lg_json_parse(const char *text, size_t len, const char *name, lg_json **root);
/* Reads and parses a file; LG_ERR_FILE names the path if it cannot be opened or read. */
lg_err lg_json_load(const char *path, lg_json **root);
/* Frees a tree from lg_json_parse / lg_json_load (NULL is allowed). */
void lg_json_free(lg_json *root);

/* The path of a reference file: $LG_REFS_DIR/rel into buf[size]. LG_ERR_FILE if LG_REFS_DIR is
 * unset or empty (ctest sets it to shared/refs; see tests/CMakeLists.txt) or the path is too long. */
lg_err lg_refs_path(const char *rel, char *buf, size_t size);
/* lg_refs_path + lg_json_load: the JSON reference file rel under $LG_REFS_DIR. */
lg_err lg_refs_json_load(const char *rel, lg_json **root);

/* Look-up by path from node: members by name separated by '.', array elements by [index], and
 * the first element of an array whose member KEY is the string VALUE by [KEY=VALUE], e.g.
 * "cosmology.rows[1].D_l_Mpc" or "cases[name=sie].info[0].q". An empty path is node itself.
 * A missing member, index or match, or a step into a value of the wrong type, is LG_ERR_FILE. */
lg_err lg_json_get(const lg_json *node, const char *path, const lg_json **out);
/* The number at path (LG_ERR_FILE if absent or not a number). */
lg_err lg_json_number(const lg_json *node, const char *path, double *out);
/* The string at path (borrowed from the tree). */
lg_err lg_json_string(const lg_json *node, const char *path, const char **out);
/* The element count of the array at path. */
lg_err lg_json_array_size(const lg_json *node, const char *path, size_t *n);
/* The n numbers of the array at path into out[]; the array must hold exactly n numbers. */
lg_err lg_json_numbers(const lg_json *node, const char *path, double *out, size_t n);

#endif
