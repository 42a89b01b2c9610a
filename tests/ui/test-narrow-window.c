/* test-narrow-window.c: the main window on a 1024 × 700 projector, under Xvfb.
 *
 *   /narrow-window/pages  five runs (four glyph runs and a sinusoid, trained
 *       here in the window, so Inspect has their checkpoints) and every page in
 *       the order of a lesson: Training for each kind of run, every page of
 *       Inspect (Compare Runs pressed, the task builder with the stand-in photo
 *       folder sampled and adapted).  After each, the window's minimum and
 *       natural widths (its frame included) stay ≤ 1024 px, the window is
 *       1024 × 700 on the screen, and no chart is squashed (≥ 160 px high; a
 *       chart's own minimum keeps its plot area under a long legend, the page
 *       scrolls instead).  Screenshots narrow-PAGE.png; the widths are printed
 *       as a table.
 *   /narrow-window/revisit  shown again, no page measures wider than the first
 *       time (nothing grows by itself).
 *   /narrow-window/fullscreen  win.fullscreen (F11, and the main menu) toggles
 *       its state; a window asked before it is shown opens in full screen
 *       (Xvfb has no window manager to honour the request on a shown one).
 *   /narrow-window/zoom  Ctrl+plus, Ctrl+minus and Ctrl+0 (win.zoom-in,
 *       win.zoom-out, win.zoom-reset) scale labels, headings and the charts'
 *       text by steps within bounds, and the zoom is remembered.
 *   /narrow-window/presentation  win.presentation (Shift+Ctrl+P) makes the
 *       text larger, the charts' text larger still and their lines thicker
 *       (the ink of a run's curve, counted on the drawn chart), is remembered,
 *       keeps every page within 1024 px, and turns off again.  Screenshot
 *       narrow-presentation.png.
 *   /narrow-window/menu  the main menu has the zoom row, Full Screen and
 *       Presentation Mode.  Screenshot narrow-menu.png.
 *
 * MW_NARROW_EXPLAIN=1 prints, for each page, the chain of widgets that sets
 * the window's minimum and natural widths.
 *
 * Environment: as the other UI tests (tests/ui/meson.build).
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"
#include "stand-in-photos.h"
#include "widget-probe.h"

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-inspect-page.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-task-builder.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 120
#define SCREEN_WIDTH 1024
#define SCREEN_HEIGHT 700
/* A chart shorter than this shows no more than a line or two of its axis. */
#define CHART_MIN_HEIGHT 160

static MwApplication *app;
static MwWindow *window;
static MwRunManager *manager;
static MwExperimentForm *form;
static MwRunView *view;
static MwRunList *list;
static MwInspectPage *inspect;
static char *data_home;

static MwRunItem *glyph_run;   /* the last glyph run: Inspect and the task builder */
static MwRunItem *sine_run;

/* --- helpers ------------------------------------------------------------------ */

static void
wait_until (MwTestCondition  condition,
            gpointer         data,
            const char      *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
run_ended (gpointer item)
{
  return MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (item));
}

/* The Inspect page's own stack: its pages are the inspections. */
static GtkStack *
inspect_stack (void)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (inspect)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_STACK (child))
      return GTK_STACK (child);
  g_assert_not_reached ();
}

/* The inspector works in its thread; the page's spinner turns meanwhile. */
static gboolean
inspector_idle (gpointer data)
{
  GtkWidget *spinner = mw_probe_find (GTK_WIDGET (inspect), mw_probe_is_type,
                                        GSIZE_TO_POINTER (GTK_TYPE_SPINNER));

  return spinner == NULL || !gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

static void
settle (void)
{
  /* A result that arrives starts the next request from its callback. */
  for (int i = 0; i < 3; i++)
    {
      wait_until (inspector_idle, NULL, "the inspector");
      mw_test_spin_main_loop (100);
    }
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));
}

