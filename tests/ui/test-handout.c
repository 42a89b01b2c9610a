/* test-handout.c: a teacher's handout opened as a file manager opens it — the
 * application started with the file as its argument — and then files opened
 * into the running window: the form shows the handout's settings, ready to
 * start, its locked settings read-only, its lesson in the banner; a corrupt or
 * missing file says so and changes nothing; a file opened while a run trains
 * leaves the run alone; "Save as Handout" writes what the form holds; a handout
 * whose image folder or Omniglot this computer lacks waits for the folder.
 *
 * Environment: as tests/ui/test-window.c (MW_ARTIFACT_DIR, MW_LOCALE_DIR,
 * MW_SCREENSHOT_SUFFIX, LANGUAGE). Screenshots handout*.png,
 * handout-dialog*.png, handout-missing-folder*.png, handout-missing-omniglot*.png and
 * handout-dialog-folder*.png.
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-handout-banner.h"
#include "mw-handout-dialog.h"
#include "mw-window.h"
#include "ui-test-util.h"

#define WAIT_TIMEOUT_SECONDS 30
/* A run on this 2-core machine may wait behind other sessions' work. */
#define RUN_TIMEOUT_SECONDS 120

static MwApplication *app;
static MwWindow *window;
static MwExperimentForm *form;
static MwHandoutBanner *banner;
static MwRunManager *manager;
static char *data_home;
static char *lesson_path;
static char *corrupt_path;
static char *plain_path;
static GPtrArray *opened;       /* paths the application's "open" got, in order */
static int status;

/* As a teacher writes it by hand: only what differs from the defaults, a
 * translated lesson, three settings locked. A tiny network, so a run of it
 * trains quickly. */
static const char lesson_text[] =
  "# Meta Workbench experiment (same file + seed = same curves)\n"
  "\n"
  "[handout]\n"
  "version=1\n"
  "title=Lesson 3: how many shots?\n"
  "title[zh_CN]=第三课：几个样本？\n"
  "instructions=Keep MAML and 3 ways. Change K-shot from 1 to 5, start a run for each and "
  "compare the accuracy curves.\n"
  "instructions[zh_CN]=保持 MAML 和 3 类不变。把 K-shot 从 1 改到 5，每次开始一个运行，"
  "比较准确率曲线。\n"
  "locked=algorithm;ways;inner-lr;\n"
  "\n"
  "[experiment]\n"
  "algorithm=maml\n"
  "seed=4242\n"
  "[data]\n"
  "dataset=glyphs\n"
  "glyph-classes=30\n"
  "[episodes]\n"
  "ways=3\n"
  "shots=2\n"
  "[training]\n"
  "iterations=5000\n"
  "meta-batch=2\n"
  "inner-steps=1\n"
  "inner-lr=0.3\n"
  "filters=8\n"
  "threads=1\n"
  "[evaluation]\n"
  "eval-every=50\n"
  "val-episodes=10\n";

/* A plain experiment file: no lesson, nothing locked. */
static const char plain_text[] =
  "[experiment]\nalgorithm=protonet\nseed=7\n[episodes]\nways=4\nshots=3\n";

/* --- helpers ------------------------------------------------------------------ */

typedef MwTestCondition Condition;

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static gboolean
is_zh (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "zh");
}

