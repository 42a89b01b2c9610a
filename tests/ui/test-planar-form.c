/* test-planar-form.c: the experiment form offers the planar dataset from the dataset
 * table and copes with it: choosing it fills in the planar-linear preset (2 ways,
 * logistic regression), the settings are valid with a memory estimate, a family set
 * as an extra setting reaches the config, and an algorithm that compares embeddings
 * gets the MLP.  The planar rows (task family, model, angle spread, label noise) show
 * for planar tasks only, and the image rows (N-way, batch norm) do not; each family
 * brings its preset's defaults except where the user typed; every choice reaches the
 * config and comes back through the key file (remembered settings, handouts).
 * Choosing the model by hand brings its step sizes into the rates not typed.  The
 * Save as Handout dialog offers locks for the planar rows on planar data only.
 * Screenshots planar-form.png, planar-form-circles.png, planar-form-lines-mlp.png (and
 * -zh_CN) at the window's 1024 × 700; handout-dialog-planar.png and
 * handout-dialog-glyphs.png. */
#include "config.h"

#include "mw-experiment-form.h"
#include "mw-handout-dialog.h"
#include "ui-test-util.h"

#include <glib/gi18n.h>
#include <locale.h>

/* The form's third drop-down (algorithm, dataset, preset). */
static GtkDropDown *
preset_dropdown (MwExperimentForm *form)
{
  GtkWidget *dataset_row = gtk_widget_get_parent (mw_experiment_form_get_field (form, "dataset"));
  GtkWidget *preset_row = gtk_widget_get_next_sibling (dataset_row);

  return GTK_DROP_DOWN (gtk_widget_get_last_child (preset_row));
}

static void
choose (MwExperimentForm *form,
        const char       *key,
        guint             item)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mw_experiment_form_get_field (form, key)), item);
}

/* The form's config, through the key file and into a fresh form, comes out the same,
 * with nothing left over as an extra setting. */
static void
assert_round_trip (MwExperimentForm *form)
{
  MwExperimentForm *other = g_object_ref_sink (MW_EXPERIMENT_FORM (mw_experiment_form_new ()));
  MwExperimentConfig c, loaded, shown;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  mw_experiment_form_get_config (form, &c);
  text = mw_experiment_config_to_data (&c);
  mw_experiment_config_init (&loaded, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_load_data (&loaded, text, &error));
  g_assert_no_error (error);
  mw_experiment_form_load_config (other, &loaded);
  mw_experiment_form_get_config (other, &shown);
  g_assert_null (mw_experiment_config_difference (&c, &shown, NULL, NULL, NULL));
  g_assert_true (mw_experiment_form_is_shown (other, "planar-family"));
  mw_experiment_config_clear (&shown);

  /* The fields hold every planar setting: none becomes an extra. */
  mw_experiment_form_set_extra (other, "planar-family", NULL);
  mw_experiment_form_set_extra (other, "planar-model", NULL);
  mw_experiment_form_set_extra (other, "planar-spread", NULL);
  mw_experiment_form_set_extra (other, "planar-label-noise", NULL);
  mw_experiment_form_get_config (other, &shown);
  g_assert_null (mw_experiment_config_difference (&c, &shown, NULL, NULL, NULL));
  mw_experiment_config_clear (&shown);

  mw_experiment_config_clear (&loaded);
  mw_experiment_config_clear (&c);
  g_object_unref (other);
}

/* The Save as Handout dialog over the form's settings, with a hand-written lock of
 * @hand_locked; saved as the screenshot @name. */
static MwHandoutDialog *
handout_dialog (MwExperimentForm *form,
                const char       *hand_locked,
                const char       *name)
{
  const char *keys[] = { hand_locked, NULL };
  MwHandout handout;
  GtkWidget *dialog;

  mw_handout_init (&handout);
  mw_experiment_config_clear (&handout.config);
  mw_experiment_form_get_config (form, &handout.config);
  g_assert_true (mw_handout_set_locked (&handout, keys, NULL));
  dialog = mw_handout_dialog_new (NULL, &handout, "lesson.mwhandout");
  mw_handout_clear (&handout);
  gtk_window_present (GTK_WINDOW (dialog));
  mw_test_wait_for_frames (dialog);
  mw_test_save_screenshot (dialog, name);
  return MW_HANDOUT_DIALOG (dialog);
}

/* The handout dialog offers a lock for each planar row on planar data only; a planar
 * lock written by hand in another dataset's handout is kept, not offered. */