/* The pointer rests wherever Xvfb put it: no stray readout in the pictures. */
static void
clear_hover (GtkWidget *widget)
{
  if (MW_IS_CURVE_PLOT (widget))
    mw_curve_plot_unset_hover (MW_CURVE_PLOT (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    clear_hover (child);
}

static void
screenshot (const char *basename)
{
  clear_hover (GTK_WIDGET (window));
  mw_test_save_screenshot (GTK_WIDGET (window), basename);
}

/* --- the runs ------------------------------------------------------------------- */

/* Starts a short run with @config through the form and win.start. */
static MwRunItem *
start_run (MwExperimentConfig *config)
{
  GListModel *runs = mw_run_manager_get_runs (manager);
  guint before = g_list_model_get_n_items (runs);
  g_autoptr(MwRunItem) item = NULL;

  mw_experiment_form_load_config (form, config);
  g_assert_true (mw_experiment_form_get_valid (form));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "start"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "start", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, before + 1);
  item = g_list_model_get_item (runs, before);
  return item;   /* the model keeps it */
}

static void
tiny_glyph_config (MwExperimentConfig *c,
                   MwAlgorithmKind     kind,
                   guint64             seed)
{
  mw_experiment_config_init (c, kind);
  c->glyph_classes = 30;
  c->glyph_samples = 12;
  c->algo.meta_batch = 2;
  c->algo.filters = 8;
  c->iterations = 20;
  c->eval_every = 10;
  c->val_episodes = 10;
  c->test_steps = 3;
  c->ways = 5;
  c->shots = 1;
  c->queries = 3;
  c->threads = 1;
  c->seed = seed;
}

/* Five runs, as in a lesson comparing algorithms: their names are long (the
 * algorithm, the dataset, N-way K-shot and the seed) and fill the legends. */
static void
train_runs (void)
{
  const MwAlgorithmKind kinds[] = { MW_ALGO_MAML, MW_ALGO_REPTILE, MW_ALGO_PROTONET, MW_ALGO_FOMAML };
  MwRunItem *items[G_N_ELEMENTS (kinds) + 1];
  MwExperimentConfig c;

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      tiny_glyph_config (&c, kinds[i], 11 + i);
      items[i] = start_run (&c);
      mw_experiment_config_clear (&c);
    }
  glyph_run = items[0];

  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "sinusoid", NULL));
  c.iterations = 60;
  c.eval_every = 20;
  c.threads = 1;
  sine_run = items[G_N_ELEMENTS (kinds)] = start_run (&c);
  mw_experiment_config_clear (&c);

  for (gsize i = 0; i < G_N_ELEMENTS (items); i++)
    {
      mw_test_wait_until (run_ended, items[i], 10 * WAIT_TIMEOUT_SECONDS, "a run to finish");
      g_assert_cmpint (mw_run_item_get_state (items[i]), ==, MW_RUN_STATE_FINISHED);
    }
}

static gboolean
builder_loaded (gpointer builder)
{
  return !mw_task_builder_get_loading (builder) && mw_task_builder_get_dataset (builder) != NULL;
}

static gboolean
result_shown (gpointer builder)
{
  return mw_episode_view_get_inspection (mw_task_builder_get_episode_view (builder)) != NULL;
}

/* The task builder as lesson 3 leaves it: the stand-in photos, every class
 * chosen, a task sampled and the glyph model's predictions below. */
static gboolean
fill_task_builder (const char *photos)
{
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (inspect);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  const MwDataset *ds;

  if (!mw_stand_in_photos_write (photos, 6, 8, &error))
    {
      g_test_message ("no stand-in photos: %s", error->message);
      return FALSE;
    }
  mw_run_list_select (list, glyph_run);
  mw_window_set_view (window, "inspect");
  mw_inspect_page_show_page (inspect, "task");
  settle ();
  folder = g_file_new_for_path (photos);
  mw_task_builder_open_folder (builder, folder);
  wait_until (builder_loaded, builder, "the photo folder");
  ds = mw_task_builder_get_dataset (builder);
  for (int c = 0; c < ds->n_classes; c++)
    mw_task_builder_set_class_chosen (builder, ds->class_names[c], TRUE);
  mw_probe_set_spin (GTK_WIDGET (builder), _("Support images per class"), 1);
  mw_probe_set_spin (GTK_WIDGET (builder), _("Query images per class"), 2);
  mw_probe_click (GTK_WIDGET (builder), _("_Sample K and Q"));
  g_assert_nonnull (mw_task_builder_get_task (builder));
  mw_probe_click (GTK_WIDGET (builder), _("_Adapt Selected Model"));
  wait_until (result_shown, builder, "the adapted model's predictions");
  return TRUE;
}

