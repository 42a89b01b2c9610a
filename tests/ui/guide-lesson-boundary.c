/* guide-lesson-boundary.c: the screenshots of the guide's lesson 4, "watch the
 * boundary move", in the real window: MAML on lines (structured and of any
 * direction), MAML, the pre-trained baseline and Reptile on moons, each trained from
 * the form; the Boundary page at steps 0, 1 and 5 with the other starts below it; the
 * task map.  Saves lesson4-*.png and prints the figures the lesson quotes. */

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "guide-lesson-boundary.h"
#include "guide-screenshots.h"
#include "ui-test-util.h"

#include "mw-boundary-view.h"
#include "mw-inspect-page.h"
#include "mw-inspection.h"
#include "mw-task-map-view.h"

/* The lesson's settings: the docs quote them, keep them in step. */
#define LESSON4_ISOTROPIC_SPREAD 180   /* lines in any direction: no common boundary */
static const int lesson4_steps[] = { 0, 1, 5 };   /* the steps whose boundaries it shows */

typedef struct {
  MwInspectView *shown_in;
  gpointer before;   /* the record shown before the request (a reference), or NULL */
} NewRecord;

static gboolean
new_record_shown (gpointer data)
{
  NewRecord *w = data;
  gpointer now = mw_inspect_view_get_inspection (w->shown_in);

  return now != NULL && now != w->before;
}

/* Presses the page's request button above @page_name's view, as the student does,
 * and waits for the record it asks for. */
static gpointer
press_for_record (const char *page_name,
                  const char *button,
                  const char *what)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  MwInspectView *page_view = mw_inspect_page_get_view (page, page_name);
  gpointer shown = mw_inspect_view_get_inspection (page_view);
  NewRecord w = { page_view, shown != NULL ? mw_inspection_ref (shown) : NULL };
  gint64 start = g_get_monotonic_time ();

  mw_inspect_page_show_page (page, page_name);
  mw_test_spin_main_loop (200);
  guide_click (gtk_widget_get_parent (GTK_WIDGET (page_view)), button);
  guide_wait_until (new_record_shown, &w, what);
  g_print ("# lesson 4: %s took %.1f s\n", what, (g_get_monotonic_time () - start) / 1e6);
  g_clear_pointer (&w.before, mw_inspection_unref);
  mw_test_spin_main_loop (300);
  return mw_inspect_view_get_inspection (page_view);
}

/* Inspect → Boundary → Next Task for @item; prints the query accuracy per step and
 * returns the boundary view, at its last step. */
static MwBoundaryView *
next_boundary (MwRunItem *item)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  MwBoundaryInspection *r;
  g_autoptr(GString) line = g_string_new (NULL);

  mw_run_list_select (list, item);
  mw_window_set_view (window, "inspect");
  mw_test_spin_main_loop (200);
  r = press_for_record ("boundary", _("_Next Task"), "the boundary of a task");
  for (int s = 0; s <= r->boundary->steps; s++)
    g_string_append_printf (line, " %.0f%%", 100 * r->boundary->accuracy[s]);
  g_print ("# lesson 4: %s, test task %d, query accuracy after 0…%d steps:%s\n",
           mw_run_item_get_name (item), r->task_index, r->boundary->steps, line->str);
  return MW_BOUNDARY_VIEW (mw_inspect_page_get_view (page, "boundary"));
}

static void
boundary_screenshot (MwBoundaryView *boundary,
                     int             step,
                     const char     *name)
{
  g_autofree char *summary = NULL;

  gtk_range_set_value (mw_boundary_view_get_step_scale (boundary), step);
  g_assert_cmpint (mw_boundary_view_get_step (boundary), ==, step);
  mw_test_spin_main_loop (300);
  summary = mw_boundary_view_dup_summary (boundary);
  g_print ("# lesson 4: %s: %s\n", name, summary);
  guide_window_screenshot (name);
}

/* Trains a run of @algorithm with the form's settings, named @name as the run's menu
 * (Rename) would, so the class tells the runs apart. */