static const char *
lesson_title (void)
{
  return is_zh () ? "第三课：几个样本？" : "Lesson 3: how many shots?";
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
banner_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (banner)) && gtk_widget_get_mapped (GTK_WIDGET (banner));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
handout_dialog_shown (gpointer data)
{
  return find_toplevel (MW_TYPE_HANDOUT_DIALOG) != NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return find_toplevel (GTK_TYPE_MESSAGE_DIALOG) == NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 gboolean (*match) (GtkWidget *widget, gconstpointer data),
                 gconstpointer data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_with_tooltip (GtkWidget     *widget,
                        gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static char *
form_settings (void)
{
  MwExperimentConfig config;
  char *text;

  mw_experiment_form_get_config (form, &config);
  text = mw_experiment_config_to_data (&config);
  mw_experiment_config_clear (&config);
  return text;
}

static void
assert_locked (const char *key,
               gboolean    locked)
{
  GtkWidget *field = mw_experiment_form_get_field (form, key);
  GtkWidget *row;

  g_assert_nonnull (field);
  row = gtk_widget_get_parent (field);
  g_assert_cmpint (mw_experiment_form_is_locked (form, key), ==, locked);
  g_assert_cmpint (gtk_widget_get_sensitive (field), ==, !locked);
  if (locked)
    g_assert_cmpstr (gtk_widget_get_tooltip_text (row), ==, _("Locked by the handout"));
  else
    g_assert_null (gtk_widget_get_tooltip_text (row));
}

static guint
n_runs (void)
{
  return g_list_model_get_n_items (mw_run_manager_get_runs (manager));
}

static MwRunItem *
first_run (void)
{
  g_autoptr(MwRunItem) item = g_list_model_get_item (mw_run_manager_get_runs (manager), 0);

  return item;   /* the model keeps it */
}

static void
open_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* What a second launch (the file manager, the command line) sends to the
   * running application. */
  g_application_open (G_APPLICATION (app), &file, 1, "");
}

/* --- tests -------------------------------------------------------------------- */

static void
test_opened_from_command_line (void)
{
  MwExperimentConfig config;

  /* Through GApplication's "open", as from a file manager, not "activate". */
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (opened, 0), ==, lesson_path);
  g_assert_true (is_mapped (window));

  /* Read in the background: the lesson shows once it is in. */
  wait_until (banner_shown, NULL, "the handout's lesson in the banner");
  g_assert_cmpstr (mw_handout_banner_get_title (banner), ==, lesson_title ());
  g_assert_true (g_str_has_prefix (mw_handout_banner_get_instructions (banner),
                                   is_zh () ? "保持 MAML" : "Keep MAML"));

  /* The handout's settings, the ones without a field included. */
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpint (config.algo.kind, ==, MW_ALGO_MAML);
  g_assert_cmpint (config.data, ==, MW_DATA_GLYPHS);
  g_assert_cmpint (config.ways, ==, 3);
  g_assert_cmpint (config.shots, ==, 2);
  g_assert_cmpfloat_with_epsilon (config.algo.inner_lr, 0.3, 1e-6);
  g_assert_cmpint (config.algo.meta_batch, ==, 2);
  g_assert_cmpint (config.iterations, ==, 5000);
  g_assert_cmpuint (config.seed, ==, 4242);
  g_assert_cmpint (config.glyph_classes, ==, 30);
  g_assert_cmpint (config.algo.filters, ==, 8);
  g_assert_cmpint (config.eval_every, ==, 50);
  g_assert_cmpint (config.val_episodes, ==, 10);
  mw_experiment_config_clear (&config);

  /* Locked: insensitive, with the reason; the rest is the students'. */
  assert_locked ("algorithm", TRUE);
  assert_locked ("ways", TRUE);
  assert_locked ("inner-lr", TRUE);
  assert_locked ("shots", FALSE);
  assert_locked ("dataset", FALSE);
  assert_locked ("seed", FALSE);
  assert_locked ("iterations", FALSE);
  assert_locked ("meta-batch", FALSE);

  /* Ready to start, not started. */
  g_assert_true (mw_experiment_form_get_valid (form));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "start"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-lesson"));
  g_assert_cmpuint (n_runs (), ==, 0);
}

static void
test_screenshot (void)
{
  mw_test_save_screenshot (GTK_WIDGET (window), "handout");
}

/* Another dataset brings its defaults, but not over a locked value. */
static void
test_locked_survives_defaults (void)
{
  MwExperimentConfig config;

  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpint (config.data, ==, MW_DATA_SINUSOID);
  g_assert_cmpfloat_with_epsilon (config.algo.inner_lr, 0.3, 1e-6);
  g_assert_cmpint (config.algo.meta_batch, ==, 25);   /* the sinusoid default: unlocked */
  mw_experiment_config_clear (&config);

  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpfloat_with_epsilon (config.algo.inner_lr, 0.3, 1e-6);
  g_assert_cmpint (config.ways, ==, 3);
  mw_experiment_config_clear (&config);
  assert_locked ("inner-lr", TRUE);
}