/* --- pages ---------------------------------------------------------------------- */

typedef struct {
  char *name;        /* of the screenshot: narrow-NAME */
  MwRunItem *run;
  char *view;        /* "training" or "inspect" */
  char *inspect;     /* the Inspect page's page, or NULL */
  int min, nat;      /* the window's widths, the first time shown */
  int width, height; /* as it is on the screen */
} Page;

static GPtrArray *pages;

static void
page_free (gpointer data)
{
  Page *p = data;

  g_free (p->name);
  g_free (p->view);
  g_free (p->inspect);
  g_free (p);
}

static void
add_page (const char *name,
          MwRunItem  *run,
          const char *view_name,
          const char *inspect_page)
{
  Page *p = g_new0 (Page, 1);

  p->name = g_strdup (name);
  p->run = run;
  p->view = g_strdup (view_name);
  p->inspect = g_strdup (inspect_page);
  g_ptr_array_add (pages, p);
}

static void
show_page (Page *p)
{
  mw_run_list_select (list, p->run);
  mw_window_set_view (window, p->view);
  if (p->inspect != NULL)
    mw_inspect_page_show_page (inspect, p->inspect);
  settle ();
}

/* The widths the window needs, its frame included (under Xvfb, with no
 * compositor, GTK draws a few pixels of frame inside its default size). */
static void
measure_window (int *min,
                int *nat)
{
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, min, nat, NULL, NULL);
}

static GdkSurface *
window_surface (void)
{
  return gtk_native_get_surface (GTK_NATIVE (window));
}

static GString *table;

/* Shows the page, fills it as a lesson would, measures the window. */
static void
visit (Page       *p,
       const char *photos)
{
  g_autofree char *shot = g_strdup_printf ("narrow-%s", p->name);

  show_page (p);
  /* Compare Runs fills the classification page's charts with every run. */
  if (p->run == glyph_run && g_strcmp0 (p->inspect, "adaptation") == 0)
    {
      mw_probe_click (GTK_WIDGET (inspect), _("_Compare Runs"));
      settle ();
    }
  if (p->run == glyph_run && g_strcmp0 (p->inspect, "task") == 0 && !fill_task_builder (photos))
    g_test_message ("the task builder is measured empty");
  settle ();

  measure_window (&p->min, &p->nat);
  p->width = gdk_surface_get_width (window_surface ());
  p->height = gdk_surface_get_height (window_surface ());
  g_string_append_printf (table, "%-30s %7d  %7d  %4d × %d\n", p->name, p->min, p->nat, p->width, p->height);
  if (g_getenv ("MW_NARROW_EXPLAIN") != NULL)
    {
      GString *chain = g_string_new (NULL);

      mw_probe_explain_width (GTK_WIDGET (window), FALSE, chain);
      mw_probe_explain_width (GTK_WIDGET (window), TRUE, chain);
      g_test_message ("%s:\n%s", p->name, chain->str);
      g_string_free (chain, TRUE);
    }
  screenshot (shot);
}

/* Every page the Inspect view shows for @run (a regression run has no
 * Episode page, for one), each visited. */
static void
visit_inspect_pages (const char *prefix,
                     MwRunItem  *run,
                     const char *photos)
{
  g_autoptr(GtkSelectionModel) stack_pages = NULL;
  guint first = pages->len;

  mw_run_list_select (list, run);
  mw_window_set_view (window, "inspect");
  settle ();
  stack_pages = gtk_stack_get_pages (inspect_stack ());
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (stack_pages)); i++)
    {
      /* GTK 4.8 has no g_autoptr for GtkStackPage. */
      GtkStackPage *page = g_list_model_get_item (G_LIST_MODEL (stack_pages), i);
      g_autofree char *shot = g_strdup_printf ("%s-%s", prefix, gtk_stack_page_get_name (page));

      if (gtk_widget_get_visible (gtk_stack_page_get_child (page)))
        add_page (shot, run, "inspect", gtk_stack_page_get_name (page));
      g_object_unref (page);
    }
  for (guint i = first; i < pages->len; i++)
    visit (g_ptr_array_index (pages, i), photos);
}

