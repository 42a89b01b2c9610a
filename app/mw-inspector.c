/* mw-inspector.c: the inspection worker. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-inspector.h"

/* Grid points of the sine figure: 0.1 apart over [−5, 5]. */
#define SINE_GRID 101
/* Entries the kinds keep between requests (mw-inspect-keep.h): loaded runs and their
 * figures, the Boundary page's at most a few megabytes each. */
#define KEEP_CAPACITY 96

typedef void (*JobFunc) (MwInspector *self,
                         GTask       *task,
                         gpointer     data);

typedef struct {
  JobFunc        func;
  gpointer       data;
  GDestroyNotify free;
} Job;

struct _MwInspector
{
  GObject parent_instance;

  /* One thread, so the run is used by one thread at a time, in request order. */
  GThreadPool *pool;

  /* Worker thread only. */
  MwRun *run;
  MwRun *baseline;
  MwInspectKeep *keep;
  GStrv peer_names, peer_checkpoints;

  /* Main thread only: the last load that finished. */
  gboolean loaded;
  MwExperimentConfig config;
  MwPreprocess preprocess;
  char *title;
};

G_DEFINE_FINAL_TYPE (MwInspector, mw_inspector, G_TYPE_OBJECT)

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->free != NULL)
    job->free (job->data);
  g_free (job);
}

/* The worker's reference is dropped on the main loop: the last reference to
 * the task may hold the last one to the inspector, whose finalize waits for
 * the pool and so must not run on the pool's own thread. */
static void
unref_later (gpointer task)
{
  g_idle_add_once ((GSourceOnceFunc) g_object_unref, task);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  GTask *task = data;
  MwInspector *self = user_data;
  Job *job = g_task_get_task_data (task);

  mw_core_thread_set_background ();
  if (!g_task_return_error_if_cancelled (task))
    job->func (self, task, job->data);
  unref_later (task);
}

static void
queue_job (MwInspector  *self,
           GTask        *task,
           JobFunc       func,
           gpointer      data,
           GDestroyNotify free_data)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->free = free_data;
  g_task_set_task_data (task, job, job_free);
  g_thread_pool_push (self->pool, task, NULL);
}

static gboolean
have_run (MwInspector  *self,
          GError      **error)
{
  if (self->run != NULL)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
               "%s", _("No run to inspect: select a run that has a checkpoint"));
  return FALSE;
}

/* Images of a known polarity (glyphs, Omniglot) store ink as 1: shown dark on
 * light paper.  A folder's are as its files are. */
static gboolean
ink_data (const MwExperimentConfig *config)
{
  const MwDataInfo *data = mw_data_info (config->data);

  return !data->regression && !data->invert_setting;
}

static char *
run_title (MwRun *run)
{
  const MwExperimentConfig *c = mw_run_get_config (run);
  gint64 iterations = mw_run_get_iteration (run);

  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, iterations);

  /* Translators: the inspected run: its algorithm and how long it trained. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s iteration", "%s, %s iterations",
                                       (gulong) iterations),
                          mw_algorithm_kind_title (c->algo.kind), count);
}

/* --- loading ------------------------------------------------------------ */

typedef struct {
  char *checkpoint;          /* or NULL: build from config and train */
  MwExperimentConfig config;
  gboolean has_config;
} LoadData;

typedef struct {
  MwExperimentConfig config;
  MwPreprocess preprocess;
  char *title;
} LoadResult;

static void
load_data_free (gpointer data)
{
  LoadData *d = data;

  g_free (d->checkpoint);
  if (d->has_config)
    mw_experiment_config_clear (&d->config);
  g_free (d);
}

static void
load_result_free (gpointer data)
{
  LoadResult *r = data;

  mw_experiment_config_clear (&r->config);
  g_free (r->title);
  g_free (r);
}

