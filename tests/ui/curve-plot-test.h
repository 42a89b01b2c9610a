/* curve-plot-test.h: what the parts of test-curve-plot share: synthetic runs,
 * artefact paths, screenshots and a plot in a window. Each part registers its
 * tests with its curve_plot_add_*_tests(). */
#pragma once

#include <gtk/gtk.h>

#include "mw-curve-plot.h"
#include "mw-plot-math.h"
#include "ui-test-util.h"

G_BEGIN_DECLS

typedef struct {
  GtkWindow   *window;
  MwCurvePlot *plot;
} Fixture;

/* Box–Muller: deterministic Gaussian noise from a seeded GRand. */
double      gaussian            (GRand         *rand);
/* Returns: (transfer full): MW_ARTIFACT_DIR/@basename[-suffix].@extension */
char       *artifact_path       (const char    *basename,
                                 const char    *extension);
/* @chinese in the zh_CN run, @english otherwise. */
const char *localized           (const char    *english,
                                 const char    *chinese);

/* Synthetic runs: a saturating accuracy curve, a noisy falling loss, and a
 * MAML and a Reptile run on accuracy. */
void        add_accuracy_run    (MwCurvePlot   *plot,
                                 const char    *id,
                                 const char    *name,
                                 double         final,
                                 double         tau,
                                 double         tasks_per_iteration,
                                 double         seconds_per_iteration,
                                 guint32        seed);
void        add_loss_run        (MwCurvePlot   *plot,
                                 const char    *id,
                                 const char    *name,
                                 double         floor_loss,
                                 double         tau,
                                 double         noise,
                                 gsize          n,
                                 guint32        seed);
void        add_maml_vs_reptile (MwCurvePlot   *plot);

/* Returns: (transfer full): @widget as on screen, saved as @basename.png. */
GdkTexture *save_screenshot     (GtkWidget     *widget,
                                 const char    *basename);
/* Pixels within @tolerance (per channel, 0–255) of @color. */
gsize       count_color         (GdkTexture    *texture,
                                 const GdkRGBA *color,
                                 int            tolerance);
/* A @width × @height window holding a new plot, mapped and drawn. */
void        fixture_open        (Fixture       *fixture,
                                 int            width,
                                 int            height);
void        fixture_close       (Fixture       *fixture);
/* Counts notifications into the int @data points to. */
void        notify_count_cb     (GObject       *object,
                                 GParamSpec    *pspec,
                                 gpointer       data);

void        curve_plot_add_math_tests   (void);
void        curve_plot_add_model_tests  (void);
void        curve_plot_add_widget_tests (void);

G_END_DECLS
