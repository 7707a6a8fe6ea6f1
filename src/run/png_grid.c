/* The preview PNG writer: panels coloured with robust per-panel limits, titled with a built-in
 * bitmap font, written through libpng. Called by run/preview.c; layout rules in run/png_grid.h. */
#include "run/png_grid.h"

#include <png.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/png_font.h"

/* Viridis-like sequential map: dark purple to yellow with luminance rising monotonically, so a
 * grey-scale print still orders the values. Anchors every 0.1 in t. */
static const unsigned char lg_png_sequential[11][3] = {
    {68, 1, 84},    {72, 36, 117},  {65, 68, 135},  {53, 95, 141},  {42, 120, 142}, {33, 145, 140},
    {34, 168, 132}, {68, 190, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37},
};

/* Diverging map: blue (negative) through near-white (0) to red (positive), anchors every 0.25. */
static const unsigned char lg_png_diverging[5][3] = {
    {30, 70, 160}, {110, 160, 215}, {247, 247, 247}, {225, 120, 95}, {165, 20, 40},
};

typedef struct {
  unsigned char *rgb; /* row-major, 3 bytes a pixel, row 0 at the top */
  int w, h;
} lg_png_image;

typedef struct {
  int cols, rows;        /* grid shape */
  int cell_w, cell_h;    /* largest panel, in image pixels */
  int header_h;          /* 0 or LG_PNG_BAND */
  int w, h;              /* image size */
  int title_t, header_t; /* text magnification */
  size_t max_cells;      /* largest nx * ny: size of the percentile work array */
} lg_png_layout;

/* Carries libpng's message from its error callback back to the setjmp point. */
typedef struct {
  char msg[256];
} lg_png_failure;

static void lg_png_ramp(const unsigned char (*anchors)[3], int n, double t, unsigned char *out) {
  const double s = t * (n - 1);
  int k = (int)s;
  if (k > n - 2) k = n - 2;
  const double f = s - k;
  for (int c = 0; c < 3; c++) out[c] = (unsigned char)lround(anchors[k][c] + f * (anchors[k + 1][c] - anchors[k][c]));
}

