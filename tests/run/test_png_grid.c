#define _POSIX_C_SOURCE 200809L
/* The preview PNG writer: writes a 5-panel grid, reads it back with libpng and checks the layout,
 * the colour scales, the NaN grey and the text; then that bad arguments fail with a clear message.
 * Usage: test_png_grid [path]   (with a path the grid is kept there for viewing) */
#include <png.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "lg_test.h"
#include "run/png_font.h"
#include "run/png_grid.h"

enum { NX = 41, NY = 31, SCALE = 3, NPANEL = 5, NCOLS = 3 };

typedef struct {
  unsigned char *rgb;
  int w, h;
} image;

/* Reads an 8-bit RGB PNG; 0 on success. */
static int read_png(const char *path, image *im) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return 1;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  im->rgb = NULL;
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, NULL);
    fclose(fp);
    free(im->rgb);
    im->rgb = NULL;
    return 1;
  }
  png_init_io(png, fp);
  png_read_info(png, info);
  im->w = (int)png_get_image_width(png, info);
  im->h = (int)png_get_image_height(png, info);
  if (png_get_color_type(png, info) != PNG_COLOR_TYPE_RGB || png_get_bit_depth(png, info) != 8)
    png_error(png, "not 8-bit RGB");
  im->rgb = malloc((size_t)im->w * im->h * 3);
  if (!im->rgb) png_error(png, "out of memory");
  for (int y = 0; y < im->h; y++) png_read_row(png, im->rgb + (size_t)y * im->w * 3, NULL);
  png_read_end(png, NULL);
  png_destroy_read_struct(&png, &info, NULL);
  fclose(fp);
  return 0;
}

static const unsigned char *pixel(const image *im, int x, int y) { return im->rgb + ((size_t)y * im->w + x) * 3; }

static double luminance(const unsigned char *c) { return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; }

static int is_grey(const unsigned char *c, int level) { return c[0] == level && c[1] == level && c[2] == level; }

/* Image pixel at the centre of map pixel (i, j) of panel k. */
static const unsigned char *map_pixel(const image *im, int k, int i, int j) {
  const int x0 = LG_PNG_GAP + (k % NCOLS) * (NX * SCALE + LG_PNG_GAP);
  const int y0 = LG_PNG_BAND + (k / NCOLS) * (LG_PNG_BAND + NY * SCALE) + LG_PNG_BAND;
  return pixel(im, x0 + i * SCALE + SCALE / 2, y0 + (NY - 1 - j) * SCALE + SCALE / 2);
}

/* White pixels in the rectangle [x0, x1) x [y0, y1). */
static int count_white(const image *im, int x0, int x1, int y0, int y1) {
  int n = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++) n += is_grey(pixel(im, x, y), 255);
  return n;
}

static void check_font(void) {
  for (int s = 0; s < LG_FONT_STRIPS; s++)
    for (int r = 0; r < LG_FONT_H; r++) {
      const char *row = lg_font_strips[s][r];
      LG_TEST_CHECK(strlen(row) == LG_FONT_PER_STRIP * (LG_FONT_W + 1) - 1 && strspn(row, ".# ") == strlen(row),
                    "font strip %d row %d malformed: \"%s\"", s, r, row);
    }
  LG_TEST_CHECK(lg_font_pixel('I', 2, 3) && !lg_font_pixel(' ', 2, 3) && lg_font_pixel('_', 0, 7),
                "font lookup: I, space or _ drawn wrong");
}

