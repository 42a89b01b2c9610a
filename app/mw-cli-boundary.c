/* mw-cli-boundary.c: `eval --boundary PREFIX`: one seeded planar test task, the model's
 * class-1 probability over the data range after each inner step (PREFIX-grid.csv), the
 * points with their predictions (PREFIX-points.csv), a picture per step
 * (PREFIX-stepN.png) drawn here pixel by pixel (the CLI has no Cairo) and, for the
 * logistic model, the path of its weights (PREFIX-weights.csv).  `--boundary-start
 * random` adapts the untrained model instead: what training from scratch does in as
 * many steps. */
#include "config.h"
#include "mw-cli-eval.h"
#include "mw-cli-out.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PICTURE_SIDE 480

/* Playground's colours: orange for class 0, blue for class 1, grey between. */
static const float orange[3] = { 245, 147, 34 };
static const float grey[3] = { 232, 234, 235 };
static const float blue[3] = { 8, 119, 189 };

typedef struct {
  guint8 *rgb;
  int side;
  float lo, hi;
} Picture;

static void
to_pixel (const Picture *pic, float x, float y, float *px, float *py)
{
  *px = (x - pic->lo) / (pic->hi - pic->lo) * (float) (pic->side - 1);
  *py = (pic->hi - y) / (pic->hi - pic->lo) * (float) (pic->side - 1);
}

static void
put (Picture *pic, int x, int y, const float *colour)
{
  if (x < 0 || y < 0 || x >= pic->side || y >= pic->side)
    return;
  guint8 *p = pic->rgb + 3 * ((size_t) y * pic->side + x);
  for (int c = 0; c < 3; c++)
    p[c] = (guint8) CLAMP (colour[c] + 0.5f, 0, 255);
}

/* A filled disc (inner < 0) or a ring from inner to outer pixels. */
static void
disc (Picture *pic, float cx, float cy, float inner, float outer, const float *colour)
{
  for (int y = (int) floorf (cy - outer); y <= (int) ceilf (cy + outer); y++)
    for (int x = (int) floorf (cx - outer); x <= (int) ceilf (cx + outer); x++)
      {
        float d = hypotf ((float) x - cx, (float) y - cy);
        if (d <= outer && d >= inner)
          put (pic, x, y, colour);
      }
}

/* A line of the given width; dashed lines keep only the pixels of every other square of
 * a checkerboard, which looks dashed whatever the line's direction. */
static void
line (Picture *pic, const MwSegment *s, float width, const float *colour, gboolean dashed)
{
  float x0, y0, x1, y1;
  to_pixel (pic, s->x0, s->y0, &x0, &y0);
  to_pixel (pic, s->x1, s->y1, &x1, &y1);
  int n = (int) ceilf (hypotf (x1 - x0, y1 - y0) * 2) + 1;
  for (int i = 0; i <= n; i++)
    {
      float t = (float) i / (float) n, x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
      if (dashed && (((int) floorf (x / 7) + (int) floorf (y / 7)) & 1))
        continue;
      disc (pic, x, y, -1, width / 2, colour);
    }
}

static void
class_colour (float p1, float *out)
{
  const float *end = p1 >= 0.5f ? blue : orange;
  float t = fabsf (p1 - 0.5f) * 2;
  for (int c = 0; c < 3; c++)
    /* Lightened toward white, so the points stand out on the field. */
    out[c] = 0.6f * (grey[c] + t * (end[c] - grey[c])) + 0.4f * 255;
}

static float
field_at (const MwBoundary *b, const float *field, float x, float y)
{
  float fx = (x - b->lo) / (b->hi - b->lo) * (float) (b->grid - 1);
  float fy = (y - b->lo) / (b->hi - b->lo) * (float) (b->grid - 1);
  int i = CLAMP ((int) floorf (fx), 0, b->grid - 2), j = CLAMP ((int) floorf (fy), 0, b->grid - 2);
  float u = CLAMP (fx - (float) i, 0, 1), v = CLAMP (fy - (float) j, 0, 1);
  const float *r0 = field + (size_t) j * b->grid, *r1 = r0 + b->grid;
  return (1 - v) * ((1 - u) * r0[i] + u * r0[i + 1]) + v * ((1 - u) * r1[i] + u * r1[i + 1]);
}

/* Step s's picture: the field, the contours of steps 0 … s light to dark, the true
 * boundary dashed, support points large, queries small, wrong queries ringed. */
