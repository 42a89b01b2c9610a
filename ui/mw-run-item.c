/* mw-run-item.c: one run as the run list and the charts see it. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-run-item.h"

struct _MwRunItem
{
  GObject parent_instance;

  char *id;
  char *name;
  GdkRGBA color;
  gboolean visible;
  MwRunState state;
  gint64 iteration;
  gint64 total;
  double eta;
  gboolean eta_lower_bound;
  int val_done;
  int val_total;            /* 0: not validating */
  char *error_message;
  gboolean regression;
  int ways;
  const MwMetricSpec *metrics;
  guint n_metrics;
  gboolean interrupted;
  gboolean resumable;
  gboolean elsewhere;
  gboolean has_settings;
  char *notice;
};

G_DEFINE_FINAL_TYPE (MwRunItem, mw_run_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOR,
  PROP_VISIBLE,
  PROP_STATE,
  PROP_ITERATION,
  PROP_TOTAL_ITERATIONS,
  PROP_FRACTION,
  PROP_ETA_SECONDS,
  PROP_ERROR_MESSAGE,
  PROP_REGRESSION,
  PROP_INTERRUPTED,
  PROP_RESUMABLE,
  PROP_NOTICE,
  PROP_ELSEWHERE,
  PROP_VALIDATION_FRACTION,
  PROP_HAS_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Mid-tone GNOME palette shades: readable on white and on dark grey, and
 * neighbours differ in hue so the first few runs are easy to tell apart. */
static const char *const palette[] = {
  "#3584e4", "#e66100", "#2ec27e", "#c061cb", "#e5a50a", "#e01b24", "#1c71d8", "#865e3c",
};

void
mw_run_item_palette_color (guint    index,
                           GdkRGBA *color)
{
  g_return_if_fail (color != NULL);
  gdk_rgba_parse (color, palette[index % G_N_ELEMENTS (palette)]);
}

const char *
mw_run_state_get_label (MwRunState state)
{
  switch (state)
    {
    case MW_RUN_STATE_QUEUED:
      return _("Queued");
    case MW_RUN_STATE_LOADING:
      return _("Loading data…");
    case MW_RUN_STATE_RUNNING:
      return _("Training");
    case MW_RUN_STATE_PAUSED:
      return _("Paused");
    case MW_RUN_STATE_FINISHED:
      return _("Finished");
    case MW_RUN_STATE_FAILED:
      return _("Failed");
    case MW_RUN_STATE_STOPPED:
      return _("Stopped");
    case MW_RUN_STATE_UNAVAILABLE:
    case MW_RUN_STATE_IDLE:
    default:
      return "";
    }
}

char *
mw_format_duration (double seconds)
{
  int s = (int) (MAX (seconds, 0.0) + 0.5);

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

char *
mw_run_item_dup_status_text (MwRunItem *self)
{
  const char *state;
  g_autofree char *progress = NULL;
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (MW_IS_RUN_ITEM (self), NULL);

  state = mw_run_item_get_state_label (self);
  if (self->total <= 0 || self->state == MW_RUN_STATE_QUEUED ||
      self->state == MW_RUN_STATE_LOADING)
    return g_strdup (state);

  /* Numbers as strings: a G_GINT64_FORMAT in a msgid hides it from xgettext. */
  if (mw_run_item_get_validating (self))
    {
      done = g_strdup_printf ("%d", self->val_done);
      total = g_strdup_printf ("%d", self->val_total);
      if (self->eta < 0.0)
        /* Translators: a run measuring its validation accuracy: episodes done,
         * of how many. */
        return g_strdup_printf (_("Validating… %s of %s episodes"), done, total);

      g_autofree char *eta = mw_format_duration (self->eta);

      if (self->eta_lower_bound)
        /* Translators: as "Validating… %s of %s episodes · %s left", while
         * the validations are not timed yet: the run takes longer still. */
        return g_strdup_printf (_("Validating… %s of %s episodes · at least %s left"), done, total, eta);
      /* Translators: a run measuring its validation accuracy: episodes done,
       * of how many, and the time left for the whole run (m:ss). */
      return g_strdup_printf (_("Validating… %s of %s episodes · %s left"), done, total, eta);
    }

  done = g_strdup_printf ("%" G_GINT64_FORMAT, self->iteration);
  total = g_strdup_printf ("%" G_GINT64_FORMAT, self->total);
  if (self->state == MW_RUN_STATE_RUNNING && self->eta >= 0.0)
    {
      g_autofree char *eta = mw_format_duration (self->eta);

      if (self->eta_lower_bound)
        /* Translators: as "Iteration %s of %s · %s left", before the first
         * validation is timed: the run takes longer still. */
        progress = g_strdup_printf (_("Iteration %s of %s · at least %s left"), done, total, eta);
      else
        /* Translators: progress of a run: iterations done, of how many, and
         * the time left (m:ss). */
        progress = g_strdup_printf (_("Iteration %s of %s · %s left"), done, total, eta);
    }
  else
    /* Translators: progress of a run: iterations done, of how many. */
    progress = g_strdup_printf (_("Iteration %s of %s"), done, total);

  /* Translators: a run's state, then its progress ("Paused · Iteration 3 of 60"). */
  return g_strdup_printf (_("%s · %s"), state, progress);
}

/* --- accessors ------------------------------------------------------------ */

const char *
mw_run_item_get_id (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), NULL);
  return self->id;
}