static void
test_banner_dismissed (void)
{
  GtkWidget *close = find_descendant (GTK_WIDGET (banner), is_button_with_tooltip,
                                      _("Hide the Lesson"));

  g_assert_nonnull (close);
  g_signal_emit_by_name (close, "clicked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (banner)));
  /* Still the handout's: the locks stay, and the lesson comes back. */
  assert_locked ("ways", TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-lesson", NULL);
  wait_until (banner_shown, NULL, "the lesson to come back");
  g_assert_cmpstr (mw_handout_banner_get_title (banner), ==, lesson_title ());
}

/* A bad file names itself and its problem, and nothing else changes. */
static void
check_bad_file (const char *path,
                const char *problem,
                const char *screenshot)
{
  g_autofree char *before = form_settings ();
  g_autofree char *after = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *text = NULL;
  g_autofree char *secondary = NULL;
  GtkWindow *alert;

  open_file (path);
  wait_until (message_dialog_shown, NULL, "the error message");
  alert = find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (alert) == GTK_WINDOW (window));
  g_object_get (alert, "text", &text, "secondary-text", &secondary, NULL);
  g_test_message ("%s / %s", text, secondary);
  g_assert_nonnull (strstr (text, basename));
  g_assert_nonnull (strstr (secondary, problem));

  after = form_settings ();
  g_assert_cmpstr (after, ==, before);
  assert_locked ("algorithm", TRUE);
  assert_locked ("shots", FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (banner)));
  g_assert_cmpstr (mw_handout_banner_get_title (banner), ==, lesson_title ());
  g_assert_cmpuint (n_runs (), ==, 0);

  if (screenshot != NULL)
    mw_test_save_screenshot (GTK_WIDGET (alert), screenshot);
  gtk_window_destroy (alert);
  wait_until (no_message_dialog, NULL, "the error message to close");
}

static void
test_corrupt_file (void)
{
  g_autofree char *missing = g_build_filename (data_home, "no-such-lesson.mwexp", NULL);
  g_autoptr(GError) error = NULL;
  MwHandout handout;

  /* The core's own words for what is wrong with it. */
  mw_handout_init (&handout);
  g_assert_false (mw_handout_load (&handout, corrupt_path, &error));
  mw_handout_clear (&handout);
  g_assert_nonnull (strstr (error->message, corrupt_path));
  check_bad_file (corrupt_path, error->message, "handout-error");
  /* GIO's: it names the file. */
  check_bad_file (missing, "no-such-lesson.mwexp", NULL);

  /* A FIFO is refused at once (reading it would wait for a writer for ever), and a file
   * a crash filled with zeros is named with its line. */
  g_autofree char *fifo = g_build_filename (data_home, "pipe.mwexp", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_autofree char *zeros = g_build_filename (data_home, "zeros.mwexp", NULL);
  char zero_bytes[512] = { 0 };
  g_assert_true (g_file_set_contents (zeros, zero_bytes, sizeof zero_bytes, NULL));
  const char *special[] = { fifo, zeros };
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    {
      g_autoptr(GError) refused = NULL;

      /* The core's words (in the test's language), which name the file. */
      mw_handout_init (&handout);
      g_assert_false (mw_handout_load (&handout, special[i], &refused));
      mw_handout_clear (&handout);
      g_assert_error (refused, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_NOT_EXPERIMENT);
      g_assert_nonnull (strstr (refused->message, special[i]));
      check_bad_file (special[i], refused->message, NULL);
      g_unlink (special[i]);
    }
}

static gboolean
run_training (gpointer data)
{
  MwRunItem *item = data;

  return mw_run_item_get_state (item) == MW_RUN_STATE_RUNNING && mw_run_item_get_iteration (item) > 0;
}

static gboolean
run_past (gpointer data)
{
  MwRunItem *item = first_run ();

  return mw_run_item_get_iteration (item) > GPOINTER_TO_INT (data);
}

static gboolean
run_stopped (gpointer data)
{
  return MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (MW_RUN_ITEM (data)));
}