static int lg_png_cmp_float(const void *a, const void *b) {
  const float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

/* Linearly interpolated q-quantile of m sorted values. */
static float lg_png_quantile(const float *sorted, size_t m, double q) {
  const double pos = q * (double)(m - 1);
  const size_t k = (size_t)pos;
  const size_t k1 = k + 1 < m ? k + 1 : k;
  return (float)(sorted[k] + (pos - (double)k) * (sorted[k1] - sorted[k]));
}

/* Colour limits from the 1st and 99th percentiles of the finite (log10 of positive) values; the
 * percentiles rather than min/max so one caustic pixel does not flatten the rest of the map.
 * lo == hi when there is nothing to scale: the map is then drawn in its middle colour. */
static void lg_png_limits(const lg_png_panel *p, float *work, float *lo, float *hi) {
  const size_t np = (size_t)p->nx * (size_t)p->ny;
  size_t m = 0;
  for (size_t k = 0; k < np; k++) {
    float v = p->data[k];
    if (!isfinite(v) || (p->log_scale && v <= 0.0f)) continue;
    work[m++] = p->log_scale ? log10f(v) : v;
  }
  *lo = *hi = 0.0f;
  if (m == 0) return;
  qsort(work, m, sizeof *work, lg_png_cmp_float);
  *lo = lg_png_quantile(work, m, 0.01);
  *hi = lg_png_quantile(work, m, 0.99);
  if (p->symmetric) {
    const float a = fabsf(*lo) > fabsf(*hi) ? fabsf(*lo) : fabsf(*hi);
    *lo = -a;
    *hi = a;
  }
}

static void lg_png_colour(const lg_png_panel *p, float v, float lo, float hi, unsigned char *out) {
  if (!isfinite(v)) {
    out[0] = out[1] = out[2] = LG_PNG_NAN_GREY;
    return;
  }
  double t;
  if (p->log_scale && v <= 0.0f)
    t = 0.0;
  else if (hi > lo)
    t = ((p->log_scale ? log10f(v) : v) - lo) / ((double)hi - lo);
  else
    t = 0.5;
  t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  if (p->symmetric)
    lg_png_ramp(lg_png_diverging, 5, t, out);
  else
    lg_png_ramp(lg_png_sequential, 11, t, out);
}

/* Draws the panel with its top-left corner at (x0, y0), map row ny-1 at the top. */
static void lg_png_draw_panel(lg_png_image *im, int x0, int y0, const lg_png_panel *p, int scale, float *work) {
  float lo, hi;
  lg_png_limits(p, work, &lo, &hi);
  for (int j = 0; j < p->ny; j++) {
    const int y = y0 + (p->ny - 1 - j) * scale;
    for (int i = 0; i < p->nx; i++) {
      unsigned char c[3];
      lg_png_colour(p, p->data[(size_t)j * p->nx + i], lo, hi, c);
      for (int dy = 0; dy < scale; dy++) {
        unsigned char *row = im->rgb + ((size_t)(y + dy) * im->w + x0 + (size_t)i * scale) * 3;
        for (int dx = 0; dx < scale; dx++) memcpy(row + 3 * dx, c, 3);
      }
    }
  }
}

/* Width in pixels of s drawn at magnification t: glyphs with one column of spacing between. */
static long lg_png_text_width(const char *s, int t) {
  const long len = (long)strlen(s);
  return len == 0 ? 0 : len * (LG_FONT_W + 1) * t - t;
}

/* Draws s in white from (x, y) (top-left of the first glyph), stopping at the first glyph that would
 * cross x_end. */
static void lg_png_draw_text(lg_png_image *im, int x, int y, const char *s, int t, int x_end) {
  for (; *s; s++, x += (LG_FONT_W + 1) * t) {
    if (x + LG_FONT_W * t > x_end) return;
    for (int gy = 0; gy < LG_FONT_H * t; gy++) {
      if (y + gy < 0 || y + gy >= im->h) continue;
      unsigned char *row = im->rgb + ((size_t)(y + gy) * im->w + x) * 3;
      for (int gx = 0; gx < LG_FONT_W * t; gx++)
        if (lg_font_pixel((unsigned char)*s, gx / t, gy / t)) memset(row + 3 * gx, 255, 3);
    }
  }
}

/* Checks the arguments and works out the layout of png_grid.h. */
static lg_err lg_png_plan(const char *path, const char *header, const lg_png_panel *panels, int n, int n_cols,
                          int scale, lg_png_layout *L) {
  LG_CHECK(path != NULL, LG_ERR_INTERNAL, "preview PNG: the output path is NULL");
  LG_CHECK(panels != NULL, LG_ERR_INTERNAL, "%s: the panel array is NULL", path);
  LG_CHECK(n >= 1, LG_ERR_RANGE, "%s: n = %d panels; need at least 1", path, n);
  LG_CHECK(n_cols >= 1, LG_ERR_RANGE, "%s: n_cols = %d; need at least 1 panel per row", path, n_cols);
  LG_CHECK(scale >= 1 && scale <= 16, LG_ERR_RANGE, "%s: scale = %d; allowed 1..16 image pixels per map pixel", path,
           scale);
  long long cell_w = 0, cell_h = 0;
  size_t max_cells = 0;
  int titles_fit = 1;
  for (int i = 0; i < n; i++) {
    const lg_png_panel *p = &panels[i];
    const char *name = p->title ? p->title : "untitled";
    LG_CHECK(p->data != NULL, LG_ERR_INTERNAL, "%s: panel %d (%s): data is NULL", path, i, name);
    LG_CHECK(p->nx > 0 && p->ny > 0, LG_ERR_RANGE, "%s: panel %d (%s): nx = %d, ny = %d; both must be > 0", path, i,
             name, p->nx, p->ny);
    if ((long long)p->nx * scale > cell_w) cell_w = (long long)p->nx * scale;
    if ((long long)p->ny * scale > cell_h) cell_h = (long long)p->ny * scale;
    if ((size_t)p->nx * (size_t)p->ny > max_cells) max_cells = (size_t)p->nx * (size_t)p->ny;
    if (p->title && lg_png_text_width(p->title, LG_PNG_TEXT_SCALE) > (long)p->nx * scale) titles_fit = 0;
  }
  const int cols = n < n_cols ? n : n_cols, rows = (n + cols - 1) / cols;
  const int header_h = header ? LG_PNG_BAND : 0;
  const long long w = LG_PNG_GAP + (long long)cols * (cell_w + LG_PNG_GAP);
  const long long h = header_h + (long long)rows * (LG_PNG_BAND + cell_h) + LG_PNG_GAP;
  LG_CHECK(w <= PNG_USER_WIDTH_MAX && h <= PNG_USER_HEIGHT_MAX, LG_ERR_RANGE,
           "%s: the grid would be %lld x %lld pixels; at most %d x %d allowed (lower scale or n)", path, w, h,
           PNG_USER_WIDTH_MAX, PNG_USER_HEIGHT_MAX);
  L->cols = cols;
  L->rows = rows;
  L->cell_w = (int)cell_w;
  L->cell_h = (int)cell_h;
  L->header_h = header_h;
  L->w = (int)w;
  L->h = (int)h;
  L->title_t = titles_fit ? LG_PNG_TEXT_SCALE : 1;
  L->header_t = header && lg_png_text_width(header, LG_PNG_TEXT_SCALE) > w - 2 * LG_PNG_GAP ? 1 : LG_PNG_TEXT_SCALE;
  L->max_cells = max_cells;
  return LG_OK;
}

static void lg_png_on_error(png_structp png, png_const_charp msg) {
  lg_png_failure *f = png_get_error_ptr(png);
  snprintf(f->msg, sizeof f->msg, "%s", msg);
  png_longjmp(png, 1);
}

static void lg_png_on_warning(png_structp png, png_const_charp msg) {
  (void)png; /* warnings (e.g. about ancillary chunks) do not concern a file we write ourselves */
  (void)msg;
}

/* Writes the w x h RGB image to path; libpng errors longjmp back here and become an lg_err. */
static lg_err lg_png_save(const char *path, const unsigned char *rgb, int w, int h) {
  lg_png_failure failure = {{0}};
  FILE *fp = fopen(path, "wb");
  LG_CHECK(fp != NULL, LG_ERR_FILE, "%s: cannot open the preview PNG for writing: %s", path, strerror(errno));
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, lg_png_on_error, lg_png_on_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  if (info == NULL) {
    png_destroy_write_struct(&png, NULL);
    fclose(fp);
    remove(path);
    LG_FAIL(LG_ERR_NOMEM, "%s: cannot allocate the libpng write state", path);
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    fclose(fp);
    remove(path);
    LG_FAIL(LG_ERR_IO, "%s: cannot write the preview PNG: libpng: %s", path, failure.msg);
  }
  png_init_io(png, fp);
  png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < h; y++) png_write_row(png, rgb + (size_t)y * w * 3);
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  if (fclose(fp) != 0) {
    const int saved = errno;
    remove(path);
    LG_FAIL(LG_ERR_IO, "%s: cannot finish the preview PNG: %s", path, strerror(saved));
  }
  return LG_OK;
}

