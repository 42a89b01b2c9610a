/* mw-map2d.h: points of many dimensions drawn on a plane: principal component analysis
 * of the points, and classical (Torgerson) multidimensional scaling of their distances.
 * The task map (core/meta/mw-task-map.c) places tasks with them. */
#pragma once

#include <glib.h>

typedef enum {
  MW_DISTANCE_EUCLIDEAN,  /* ‖a − b‖ */
  MW_DISTANCE_COSINE,     /* 1 − cos(a, b), in [0, 2]; 1 when either vector is zero */
} MwDistanceKind;

double mw_vector_distance (const float *a, const float *b, int d, MwDistanceKind kind);
/* The n × n distances between the rows of rows ([n, d]); the caller frees it. */
double *mw_distance_matrix (const float *rows, int n, int d, MwDistanceKind kind);

/* The rows' coordinates on their first two principal axes (xy: n pairs), with the
 * share of the variance each axis explains (explained: NULL or 2 values).  A map has
 * no orientation of its own: each axis is turned so that its largest coordinate (in
 * size) is positive, so the same points always give the same picture.  With fewer
 * than two axes of variance the missing coordinates are 0.  FALSE when a value is not
 * finite or the eigensolver fails (xy is then zeros). */
gboolean mw_map2d_pca (const float *rows, int n, int d, double *xy, double explained[2]);
/* Classical MDS: the 2-D points whose Euclidean distances best match dist (n × n,
 * symmetric, zero diagonal) in the sense of the double-centred squared distances' two
 * largest eigenvalues.  Distances that are Euclidean in some space of 2 dimensions
 * are reproduced exactly, up to a rotation or reflection.  Axes, explained shares and
 * failure as for mw_map2d_pca. */
gboolean mw_map2d_mds (const double *dist, int n, double *xy, double explained[2]);
