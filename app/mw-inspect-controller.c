/* mw-inspect-controller.c: the inspect page's requests, answered in the background. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-inspect-controller.h"

#include "mw-cost-view.h"

/* The task builder's "Train New Model": a quick Prototypical Network on the
 * built-in glyphs, which needs no files and adapts without gradient steps. */
#define QUICK_MODEL_ITERATIONS 150

struct _MwInspectController
{
  GObject parent_instance;

  MwInspectPage *page;
  MwInspector *inspector;
  char *name;
  guint pending;
  int compare_episodes;
  GPtrArray *compare_names;        /* char * */
  GPtrArray *compare_checkpoints;  /* char *, NULL for the inspected run */
  GArray    *compare_colors;       /* GdkRGBA, empty: the chart's palette */

  /* One per kind of request: a newer request cancels the older. */
  GCancellable *load_cancellable;
  GCancellable *episode_cancellable;
  GCancellable *sine_cancellable;
  GCancellable *compare_cancellable;
  GHashTable *view_cancellables;   /* const MwInspectionKind * → GCancellable */
  GCancellable *hand_cancellable;
  gboolean adapt_after_load;
  /* Whether requests are answered: the inspector's model (loaded or on its
   * way) is the run the page names; not while the page shows a run without
   * a checkpoint, or none. The inspector answers in order, so a request made
   * while a model loads gets that model. */
  gboolean model_shown;

  /* Timings measure the whole machine: the cost measurement waits while
   * runs train, and one they start during says so. */
  guint training;           /* runs training now, as the window counts them */
  gboolean cost_waiting;    /* a measurement asked for waits for them */
  gboolean cost_measuring;
  guint cost_load;          /* the most runs that trained during it */
};

G_DEFINE_FINAL_TYPE (MwInspectController, mw_inspect_controller, G_TYPE_OBJECT)

static GCancellable *
renew (GCancellable **slot)
{
  if (*slot != NULL)
    g_cancellable_cancel (*slot);
  g_clear_object (slot);
  *slot = g_cancellable_new ();
  return *slot;
}

static void
begin (MwInspectController *self,
       const char          *what)
{
  self->pending++;
  mw_inspect_page_set_status (self->page, what, TRUE, FALSE);
}

/* Returns: FALSE for a request that was cancelled (superseded): say nothing. */
static gboolean
end (MwInspectController *self,
     GError              *error)
{
  self->pending--;
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->pending == 0)
        mw_inspect_page_set_status (self->page, NULL, FALSE, FALSE);
      return FALSE;
    }
  if (error != NULL)
    mw_inspect_page_set_status (self->page, error->message, FALSE, TRUE);
  else if (self->pending == 0)
    mw_inspect_page_set_status (self->page, NULL, FALSE, FALSE);
  return TRUE;
}

/* --- results ------------------------------------------------------------ */

static void
episode_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(MwInspectController) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MwEpisodeInspection) r = mw_inspector_compute_finish (MW_INSPECTOR (source), result, &error);

  if (end (self, error) && r != NULL)
    mw_inspect_page_show_episode (self->page, r);
}

static void
episode_requested_cb (MwInspectPage       *page,
                      guint64              seed,
                      MwInspectController *self)
{
  gboolean training = mw_inspect_page_get_training_episode (page);

  if (!self->model_shown)
    return;
  begin (self, training ? _("Adapting on a training task…") : _("Adapting on a test episode…"));
  mw_inspector_compute_async (self->inspector, &mw_episode_inspection_kind,
                              g_variant_new ("(tb)", seed, training),
                              renew (&self->episode_cancellable), episode_done_cb, g_object_ref (self));
}

static void
sine_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(MwInspectController) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MwSineInspection) r = mw_inspector_compute_finish (MW_INSPECTOR (source), result, &error);

  if (end (self, error) && r != NULL)
    mw_inspect_page_show_sine_fit (self->page, r);
}

static void
sine_requested_cb (MwInspectPage       *page,
                   guint64              seed,
                   MwInspectController *self)
{
  if (!self->model_shown)
    return;
  begin (self, _("Fitting a sine task (the first time also trains the baseline)…"));
  mw_inspector_compute_async (self->inspector, &mw_sine_inspection_kind, g_variant_new_uint64 (seed),
                              renew (&self->sine_cancellable), sine_done_cb, g_object_ref (self));
}

static MwCostView *
cost_view (MwInspectController *self)
{
  return MW_COST_VIEW (mw_inspect_page_get_view (self->page, "cost"));
}