static void
test_handout_locks (void)
{
  MwExperimentForm *form = g_object_ref_sink (MW_EXPERIMENT_FORM (mw_experiment_form_new ()));
  static const char *const planar_keys[] = {
    "planar-family", "planar-model", "planar-spread", "planar-label-noise",
  };
  MwHandoutDialog *dialog;
  MwHandout saved;

  mw_experiment_form_set_dataset (form, MW_DATA_PLANAR, NULL);
  dialog = handout_dialog (form, NULL, "handout-dialog-planar");
  for (gsize i = 0; i < G_N_ELEMENTS (planar_keys); i++)
    g_assert_true (mw_handout_dialog_set_key_locked (dialog, planar_keys[i], TRUE));
  g_assert_true (mw_handout_dialog_set_key_locked (dialog, "algorithm", TRUE));
  mw_handout_dialog_get_handout (dialog, &saved);
  for (gsize i = 0; i < G_N_ELEMENTS (planar_keys); i++)
    g_assert_true (mw_handout_is_locked (&saved, planar_keys[i]));
  mw_handout_clear (&saved);
  gtk_window_destroy (GTK_WINDOW (dialog));

  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  dialog = handout_dialog (form, "planar-spread", "handout-dialog-glyphs");
  for (gsize i = 0; i < G_N_ELEMENTS (planar_keys); i++)
    g_assert_false (mw_handout_dialog_set_key_locked (dialog, planar_keys[i], TRUE));
  g_assert_true (mw_handout_dialog_set_key_locked (dialog, "ways", TRUE));
  g_assert_true (mw_handout_dialog_set_key_locked (dialog, "batch-norm", TRUE));
  mw_handout_dialog_get_handout (dialog, &saved);
  g_assert_true (mw_handout_is_locked (&saved, "ways"));
  g_assert_true (mw_handout_is_locked (&saved, "planar-spread"));
  g_assert_false (mw_handout_is_locked (&saved, "planar-family"));
  mw_handout_clear (&saved);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (mw_experiment_form_field_applies ("planar-model", MW_DATA_PLANAR));
  g_assert_false (mw_experiment_form_field_applies ("planar-model", MW_DATA_SINUSOID));
  g_assert_true (mw_experiment_form_field_applies ("ways", MW_DATA_OMNIGLOT));
  g_object_unref (form);
}