static void
assert_fits (const char *what,
             int         min,
             int         nat)
{
  if (min > SCREEN_WIDTH || nat > SCREEN_WIDTH)
    {
      GString *chain = g_string_new (NULL);

      mw_probe_explain_width (GTK_WIDGET (window), FALSE, chain);
      mw_probe_explain_width (GTK_WIDGET (window), TRUE, chain);
      g_test_message ("%s: what sets the widths:\n%s", what, chain->str);
      g_string_free (chain, TRUE);
    }
  g_assert_cmpint (min, <=, SCREEN_WIDTH);
  g_assert_cmpint (nat, <=, SCREEN_WIDTH);
}

/* No chart on the page is squashed: each has room for its axis. */
static void
assert_charts_tall (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (MW_IS_CURVE_PLOT (widget))
    {
      g_assert_cmpint (gtk_widget_get_height (widget), >=, CHART_MIN_HEIGHT);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_charts_tall (child);
}

/* In the order of a lesson: the charts while the runs train, then a look
 * inside each run, the task builder last. */
static void
test_pages (void)
{
  g_autofree char *photos = g_dir_make_tmp ("mw-photos-XXXXXX", NULL);

  table = g_string_new ("\npage                          minimum  natural  on screen\n");
  train_runs ();
  pages = g_ptr_array_new_with_free_func (page_free);
  add_page ("training", glyph_run, "training", NULL);
  visit (g_ptr_array_index (pages, 0), photos);
  add_page ("training-sinusoid", sine_run, "training", NULL);
  visit (g_ptr_array_index (pages, 1), photos);
  visit_inspect_pages ("inspect", glyph_run, photos);
  visit_inspect_pages ("inspect-sinusoid", sine_run, photos);
  g_test_message ("%s", table->str);
  g_string_free (g_steal_pointer (&table), TRUE);

  for (guint i = 0; i < pages->len; i++)
    {
      Page *p = g_ptr_array_index (pages, i);

      show_page (p);
      assert_fits (p->name, p->min, p->nat);
      g_assert_cmpint (p->width, ==, SCREEN_WIDTH);
      g_assert_cmpint (p->height, ==, SCREEN_HEIGHT);
      assert_charts_tall (GTK_WIDGET (window));
    }
  mw_test_remove_tree (photos);
}

/* Shown again, in the opposite order, no page has grown. */
static void
test_revisit (void)
{
  g_assert_nonnull (pages);
  for (guint i = pages->len; i-- > 0;)
    {
      Page *p = g_ptr_array_index (pages, i);
      int min, nat;

      show_page (p);
      measure_window (&min, &nat);
      g_test_message ("%s again: %d, %d", p->name, min, nat);
      g_assert_cmpint (min, <=, p->min);
      g_assert_cmpint (nat, <=, p->nat);
    }
  mw_window_set_view (window, "training");
  mw_run_list_select (list, glyph_run);
  settle ();
}

/* --- full screen, zoom, presentation mode ---------------------------------------- */

static gboolean
action_state (const char *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), name);

  g_assert_nonnull (state);
  return g_variant_get_boolean (state);
}

static void
assert_accels (const char *action,
               const char *first)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, first);
}

static gboolean
is_fullscreen (gpointer toplevel)
{
  return gtk_window_is_fullscreen (toplevel);
}

