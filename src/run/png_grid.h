/* A labelled grid of 2-D maps written as an 8-bit RGB PNG: the picture behind -data_preview
 * (run/preview.c), kept free of HDF5 and MPI so a test can drive it alone. */
#ifndef LG_PNG_GRID_H
#define LG_PNG_GRID_H

#include "core/err.h"

/* Layout, in image pixels. Panels sit in cells of the largest panel's size (nx * scale by
 * ny * scale), min(n, n_cols) cells per row, LG_PNG_GAP apart and from the edges; above each panel
 * is a title band LG_PNG_BAND tall, and a header band of the same height tops the image when a
 * header is given:
 *   width  = LG_PNG_GAP + cols * (cell_w + LG_PNG_GAP)
 *   height = (header ? LG_PNG_BAND : 0) + rows * (LG_PNG_BAND + cell_h) + LG_PNG_GAP
 * Text is white on the dark background, the 5x8 font drawn LG_PNG_TEXT_SCALE times larger, or at
 * 1x where the larger size would not fit (all titles share one size); what still does not fit is
 * clipped to the panel width (titles) or the image width (header). */
#define LG_PNG_GAP 4
#define LG_PNG_TEXT_SCALE 2
#define LG_PNG_BAND (8 * LG_PNG_TEXT_SCALE + 2 * LG_PNG_GAP)
#define LG_PNG_BACKGROUND 24 /* grey level of the background */
#define LG_PNG_NAN_GREY 128  /* grey level of NaN and inf pixels */

typedef struct {
  const float *data; /* row-major [ny][nx], row 0 = lowest y (drawn at the bottom: +y is up) */
  int nx, ny;
  const char *title; /* drawn above the panel, ASCII; NULL for none */
  int symmetric;     /* 1: limits +-max(|p1|, |p99|) on a blue-white-red map, 0 at white */
  int log_scale;     /* 1: colour by log10(value); values <= 0 take the lowest colour */
} lg_png_panel;

/* Writes n panels, n_cols per row, each map pixel drawn as a scale x scale block, to path. Colour
 * limits per panel are the 1st and 99th percentiles of its finite values (after log10 when
 * log_scale), with a viridis-like sequential map unless symmetric; NaN and inf are drawn grey.
 * header may be NULL. The arguments are checked before path is opened, so a rejected call leaves
 * an existing file untouched; a write that fails part way removes what it wrote. */
lg_err lg_png_write_grid(const char *path, const char *header, const lg_png_panel *panels, int n, int n_cols,
                         int scale);

#endif