static void
load_job (MwInspector *self,
          GTask       *task,
          gpointer     data)
{
  LoadData *d = data;
  GError *error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  MwRun *run;
  LoadResult *result;

  if (d->checkpoint != NULL)
    run = mw_run_new_from_checkpoint (d->checkpoint, &error);
  else
    run = mw_run_new (&d->config, &error);
  if (run == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* One BLAS thread: the inspector must not take the cores from training. */
  mw_run_set_threads (run, 1);

  while (d->checkpoint == NULL && !mw_run_is_finished (run))
    {
      MwStepStats stats;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !mw_run_train_step (run, &stats, &error))
        {
          mw_run_free (run);
          g_task_return_error (task, error);
          return;
        }
    }

  g_clear_pointer (&self->run, mw_run_free);
  g_clear_pointer (&self->baseline, mw_run_free);
  mw_inspect_keep_clear (self->keep);
  self->run = run;

  result = g_new0 (LoadResult, 1);
  mw_experiment_config_copy (&result->config, mw_run_get_config (run));
  result->preprocess = *mw_run_get_preprocess (run);
  result->title = run_title (run);
  g_task_return_pointer (task, result, load_result_free);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  MwInspector *self = MW_INSPECTOR (source);
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;
  LoadResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  if (self->loaded)
    mw_experiment_config_clear (&self->config);
  mw_experiment_config_copy (&self->config, &result->config);
  self->preprocess = result->preprocess;
  g_free (self->title);
  self->title = g_steal_pointer (&result->title);
  self->loaded = TRUE;
  load_result_free (result);
  g_task_return_boolean (outer, TRUE);
}

static void
start_load (MwInspector         *self,
            LoadData            *data,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  GTask *inner = g_task_new (self, cancellable, load_done_cb, outer);

  g_task_set_source_tag (outer, start_load);
  queue_job (self, inner, load_job, data, load_data_free);
}

void
mw_inspector_load_checkpoint_async (MwInspector         *self,
                                    const char          *checkpoint,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  LoadData *data;

  g_return_if_fail (MW_IS_INSPECTOR (self));
  g_return_if_fail (checkpoint != NULL);

  data = g_new0 (LoadData, 1);
  data->checkpoint = g_strdup (checkpoint);
  start_load (self, data, cancellable, callback, user_data);
}

void
mw_inspector_train_async (MwInspector              *self,
                          const MwExperimentConfig *config,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  LoadData *data;

  g_return_if_fail (MW_IS_INSPECTOR (self));
  g_return_if_fail (config != NULL);

  data = g_new0 (LoadData, 1);
  mw_experiment_config_copy (&data->config, config);
  data->has_config = TRUE;
  start_load (self, data, cancellable, callback, user_data);
}

