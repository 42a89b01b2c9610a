/* test-experiment-form.c: the experiment form as a teacher uses it, in the real
 * window at 1024×700: the sinusoid with its support points K and query points and
 * its paper setting's length of training; values typed in kept when the dataset
 * changes; the presets (5-minute lesson, Paper setting, the command line's by name)
 * and Custom after an edit; the form's settings remembered from one window to the
 * next; a folder of colour photos at 84 × 84 with the papers' width for the algorithm
 * and photo augmentation, the memory estimate following.
 *
 * Environment: as tests/ui/test-window.c (MW_ARTIFACT_DIR, MW_LOCALE_DIR,
 * MW_SCREENSHOT_SUFFIX, LANGUAGE). Screenshots form-sinusoid*.png,
 * form-preset-lesson*.png, form-preset-paper-none*.png, form-remembered*.png,
 * form-photo-folder*.png.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-form-presets.h"
#include "mw-window.h"
#include "stand-in-photos.h"
#include "ui-test-util.h"

#define WAIT_TIMEOUT_SECONDS 30

static MwApplication *app;
static MwWindow *window;
static MwExperimentForm *form;
static char *data_home;
static int status;

/* --- helpers ------------------------------------------------------------------ */

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static GtkWidget *
form_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (form), MW_TYPE_EXPERIMENT_FORM,
                                                  name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static const char *
label_text (const char *name)
{
  return gtk_label_get_label (GTK_LABEL (form_child (name)));
}

static guint
shown_preset (void)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (form_child ("preset_dropdown")));
}

/* As a person picks it from the drop-down. */
static void
choose_preset (guint index)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form_child ("preset_dropdown")), index);
  /* The drop-down shows the preset the settings match once its handler is done,
   * from an idle callback: everything that is ready runs, the idle included. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static guint
preset_index (const char *name)
{
  for (guint i = 0; i < mw_form_preset_count (); i++)
    if (g_strcmp0 (mw_form_preset_name (i), name) == 0)
      return i;
  g_assert_not_reached ();
}

static void
get_config (MwExperimentConfig *config)
{
  mw_experiment_form_get_config (form, config);
}

static void
attach_window (void)
{
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (MW_IS_WINDOW (window));
  mw_test_wait_until (is_mapped, window, WAIT_TIMEOUT_SECONDS, "the main window to map");
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  g_assert_true (MW_IS_EXPERIMENT_FORM (form));
}

/* --- tests -------------------------------------------------------------------- */

/* The sinusoid brings its paper setting, 70,000 iterations included; a regression
 * names its fields in points, and shows K so that one point can be tried. */
static void
test_sinusoid (void)
{
  MwExperimentConfig config;

  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  get_config (&config);
  g_assert_cmpint (config.data, ==, MW_DATA_SINUSOID);
  g_assert_cmpint (config.iterations, ==, 70000);
  g_assert_cmpint (config.shots, ==, 5);
  g_assert_cmpint (config.train_shots, ==, 10);
  g_assert_cmpint (config.queries, ==, 100);
  g_assert_cmpint (config.algo.meta_batch, ==, 25);
  g_assert_cmpint (config.test_steps, ==, 10);
  mw_experiment_config_clear (&config);

  g_assert_true (mw_experiment_form_is_shown (form, "shots"));
  g_assert_false (mw_experiment_form_is_shown (form, "ways"));
  g_assert_cmpstr (label_text ("shots_title"), ==, _("Support points (K)"));
  g_assert_cmpstr (label_text ("queries_title"), ==, _("Query points"));
  /* Exactly the command line's sinusoid preset: shown as the paper setting. */
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_PAPER);
  g_assert_true (mw_experiment_form_get_valid (form));

  /* "What about one point?" */
  g_assert_true (mw_experiment_form_set_value (form, "shots", 1));
  get_config (&config);
  g_assert_cmpint (config.shots, ==, 1);
  mw_experiment_config_clear (&config);
  g_assert_true (mw_experiment_form_get_valid (form));
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_CUSTOM);
  mw_test_save_screenshot (GTK_WIDGET (window), "form-sinusoid");

  /* Images again: classes, not points. */
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  g_assert_cmpstr (label_text ("shots_title"), ==, _("K-shot"));
  g_assert_cmpstr (label_text ("queries_title"), ==, _("Queries per class"));
  g_assert_true (mw_experiment_form_is_shown (form, "ways"));
}

/* A value the user typed stays when the dataset changes; the others follow the
 * new dataset's defaults.  Loading settings forgets what was typed. */
