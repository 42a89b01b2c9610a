/* test-planar-form.c: the experiment form offers the planar dataset from the dataset
 * table and copes with it: choosing it fills in the planar-linear preset (2 ways,
 * logistic regression), the settings are valid with a memory estimate, a family set
 * as an extra setting reaches the config, and an algorithm that compares embeddings
 * gets the MLP.
 * Screenshot planar-form.png (and -zh_CN) at the window's 1024 × 700. */
#include "config.h"

#include "mw-experiment-form.h"
#include "ui-test-util.h"

#include <glib/gi18n.h>
#include <locale.h>

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
  g_assert_true (mw_experiment_config_validate (&c, NULL));
  mw_experiment_config_clear (&c);
  mw_test_save_screenshot (window, "planar-form");

  /* The form has no field for the family: it travels as an extra setting. */
  mw_experiment_form_set_extra (form, "planar-family", "moons");
  mw_experiment_form_get_config (form, &c);
  g_assert_cmpint (c.planar_family, ==, MW_PLANAR_MOONS);
  mw_experiment_config_clear (&c);
  mw_experiment_form_set_extra (form, "planar-family", NULL);

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
  return g_test_run ();
}