static void check_image(const image *im) {
  const int w = LG_PNG_GAP + NCOLS * (NX * SCALE + LG_PNG_GAP);
  const int h = LG_PNG_BAND + 2 * (LG_PNG_BAND + NY * SCALE) + LG_PNG_GAP;
  LG_TEST_CHECK(im->w == w && im->h == h, "image %d x %d, layout implies %d x %d", im->w, im->h, w, h);
  if (im->w != w || im->h != h) return;

  /* gradient along x: luminance never falls and spans most of the map */
  for (int i = 1; i < NX; i++)
    LG_TEST_CHECK(luminance(map_pixel(im, 0, i, NY / 2)) >= luminance(map_pixel(im, 0, i - 1, NY / 2)),
                  "gradient luminance falls between x = %d and %d", i - 1, i);
  const double span = luminance(map_pixel(im, 0, NX - 1, 0)) - luminance(map_pixel(im, 0, 0, 0));
  LG_TEST_CHECK(span > 150, "gradient luminance spans only %g", span);

  /* symmetric: 0 near white, negative blue, positive red */
  for (int j = 0; j < NY; j++) {
    const unsigned char *c = map_pixel(im, 1, NX / 2, j);
    LG_TEST_CHECK(c[0] >= 235 && c[1] >= 235 && c[2] >= 235, "zero at row %d drawn (%d,%d,%d)", j, c[0], c[1], c[2]);
  }
  const unsigned char *neg = map_pixel(im, 1, 0, NY / 2), *pos = map_pixel(im, 1, NX - 1, NY / 2);
  LG_TEST_CHECK(neg[2] > neg[0] + 60 && pos[0] > pos[2] + 60,
                "negative (%d,%d,%d) not blue or positive (%d,%d,%d) not red", neg[0], neg[1], neg[2], pos[0], pos[1],
                pos[2]);

  /* NaN block and the two infinities in the fixed grey; finite values not */
  int grey = 0;
  for (int j = 0; j < 8; j++)
    for (int i = 0; i < 8; i++) grey += is_grey(map_pixel(im, 2, i, j), LG_PNG_NAN_GREY);
  LG_TEST_CHECK(grey == 64, "%d of 64 NaN pixels grey", grey);
  LG_TEST_CHECK(is_grey(map_pixel(im, 2, 30, 20), LG_PNG_NAN_GREY), "+inf not grey");
  LG_TEST_CHECK(is_grey(map_pixel(im, 2, 31, 20), LG_PNG_NAN_GREY), "-inf not grey");
  LG_TEST_CHECK(!is_grey(map_pixel(im, 2, 20, 20), LG_PNG_NAN_GREY), "finite pixel drawn grey");

  /* constant map: one colour, the middle of the sequential map (viridis t = 0.5: 33,145,140) */
  const unsigned char *c0 = map_pixel(im, 3, 0, 0);
  int same = 1;
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++) same &= memcmp(map_pixel(im, 3, i, j), c0, 3) == 0;
  LG_TEST_CHECK(same && c0[0] == 33 && c0[1] == 145 && c0[2] == 140, "constant map not uniform mid colour: (%d,%d,%d)",
                c0[0], c0[1], c0[2]);

  /* log panel, 1 .. 1e4 rising along y: the middle row (100) sits mid-scale, and +y is up */
  const unsigned char *mid = map_pixel(im, 4, NX / 2, NY / 2);
  LG_TEST_CHECK(abs(mid[0] - 33) <= 2 && abs(mid[1] - 145) <= 2 && abs(mid[2] - 140) <= 2,
                "log panel middle (%d,%d,%d), want about (33,145,140)", mid[0], mid[1], mid[2]);
  LG_TEST_CHECK(luminance(map_pixel(im, 4, 5, NY - 1)) > luminance(map_pixel(im, 4, 5, 0)) + 150,
                "log panel: the top row (largest y) is not the brightest");

  /* text: white pixels in the header band and the first title band, none inside a panel */
  const int cell_w = NX * SCALE;
  LG_TEST_CHECK(count_white(im, 0, im->w, 0, LG_PNG_BAND) > 50, "no header text");
  LG_TEST_CHECK(count_white(im, LG_PNG_GAP, LG_PNG_GAP + cell_w, LG_PNG_BAND, 2 * LG_PNG_BAND) > 50, "no title text");
  LG_TEST_CHECK(count_white(im, LG_PNG_GAP, LG_PNG_GAP + cell_w, 2 * LG_PNG_BAND, 2 * LG_PNG_BAND + NY * SCALE) == 0,
                "white pixels inside the first panel");
  /* the sixth cell is empty background */
  const int x6 = LG_PNG_GAP + 2 * (cell_w + LG_PNG_GAP), y6 = LG_PNG_BAND + LG_PNG_BAND + NY * SCALE;
  int bg = 0;
  for (int y = y6; y < y6 + LG_PNG_BAND + NY * SCALE; y++)
    for (int x = x6; x < x6 + cell_w; x++) bg += is_grey(pixel(im, x, y), LG_PNG_BACKGROUND);
  LG_TEST_CHECK(bg == cell_w * (LG_PNG_BAND + NY * SCALE), "empty cell not background");
}