static MwRunItem *
train_planar (MwAlgorithmKind  algorithm,
              const char      *name,
              const char      *what)
{
  MwRunItem *item;
  double seconds;

  mw_experiment_form_set_algorithm (form, algorithm);
  item = guide_start_run ();
  mw_run_item_set_name (item, name);
  seconds = guide_wait_for_run (item, what);
  g_print ("# lesson 4: %s (%s): %.1f s from Start to Finished in the window\n", what,
           mw_run_item_get_name (item), seconds);
  guide_print_last_validation (item);
  return item;
}

void
guide_lesson_boundary (void)
{
  MwExperimentConfig c;
  MwRunItem *lines, *isotropic, *moons_maml, *moons_reptile, *moons_pretrained;
  MwBoundaryView *boundary;
  MwTaskMapInspection *map;

  guide_hide_all_runs ();
  mw_window_set_view (window, "training");
  mw_experiment_form_set_dataset (form, MW_DATA_PLANAR, NULL);
  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mw_experiment_form_get_field (form, "planar-family")),
                              MW_PLANAR_LINEAR);
  mw_experiment_form_get_config (form, &c);
  g_print ("# lesson 4: lines: %s model, inner lr %g, meta lr %g, %" G_GINT64_FORMAT
           " meta-iterations, spread %g°\n", c.algo.point_model == MW_POINT_MODEL_MLP ? "MLP" : "logistic",
           (double) c.algo.inner_lr, (double) c.algo.meta_lr, (gint64) c.iterations, c.planar_spread);
  mw_experiment_config_clear (&c);
  mw_test_spin_main_loop (300);
  guide_window_screenshot ("lesson4-form");

  /* Lines: the family's structured boundaries, then any direction at all. */
  lines = train_planar (MW_ALGO_MAML, "MAML, lines", "MAML on lines");
  mw_experiment_form_set_value (form, "planar-spread", LESSON4_ISOTROPIC_SPREAD);
  isotropic = train_planar (MW_ALGO_MAML, "MAML, lines at any angle",
                            "MAML on lines of any direction");
  mw_experiment_form_set_value (form, "planar-spread", 30);

  /* Moons, where a model trained on all the tasks at once learns nothing. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mw_experiment_form_get_field (form, "planar-family")),
                              MW_PLANAR_MOONS);
  mw_run_item_set_visible (lines, FALSE);
  mw_run_item_set_visible (isotropic, FALSE);
  moons_maml = train_planar (MW_ALGO_MAML, "MAML, moons", "MAML on moons");
  moons_pretrained = train_planar (MW_ALGO_FINETUNE, "Pre-trained, moons",
                                   "the pre-trained baseline on moons");
  moons_reptile = train_planar (MW_ALGO_REPTILE, "Reptile, moons", "Reptile on moons");
  mw_run_list_select (list, moons_maml);
  mw_test_spin_main_loop (300);
  guide_window_screenshot ("lesson4-training");

  /* The meta-learned start, and one step from it. */
  boundary = next_boundary (moons_maml);
  for (gsize i = 0; i < G_N_ELEMENTS (lesson4_steps); i++)
    {
      g_autofree char *name = g_strdup_printf ("lesson4-step%d", lesson4_steps[i]);

      boundary_screenshot (boundary, lesson4_steps[i], name);
    }
  boundary = next_boundary (moons_pretrained);
  boundary_screenshot (boundary, 5, "lesson4-pretrained");
  boundary = next_boundary (moons_reptile);
  boundary_screenshot (boundary, 5, "lesson4-reptile");
  boundary = next_boundary (lines);
  boundary_screenshot (boundary, 0, "lesson4-lines");
  boundary = next_boundary (isotropic);
  boundary_screenshot (boundary, 0, "lesson4-isotropic");

  /* The map of the moons' tasks, for MAML's model. */
  mw_run_list_select (list, moons_maml);
  mw_test_spin_main_loop (200);
  map = press_for_record ("task-map", _("_Map Tasks"), "the task map");
  g_print ("# lesson 4: task map of %s: %d test tasks, %d training tasks, %d properties, accuracy "
           "against distance r = %.2f\n", map->title, map->map.n_test, map->map.n_train,
           map->n_properties, map->correlation);
  guide_window_screenshot ("lesson4-task-map");
  mw_window_set_view (window, "training");
}