static gboolean
form_shows_protonet (gpointer data)
{
  return mw_experiment_form_get_algorithm (form) == MW_ALGO_PROTONET;
}

static void
test_open_while_training (void)
{
  MwRunItem *item;
  MwExperimentConfig config;
  const MwExperimentConfig *run_config;
  gint64 iteration;

  /* The handout's tiny network (the dataset switch above reset meta-batch). */
  mw_experiment_form_set_value (form, "meta-batch", 2);
  g_action_group_activate_action (G_ACTION_GROUP (window), "start", NULL);
  g_assert_cmpuint (n_runs (), ==, 1);
  item = first_run ();
  mw_test_wait_until (run_training, item, RUN_TIMEOUT_SECONDS, "the run to train");

  /* A plain experiment file: no lesson, nothing locked. */
  iteration = mw_run_item_get_iteration (item);
  open_file (plain_path);
  wait_until (form_shows_protonet, NULL, "the experiment file in the form");
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpint (config.ways, ==, 4);
  g_assert_cmpint (config.shots, ==, 3);
  g_assert_cmpuint (config.seed, ==, 7);
  mw_experiment_config_clear (&config);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (banner)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-lesson"));
  assert_locked ("algorithm", FALSE);
  assert_locked ("ways", FALSE);
  assert_locked ("inner-lr", FALSE);

  /* The run goes on, with its own settings. */
  g_assert_cmpuint (n_runs (), ==, 1);
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_RUNNING);
  run_config = mw_run_manager_get_config (manager, item);
  g_assert_cmpint (run_config->algo.kind, ==, MW_ALGO_MAML);
  g_assert_cmpint (run_config->ways, ==, 3);
  mw_test_wait_until (run_past, GINT_TO_POINTER ((int) iteration + 2), RUN_TIMEOUT_SECONDS,
                      "the run to go on training");

  g_action_group_activate_action (G_ACTION_GROUP (window), "stop", NULL);
  mw_test_wait_until (run_stopped, item, RUN_TIMEOUT_SECONDS, "the run to stop");
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_STOPPED);
}

static gboolean
folder_button_shown (gpointer data)
{
  return find_descendant (GTK_WIDGET (window), is_button_with_tooltip, data) != NULL;
}

/* Paths are bytes: an experiment file naming a folder that is not UTF-8 (as a file://
 * URI, the way the program saves one) loads into the form with the same bytes, and
 * the form shows the folder with g_filename_display_name. */
static void
test_non_utf8_folder (void)
{
  g_autofree char *folder = g_build_filename (data_home, "caf\xe9-pictures", NULL);
  g_autofree char *uri = g_filename_to_uri (folder, NULL, NULL);
  g_autofree char *shown = g_filename_display_name (folder);
  g_autofree char *text = g_strdup_printf ("[experiment]\nalgorithm=protonet\n[data]\n"
                                           "dataset=folder\npath=%s\n", uri);
  g_autofree char *path = g_build_filename (data_home, "folder.mwexp", NULL);
  MwExperimentConfig config;

  g_assert_false (g_utf8_validate (folder, -1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  open_file (path);
  wait_until (folder_button_shown, shown, "the folder's name on its button");
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpstr (config.data_path, ==, folder);
  mw_experiment_config_clear (&config);
  g_rmdir (folder);
}

static gboolean
start_enabled (void)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), "start");
}