gboolean
mw_inspector_load_finish (MwInspector   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mw_inspector_get_loaded (MwInspector *self)
{
  g_return_val_if_fail (MW_IS_INSPECTOR (self), FALSE);

  return self->loaded;
}

const MwExperimentConfig *
mw_inspector_get_config (MwInspector *self)
{
  g_return_val_if_fail (MW_IS_INSPECTOR (self), NULL);

  return self->loaded ? &self->config : NULL;
}

const MwPreprocess *
mw_inspector_get_preprocess (MwInspector *self)
{
  g_return_val_if_fail (MW_IS_INSPECTOR (self), NULL);

  return self->loaded ? &self->preprocess : NULL;
}

const char *
mw_inspector_get_title (MwInspector *self)
{
  g_return_val_if_fail (MW_IS_INSPECTOR (self), NULL);

  return self->title;
}

/* --- episodes ----------------------------------------------------------- */

static gboolean
inspect_task (MwInspector         *self,
              const MwTask        *task,
              MwEpisodeInspection *r,
              GError             **error_out)
{
  MwAlgorithm *algo = mw_run_get_algorithm (self->run);
  const MwExperimentConfig *c = mw_run_get_config (self->run);
  g_autoptr(GError) error = NULL;

  r->ways = task->ways;
  r->n_support = task->support_x->shape[0];
  r->n_query = task->query_x->shape[0];
  r->height = task->support_x->shape[1];
  r->width = task->support_x->shape[2];
  r->support_labels = g_memdup2 (task->support_labels, sizeof (int32_t) * r->n_support);
  r->support_rgb = mw_inspection_images_to_rgb (task->support_x->data, r->n_support, r->height,
                                                r->width, task->support_x->shape[3], ink_data (c));
  r->query_rgb = mw_inspection_images_to_rgb (task->query_x->data, r->n_query, r->height,
                                              r->width, task->query_x->shape[3], ink_data (c));
  if (!mw_inspect_episode (algo, task, mw_algorithm_kind_is_metric (c->algo.kind) ? 0 : c->test_steps,
                           &r->trace, error_out))
    return FALSE;
  r->has_embedding = mw_inspect_embedding (algo, task, &r->embedding, &error);
  return TRUE;
}

static gpointer
episode_compute (MwInspector   *self,
                 GVariant      *params,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const MwExperimentConfig *c = mw_run_get_config (self->run);
  guint64 seed;
  gboolean training;
  const MwDataset *ds;
  const MwEpisode *episode;
  MwTaskGen *gen;
  MwEpisodeInspection *r;
  MwTask t;
  MwRng rng;

  if (mw_data_info (c->data)->regression)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s",
                   _("A regression run has no classification episodes"));
      return NULL;
    }
  if (mw_data_info (c->data)->points)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s",
                   _("A planar run's tasks are points in the plane, not images: "
                     "the Boundary page draws them"));
      return NULL;
    }

  /* A training task comes from the training source, which distorts its images as the
   * run's augmentation does: the images shown are those the learner is given. */
  g_variant_get (params, "(tb)", &seed, &training);
  gen = mw_run_get_task_gen (self->run, training ? "train" : "test");
  ds = mw_run_get_dataset (self->run, training ? "train" : "test");
  mw_rng_init (&rng, seed, 0);
  if (!mw_task_gen_next (gen, c->ways, c->shots, c->queries, &rng, &t, error))
    return NULL;
  episode = mw_task_gen_episode (gen, 0);

  r = mw_inspection_new (&mw_episode_inspection_kind);
  r->seed = seed;
  r->training = training;
  r->augmented = training && c->augment != MW_AUGMENT_NONE;
  r->title = run_title (self->run);
  r->class_names = g_new0 (char *, t.ways + 1);
  for (int i = 0; i < t.ways; i++)
    r->class_names[i] = g_strdup (ds->class_names[episode->classes[i]]);
  if (!inspect_task (self, &t, r, error))
    g_clear_pointer (&r, mw_inspection_unref);
  return r;
}

typedef struct {
  MwHandEpisode *episode;
  char **class_names;
} HandData;

static void
hand_data_free (gpointer data)
{
  HandData *d = data;

  mw_hand_episode_free (d->episode);
  g_strfreev (d->class_names);
  g_free (d);
}