static void check_rejected(lg_err e, const char *want, const char *what) {
  LG_TEST_CHECK(e != LG_OK, "%s accepted", what);
  LG_TEST_CHECK(strstr(lg_err_message(), want) != NULL, "%s: message \"%s\" lacks \"%s\"", what, lg_err_message(),
                want);
  lg_err_clear();
}

/* Whole file into a malloc'd buffer (NULL if unreadable). */
static char *slurp(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  rewind(f);
  char *buf = malloc((size_t)*size + 1);
  if (buf && fread(buf, 1, (size_t)*size, f) != (size_t)*size) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

static void check_arguments(const char *path, const lg_png_panel *panels) {
  long size0 = 0, size1 = 0;
  char *before = slurp(path, &size0);
  check_rejected(lg_png_write_grid(path, NULL, panels, 0, NCOLS, SCALE), "n = 0", "n = 0");
  check_rejected(lg_png_write_grid(path, NULL, panels, NPANEL, 0, SCALE), "n_cols = 0", "n_cols = 0");
  check_rejected(lg_png_write_grid(path, NULL, panels, NPANEL, NCOLS, 0), "scale = 0", "scale = 0");
  check_rejected(lg_png_write_grid(path, NULL, panels, NPANEL, NCOLS, 17), "scale = 17", "scale = 17");
  lg_png_panel bad[NPANEL];
  memcpy(bad, panels, sizeof bad);
  bad[2].data = NULL;
  check_rejected(lg_png_write_grid(path, NULL, bad, NPANEL, NCOLS, SCALE), "panel 2 (NaN inf): data is NULL",
                 "NULL data");
  memcpy(bad, panels, sizeof bad);
  bad[4].nx = 0;
  check_rejected(lg_png_write_grid(path, NULL, bad, NPANEL, NCOLS, SCALE), "nx = 0", "nx = 0");
  const lg_err e = lg_png_write_grid("/nonexistent-dir/x.png", NULL, panels, NPANEL, NCOLS, SCALE);
  LG_TEST_CHECK(e == LG_ERR_FILE, "unwritable path gave %d, want LG_ERR_FILE", (int)e);
  check_rejected(e, "/nonexistent-dir/x.png", "unwritable path");
  char *after = slurp(path, &size1);
  LG_TEST_CHECK(before && after && size0 == size1 && memcmp(before, after, (size_t)size0) == 0,
                "a rejected call changed the existing %s", path);
  free(before);
  free(after);
}

int main(int argc, char **argv) {
  char tmp[] = "/tmp/lg_test_png_grid_XXXXXX";
  const char *path = argc > 1 ? argv[1] : tmp;
  if (argc <= 1) {
    const int fd = mkstemp(tmp);
    if (fd < 0) {
      perror("mkstemp");
      return 1;
    }
    close(fd);
  }
  static float grad[NY][NX], sym[NY][NX], holes[NY][NX], flat[NY][NX], logmap[NY][NX];
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++) {
      grad[j][i] = (float)i;
      sym[j][i] = (float)(i - NX / 2) * (1.0f + 0.05f * j);
      holes[j][i] = (i < 8 && j < 8) ? NAN : (float)(sin(0.3 * i) * cos(0.2 * j));
      flat[j][i] = 3.0f;
      logmap[j][i] = (float)pow(10.0, 4.0 * j / (NY - 1));
    }
  holes[20][30] = INFINITY;
  holes[20][31] = -INFINITY;
  const lg_png_panel panels[NPANEL] = {
      {&grad[0][0], NX, NY, "gradient", 0, 0},    {&sym[0][0], NX, NY, "sym +-x", 1, 0},
      {&holes[0][0], NX, NY, "NaN inf", 0, 0},    {&flat[0][0], NX, NY, "constant", 0, 0},
      {&logmap[0][0], NX, NY, "log 1-1e4", 0, 1},
  };
  check_font();
  LG_TEST_OK(lg_png_write_grid(path, "png_grid test: 5 panels", panels, NPANEL, NCOLS, SCALE));
  image im;
  LG_TEST_CHECK(read_png(path, &im) == 0, "cannot read back %s", path);
  if (im.rgb) {
    check_image(&im);
    free(im.rgb);
  }
  check_arguments(path, panels);
  if (argc <= 1) remove(path);
  return lg_test_report("test_png_grid");
}