static GtkWidget *
form_child (const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (form), MW_TYPE_EXPERIMENT_FORM,
                                                  name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The form shows dataset GPOINTER_TO_INT (data) and cannot start. */
static gboolean
form_missing_dataset (gpointer data)
{
  return mw_experiment_form_get_algorithm (form) == MW_ALGO_PROTONET &&
         !mw_experiment_form_get_valid (form) &&
         gtk_widget_get_visible (form_child ("missing_box"));
}

static gboolean
form_has_folder (gpointer data)
{
  MwExperimentConfig config;
  gboolean same;

  mw_experiment_form_get_config (form, &config);
  same = g_strcmp0 (config.data_path, data) == 0;
  mw_experiment_config_clear (&config);
  return same && mw_experiment_form_get_valid (form);
}

/* Said in plain words, with the button that chooses the folder; no command to type. */
static void
assert_asks_for_folder (const char *named)
{
  const char *error = mw_experiment_form_get_error (form);

  g_assert_false (start_enabled ());
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, named));
  g_assert_null (strstr (error, "meta-workbench-cli"));
  g_assert_null (strstr (error, "download"));
  g_assert_true (gtk_widget_is_visible (form_child ("missing_box")));
  g_assert_true (gtk_widget_is_visible (form_child ("missing_label")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (form_child ("missing_label"))), ==, error);
}

/* A handout names its image folder relative to itself; on a computer where the folder
 * is not beside it, Start waits for the folder, which the form's Choose Folder…
 * button (here its action, as the native chooser cannot be clicked) sets. */
static void
test_missing_folder (void)
{
  g_autofree char *class_dir = g_build_filename (data_home, "class", NULL);
  g_autofree char *path = g_build_filename (class_dir, "photos lesson.mwexp", NULL);
  g_autofree char *beside = g_build_filename (class_dir, "photos", NULL);
  g_autofree char *chosen = g_build_filename (data_home, "my photos", NULL);
  static const char text[] =
    "[handout]\nversion=1\ntitle=Photos\nlocked=dataset;\n"
    "[experiment]\nalgorithm=protonet\n[data]\ndataset=folder\npath=photos\n";

  g_assert_cmpint (g_mkdir_with_parents (class_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  open_file (path);
  wait_until (form_missing_dataset, NULL, "the handout's missing folder in the form");
  assert_asks_for_folder ("photos");
  mw_test_save_screenshot (GTK_WIDGET (window), "handout-missing-folder");

  g_assert_cmpint (g_mkdir (chosen, 0755), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.choose-folder", "s", chosen);
  g_assert_true (form_has_folder (chosen));
  g_assert_true (start_enabled ());
  g_assert_false (gtk_widget_is_visible (form_child ("missing_box")));
  g_assert_false (gtk_widget_is_visible (form_child ("error_label")));
  g_assert_null (mw_experiment_form_get_error (form));

  /* Saved again as a handout beside the chosen folder: the dialog says how the
   * folder will be named, and the file names it relative to itself. */
  {
    g_autofree char *again = g_build_filename (data_home, "photos again.mwexp", NULL);
    g_autoptr(GFile) again_file = g_file_new_for_path (again);
    g_autoptr(GError) error = NULL;
    g_autoptr(GKeyFile) written = g_key_file_new ();
    g_autofree char *written_path = NULL;
    MwHandoutDialog *dialog;
    GtkWidget *note;

    g_action_group_activate_action (G_ACTION_GROUP (window), "save-handout", NULL);
    wait_until (handout_dialog_shown, NULL, "the Save as Handout dialog");
    dialog = MW_HANDOUT_DIALOG (find_toplevel (MW_TYPE_HANDOUT_DIALOG));
    note = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), MW_TYPE_HANDOUT_DIALOG,
                                                      "dataset_note"));
    g_assert_true (gtk_widget_get_visible (note));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (note)), "my photos"));
    mw_test_save_screenshot (GTK_WIDGET (dialog), "handout-dialog-folder");
    g_assert_true (mw_handout_dialog_save_to (dialog, again_file, &error));
    g_assert_no_error (error);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_true (g_key_file_load_from_file (written, again, G_KEY_FILE_NONE, NULL));
    written_path = g_key_file_get_string (written, "data", "path", NULL);
    g_assert_cmpstr (written_path, ==, "my photos");
    g_unlink (again);
  }

  /* Given with the folder beside it: found where the handout is. */
  g_assert_cmpint (g_mkdir (beside, 0755), ==, 0);
  open_file (path);
  wait_until (form_has_folder, beside, "the folder beside the handout");
  g_assert_true (start_enabled ());
  g_rmdir (beside);
  g_rmdir (chosen);
  g_unlink (path);
  g_rmdir (class_dir);
}