static gboolean
draw_step (const MwBoundary *b, const MwTask *task, GArray **contours, GArray *truth, int s,
           const char *path, GError **error)
{
  Picture pic = { g_new (guint8, (size_t) 3 * PICTURE_SIDE * PICTURE_SIDE), PICTURE_SIDE,
                  b->lo, b->hi };
  const float *field = b->fields + (size_t) s * b->grid * b->grid;
  for (int py = 0; py < pic.side; py++)
    for (int px = 0; px < pic.side; px++)
      {
        float x = pic.lo + (pic.hi - pic.lo) * (float) px / (float) (pic.side - 1);
        float y = pic.hi - (pic.hi - pic.lo) * (float) py / (float) (pic.side - 1);
        float colour[3];
        class_colour (field_at (b, field, x, y), colour);
        put (&pic, px, py, colour);
      }
  static const float truth_colour[3] = { 40, 40, 40 };
  for (guint i = 0; i < truth->len; i++)
    line (&pic, &g_array_index (truth, MwSegment, i), 2, truth_colour, TRUE);
  for (int k = 0; k <= s; k++)
    {
      /* Light grey for the start, near black for this step. */
      float level = s > 0 ? 190.0f - 170.0f * (float) k / (float) s : 20.0f;
      float colour[3] = { level, level, level };
      for (guint i = 0; i < contours[k]->len; i++)
        line (&pic, &g_array_index (contours[k], MwSegment, i), k == s ? 3 : 2, colour, FALSE);
    }
  static const float ink[3] = { 30, 30, 30 }, wrong[3] = { 200, 20, 20 };
  int nq = task->query_x->shape[0], ns = task->support_x->shape[0];
  for (int r = 0; r < nq; r++)
    {
      float px, py;
      const float *xy = task->query_x->data + 2 * r;
      to_pixel (&pic, xy[0], xy[1], &px, &py);
      gboolean one = task->query_labels[r] == 1;
      disc (&pic, px, py, -1, 4, one ? blue : orange);
      if ((b->query_p1[(size_t) s * nq + r] > 0.5f) != one)
        disc (&pic, px, py, 6, 8, wrong);
    }
  for (int r = 0; r < ns; r++)
    {
      float px, py;
      const float *xy = task->support_x->data + 2 * r;
      to_pixel (&pic, xy[0], xy[1], &px, &py);
      disc (&pic, px, py, -1, 9, ink);
      disc (&pic, px, py, -1, 7, task->support_labels[r] == 1 ? blue : orange);
    }
  gboolean ok = mw_cli_write_rgb_png (pic.rgb, pic.side, pic.side, path, error);
  g_free (pic.rgb);
  return ok;
}

static gboolean
write_csvs (const MwBoundary *b, const MwTask *task, const char *prefix, GError **error)
{
  g_autofree char *grid_path = g_strdup_printf ("%s-grid.csv", prefix);
  g_autoptr (GString) text = g_string_new ("step,x,y,p1\n");
  for (int s = 0; s <= b->steps; s++)
    for (int j = 0; j < b->grid; j++)
      for (int i = 0; i < b->grid; i++)
        g_string_append_printf (text, "%d,%.6g,%.6g,%.6g\n", s, mw_boundary_coordinate (b, i),
                                mw_boundary_coordinate (b, j),
                                b->fields[((size_t) s * b->grid + j) * b->grid + i]);
  if (!g_file_set_contents (grid_path, text->str, (gssize) text->len, error))
    return FALSE;
  g_autofree char *points_path = g_strdup_printf ("%s-points.csv", prefix);
  g_string_assign (text, "role,x,y,label");
  for (int s = 0; s <= b->steps; s++)
    g_string_append_printf (text, ",p1_step%d", s);
  g_string_append_c (text, '\n');
  int ns = task->support_x->shape[0], nq = b->n_query;
  for (int r = 0; r < ns; r++)
    g_string_append_printf (text, "support,%.6g,%.6g,%d\n", task->support_x->data[2 * r],
                            task->support_x->data[2 * r + 1], task->support_labels[r]);
  for (int r = 0; r < nq; r++)
    {
      g_string_append_printf (text, "query,%.6g,%.6g,%d", task->query_x->data[2 * r],
                              task->query_x->data[2 * r + 1], task->query_labels[r]);
      for (int s = 0; s <= b->steps; s++)
        g_string_append_printf (text, ",%.6g", b->query_p1[(size_t) s * nq + r]);
      g_string_append_c (text, '\n');
    }
  if (!g_file_set_contents (points_path, text->str, (gssize) text->len, error))
    return FALSE;
  if (b->weights == NULL)
    return TRUE;
  g_autofree char *weights_path = g_strdup_printf ("%s-weights.csv", prefix);
  g_string_assign (text, "step,w1,w2,b\n");
  for (int s = 0; s <= b->steps; s++)
    g_string_append_printf (text, "%d,%.9g,%.9g,%.9g\n", s, b->weights[3 * s],
                            b->weights[3 * s + 1], b->weights[3 * s + 2]);
  return g_file_set_contents (weights_path, text->str, (gssize) text->len, error);
}