static void
test_fullscreen (void)
{
  g_autoptr(GVariant) bare_state = NULL;
  MwWindow *bare;

  assert_accels ("win.fullscreen", "F11");
  g_assert_false (action_state ("fullscreen"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "fullscreen", NULL);
  g_assert_true (action_state ("fullscreen"));
  /* Xvfb has no window manager to honour the request on a shown window; a
   * window asked before it is shown opens in full screen (GDK's own state). */
  bare = mw_window_new (GTK_APPLICATION (app));
  g_action_group_activate_action (G_ACTION_GROUP (bare), "fullscreen", NULL);
  gtk_window_present (GTK_WINDOW (bare));
  wait_until (is_fullscreen, bare, "the window to be in full screen");
  bare_state = g_action_group_get_action_state (G_ACTION_GROUP (bare), "fullscreen");
  g_assert_true (g_variant_get_boolean (bare_state));
  gtk_window_destroy (GTK_WINDOW (bare));

  g_action_group_activate_action (G_ACTION_GROUP (window), "fullscreen", NULL);
  g_assert_false (action_state ("fullscreen"));
  settle ();
}

/* The size of @widget's text in pixels, as it is drawn. */
static double
font_pixels (GtkWidget *widget)
{
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  return pango_font_description_get_size_is_absolute (font) ? size : size * 96 / 72;
}

static gboolean
is_heading (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading") &&
         gtk_widget_get_mapped (widget);
}

static gboolean
is_plain_label (GtkWidget     *widget,
                gconstpointer  data)
{
  g_auto(GStrv) classes = NULL;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  classes = gtk_widget_get_css_classes (widget);
  return classes[0] == NULL;
}

typedef struct {
  double label, heading, chart;
} TextSizes;

static void
measure_text (TextSizes *sizes)
{
  GtkWidget *label = mw_probe_find (GTK_WIDGET (form), is_plain_label, NULL);
  GtkWidget *heading = mw_probe_find (GTK_WIDGET (window), is_heading, NULL);

  settle ();
  g_assert_nonnull (label);
  g_assert_nonnull (heading);
  sizes->label = font_pixels (label);
  sizes->heading = font_pixels (heading);
  sizes->chart = font_pixels (GTK_WIDGET (mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS)));
}

static void
assert_ratio (double      value,
              double      base,
              double      ratio,
              const char *what)
{
  g_test_message ("%s: %.2f px (%.2f × %.2f)", what, value, value / base, base);
  g_assert_cmpfloat (fabs (value / base - ratio), <, 0.03);
}

static int
settings_zoom (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  return g_settings_get_int (settings, "text-zoom");
}

static void
test_zoom (void)
{
  TextSizes base, sizes;

  assert_accels ("win.zoom-in", "<Control>plus");
  assert_accels ("win.zoom-out", "<Control>minus");
  assert_accels ("win.zoom-reset", "<Control>0");
  mw_window_set_view (window, "training");
  mw_run_list_select (list, glyph_run);
  measure_text (&base);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-reset"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-in", NULL);
  measure_text (&sizes);
  assert_ratio (sizes.label, base.label, 1.1, "a label at 110 %");
  assert_ratio (sizes.heading, base.heading, 1.1, "a heading at 110 %");
  assert_ratio (sizes.chart, base.chart, 1.1, "a chart's text at 110 %");
  g_assert_cmpint (settings_zoom (), ==, 110);
  /* Remembered: a window opened now starts at 110 %. */
  {
    MwWindow *other = mw_window_new (GTK_APPLICATION (app));

    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (other), "zoom-reset"));
    gtk_window_destroy (GTK_WINDOW (other));
  }

  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-out", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-out", NULL);
  measure_text (&sizes);
  assert_ratio (sizes.label, base.label, 0.9, "a label at 90 %");
  g_assert_cmpint (settings_zoom (), ==, 90);

  /* Larger text needs a wider window: said, not checked. */
  while (settings_zoom () < 150)
    g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-in", NULL);
  for (guint i = 0; i < pages->len; i++)
    {
      Page *p = g_ptr_array_index (pages, i);
      int min, nat;

      show_page (p);
      measure_window (&min, &nat);
      g_test_message ("%s at 150 %%: %d px (natural %d)", p->name, min, nat);
    }
  show_page (g_ptr_array_index (pages, 0));

  /* Bounded: the largest step, then no further. */
  for (int i = 0; i < 20; i++)
    if (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-in"))
      g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-in", NULL);
  g_assert_cmpint (settings_zoom (), ==, 300);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-in"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-reset", NULL);
  measure_text (&sizes);
  assert_ratio (sizes.label, base.label, 1.0, "a label after Ctrl+0");
  g_assert_cmpint (settings_zoom (), ==, 100);
}