const char *
mw_run_item_get_name (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), NULL);
  return self->name;
}

void
mw_run_item_set_name (MwRunItem  *self,
                      const char *name)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));
  g_return_if_fail (name != NULL);

  if (set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const GdkRGBA *
mw_run_item_get_color (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), NULL);
  return &self->color;
}

void
mw_run_item_set_color (MwRunItem     *self,
                       const GdkRGBA *color)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));
  g_return_if_fail (color != NULL);

  if (gdk_rgba_equal (&self->color, color))
    return;
  self->color = *color;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

gboolean
mw_run_item_get_visible (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->visible;
}

void
mw_run_item_set_visible (MwRunItem *self,
                         gboolean   visible)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

MwRunState
mw_run_item_get_state (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), MW_RUN_STATE_IDLE);
  return self->state;
}

void
mw_run_item_set_state (MwRunItem  *self,
                       MwRunState  state)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gint64
mw_run_item_get_iteration (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), 0);
  return self->iteration;
}

gint64
mw_run_item_get_total_iterations (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), 0);
  return self->total;
}

double
mw_run_item_get_fraction (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), 0.0);
  if (self->total <= 0)
    return 0.0;
  return CLAMP ((double) self->iteration / (double) self->total, 0.0, 1.0);
}

gboolean
mw_run_item_get_validating (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->val_total > 0 && MW_RUN_STATE_IS_ACTIVE (self->state);
}

double
mw_run_item_get_validation_fraction (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), 0.0);
  if (self->val_total <= 0)
    return 0.0;
  return CLAMP ((double) self->val_done / (double) self->val_total, 0.0, 1.0);
}

void
mw_run_item_set_validation (MwRunItem *self,
                            int        done,
                            int        total)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  if (self->val_done == done && self->val_total == total)
    return;
  self->val_done = done;
  self->val_total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_FRACTION]);
}

double
mw_run_item_get_eta_seconds (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), -1.0);
  return self->eta;
}

gboolean
mw_run_item_get_eta_is_lower_bound (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->eta_lower_bound;
}

void
mw_run_item_set_eta_is_lower_bound (MwRunItem *self,
                                    gboolean   lower_bound)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  lower_bound = !!lower_bound;
  if (self->eta_lower_bound == lower_bound)
    return;
  self->eta_lower_bound = lower_bound;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA_SECONDS]);
}

void
mw_run_item_set_progress (MwRunItem *self,
                          gint64     iteration,
                          gint64     total,
                          double     eta_seconds)
{
  gboolean it_changed, total_changed;

  g_return_if_fail (MW_IS_RUN_ITEM (self));

  it_changed = self->iteration != iteration;
  total_changed = self->total != total;
  if (!it_changed && !total_changed && self->eta == eta_seconds)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->iteration = iteration;
  self->total = total;
  self->eta = eta_seconds;
  if (it_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITERATION]);
  if (total_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_ITERATIONS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA_SECONDS]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
