/* The kmap map readers (fields/kmap_input.c, lg_kmap_read): .npy files of every supported form
 * (float64/float32, either byte order, header versions 1 and 2) and 2-D HDF5 datasets read back
 * exactly; every malformed input refused with LG_ERR_FILE and a message naming the option and the
 * problem. Files are written here byte by byte, in the working directory. */
#define _POSIX_C_SOURCE 200809L
#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fields/kmap_input.h"
#include "lg_test.h"

#define OPT "-lens_kmap_file"

/* A .npy file: version (1 or 2), descr, fortran order, shape text ("(3, 4)"), raw data bytes. */
static void write_npy(const char *path, int version, const char *descr, int fortran, const char *shape,
                      const void *data, size_t nbytes) {
  char dict[256];
  snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, fortran ? "True" : "False",
           shape);
  const size_t pre = version == 1 ? 10 : 12;
  size_t hlen = strlen(dict) + 1;
  while ((pre + hlen) % 64) hlen++; /* padded with spaces, ends in '\n' (numpy.lib.format) */
  FILE *f = fopen(path, "wb");
  fwrite("\x93NUMPY", 1, 6, f);
  const unsigned char ver[2] = {(unsigned char)version, 0};
  fwrite(ver, 1, 2, f);
  const unsigned char len[4] = {hlen & 0xff, (hlen >> 8) & 0xff, (hlen >> 16) & 0xff, (hlen >> 24) & 0xff};
  fwrite(len, 1, version == 1 ? 2 : 4, f);
  fwrite(dict, 1, strlen(dict), f);
  for (size_t i = strlen(dict); i + 1 < hlen; i++) fputc(' ', f);
  fputc('\n', f);
  if (nbytes) fwrite(data, 1, nbytes, f);
  fclose(f);
}

static void swap_bytes(unsigned char *p, int size, size_t n) {
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < size / 2; k++) {
      const unsigned char t = p[i * size + k];
      p[i * size + k] = p[i * size + size - 1 - k];
      p[i * size + size - 1 - k] = t;
    }
}

static int little_endian(void) {
  const uint16_t one = 1;
  return *(const unsigned char *)&one == 1;
}

/* Reads spec and checks the 3 x 4 values 0.5 * i - 1 (i = 0..11). */
static void expect_map(const char *spec) {
  double *k = NULL;
  int nx = 0, ny = 0;
  const lg_err e = lg_kmap_read(OPT, spec, &k, &nx, &ny);
  LG_TEST_CHECK(e == LG_OK, "%s: %s", spec, lg_err_message());
  if (e != LG_OK) {
    lg_err_clear();
    return;
  }
  LG_TEST_CHECK(nx == 4 && ny == 3, "%s: shape %d x %d", spec, ny, nx);
  int same = 1;
  for (int i = 0; i < 12; i++) same &= k[i] == 0.5 * i - 1.0;
  LG_TEST_CHECK(same, "%s: values differ", spec);
  free(k);
  printf("  ok: %s\n", spec);
}

/* Reading spec fails with LG_ERR_FILE and a message holding the option and want. */
static void expect_fail(const char *spec, const char *want) {
  double *k = NULL;
  int nx = 0, ny = 0;
  const lg_err e = lg_kmap_read(OPT, spec, &k, &nx, &ny);
  const char *msg = lg_err_message();
  LG_TEST_CHECK(e == LG_ERR_FILE && strstr(msg, OPT) && strstr(msg, want) && k == NULL,
                "%s: code %d, message '%s' (want '%s')", spec, (int)e, msg, want);
  printf("  refused: %-24s %s\n", spec, msg);
  lg_err_clear();
}