/* A handout names Omniglot, not its folder: this computer's copy is found
 * (MW_OMNIGLOT_DIR here); without one, the form asks for the folder. */
static void
test_omniglot_by_name (void)
{
  g_autofree char *path = g_build_filename (data_home, "omniglot lesson.mwexp", NULL);
  g_autofree char *omniglot = g_build_filename (data_home, "omniglot", NULL);
  g_autofree char *zip = g_build_filename (omniglot, "images_background.zip", NULL);
  static const char text[] =
    "[handout]\nversion=1\ntitle=Omniglot\n"
    "[experiment]\nalgorithm=protonet\n[data]\ndataset=omniglot\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_unsetenv ("MW_OMNIGLOT_DIR");
  open_file (path);
  wait_until (form_missing_dataset, NULL, "the form asking for Omniglot");
  assert_asks_for_folder ("Omniglot");
  mw_test_save_screenshot (GTK_WIDGET (window), "handout-missing-omniglot");

  g_assert_cmpint (g_mkdir (omniglot, 0755), ==, 0);
  g_assert_true (g_file_set_contents (zip, "PK", -1, NULL));
  g_setenv ("MW_OMNIGLOT_DIR", omniglot, TRUE);
  open_file (path);
  wait_until (form_has_folder, omniglot, "this computer's Omniglot in the form");
  g_assert_true (start_enabled ());
  g_unsetenv ("MW_OMNIGLOT_DIR");
  g_unlink (zip);
  g_rmdir (omniglot);
  g_unlink (path);
}