static void
inspection_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(MwInspectController) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MwInspection) r = mw_inspector_compute_finish (MW_INSPECTOR (source), result, &error);

  if (r != NULL && mw_inspection_get_kind (r) == &mw_cost_inspection_kind)
    {
      ((MwCostInspection *) r)->measured_under_load = self->cost_load;
      self->cost_measuring = FALSE;
    }
  if (end (self, error) && r != NULL)
    mw_inspect_page_show_inspection (self->page, mw_inspection_get_kind (r), r);
}

/* The button above a view: the view's record, computed from its kind and the
 * parameters the view gives. */
static void
inspection_requested_cb (MwInspectPage          *page,
                         const MwInspectionKind *kind,
                         const char             *status,
                         GVariant               *params,
                         MwInspectController    *self)
{
  GCancellable *cancellable = g_hash_table_lookup (self->view_cancellables, kind);

  if (!self->model_shown)
    return;
  if (kind == &mw_cost_inspection_kind)
    {
      /* Timed now, the other runs' work would be timed too. */
      self->cost_waiting = self->training > 0;
      mw_cost_view_set_waiting (cost_view (self), self->cost_waiting ? self->training : 0);
      if (self->cost_waiting)
        return;
      self->cost_measuring = TRUE;
      self->cost_load = 0;
    }
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  cancellable = g_cancellable_new ();
  g_hash_table_replace (self->view_cancellables, (gpointer) kind, cancellable);
  begin (self, status);
  mw_inspector_compute_async (self->inspector, kind, params, cancellable, inspection_done_cb, g_object_ref (self));
}

static void
compare_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(MwInspectController) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MwCompareInspection) r = mw_inspector_compute_finish (MW_INSPECTOR (source), result, &error);

  if (!end (self, error) || r == NULL)
    return;
  /* Each run in its own colour, as in the training charts. */
  if (r->colors == NULL && self->compare_colors->len == (guint) r->n_runs)
    r->colors = g_memdup2 (self->compare_colors->data, sizeof (GdkRGBA) * (gsize) r->n_runs);
  mw_inspect_page_show_compare (self->page, r);
}

static void
compare_requested_cb (MwInspectPage       *page,
                      MwInspectController *self)
{
  GVariantBuilder names, checkpoints;

  if (!self->model_shown)
    return;
  g_variant_builder_init (&names, G_VARIANT_TYPE_STRING_ARRAY);
  g_variant_builder_init (&checkpoints, G_VARIANT_TYPE_STRING_ARRAY);
  for (guint i = 0; i < self->compare_names->len; i++)
    {
      const char *checkpoint = g_ptr_array_index (self->compare_checkpoints, i);

      g_variant_builder_add (&names, "s", g_ptr_array_index (self->compare_names, i));
      g_variant_builder_add (&checkpoints, "s", checkpoint != NULL ? checkpoint : "");
    }
  /* No runs chosen: the inspected run alone. */
  if (self->compare_names->len == 0)
    {
      g_variant_builder_add (&names, "s", self->name != NULL ? self->name : "");
      g_variant_builder_add (&checkpoints, "s", "");
    }
  begin (self, _("Testing the runs on the same test episodes…"));
  mw_inspector_compute_async (self->inspector, &mw_compare_inspection_kind,
                              g_variant_new ("(asasi)", &names, &checkpoints, self->compare_episodes),
                              renew (&self->compare_cancellable), compare_done_cb, g_object_ref (self));
}

static void
hand_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(MwInspectController) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MwEpisodeInspection) r = mw_inspector_compute_finish (MW_INSPECTOR (source), result, &error);
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (self->page);

  if (!end (self, error))
    return;
  mw_task_builder_show_result (builder, r, error != NULL ? error->message : NULL);
}

static void
adapt_requested_cb (MwTaskBuilder       *builder,
                    MwInspectController *self)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  MwHandEpisode *episode;

  if (!mw_inspector_get_loaded (self->inspector) || !self->model_shown)
    {
      mw_task_builder_show_result (builder, NULL, _("No trained model: select a run, or train a new model"));
      return;
    }
  episode = mw_task_builder_build_episode (builder, &names, &error);
  if (episode == NULL)
    {
      mw_task_builder_show_result (builder, NULL, error->message);
      return;
    }
  begin (self, _("Adapting the model on the hand-built task…"));
  mw_inspector_hand_task_async (self->inspector, episode, (const char * const *) names,
                                renew (&self->hand_cancellable), hand_done_cb, g_object_ref (self));
}