static void
test_typed_values_kept (void)
{
  MwExperimentConfig config;

  mw_experiment_config_init (&config, MW_ALGO_MAML);
  mw_experiment_form_set_config (form, &config);
  mw_experiment_config_clear (&config);

  g_assert_true (mw_experiment_form_set_value (form, "iterations", 1234));
  g_assert_true (mw_experiment_form_set_value (form, "meta-lr", 0.002));
  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  get_config (&config);
  g_assert_cmpint (config.iterations, ==, 1234);
  g_assert_cmpfloat_with_epsilon (config.algo.meta_lr, 0.002, 1e-7);
  g_assert_cmpint (config.algo.meta_batch, ==, 25);     /* not typed: the sinusoid's */
  g_assert_cmpint (config.queries, ==, 100);
  mw_experiment_config_clear (&config);

  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  get_config (&config);
  g_assert_cmpint (config.iterations, ==, 1234);
  g_assert_cmpint (config.algo.meta_batch, ==, 8);
  g_assert_cmpint (config.queries, ==, 5);
  mw_experiment_config_clear (&config);

  /* Settings loaded as a whole: nothing is the user's own any more. */
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  mw_experiment_form_set_config (form, &config);
  mw_experiment_config_clear (&config);
  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  get_config (&config);
  g_assert_cmpint (config.iterations, ==, 70000);
  mw_experiment_config_clear (&config);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
}

static void
test_presets (void)
{
  MwExperimentConfig config;
  GtkWidget *note = form_child ("preset_note");

  /* The first start's settings are the command line's glyphs-5w1s. */
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  mw_experiment_form_set_config (form, &config);
  mw_experiment_config_clear (&config);
  g_assert_cmpuint (shown_preset (), ==, preset_index ("glyphs-5w1s"));

  /* The lesson on the glyphs: longer than the first start, validated often. */
  choose_preset (MW_FORM_PRESET_LESSON);
  get_config (&config);
  g_assert_cmpint (config.data, ==, MW_DATA_GLYPHS);
  g_assert_cmpint (config.iterations, >, 300);
  g_assert_cmpint (config.eval_every * 20, ==, config.iterations);
  mw_experiment_config_clear (&config);
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_LESSON);
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_true (mw_experiment_form_get_valid (form));
  mw_test_save_screenshot (GTK_WIDGET (window), "form-preset-lesson");

  /* An edit makes it Custom; the same value again, the lesson again. */
  g_assert_true (mw_experiment_form_set_value (form, "ways", 7));
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_CUSTOM);
  g_assert_true (mw_experiment_form_set_value (form, "ways", 5));
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_LESSON);

  /* No paper used the built-in glyphs: the form says so and stays as it is. */
  choose_preset (MW_FORM_PRESET_PAPER);
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_LESSON);
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (note)), _("Built-in glyphs")));
  mw_test_save_screenshot (GTK_WIDGET (window), "form-preset-paper-none");

  /* The lesson on the sinusoid, then its paper setting. */
  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  choose_preset (MW_FORM_PRESET_LESSON);
  get_config (&config);
  g_assert_cmpint (config.data, ==, MW_DATA_SINUSOID);
  g_assert_cmpint (config.iterations, <, 70000);
  mw_experiment_config_clear (&config);
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_LESSON);
  choose_preset (MW_FORM_PRESET_PAPER);
  get_config (&config);
  g_assert_cmpint (config.iterations, ==, 70000);
  g_assert_cmpint (config.eval_every, ==, 1000);
  mw_experiment_config_clear (&config);
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_PAPER);

  /* A command-line preset by name brings its dataset and every setting; Omniglot
   * then needs its folder.  Back on the glyphs, its extras (the Vinyals splits)
   * go with it. */
  choose_preset (preset_index ("omniglot-20w5s"));
  get_config (&config);
  g_assert_cmpint (config.data, ==, MW_DATA_OMNIGLOT);
  g_assert_cmpint (config.ways, ==, 20);
  g_assert_cmpint (config.shots, ==, 5);
  g_assert_cmpint (config.iterations, ==, 60000);
  g_assert_cmpstr (config.train_split, ==, "vinyals-train");
  mw_experiment_config_clear (&config);
  g_assert_false (mw_experiment_form_get_valid (form));
  g_assert_true (gtk_widget_get_visible (form_child ("missing_box")));
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  get_config (&config);
  g_assert_cmpstr (config.train_split, ==, "");
  mw_experiment_config_clear (&config);
  g_assert_true (mw_experiment_form_get_valid (form));
}