static void
test_save_as_handout (void)
{
  g_autofree char *path = g_build_filename (data_home, "saved.mwexp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MwHandoutDialog *dialog;
  MwHandout saved;

  g_action_group_activate_action (G_ACTION_GROUP (window), "save-handout", NULL);
  wait_until (handout_dialog_shown, NULL, "the Save as Handout dialog");
  dialog = MW_HANDOUT_DIALOG (find_toplevel (MW_TYPE_HANDOUT_DIALOG));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  mw_handout_dialog_set_lesson_title (dialog, "Prototypes");
  mw_handout_dialog_set_instructions (dialog, "Try 1 to 5 shots.\nKeep 4 ways.");
  g_assert_true (mw_handout_dialog_set_key_locked (dialog, "ways", TRUE));
  g_assert_true (mw_handout_dialog_set_key_locked (dialog, "algorithm", TRUE));
  g_assert_false (mw_handout_dialog_set_key_locked (dialog, "path", TRUE));
  mw_test_save_screenshot (GTK_WIDGET (dialog), "handout-dialog");

  /* What "Save…" does once the file chooser has a file. */
  g_assert_true (mw_handout_dialog_save_to (dialog, file, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));

  mw_handout_init (&saved);
  g_assert_true (mw_handout_load (&saved, path, &error));
  g_assert_no_error (error);
  g_assert_true (saved.has_lesson);
  g_assert_cmpstr (saved.title, ==, "Prototypes");
  g_assert_cmpstr (saved.instructions, ==, "Try 1 to 5 shots.\nKeep 4 ways.");
  g_assert_cmpuint (g_strv_length (saved.locked), ==, 2);
  g_assert_cmpstr (saved.locked[0], ==, "algorithm");
  g_assert_cmpstr (saved.locked[1], ==, "ways");
  g_assert_cmpint (saved.config.algo.kind, ==, MW_ALGO_PROTONET);
  g_assert_cmpint (saved.config.ways, ==, 4);
  g_assert_cmpint (saved.config.shots, ==, 3);
  mw_handout_clear (&saved);

  /* Opened, it is a lesson like the first. */
  open_file (path);
  wait_until (banner_shown, NULL, "the saved handout's lesson");
  g_assert_cmpstr (mw_handout_banner_get_title (banner), ==, "Prototypes");
  assert_locked ("algorithm", TRUE);
  assert_locked ("ways", TRUE);
  assert_locked ("shots", FALSE);
}

/* --- the application ------------------------------------------------------------ */

static void
open_cb (GApplication  *application,
         GFile        **files,
         int            n_files,
         const char    *hint,
         gpointer       data)
{
  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (opened, g_file_get_path (files[i]));
}

static void
run_tests (gpointer data)
{
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (MW_IS_WINDOW (window));
  wait_until (is_mapped, window, "the main window to map");
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  banner = MW_HANDOUT_BANNER (mw_window_get_banner (window));
  manager = mw_application_get_run_manager (app);
  g_assert_true (MW_IS_EXPERIMENT_FORM (form));
  g_assert_true (MW_IS_HANDOUT_BANNER (banner));
  wait_until ((Condition) mw_run_manager_get_loaded, manager, "the saved runs to load");

  status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_application_quit (G_APPLICATION (app));
}

static void
startup_cb (GApplication *application,
            gpointer      data)
{
  /* Once the file given on the command line is being opened. */
  g_idle_add_once (run_tests, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  char *app_argv[3];
  static const char corrupt[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR not a lesson";
  int ran;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  /* Saved runs go under XDG_DATA_HOME: a fresh one, before GLib reads it. */
  data_home = g_dir_make_tmp ("mw-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }

  /* No Omniglot of the machine's: the tests say where it is. */
  g_unsetenv ("MW_OMNIGLOT_DIR");
  /* A projector's 1024×700. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_int (settings, "window-width", 1024);
    g_settings_set_int (settings, "window-height", 700);
    g_settings_set_boolean (settings, "window-maximized", FALSE);
  }

  lesson_path = g_build_filename (data_home, "lesson 3.mwexp", NULL);
  corrupt_path = g_build_filename (data_home, "corrupt.mwexp", NULL);
  plain_path = g_build_filename (data_home, "plain.mwexp", NULL);
  g_assert_true (g_file_set_contents (lesson_path, lesson_text, -1, NULL));
  g_assert_true (g_file_set_contents (corrupt_path, corrupt, sizeof corrupt - 1, NULL));
  g_assert_true (g_file_set_contents (plain_path, plain_text, -1, NULL));
  opened = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/handout/opened-from-command-line", test_opened_from_command_line);
  g_test_add_func ("/handout/screenshot", test_screenshot);
  g_test_add_func ("/handout/locked-survives-defaults", test_locked_survives_defaults);
  g_test_add_func ("/handout/banner-dismissed", test_banner_dismissed);
  g_test_add_func ("/handout/corrupt-file", test_corrupt_file);
  g_test_add_func ("/handout/open-while-training", test_open_while_training);
  g_test_add_func ("/handout/save-as-handout", test_save_as_handout);
  g_test_add_func ("/handout/non-utf8-folder", test_non_utf8_folder);
  g_test_add_func ("/handout/missing-folder", test_missing_folder);
  g_test_add_func ("/handout/omniglot-by-name", test_omniglot_by_name);

  g_set_application_name (_("Meta Workbench"));
  app = mw_application_new ();
  /* Its own instance, whatever else runs on this session bus. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "open", G_CALLBACK (open_cb), NULL);
  g_signal_connect_after (app, "startup", G_CALLBACK (startup_cb), NULL);

  /* The way a file manager starts it: the program and the file. */
  app_argv[0] = argv[0];
  app_argv[1] = lesson_path;
  app_argv[2] = NULL;
  status = -1;
  ran = g_application_run (G_APPLICATION (app), 2, app_argv);
  g_assert_cmpint (ran, ==, 0);
  g_assert_cmpint (status, !=, -1);   /* the tests ran */

  g_clear_object (&app);
  mw_test_remove_tree (data_home);
  g_free (data_home);
  g_free (lesson_path);
  g_free (corrupt_path);
  g_free (plain_path);
  g_ptr_array_unref (opened);

  return status;
}