/* --- loading ------------------------------------------------------------ */

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(MwInspectController) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const MwExperimentConfig *config;
  gboolean regression;
  gboolean adapt = self->adapt_after_load;

  self->adapt_after_load = FALSE;
  if (!mw_inspector_load_finish (MW_INSPECTOR (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->model_shown = FALSE;
      end (self, error);
      return;
    }
  end (self, NULL);

  config = mw_inspector_get_config (self->inspector);
  regression = mw_data_info (config->data)->regression;
  /* The run's name, then what its checkpoint holds: a run still training
   * is inspected as its last validation left it. */
  if (self->name != NULL && self->name[0] != '\0')
    title = g_strdup_printf ("%s · %s", self->name, mw_inspector_get_title (self->inspector));
  else
    title = g_strdup (mw_inspector_get_title (self->inspector));
  mw_inspect_page_set_run_kind (self->page, title,
                                regression ? MW_INSPECT_RUNS_REGRESSION
                                : mw_data_info (config->data)->points ? MW_INSPECT_RUNS_PLANAR
                                : MW_INSPECT_RUNS_CLASSIFICATION);
  mw_inspect_page_set_ways (self->page, regression ? 0 : config->ways);
  /* The builder loads its folder the way this model's images were made (a
   * planar model takes points, not images). */
  if (!regression && !mw_data_info (config->data)->points)
    mw_task_builder_set_preprocess (mw_inspect_page_get_task_builder (self->page),
                                    mw_inspector_get_preprocess (self->inspector));
  mw_inspect_page_clear (self->page);
  if (adapt)
    adapt_requested_cb (mw_inspect_page_get_task_builder (self->page), self);
  else if (regression)
    mw_inspect_page_next_sine_task (self->page);
  else
    mw_inspect_page_next_episode (self->page);
}

void
mw_inspect_controller_load_checkpoint (MwInspectController *self,
                                       const char          *checkpoint,
                                       const char          *name)
{
  g_return_if_fail (MW_IS_INSPECT_CONTROLLER (self));

  g_free (self->name);
  self->name = g_strdup (name);
  self->model_shown = checkpoint != NULL;
  if (checkpoint == NULL)
    {
      renew (&self->load_cancellable);
      mw_inspect_page_set_run (self->page, NULL, FALSE);
      mw_inspect_page_set_ways (self->page, 0);
      mw_inspect_page_clear (self->page);
      return;
    }
  begin (self, _("Loading the run’s checkpoint…"));
  mw_inspector_load_checkpoint_async (self->inspector, checkpoint, renew (&self->load_cancellable),
                                      load_done_cb, g_object_ref (self));
}

void
mw_inspect_controller_set_training_runs (MwInspectController *self,
                                         guint                n_training)
{
  g_return_if_fail (MW_IS_INSPECT_CONTROLLER (self));

  self->training = n_training;
  if (self->cost_measuring)
    self->cost_load = MAX (self->cost_load, n_training);
  if (!self->cost_waiting)
    return;
  if (n_training > 0)
    mw_cost_view_set_waiting (cost_view (self), n_training);
  else
    mw_inspect_page_request (self->page, "cost");
}

guint
mw_inspect_controller_get_training_runs (MwInspectController *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_CONTROLLER (self), 0);

  return self->training;
}

void
mw_inspect_controller_show_unavailable (MwInspectController *self,
                                        const char          *name,
                                        gboolean             regression,
                                        const char          *message)
{
  g_return_if_fail (MW_IS_INSPECT_CONTROLLER (self));
  g_return_if_fail (message != NULL);

  g_free (self->name);
  self->name = g_strdup (name);
  self->model_shown = FALSE;
  renew (&self->load_cancellable);
  mw_inspect_page_set_unavailable (self->page, name, regression, message);
}

void
mw_inspect_controller_train (MwInspectController      *self,
                             const MwExperimentConfig *config)
{
  g_return_if_fail (MW_IS_INSPECT_CONTROLLER (self));

  g_free (self->name);
  self->name = mw_experiment_config_describe (config);
  self->model_shown = TRUE;
  begin (self, _("Training a model to inspect…"));
  mw_inspector_train_async (self->inspector, config, renew (&self->load_cancellable),
                            load_done_cb, g_object_ref (self));
}

static void
train_requested_cb (MwTaskBuilder       *builder,
                    MwInspectController *self)
{
  MwExperimentConfig config;
  const MwDataset *ds = mw_task_builder_get_dataset (builder);

  mw_experiment_config_init (&config, MW_ALGO_PROTONET);
  config.iterations = QUICK_MODEL_ITERATIONS;
  config.eval_every = 0;
  config.algo.filters = 32;
  config.threads = 1;
  /* The folder was loaded at the model's size: train at that size. */
  if (ds != NULL)
    config.image_size = ds->height;
  self->adapt_after_load = TRUE;
  mw_inspect_controller_train (self, &config);
  mw_experiment_config_clear (&config);
}