static void
hand_task_job (MwInspector *self,
               GTask       *task,
               gpointer     data)
{
  HandData *d = data;
  GError *error = NULL;
  const MwExperimentConfig *c;
  const MwTensor *x = d->episode->task.support_x;
  MwEpisodeInspection *r;

  if (!have_run (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  c = mw_run_get_config (self->run);
  if (mw_data_info (c->data)->regression)
    {
      g_task_return_new_error (task, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s",
                               _("The selected run learns sine curves, not images: choose an image run"));
      return;
    }
  if (mw_data_info (c->data)->points)
    {
      g_task_return_new_error (task, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s",
                               _("The selected run learns points in the plane, not images: "
                                 "choose an image run"));
      return;
    }
  if (x->shape[1] != c->image_size || x->shape[2] != c->image_size ||
      x->shape[3] != (mw_data_info (c->data)->colour ? c->channels : 1))
    {
      g_task_return_new_error (task, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                               _("The images are %d × %d × %d but the model takes %d × %d"),
                               x->shape[1], x->shape[2], x->shape[3], c->image_size, c->image_size);
      return;
    }

  /* MAML, Meta-SGD and Reptile end in a head of the trained number of ways;
   * only metric learners and the fine-tune baseline (a new head) take any. */
  if (mw_algorithm_info (c->algo.kind)->own_head && d->episode->task.ways != c->ways)
    {
      g_task_return_new_error (task, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "This %s model classifies %d-way tasks, but the task has %d class: "
                                            "choose %d classes, or train a new model",
                                            "This %s model classifies %d-way tasks, but the task has %d classes: "
                                            "choose %d classes, or train a new model",
                                            d->episode->task.ways),
                               mw_algorithm_kind_title (c->algo.kind), c->ways, d->episode->task.ways, c->ways);
      return;
    }

  r = mw_inspection_new (&mw_episode_inspection_kind);
  r->title = run_title (self->run);
  r->class_names = g_strdupv (d->class_names);
  /* The task builder made these images as the model's own were (its preprocessing,
   * inverted or not): the pictures show them as the model sees them. */
  if (!inspect_task (self, &d->episode->task, r, &error))
    {
      mw_inspection_unref (r);
      g_task_return_error (task, error);
      return;
    }
  g_free (r->support_rgb);
  g_free (r->query_rgb);
  r->support_rgb = mw_inspection_images_to_rgb (x->data, r->n_support, r->height, r->width,
                                                x->shape[3], FALSE);
  r->query_rgb = mw_inspection_images_to_rgb (d->episode->task.query_x->data, r->n_query,
                                              r->height, r->width, x->shape[3], FALSE);
  g_task_return_pointer (task, r, (GDestroyNotify) mw_inspection_unref);
}

void
mw_inspector_hand_task_async (MwInspector         *self,
                              MwHandEpisode       *episode,
                              const char * const  *class_names,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  HandData *data;
  GTask *task;

  g_return_if_fail (MW_IS_INSPECTOR (self));
  g_return_if_fail (episode != NULL);

  data = g_new0 (HandData, 1);
  data->episode = episode;
  data->class_names = g_strdupv ((char **) class_names);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mw_inspector_compute_async);
  queue_job (self, task, hand_task_job, data, hand_data_free);
}

/* --- sine fits ---------------------------------------------------------- */

/* The pre-trained baseline of the same settings: fine-tuning a network
 * trained on all tasks at once, as the MAML paper compares against. */
static MwRun *
train_baseline (MwInspector   *self,
                GCancellable  *cancellable,
                GError       **error)
{
  const MwExperimentConfig *c = mw_run_get_config (self->run);
  MwExperimentConfig b;
  MwRun *run;

  mw_experiment_config_copy (&b, c);
  b.algo.kind = MW_ALGO_FINETUNE;
  b.iterations = MAX (mw_run_get_iteration (self->run), 1);
  b.eval_every = 0;
  b.checkpoint_every = 0;
  b.threads = 1;
  /* The same α: the comparison is about the initialisation, not the step. */
  b.algo.finetune_lr = c->algo.inner_lr;
  b.algo.finetune_steps = c->test_steps;
  run = mw_run_new (&b, error);
  mw_experiment_config_clear (&b);
  if (run == NULL)
    return NULL;

  while (!mw_run_is_finished (run))
    {
      MwStepStats stats;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !mw_run_train_step (run, &stats, error))
        {
          mw_run_free (run);
          return NULL;
        }
    }
  return run;
}