/* The form comes back with what it held, in the next window (the next start),
 * without a run started: saved as it changes and when the window closes. */
static void
test_remembered (void)
{
  MwExperimentConfig config;

  mw_experiment_form_set_algorithm (form, MW_ALGO_FOMAML);
  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  choose_preset (MW_FORM_PRESET_LESSON);
  g_assert_true (mw_experiment_form_set_value (form, "shots", 1));
  g_assert_true (mw_experiment_form_set_value (form, "seed", 77));

  /* Closed at once, before the form has rested. */
  g_application_hold (G_APPLICATION (app));
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  form = NULL;
  mw_test_spin_main_loop (50);
  g_application_activate (G_APPLICATION (app));
  g_application_release (G_APPLICATION (app));
  attach_window ();

  get_config (&config);
  g_assert_cmpint (config.algo.kind, ==, MW_ALGO_FOMAML);
  g_assert_cmpint (config.data, ==, MW_DATA_SINUSOID);
  g_assert_cmpint (config.shots, ==, 1);
  g_assert_cmpuint (config.seed, ==, 77);
  g_assert_cmpint (config.iterations, <, 70000);
  /* The lesson's validation schedule, which has no field, came back too. */
  g_assert_cmpint (config.eval_every * 20, ==, config.iterations);
  mw_experiment_config_clear (&config);
  g_assert_cmpstr (label_text ("shots_title"), ==, _("Support points (K)"));

  /* Saved as it changes: the settings hold the new value once the form rests. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *saved = NULL;

    g_assert_true (mw_experiment_form_set_value (form, "seed", 78));
    mw_test_spin_main_loop (1500);
    saved = g_settings_get_string (settings, "last-experiment");
    g_assert_nonnull (strstr (saved, "seed=78"));
  }
  mw_test_save_screenshot (GTK_WIDGET (window), "form-remembered");
}

static void
choose (const char *dropdown,
        guint       item)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (form_child (dropdown)), item);
}

/* The estimate's bytes, from its label ("Needs about 1.2 GB of memory …"). */
static double
estimated_bytes (void)
{
  const char *text = mw_experiment_form_get_estimate (form);
  const char *digit = strpbrk (text, "0123456789");
  double value;
  char unit[8] = "";

  g_assert_nonnull (digit);
  g_assert_cmpint (sscanf (digit, "%lf %7s", &value, unit), ==, 2);
  if (unit[0] == 'k')
    value *= 1e3;
  else if (unit[0] == 'M')
    value *= 1e6;
  else if (unit[0] == 'G')
    value *= 1e9;
  return value;
}

/* A folder of photos: colour and 84 × 84 chosen in the form, the width the papers give
 * the algorithm filled in (32 for MAML, 64 for ProtoNets) until the user types one, the
 * memory estimate growing with the images; photo augmentation for the folder, refused
 * for letters; mini-ImageNet's paper setting. */
static void
test_photo_folder (void)
{
  g_autofree char *photos = g_dir_make_tmp ("mw-form-photos-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  MwExperimentConfig config;
  double grey_bytes;

  g_assert_true (mw_stand_in_photos_write (photos, 6, 3, &error));
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  mw_experiment_form_set_config (form, &config);
  mw_experiment_config_clear (&config);
  g_assert_false (mw_experiment_form_is_shown (form, "channels"));
  g_assert_true (mw_experiment_form_is_shown (form, "augment"));
  mw_experiment_form_set_dataset (form, MW_DATA_FOLDER, photos);
  g_assert_true (mw_experiment_form_is_shown (form, "channels"));
  g_assert_true (mw_experiment_form_is_shown (form, "image-size"));
  g_assert_true (mw_experiment_form_is_shown (form, "filters"));
  get_config (&config);
  g_assert_cmpint (config.image_size, ==, 28);
  g_assert_cmpint (config.channels, ==, 1);
  g_assert_cmpint (config.algo.filters, ==, 32);
  mw_experiment_config_clear (&config);
  grey_bytes = estimated_bytes ();

  choose ("channels_dropdown", 1);
  choose ("size_dropdown", 3);
  get_config (&config);
  g_assert_cmpint (config.image_size, ==, 84);
  g_assert_cmpint (config.channels, ==, 3);
  g_assert_cmpint (config.algo.filters, ==, 32);
  mw_experiment_config_clear (&config);
  /* Nine times the pixels, three times the channels. */
  g_assert_cmpfloat (estimated_bytes (), >, 4 * grey_bytes);
  g_assert_true (mw_experiment_form_get_valid (form));

  /* ProtoNets at 84 × 84: the papers' 64 filters. */
  mw_experiment_form_set_algorithm (form, MW_ALGO_PROTONET);
  get_config (&config);
  g_assert_cmpint (config.algo.filters, ==, 64);
  g_assert_cmpint (config.image_size, ==, 84);
  mw_experiment_config_clear (&config);

  /* A width typed in stays when the algorithm changes. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (form_child ("filters_spin")), 48);
  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  get_config (&config);
  g_assert_cmpint (config.algo.filters, ==, 48);
  mw_experiment_config_clear (&config);

  /* Photo augmentation for the folder. */
  choose ("augment_dropdown", MW_AUGMENT_PHOTO);
  get_config (&config);
  g_assert_cmpint (config.augment, ==, MW_AUGMENT_PHOTO);
  mw_experiment_config_clear (&config);
  g_assert_true (mw_experiment_form_get_valid (form));
  mw_test_save_screenshot (GTK_WIDGET (window), "form-photo-folder");
  /* The width and the augmentation are lower down the sidebar. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (form), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj;

    g_assert_nonnull (scrolled);
    adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    mw_test_save_screenshot (GTK_WIDGET (window), "form-photo-folder-lower");
    gtk_adjustment_set_value (adj, 0);
  }

  /* Letters keep their orientation: the glyphs refuse it, and the form says why. */
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  g_assert_false (mw_experiment_form_get_valid (form));
  g_assert_false (mw_experiment_form_is_shown (form, "channels"));
  choose ("augment_dropdown", MW_AUGMENT_NONE);
  g_assert_true (mw_experiment_form_get_valid (form));

  /* mini-ImageNet's paper setting on a folder of colour photos at 84 × 84. */
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  config.data = MW_DATA_FOLDER;
  g_free (config.data_path);
  config.data_path = g_strdup (photos);
  config.image_size = 84;
  config.channels = 3;
  mw_experiment_form_set_config (form, &config);
  mw_experiment_config_clear (&config);
  choose_preset (MW_FORM_PRESET_PAPER);
  get_config (&config);
  g_assert_cmpint (config.algo.inner_steps, ==, 5);
  g_assert_cmpfloat_with_epsilon (config.algo.inner_lr, 0.01, 1e-7);
  g_assert_cmpint (config.algo.meta_batch, ==, 4);
  g_assert_cmpint (config.algo.filters, ==, 32);
  g_assert_cmpint (config.queries, ==, 15);
  g_assert_cmpint (config.image_size, ==, 84);
  g_assert_cmpint (config.channels, ==, 3);
  mw_experiment_config_clear (&config);
  g_assert_cmpuint (shown_preset (), ==, MW_FORM_PRESET_PAPER);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  mw_test_remove_tree (photos);
}

/* --- main --------------------------------------------------------------------- */

static void
run_tests (gpointer data)
{
  attach_window ();
  status = g_test_run ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_application_quit (G_APPLICATION (app));
}

static void
startup_cb (GApplication *application,
            gpointer      data)
{
  g_idle_add_once (run_tests, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  int ran;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  /* Saved runs go under XDG_DATA_HOME: a fresh one, before GLib reads it. */
  data_home = g_dir_make_tmp ("mw-form-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* No Omniglot of the machine's: the form must find none. */
  g_unsetenv ("MW_OMNIGLOT_DIR");

  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }

  /* A projector's 1024×700. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_int (settings, "window-width", 1024);
    g_settings_set_int (settings, "window-height", 700);
    g_settings_set_boolean (settings, "window-maximized", FALSE);
  }

  g_test_add_func ("/form/sinusoid", test_sinusoid);
  g_test_add_func ("/form/typed-values-kept", test_typed_values_kept);
  g_test_add_func ("/form/presets", test_presets);
  g_test_add_func ("/form/remembered", test_remembered);
  g_test_add_func ("/form/photo-folder", test_photo_folder);

  g_set_application_name (_("Meta Workbench"));
  app = mw_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "startup", G_CALLBACK (startup_cb), NULL);

  status = -1;
  ran = g_application_run (G_APPLICATION (app), 1, argv);
  g_assert_cmpint (ran, ==, 0);
  g_assert_cmpint (status, !=, -1);

  g_clear_object (&app);
  mw_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