lg_err lg_png_write_grid(const char *path, const char *header, const lg_png_panel *panels, int n, int n_cols,
                         int scale) {
  lg_png_layout L = {0};
  LG_CALL(lg_png_plan(path, header, panels, n, n_cols, scale, &L));
  lg_png_image im = {malloc((size_t)L.w * (size_t)L.h * 3), L.w, L.h};
  float *work = malloc(L.max_cells * sizeof *work);
  if (im.rgb == NULL || work == NULL) {
    free(im.rgb);
    free(work);
    LG_FAIL(LG_ERR_NOMEM, "%s: cannot allocate a %d x %d preview image", path, L.w, L.h);
  }
  memset(im.rgb, LG_PNG_BACKGROUND, (size_t)L.w * (size_t)L.h * 3);
  if (header)
    lg_png_draw_text(&im, LG_PNG_GAP, (LG_PNG_BAND - LG_FONT_H * L.header_t) / 2, header, L.header_t, L.w - LG_PNG_GAP);
  for (int i = 0; i < n; i++) {
    const lg_png_panel *p = &panels[i];
    const int x0 = LG_PNG_GAP + (i % L.cols) * (L.cell_w + LG_PNG_GAP);
    const int band = L.header_h + (i / L.cols) * (LG_PNG_BAND + L.cell_h);
    if (p->title)
      lg_png_draw_text(&im, x0, band + (LG_PNG_BAND - LG_FONT_H * L.title_t) / 2, p->title, L.title_t,
                       x0 + p->nx * scale);
    lg_png_draw_panel(&im, x0, band + LG_PNG_BAND, p, scale, work);
  }
  free(work);
  const lg_err e = lg_png_save(path, im.rgb, L.w, L.h);
  free(im.rgb);
  LG_CALL(e);
  return LG_OK;
}