void
mw_inspect_controller_set_compare_runs (MwInspectController *self,
                                        int                  n,
                                        const char * const  *names,
                                        const char * const  *checkpoints,
                                        const GdkRGBA       *colors)
{
  g_return_if_fail (MW_IS_INSPECT_CONTROLLER (self));

  g_ptr_array_set_size (self->compare_names, 0);
  g_ptr_array_set_size (self->compare_checkpoints, 0);
  g_array_set_size (self->compare_colors, 0);
  if (colors != NULL && n > 0)
    g_array_append_vals (self->compare_colors, colors, (guint) n);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (self->compare_names, g_strdup (names[i]));
      g_ptr_array_add (self->compare_checkpoints, g_strdup (checkpoints[i]));
    }
}

void
mw_inspect_controller_set_peer_runs (MwInspectController *self,
                                     int                  n,
                                     const char * const  *names,
                                     const char * const  *checkpoints)
{
  g_return_if_fail (MW_IS_INSPECT_CONTROLLER (self));

  mw_inspector_set_peers (self->inspector, n, names, checkpoints);
}

void
mw_inspect_controller_set_compare_episodes (MwInspectController *self,
                                            int                  episodes)
{
  g_return_if_fail (MW_IS_INSPECT_CONTROLLER (self));
  g_return_if_fail (episodes > 0);

  self->compare_episodes = episodes;
}

guint
mw_inspect_controller_get_pending (MwInspectController *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_CONTROLLER (self), 0);

  return self->pending;
}

MwInspector *
mw_inspect_controller_get_inspector (MwInspectController *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_CONTROLLER (self), NULL);

  return self->inspector;
}

static void
mw_inspect_controller_dispose (GObject *object)
{
  MwInspectController *self = MW_INSPECT_CONTROLLER (object);
  GCancellable **slots[] = { &self->load_cancellable, &self->episode_cancellable, &self->sine_cancellable,
                             &self->compare_cancellable, &self->hand_cancellable };
  GHashTableIter iter;
  gpointer cancellable;

  for (gsize i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      if (*slots[i] != NULL)
        g_cancellable_cancel (*slots[i]);
      g_clear_object (slots[i]);
    }
  g_hash_table_iter_init (&iter, self->view_cancellables);
  while (g_hash_table_iter_next (&iter, NULL, &cancellable))
    g_cancellable_cancel (cancellable);
  g_hash_table_remove_all (self->view_cancellables);
  if (self->page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->page, self);
      g_signal_handlers_disconnect_by_data (mw_inspect_page_get_task_builder (self->page), self);
    }
  g_clear_object (&self->page);
  g_clear_object (&self->inspector);
  G_OBJECT_CLASS (mw_inspect_controller_parent_class)->dispose (object);
}

static void
mw_inspect_controller_finalize (GObject *object)
{
  MwInspectController *self = MW_INSPECT_CONTROLLER (object);

  g_free (self->name);
  g_ptr_array_unref (self->compare_names);
  g_ptr_array_unref (self->compare_checkpoints);
  g_array_unref (self->compare_colors);
  g_hash_table_unref (self->view_cancellables);
  G_OBJECT_CLASS (mw_inspect_controller_parent_class)->finalize (object);
}

static void
mw_inspect_controller_class_init (MwInspectControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mw_inspect_controller_dispose;
  object_class->finalize = mw_inspect_controller_finalize;
}

static void
mw_inspect_controller_init (MwInspectController *self)
{
  self->inspector = mw_inspector_new ();
  self->compare_episodes = 100;
  self->compare_names = g_ptr_array_new_with_free_func (g_free);
  self->compare_checkpoints = g_ptr_array_new_with_free_func (g_free);
  self->compare_colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  self->view_cancellables = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

MwInspectController *
mw_inspect_controller_new (MwInspectPage *page)
{
  MwInspectController *self;

  g_return_val_if_fail (MW_IS_INSPECT_PAGE (page), NULL);

  self = g_object_new (MW_TYPE_INSPECT_CONTROLLER, NULL);
  self->page = g_object_ref (page);
  g_signal_connect (page, "episode-requested", G_CALLBACK (episode_requested_cb), self);
  g_signal_connect (page, "sine-fit-requested", G_CALLBACK (sine_requested_cb), self);
  g_signal_connect (page, "inspection-requested", G_CALLBACK (inspection_requested_cb), self);
  g_signal_connect (page, "compare-requested", G_CALLBACK (compare_requested_cb), self);
  g_signal_connect (mw_inspect_page_get_task_builder (page), "adapt-requested",
                    G_CALLBACK (adapt_requested_cb), self);
  g_signal_connect (mw_inspect_page_get_task_builder (page), "train-requested",
                    G_CALLBACK (train_requested_cb), self);
  return self;
}