static void
test_planar_form (void)
{
  GtkWidget *window = gtk_window_new ();
  MwExperimentForm *form = MW_EXPERIMENT_FORM (mw_experiment_form_new ());
  GtkWidget *scroller = gtk_scrolled_window_new ();
  MwExperimentConfig c;

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (form));
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  mw_test_wait_for_frames (window);

  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  mw_experiment_form_set_dataset (form, MW_DATA_PLANAR, NULL);
  mw_test_wait_for_frames (window);
  g_assert_true (mw_experiment_form_get_valid (form));
  g_assert_nonnull (mw_experiment_form_get_estimate (form));
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.data, ==, MW_DATA_PLANAR);
  g_assert_cmpint (c.ways, ==, 2);
  g_assert_cmpint (c.planar_family, ==, MW_PLANAR_LINEAR);
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_LOGISTIC);
  /* The preset's length of training, not the image datasets'. */
  g_assert_cmpint (c.iterations, ==, 2000);
  g_assert_true (mw_experiment_config_validate (&c, NULL));
  mw_experiment_config_clear (&c);
  g_assert_true (mw_experiment_form_is_shown (form, "planar-family"));
  g_assert_true (mw_experiment_form_is_shown (form, "planar-model"));
  g_assert_true (mw_experiment_form_is_shown (form, "planar-spread"));
  g_assert_true (mw_experiment_form_is_shown (form, "planar-label-noise"));
  g_assert_false (mw_experiment_form_is_shown (form, "batch-norm"));
  g_assert_false (mw_experiment_form_is_shown (form, "ways"));
  g_assert_false (mw_experiment_form_is_shown (form, "folder"));
  g_assert_false (mw_experiment_form_is_shown (form, "invert"));
  mw_test_save_screenshot (window, "planar-form");
  assert_round_trip (form);

  /* Circles: the MLP, its step size and length; a circle has no angle to spread. */
  choose (form, "planar-family", MW_PLANAR_CIRCLES);
  mw_test_wait_for_frames (window);
  g_assert_true (mw_experiment_form_get_valid (form));
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.planar_family, ==, MW_PLANAR_CIRCLES);
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_MLP);
  g_assert_cmpint (c.iterations, ==, 5000);
  g_assert_cmpfloat_with_epsilon (c.algo.inner_lr, 0.1, 1e-6);
  g_assert_cmpint (c.ways, ==, 2);
  mw_experiment_config_clear (&c);
  g_assert_false (mw_experiment_form_is_shown (form, "planar-spread"));
  g_assert_true (mw_experiment_form_is_shown (form, "planar-label-noise"));
  /* The settings are the command line's preset, and the preset drop-down says so. */
  mw_test_wait_for_frames (window);
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (preset_dropdown (form)))),
                   ==, "planar-circles");
  mw_test_save_screenshot (window, "planar-form-circles");
  assert_round_trip (form);

  /* What the user typed stays when the family changes; the rest follows the preset. */
  g_assert_true (mw_experiment_form_set_value (form, "iterations", 777));
  g_assert_true (mw_experiment_form_set_value (form, "planar-label-noise", 0.1));
  choose (form, "planar-family", MW_PLANAR_MOONS);
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.planar_family, ==, MW_PLANAR_MOONS);
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_MLP);
  g_assert_cmpint (c.iterations, ==, 777);
  g_assert_cmpfloat_with_epsilon (c.planar_label_noise, 0.1, 1e-9);
  mw_experiment_config_clear (&c);
  assert_round_trip (form);

  /* Lines bring logistic regression back and its step sizes; the user may choose the
   * MLP instead, whose step sizes then fill the rates not typed; a rate typed stays. */
  choose (form, "planar-family", MW_PLANAR_LINEAR);
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_LOGISTIC);
  g_assert_cmpfloat_with_epsilon (c.algo.inner_lr, 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.algo.meta_lr, 0.01, 1e-6);
  mw_experiment_config_clear (&c);
  choose (form, "planar-model", MW_POINT_MODEL_MLP);
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_MLP);
  g_assert_cmpfloat_with_epsilon (c.algo.inner_lr, 0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.algo.meta_lr, 0.001, 1e-6);
  g_assert_cmpint (c.iterations, ==, 777);
  mw_experiment_config_clear (&c);
  mw_test_save_screenshot (window, "planar-form-lines-mlp");
  g_assert_true (mw_experiment_form_set_value (form, "inner-lr", 0.3));
  choose (form, "planar-model", MW_POINT_MODEL_LOGISTIC);
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpfloat_with_epsilon (c.algo.inner_lr, 0.3, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.algo.meta_lr, 0.01, 1e-6);
  mw_experiment_config_clear (&c);
  choose (form, "planar-model", MW_POINT_MODEL_MLP);
  g_assert_true (mw_experiment_form_set_value (form, "planar-spread", 90));
  g_assert_true (mw_experiment_form_get_valid (form));
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.planar_family, ==, MW_PLANAR_LINEAR);
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_MLP);
  g_assert_cmpfloat_with_epsilon (c.planar_spread, 90, 1e-9);
  mw_experiment_config_clear (&c);
  assert_round_trip (form);

  /* Settings loaded as a whole (a handout's, a remembered form's): a model chosen then
   * brings its step sizes and leaves the other fields as loaded. */
  {
    MwExperimentConfig loaded;

    mw_experiment_config_init (&loaded, MW_ALGO_MAML);
    g_assert_true (mw_experiment_config_preset (&loaded, MW_ALGO_MAML, "planar-linear", NULL));
    loaded.iterations = 345;
    mw_experiment_form_load_config (form, &loaded);
    mw_experiment_config_clear (&loaded);
    choose (form, "planar-model", MW_POINT_MODEL_MLP);
    mw_experiment_form_get_config (form, &c);
    g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_MLP);
    g_assert_cmpfloat_with_epsilon (c.algo.inner_lr, 0.1, 1e-6);
    g_assert_cmpfloat_with_epsilon (c.algo.meta_lr, 0.001, 1e-6);
    g_assert_cmpint (c.iterations, ==, 345);
    mw_experiment_config_clear (&c);
    /* Reptile's inner steps are Adam's: its own step size, whatever the model. */
    mw_experiment_form_set_algorithm (form, MW_ALGO_REPTILE);
    mw_experiment_form_get_config (form, &c);
    g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_MLP);
    g_assert_cmpfloat_with_epsilon (c.algo.inner_lr, 0.01, 1e-6);
    mw_experiment_config_clear (&c);
    mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  }

  /* A handout locks the family like any field. */
  {
    const char *keys[] = { "planar-family", NULL };

    mw_experiment_form_set_locked (form, keys, "handout");
    g_assert_false (gtk_widget_get_sensitive (mw_experiment_form_get_field (form, "planar-family")));
    mw_experiment_form_set_locked (form, NULL, NULL);
  }

  /* An extra setting overrides the field. */
  mw_experiment_form_set_extra (form, "planar-family", "moons");
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.planar_family, ==, MW_PLANAR_MOONS);
  mw_experiment_config_clear (&c);
  mw_experiment_form_set_extra (form, "planar-family", NULL);

  /* Image data: the planar rows go, batch norm comes back. */
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  g_assert_false (mw_experiment_form_is_shown (form, "planar-family"));
  g_assert_false (mw_experiment_form_is_shown (form, "planar-model"));
  g_assert_false (mw_experiment_form_is_shown (form, "planar-spread"));
  g_assert_false (mw_experiment_form_is_shown (form, "planar-label-noise"));
  g_assert_true (mw_experiment_form_is_shown (form, "batch-norm"));
  g_assert_true (mw_experiment_form_is_shown (form, "ways"));
  mw_experiment_form_set_dataset (form, MW_DATA_PLANAR, NULL);

  /* ProtoNets on lines: the embedding network is the MLP. */
  mw_experiment_form_set_algorithm (form, MW_ALGO_PROTONET);
  mw_test_wait_for_frames (window);
  mw_experiment_form_get_config (form, &c);
  g_assert_true (mw_experiment_config_validate (&c, NULL));
  mw_experiment_config_clear (&c);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    return 77;
  g_test_add_func ("/planar/form", test_planar_form);
  g_test_add_func ("/planar/handout-locks", test_handout_locks);
  return g_test_run ();
}
