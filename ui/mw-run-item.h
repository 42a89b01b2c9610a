/* mw-run-item.h: one run as the run list and the charts see it.
 *
 * A plain object of observable properties: whoever owns the runs (app/) sets
 * them from the trainer and the saved files; the widgets bind to them and
 * never compute (DESIGN.md). The curve points live in the charts, not here.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-core.h"
#include "mw-run-control.h"

G_BEGIN_DECLS

#define MW_TYPE_RUN_ITEM (mw_run_item_get_type ())
G_DECLARE_FINAL_TYPE (MwRunItem, mw_run_item, MW, RUN_ITEM, GObject)

/* Returns: (transfer full): a visible, queued run with id @id (the name of
 * its folder, unique, never changes) and display name @name. */
MwRunItem     *mw_run_item_new               (const char    *id,
                                              const char    *name,
                                              const GdkRGBA *color);

const char    *mw_run_item_get_id            (MwRunItem     *self);

const char    *mw_run_item_get_name          (MwRunItem     *self);
void           mw_run_item_set_name          (MwRunItem     *self,
                                              const char    *name);
/* Returns: (transfer none): the colour of the run in the list and the charts. */
const GdkRGBA *mw_run_item_get_color         (MwRunItem     *self);
void           mw_run_item_set_color         (MwRunItem     *self,
                                              const GdkRGBA *color);
/* Whether its curves show in the charts. */
gboolean       mw_run_item_get_visible       (MwRunItem     *self);
void           mw_run_item_set_visible       (MwRunItem     *self,
                                              gboolean       visible);
MwRunState     mw_run_item_get_state         (MwRunItem     *self);
void           mw_run_item_set_state         (MwRunItem     *self,
                                              MwRunState     state);
gint64         mw_run_item_get_iteration     (MwRunItem     *self);
gint64         mw_run_item_get_total_iterations (MwRunItem  *self);
/* Sets the iteration, the total and the time left (< 0: unknown) at once. */
void           mw_run_item_set_progress      (MwRunItem     *self,
                                              gint64         iteration,
                                              gint64         total,
                                              double         eta_seconds);
double         mw_run_item_get_fraction      (MwRunItem     *self);
double         mw_run_item_get_eta_seconds   (MwRunItem     *self);
/* Whether the time left leaves out validations not timed yet: the row then
 * says "at least 1:50 left". */
gboolean       mw_run_item_get_eta_is_lower_bound (MwRunItem *self);
void           mw_run_item_set_eta_is_lower_bound (MwRunItem *self,
                                                   gboolean   lower_bound);
/* The validation going on: episodes done, of how many (total 0: none).
 * While an active run validates, its row shows the validation's own
 * progress instead of the iteration's. */
void           mw_run_item_set_validation    (MwRunItem     *self,
                                              int            done,
                                              int            total);
gboolean       mw_run_item_get_validating    (MwRunItem     *self);
double         mw_run_item_get_validation_fraction (MwRunItem *self);
/* Returns: (transfer none) (nullable): why the run failed. */
const char    *mw_run_item_get_error_message (MwRunItem     *self);
void           mw_run_item_set_error_message (MwRunItem     *self,
                                              const char    *message);
/* Regression runs (sinusoid) have a validation MSE instead of an accuracy. */
gboolean       mw_run_item_get_regression    (MwRunItem     *self);
void           mw_run_item_set_regression    (MwRunItem     *self,
                                              gboolean       regression);
/* The number of classes of the run's test episodes (0: unknown, or a
 * regression): its accuracy chart draws the chance level, 1 / ways. Set
 * before the item is shown. */
int            mw_run_item_get_ways          (MwRunItem     *self);
void           mw_run_item_set_ways          (MwRunItem     *self,
                                              int            ways);
/* The series the run measures (mw_metric_specs, a static table, not copied):
 * which charts show it. Set before the item is shown. Default: those of a
 * classification run. */
void           mw_run_item_set_metrics       (MwRunItem     *self,
                                              const MwMetricSpec *specs,
                                              guint          n_specs);
/* Returns: (transfer none) (array length=n_specs) */
const MwMetricSpec *mw_run_item_get_metrics  (MwRunItem     *self,
                                              guint         *n_specs);

/* A run the application did not get to stop (killed, crashed): it comes
 * back stopped and says "Interrupted" rather than "Stopped". */
gboolean       mw_run_item_get_interrupted   (MwRunItem     *self);
void           mw_run_item_set_interrupted   (MwRunItem     *self,
                                              gboolean       interrupted);
/* A saved run whose folder another live process (another window, the command
 * line) trains into: it says "Training in another window" and cannot continue
 * here until that process lets go. */
gboolean       mw_run_item_get_elsewhere     (MwRunItem     *self);
void           mw_run_item_set_elsewhere     (MwRunItem     *self,
                                              gboolean       elsewhere);
/* Whether the run can continue from its last checkpoint (it stopped before
 * its last iteration and has one): the row then offers Continue. */
gboolean       mw_run_item_get_resumable     (MwRunItem     *self);
void           mw_run_item_set_resumable     (MwRunItem     *self,
                                              gboolean       resumable);
/* Whether the run's settings are known (its experiment.ini could be read):
 * the row then offers to use them in the form, and to duplicate the run. */
gboolean       mw_run_item_get_has_settings  (MwRunItem     *self);
void           mw_run_item_set_has_settings  (MwRunItem     *self,
                                              gboolean       has_settings);
/* Returns: (transfer none) (nullable): something the user should know that
 * did not stop the run, e.g. the files of its dataset it trains without. */
const char    *mw_run_item_get_notice        (MwRunItem     *self);
void           mw_run_item_set_notice        (MwRunItem     *self,
                                              const char    *notice);
/* Returns: (transfer none): the translated name of the run's state, with
 * "Interrupted" for an interrupted run, "Training in another window" for
 * one trained elsewhere and "Validating…" for one validating. */
const char    *mw_run_item_get_state_label   (MwRunItem     *self);

/* Returns: (transfer full): "Training · Iteration 12 of 60 · 0:05 left", or
 * "Validating… 120 of 200 episodes · 0:40 left" while the run validates,
 * translated; what the run list shows under the name. */
char          *mw_run_item_dup_status_text   (MwRunItem     *self);

/* Returns: (transfer none): the translated name of @state ("Training"). */
const char    *mw_run_state_get_label        (MwRunState     state);
/* Returns: (transfer full): @seconds as m:ss or h:mm:ss. */
char          *mw_format_duration            (double         seconds);

/* Colour @index (any number; it wraps) of the palette runs are given in
 * order, chosen to stay apart on both light and dark backgrounds. */
void           mw_run_item_palette_color     (guint          index,
                                              GdkRGBA       *color);

G_END_DECLS
