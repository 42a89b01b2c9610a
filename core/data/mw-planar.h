/* mw-planar.h: families of 2-D classification tasks (the `planar` dataset): points in
 * the plane, labelled by a boundary that each task draws at random from its family.
 * Tasks are 2-way: class 1 on one side of the boundary, class 0 on the other.  Every
 * task keeps its true boundary's parameters, so views can draw it and colour maps by it. */
#pragma once

#include "mw-rng.h"
#include "mw-tensor.h"

#include <glib.h>

/* Points are drawn over [−MW_PLANAR_RANGE, MW_PLANAR_RANGE]² (moons may stray a
 * little beyond it with their noise); the boundary grids cover the same square. */
#define MW_PLANAR_RANGE 2.0f

typedef enum {
  MW_PLANAR_LINEAR,   /* a line whose normal is within ±spread of the family direction */
  MW_PLANAR_CIRCLES,  /* class 1 inside a circle of random centre and radius */
  MW_PLANAR_MOONS,    /* two interleaved half circles, turned by a random angle */
  MW_PLANAR_N_FAMILIES
} MwPlanarFamily;

/* The key-file names of the families, in the enum's order, NULL-terminated. */
extern const char *const mw_planar_family_names[];

/* The family settings of an experiment. */
typedef struct {
  MwPlanarFamily family;
  double spread;        /* linear: the normal's angle is drawn from U[−spread, spread]
                         * degrees around the family direction (the +x axis); 180:
                         * every direction, and the best common start is no boundary */
  double label_noise;   /* share of points given the other class's label, [0, 0.5] */
} MwPlanarSpec;

/* One task: its family's boundary parameters. */
typedef struct {
  MwPlanarFamily family;
  float angle;          /* linear: the normal's angle (radians, from +x); moons: the turn */
  float offset;         /* linear: class 1 where cos(angle)·x + sin(angle)·y > offset */
  float cx, cy, radius; /* circles: class 1 inside */
  float label_noise;
} MwPlanarTask;

void mw_planar_task_sample (MwPlanarTask *task, const MwPlanarSpec *spec, MwRng *rng);
/* The signed distance-like margin of (x, y): positive on class 1's side, negative on
 * class 0's; the true boundary is where it is 0. */
float mw_planar_task_margin (const MwPlanarTask *task, float x, float y);
/* Draws per_class points of each of the 2 classes into x ([2·per_class, 2]), class-major
 * as image episodes are: row i has label i / per_class.  With label noise a point keeps
 * its row's label but is drawn from the other class's region. */
void mw_planar_task_points (const MwPlanarTask *task, MwRng *rng, int per_class, MwTensor *x,
                            int32_t *labels);
/* One point of class `label` (label noise not applied). */
void mw_planar_task_point (const MwPlanarTask *task, MwRng *rng, int label, float *xy);