static void
test_presentation (void)
{
  MwCurvePlot *loss = mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const GdkRGBA *color = mw_run_item_get_color (glyph_run);
  TextSizes base, sizes;
  guint base_ink, ink;
  int min, nat;

  assert_accels ("win.presentation", "<Shift><Control>p");
  mw_window_set_view (window, "training");
  mw_run_list_select (list, glyph_run);
  measure_text (&base);
  clear_hover (GTK_WIDGET (window));
  base_ink = mw_probe_count_ink (GTK_WIDGET (loss), color);
  g_assert_false (action_state ("presentation"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "presentation", NULL);
  g_assert_true (action_state ("presentation"));
  g_assert_true (g_settings_get_boolean (settings, "presentation-mode"));
  /* Remembered: a window opened now starts in presentation mode. */
  {
    MwWindow *other = mw_window_new (GTK_APPLICATION (app));
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (other), "presentation");

    g_assert_true (g_variant_get_boolean (state));
    gtk_window_destroy (GTK_WINDOW (other));
  }
  measure_text (&sizes);
  assert_ratio (sizes.label, base.label, 1.1, "a label in presentation mode");
  assert_ratio (sizes.heading, base.heading, 1.1, "a heading in presentation mode");
  assert_ratio (sizes.chart, base.chart, 1.1 * 1.4, "a chart's text in presentation mode");
  clear_hover (GTK_WIDGET (window));
  ink = mw_probe_count_ink (GTK_WIDGET (loss), color);
  g_test_message ("the first run's ink on the loss chart: %u pixels, %u in presentation mode", base_ink, ink);
  g_assert_cmpuint (ink, >, base_ink * 13 / 10);
  screenshot ("narrow-presentation");
  /* Larger text, and still within the projector's width on every page. */
  for (guint i = 0; i < pages->len; i++)
    {
      Page *p = g_ptr_array_index (pages, i);

      show_page (p);
      measure_window (&min, &nat);
      g_test_message ("%s in presentation mode: %d px (natural %d)", p->name, min, nat);
      assert_fits (p->name, min, nat);
    }
  show_page (g_ptr_array_index (pages, 0));

  g_action_group_activate_action (G_ACTION_GROUP (window), "presentation", NULL);
  g_assert_false (action_state ("presentation"));
  g_assert_false (g_settings_get_boolean (settings, "presentation-mode"));
  measure_text (&sizes);
  assert_ratio (sizes.chart, base.chart, 1.0, "a chart's text after presentation mode");
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

/* The main menu has the zoom, full screen and presentation mode. */
static void
test_menu (void)
{
  GtkWidget *button = mw_probe_find (gtk_window_get_titlebar (GTK_WINDOW (window)), is_menu_button, NULL);
  /* Translators' format, as the menu shows it. */
  g_autofree char *zoom = g_strdup_printf (_("%d %%"), 100);
  GtkPopover *popover;

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  wait_until (is_mapped, popover, "the main menu to open");
  g_assert_nonnull (mw_probe_find (GTK_WIDGET (popover), mw_probe_is_button_labelled, zoom));
  mw_test_save_screenshot (GTK_WIDGET (popover), "narrow-menu");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  /* Runs are saved under XDG_DATA_HOME: a fresh one, before GLib reads it. */
  data_home = g_dir_make_tmp ("mw-narrow-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }
  g_set_application_name (_("Meta Workbench"));
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_int (settings, "window-width", SCREEN_WIDTH);
    g_settings_set_int (settings, "window-height", SCREEN_HEIGHT);
    g_settings_set_boolean (settings, "window-maximized", FALSE);
  }

  app = mw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_until (is_mapped, window, "the main window to map");
  manager = mw_application_get_run_manager (app);
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  view = MW_RUN_VIEW (mw_window_get_run_view (window));
  list = MW_RUN_LIST (mw_window_get_run_list (window));
  inspect = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  wait_until ((MwTestCondition) mw_run_manager_get_loaded, manager, "the saved runs to load");

  g_test_add_func ("/narrow-window/pages", test_pages);
  g_test_add_func ("/narrow-window/revisit", test_revisit);
  g_test_add_func ("/narrow-window/fullscreen", test_fullscreen);
  g_test_add_func ("/narrow-window/zoom", test_zoom);
  g_test_add_func ("/narrow-window/presentation", test_presentation);
  g_test_add_func ("/narrow-window/menu", test_menu);

  status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  mw_run_manager_shutdown (manager);
  g_clear_object (&app);
  g_clear_pointer (&pages, g_ptr_array_unref);
  mw_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