mw_run_item_get_error_message (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), NULL);
  return self->error_message;
}

void
mw_run_item_set_error_message (MwRunItem  *self,
                               const char *message)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  if (set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

gboolean
mw_run_item_get_regression (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->regression;
}

void
mw_run_item_set_regression (MwRunItem *self,
                            gboolean   regression)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  regression = !!regression;
  if (self->regression == regression)
    return;
  self->regression = regression;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGRESSION]);
}

int
mw_run_item_get_ways (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), 0);
  return self->ways;
}

void
mw_run_item_set_ways (MwRunItem *self,
                      int        ways)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  self->ways = MAX (ways, 0);
}

void
mw_run_item_set_metrics (MwRunItem          *self,
                         const MwMetricSpec *specs,
                         guint               n_specs)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));
  g_return_if_fail (specs != NULL);

  self->metrics = specs;
  self->n_metrics = n_specs;
}

const MwMetricSpec *
mw_run_item_get_metrics (MwRunItem *self,
                         guint     *n_specs)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), NULL);

  if (self->metrics == NULL)
    return mw_metric_specs_for_task (self->regression, n_specs);
  *n_specs = self->n_metrics;
  return self->metrics;
}

const char *
mw_run_item_get_state_label (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), "");

  if (self->elsewhere && self->state == MW_RUN_STATE_STOPPED)
    /* Translators: the state of a saved run that another window (another
     * instance of the application, or the command line) is training now. */
    return _("Training in another window");
  if (self->interrupted && self->state == MW_RUN_STATE_STOPPED)
    /* Translators: the state of a run the application did not get to stop
     * (it crashed or was killed while the run trained). */
    return _("Interrupted");
  if (mw_run_item_get_validating (self))
    /* Translators: the state of a run measuring its validation accuracy
     * (between two meta-iterations). */
    return _("Validating…");
  return mw_run_state_get_label (self->state);
}

gboolean
mw_run_item_get_interrupted (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->interrupted;
}

void
mw_run_item_set_interrupted (MwRunItem *self,
                             gboolean   interrupted)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  interrupted = !!interrupted;
  if (self->interrupted == interrupted)
    return;
  self->interrupted = interrupted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERRUPTED]);
}

gboolean
mw_run_item_get_elsewhere (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->elsewhere;
}

void
mw_run_item_set_elsewhere (MwRunItem *self,
                           gboolean   elsewhere)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  elsewhere = !!elsewhere;
  if (self->elsewhere == elsewhere)
    return;
  self->elsewhere = elsewhere;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELSEWHERE]);
}

gboolean
mw_run_item_get_resumable (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->resumable;
}

void
mw_run_item_set_resumable (MwRunItem *self,
                           gboolean   resumable)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  resumable = !!resumable;
  if (self->resumable == resumable)
    return;
  self->resumable = resumable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMABLE]);
}

gboolean
mw_run_item_get_has_settings (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), FALSE);
  return self->has_settings;
}

void
mw_run_item_set_has_settings (MwRunItem *self,
                              gboolean   has_settings)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  has_settings = !!has_settings;
  if (self->has_settings == has_settings)
    return;
  self->has_settings = has_settings;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SETTINGS]);
}

const char *
mw_run_item_get_notice (MwRunItem *self)
{
  g_return_val_if_fail (MW_IS_RUN_ITEM (self), NULL);
  return self->notice;
}

