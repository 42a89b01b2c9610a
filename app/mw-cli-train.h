/* mw-cli-train.h: the CLI commands that run experiments, and the pieces of them that
 * `eval` shares. */
#pragma once

#include "mw-core.h"

int mw_cli_list (int argc, char **argv);
int mw_cli_train (int argc, char **argv);
int mw_cli_download_omniglot (int argc, char **argv);
/* `show-data`: a PNG strip of a dataset's images under each domain shift. */
int mw_cli_show_data (int argc, char **argv);

/* Every Omniglot split, the named ones and a file, with what each holds (for `list`
 * and `train --help`). */
void mw_cli_append_splits (GString *out);
/* text and spaces up to width terminal columns (CJK characters take two). */
void mw_cli_print_padded (const char *text, int width);
/* The per-step mean ± 95% CI table of an evaluation, headed by title and the episode
 * shape of c. */
void mw_cli_print_result_table (const MwExperimentConfig *c, const MwEvalResult *r,
                                const char *title);
/* "evaluating 12/1000" on a terminal line, every 10th episode and the last (which
 * clears the line). */
void mw_cli_show_eval_progress (int done, int total);
/* --set key=value arguments applied to c, in order; the error names a malformed one or
 * the setting that refuses its value. */
gboolean mw_cli_apply_sets (MwExperimentConfig *c, char **sets, GError **error);
/* status, or a failure naming command when stdout could not take the output. */
int mw_cli_check_stdout (const char *command, int status);