int main(void) {
  double v8[12];
  float v4[12];
  for (int i = 0; i < 12; i++) v4[i] = (float)(v8[i] = 0.5 * i - 1.0);
  const char *le8 = little_endian() ? "<f8" : ">f8", *be8 = little_endian() ? ">f8" : "<f8";
  const char *le4 = little_endian() ? "<f4" : ">f4";
  write_npy("f8.npy", 1, le8, 0, "(3, 4)", v8, sizeof v8);
  write_npy("f4.npy", 1, le4, 0, "(3, 4)", v4, sizeof v4);
  write_npy("v2.npy", 2, le8, 0, "(3, 4)", v8, sizeof v8);
  double sw[12];
  memcpy(sw, v8, sizeof sw);
  swap_bytes((unsigned char *)sw, 8, 12);
  write_npy("swapped.npy", 1, be8, 0, "(3, 4)", sw, sizeof sw);
  expect_map("f8.npy");
  expect_map("f4.npy");
  expect_map("v2.npy");
  expect_map("swapped.npy");

  write_npy("fortran.npy", 1, le8, 1, "(3, 4)", v8, sizeof v8);
  write_npy("cube.npy", 1, le8, 0, "(3, 2, 2)", v8, sizeof v8);
  write_npy("line.npy", 1, le8, 0, "(12,)", v8, sizeof v8);
  write_npy("thin.npy", 1, le8, 0, "(1, 12)", v8, sizeof v8);
  write_npy("int.npy", 1, "<i8", 0, "(3, 4)", v8, sizeof v8);
  write_npy("short.npy", 1, le8, 0, "(3, 4)", v8, sizeof v8 - 8);
  double bad[12];
  memcpy(bad, v8, sizeof bad);
  bad[6] = NAN;
  write_npy("nan.npy", 1, le8, 0, "(3, 4)", bad, sizeof bad);
  bad[6] = INFINITY;
  write_npy("inf.npy", 1, le8, 0, "(3, 4)", bad, sizeof bad);
  FILE *t = fopen("text.txt", "w");
  fputs("kappa 1 2 3\n", t);
  fclose(t);
  mkdir("adir", 0755);
  expect_fail("fortran.npy", "Fortran order");
  expect_fail("cube.npy", "3-D");
  expect_fail("line.npy", "1-D");
  expect_fail("thin.npy", "each side must have 2..");
  expect_fail("int.npy", "dtype '<i8'");
  expect_fail("short.npy", "shorter than");
  expect_fail("nan.npy", "at [1][2]");
  expect_fail("inf.npy", "must be finite");
  expect_fail("text.txt", "neither a .npy file nor an HDF5 file");
  expect_fail("no_such.npy", "cannot open");
  expect_fail("adir", "not a regular file");
  expect_fail("f8.npy:/kappa", "has no dataset");

  /* HDF5: a float32 dataset in a group, a float64 one, a 3-D one and an integer one */
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  hid_t f = H5Fcreate("maps.h5", H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g = H5Gcreate2(f, "maps", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const hsize_t d2[2] = {3, 4}, d3[3] = {3, 2, 2};
  hid_t s2 = H5Screate_simple(2, d2, NULL), s3 = H5Screate_simple(3, d3, NULL);
  hid_t ds = H5Dcreate2(g, "k32", H5T_IEEE_F32LE, s2, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v4);
  H5Dclose(ds);
  ds = H5Dcreate2(f, "k64", H5T_IEEE_F64BE, s2, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v8);
  H5Dclose(ds);
  ds = H5Dcreate2(f, "cube", H5T_IEEE_F64LE, s3, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v8);
  H5Dclose(ds);
  int iv[12] = {0};
  ds = H5Dcreate2(f, "ints", H5T_STD_I32LE, s2, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, iv);
  H5Dclose(ds);
  H5Sclose(s2);
  H5Sclose(s3);
  H5Gclose(g);
  H5Fclose(f);
  expect_map("maps.h5:/maps/k32");
  expect_map("maps.h5:/k64");
  expect_fail("maps.h5", "name the dataset");
  expect_fail("maps.h5:/nothing", "no dataset '/nothing'");
  expect_fail("maps.h5:/cube", "3-D");
  expect_fail("maps.h5:/ints", "not floating point");
  expect_fail("gone.h5:/k64", "cannot open");
  return lg_test_report("test_kmap_read");
}