int
mw_cli_eval_boundary (MwRun *run, const MwExperimentConfig *e, guint64 seed, int task_index,
                      int grid, gboolean random_start, const char *prefix)
{
  GError *error = NULL;
  MwRun *untrained = NULL;
  if (!mw_data_info (e->data)->points)
    {
      fprintf (stderr, "eval: %s\n", _("--boundary draws planar tasks: the checkpoint's dataset "
                                       "is not planar"));
      return 2;
    }
  MwPlanarSpec spec;
  mw_experiment_config_planar_spec (e, &spec);
  MwTaskGen *gen = mw_task_gen_new_planar (&spec, e->shots, e->queries);
  MwRng rng;
  /* The same task as eval's episode task_index of this seed. */
  mw_rng_init (&rng, seed, (uint64_t) task_index);
  MwTask task;
  int steps = MIN (e->test_steps, MW_BOUNDARY_MAX_STEPS);
  MwBoundary *b = NULL;
  /* The same settings and seed build the model as it was before its first step. */
  if (random_start)
    untrained = mw_run_new (mw_run_get_config (run), &error);
  if ((!random_start || untrained != NULL)
      && mw_task_gen_next (gen, e->ways, e->shots, e->queries, &rng, &task, &error))
    b = mw_boundary_compute (mw_run_get_algorithm (untrained ? untrained : run), &task, steps, grid,
                             -MW_PLANAR_RANGE, MW_PLANAR_RANGE, &error);
  gboolean ok = b != NULL && write_csvs (b, &task, prefix, &error);
  if (ok)
    {
      const MwPlanarTask *truth_task = mw_task_gen_planar_task (gen, 0);
      float *margin = g_new (float, (size_t) grid * grid);
      for (int j = 0; j < grid; j++)
        for (int i = 0; i < grid; i++)
          margin[j * grid + i] = mw_planar_task_margin (truth_task, mw_boundary_coordinate (b, i),
                                                        mw_boundary_coordinate (b, j));
      GArray *truth = mw_contour_segments (margin, grid, b->lo, b->hi, 0.0f);
      GArray **contours = g_new (GArray *, steps + 1);
      for (int s = 0; s <= steps; s++)
        contours[s] = mw_boundary_contour (b, s, 0.5f);
      /* Translators: the columns of eval --boundary's table. */
      printf (_("Boundary of test task %d (seed %llu), %d × %d grid over [%g, %g]²\n"),
              task_index, (unsigned long long) seed, grid, grid, (double) b->lo, (double) b->hi);
      if (random_start)
        printf ("%s\n", _("Adapted from a random start: the run's model as its seed initialises "
                          "it, before any training"));
      printf ("%-6s %-12s %-12s\n", _("step"), _("query loss"), _("query accuracy"));
      for (int s = 0; s <= steps && ok; s++)
        {
          g_autofree char *path = g_strdup_printf ("%s-step%d.png", prefix, s);
          ok = draw_step (b, &task, contours, truth, s, path, &error);
          printf ("%-6d %-12.4f %-12.4f\n", s, b->loss[s], b->accuracy[s]);
        }
      for (int s = 0; s <= steps; s++)
        g_array_unref (contours[s]);
      g_free (contours);
      g_array_unref (truth);
      g_free (margin);
    }
  mw_boundary_free (b);
  mw_task_gen_free (gen);
  g_clear_pointer (&untrained, mw_run_free);
  if (!ok)
    {
      fprintf (stderr, "eval: %s\n", error ? error->message : _("cannot write the boundary"));
      g_clear_error (&error);
      return 1;
    }
  return 0;
}