void
mw_run_item_set_notice (MwRunItem  *self,
                        const char *notice)
{
  g_return_if_fail (MW_IS_RUN_ITEM (self));

  if (set_str (&self->notice, notice))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

/* --- GObject --------------------------------------------------------------- */

static void
mw_run_item_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MwRunItem *self = MW_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOR:
      g_value_set_boxed (value, &self->color);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ITERATION:
      g_value_set_int64 (value, self->iteration);
      break;
    case PROP_TOTAL_ITERATIONS:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, mw_run_item_get_fraction (self));
      break;
    case PROP_ETA_SECONDS:
      g_value_set_double (value, self->eta);
      break;
    case PROP_VALIDATION_FRACTION:
      g_value_set_double (value, mw_run_item_get_validation_fraction (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_REGRESSION:
      g_value_set_boolean (value, self->regression);
      break;
    case PROP_INTERRUPTED:
      g_value_set_boolean (value, self->interrupted);
      break;
    case PROP_RESUMABLE:
      g_value_set_boolean (value, self->resumable);
      break;
    case PROP_HAS_SETTINGS:
      g_value_set_boolean (value, self->has_settings);
      break;
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    case PROP_ELSEWHERE:
      g_value_set_boolean (value, self->elsewhere);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_run_item_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MwRunItem *self = MW_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      mw_run_item_set_name (self, g_value_get_string (value) ? g_value_get_string (value) : "");
      break;
    case PROP_COLOR:
      if (g_value_get_boxed (value) != NULL)
        mw_run_item_set_color (self, g_value_get_boxed (value));
      break;
    case PROP_VISIBLE:
      mw_run_item_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_STATE:
      mw_run_item_set_state (self, g_value_get_enum (value));
      break;
    case PROP_ERROR_MESSAGE:
      mw_run_item_set_error_message (self, g_value_get_string (value));
      break;
    case PROP_REGRESSION:
      mw_run_item_set_regression (self, g_value_get_boolean (value));
      break;
    case PROP_INTERRUPTED:
      mw_run_item_set_interrupted (self, g_value_get_boolean (value));
      break;
    case PROP_RESUMABLE:
      mw_run_item_set_resumable (self, g_value_get_boolean (value));
      break;
    case PROP_HAS_SETTINGS:
      mw_run_item_set_has_settings (self, g_value_get_boolean (value));
      break;
    case PROP_NOTICE:
      mw_run_item_set_notice (self, g_value_get_string (value));
      break;
    case PROP_ELSEWHERE:
      mw_run_item_set_elsewhere (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_run_item_finalize (GObject *object)
{
  MwRunItem *self = MW_RUN_ITEM (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->error_message);
  g_free (self->notice);

  G_OBJECT_CLASS (mw_run_item_parent_class)->finalize (object);
}

static void
mw_run_item_class_init (MwRunItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = mw_run_item_get_property;
  object_class->set_property = mw_run_item_set_property;
  object_class->finalize = mw_run_item_finalize;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_COLOR] = g_param_spec_boxed ("color", NULL, NULL, GDK_TYPE_RGBA, rw);
  properties[PROP_VISIBLE] = g_param_spec_boolean ("visible", NULL, NULL, TRUE, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MW_TYPE_RUN_STATE, MW_RUN_STATE_QUEUED, rw);
  properties[PROP_ITERATION] = g_param_spec_int64 ("iteration", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TOTAL_ITERATIONS] =
    g_param_spec_int64 ("total-iterations", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_ETA_SECONDS] =
    g_param_spec_double ("eta-seconds", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, rw);
  properties[PROP_REGRESSION] = g_param_spec_boolean ("regression", NULL, NULL, FALSE, rw);
  properties[PROP_INTERRUPTED] = g_param_spec_boolean ("interrupted", NULL, NULL, FALSE, rw);
  properties[PROP_RESUMABLE] = g_param_spec_boolean ("resumable", NULL, NULL, FALSE, rw);
  properties[PROP_HAS_SETTINGS] = g_param_spec_boolean ("has-settings", NULL, NULL, FALSE, rw);
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, rw);
  properties[PROP_ELSEWHERE] = g_param_spec_boolean ("elsewhere", NULL, NULL, FALSE, rw);
  properties[PROP_VALIDATION_FRACTION] =
    g_param_spec_double ("validation-fraction", NULL, NULL, 0.0, 1.0, 0.0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mw_run_item_init (MwRunItem *self)
{
  self->visible = TRUE;
  self->state = MW_RUN_STATE_QUEUED;
  self->eta = -1.0;
  self->name = g_strdup ("");
  mw_run_item_palette_color (0, &self->color);
}

MwRunItem *
mw_run_item_new (const char    *id,
                 const char    *name,
                 const GdkRGBA *color)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  return g_object_new (MW_TYPE_RUN_ITEM, "id", id, "name", name, "color", color, NULL);
}