static gpointer
sine_fit_compute (MwInspector   *self,
                  GVariant      *params,
                  GCancellable  *cancellable,
                  GError       **error)
{
  guint64 seed = g_variant_get_uint64 (params);
  const MwExperimentConfig *c = mw_run_get_config (self->run);
  MwSineInspection *r;
  MwSineTask sine;
  MwRng rng, points;

  if (!mw_data_info (c->data)->regression)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s",
                   _("Sine fits need a sinusoid regression run"));
      return NULL;
    }
  if (c->algo.kind != MW_ALGO_FINETUNE && self->baseline == NULL)
    {
      self->baseline = train_baseline (self, cancellable, error);
      if (self->baseline == NULL)
        return NULL;
    }

  mw_rng_init (&rng, seed, 0);
  mw_sine_task_sample (&sine, &rng);
  /* The baseline gets the very same support points. */
  points = rng;

  r = mw_inspection_new (&mw_sine_inspection_kind);
  r->seed = seed;
  r->title = run_title (self->run);
  if (!mw_inspect_sine_fit (mw_run_get_algorithm (self->run), &sine, c->shots, c->test_steps,
                            SINE_GRID, &rng, &r->fit, error))
    {
      mw_inspection_unref (r);
      return NULL;
    }
  if (self->baseline != NULL)
    {
      r->has_baseline = mw_inspect_sine_fit (mw_run_get_algorithm (self->baseline), &sine, c->shots,
                                             c->test_steps, SINE_GRID, &points, &r->baseline, NULL);
      r->baseline_title = g_strdup (_("Pre-trained baseline (not meta-trained)"));
    }
  return r;
}

/* --- comparison --------------------------------------------------------- */

static gboolean
compare_progress (int      done,
                  int      total,
                  gpointer user_data)
{
  return !g_cancellable_is_cancelled (user_data);
}

static gpointer
compare_compute (MwInspector   *self,
                 GVariant      *params,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree const char **names = NULL, **checkpoints = NULL;
  g_autoptr(MwCompareInspection) r = NULL;
  int episodes;

  g_variant_get (params, "(^a&s^a&si)", &names, &checkpoints, &episodes);
  r = mw_compare_inspection_new (g_strv_length ((char **) names));
  for (int i = 0; i < r->n_runs; i++)
    {
      MwRun *run = self->run, *own = NULL;
      gboolean ok;

      r->names[i] = g_strdup (names[i]);
      if (*checkpoints[i] != '\0')
        {
          own = run = mw_run_new_from_checkpoint (checkpoints[i], error);
          if (own == NULL)
            return NULL;
          mw_run_set_threads (own, 1);
        }
      else if (run == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                       _("No run to inspect: select a run that has a checkpoint"));
          return NULL;
        }
      ok = mw_run_test (run, episodes, compare_progress, cancellable, &r->results[i], error);
      g_clear_pointer (&own, mw_run_free);
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&r);
}

/* --- the table ---------------------------------------------------------- */

typedef gpointer (*ComputeFunc) (MwInspector   *self,
                                 GVariant      *params,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* What each kind of record is computed by. A kind not in the table is
 * computed by its own compute(), given the loaded run. */
static const struct {
  const MwInspectionKind *kind;
  gboolean                needs_run;  /* else it may run with none loaded */
  ComputeFunc             compute;
} jobs[] = {
  { &mw_episode_inspection_kind, TRUE, episode_compute },
  { &mw_sine_inspection_kind, TRUE, sine_fit_compute },
  /* Each run may come from its own checkpoint. */
  { &mw_compare_inspection_kind, FALSE, compare_compute },
};

typedef struct {
  const MwInspectionKind *kind;
  GVariant *params;          /* or NULL */
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *d = data;

  g_clear_pointer (&d->params, g_variant_unref);
  g_free (d);
}

static gpointer
compute_record (MwInspector       *self,
                const ComputeData *d,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autofree char *title = NULL;
  MwInspectRequest request;

  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    if (jobs[i].kind == d->kind)
      {
        if (jobs[i].needs_run && !have_run (self, error))
          return NULL;
        return jobs[i].compute (self, d->params, cancellable, error);
      }

  if (!have_run (self, error))
    return NULL;
  title = run_title (self->run);
  request = (MwInspectRequest) { self->run, title, d->params, cancellable,
                                 (int) (self->peer_names ? g_strv_length (self->peer_names) : 0),
                                 (const char * const *) self->peer_names,
                                 (const char * const *) self->peer_checkpoints, self->keep };
  return d->kind->compute (&request, error);
}

static void
compute_job (MwInspector *self,
             GTask       *task,
             gpointer     data)
{
  GError *error = NULL;
  gpointer record = compute_record (self, data, g_task_get_cancellable (task), &error);

  if (record != NULL)
    g_task_return_pointer (task, record, mw_inspection_unref);
  else
    g_task_return_error (task, error);
}

static gboolean
has_job (const MwInspectionKind *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    if (jobs[i].kind == kind)
      return TRUE;
  return kind->compute != NULL;
}

void
mw_inspector_compute_async (MwInspector            *self,
                            const MwInspectionKind *kind,
                            GVariant               *params,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  ComputeData *data;
  GTask *task;

  g_return_if_fail (MW_IS_INSPECTOR (self));
  g_return_if_fail (kind != NULL && has_job (kind));

  data = g_new0 (ComputeData, 1);
  data->kind = kind;
  data->params = params != NULL ? g_variant_ref_sink (params) : NULL;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mw_inspector_compute_async);
  queue_job (self, task, compute_job, data, compute_data_free);
}

gpointer
mw_inspector_compute_finish (MwInspector   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the other runs ---------------------------------------------------- */

typedef struct {
  GStrv names, checkpoints;
} PeersData;

static void
peers_data_free (gpointer data)
{
  PeersData *d = data;

  g_strfreev (d->names);
  g_strfreev (d->checkpoints);
  g_free (d);
}

static void
peers_job (MwInspector *self,
           GTask       *task,
           gpointer     data)
{
  PeersData *d = data;

  g_strfreev (self->peer_names);
  g_strfreev (self->peer_checkpoints);
  self->peer_names = g_steal_pointer (&d->names);
  self->peer_checkpoints = g_steal_pointer (&d->checkpoints);
  g_task_return_boolean (task, TRUE);
}

void
mw_inspector_set_peers (MwInspector        *self,
                        int                 n,
                        const char * const *names,
                        const char * const *checkpoints)
{
  PeersData *data;
  GTask *task;

  g_return_if_fail (MW_IS_INSPECTOR (self));
  g_return_if_fail (n >= 0);

  data = g_new0 (PeersData, 1);
  data->names = g_new0 (char *, n + 1);
  data->checkpoints = g_new0 (char *, n + 1);
  for (int i = 0; i < n; i++)
    {
      data->names[i] = g_strdup (names[i]);
      data->checkpoints[i] = g_strdup (checkpoints[i]);
    }
  /* On the worker, in request order: the requests after this one see these runs. */
  task = g_task_new (self, NULL, NULL, NULL);
  queue_job (self, task, peers_job, data, peers_data_free);
}

/* --- object ------------------------------------------------------------- */

static void
mw_inspector_finalize (GObject *object)
{
  MwInspector *self = MW_INSPECTOR (object);

  /* Every queued job holds a reference: none is left, so this waits for nothing. */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_clear_pointer (&self->run, mw_run_free);
  g_clear_pointer (&self->baseline, mw_run_free);
  mw_inspect_keep_free (self->keep);
  g_strfreev (self->peer_names);
  g_strfreev (self->peer_checkpoints);
  if (self->loaded)
    mw_experiment_config_clear (&self->config);
  g_free (self->title);

  G_OBJECT_CLASS (mw_inspector_parent_class)->finalize (object);
}

static void
mw_inspector_class_init (MwInspectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mw_inspector_finalize;
}

static void
mw_inspector_init (MwInspector *self)
{
  self->pool = g_thread_pool_new (worker_func, self, 1, FALSE, NULL);
  self->keep = mw_inspect_keep_new (KEEP_CAPACITY);
}

MwInspector *
mw_inspector_new (void)
{
  return g_object_new (MW_TYPE_INSPECTOR, NULL);
}
