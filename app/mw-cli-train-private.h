/* mw-cli-train-private.h: the parts of `train` in mw-cli-train-settings.c (how it
 * gathers its settings) that mw-cli-train.c calls. */
#pragma once

#include "mw-cli-train.h"

/* Whether --set gives key. */
gboolean mw_cli_sets_key (char **sets, const char *key);
/* Says which Omniglot classes a run of a preset uses and who chose them: a preset
 * chooses only splits the user left empty (given[i]: a split file or --set gave one). */
void mw_cli_print_preset_splits (const MwExperimentConfig *c, const char *preset,
                                 const gboolean given[3]);
/* Options that would set what a run learns must agree with the run being resumed: a
 * resumed run keeps its own settings, so a different value is refused, not ignored. */
gboolean mw_cli_check_resume_options (const MwExperimentConfig *rc, const char *algorithm,
                                      const char *preset, const char *config_path,
                                      const char *data_dir, GError **error);
/* "2G", "512MB", "1.5 GiB", "3000000000": bytes (K, M, G, T are powers of 1000, KiB… of
 * 1024).  FALSE for anything else or for zero. */
gboolean mw_cli_parse_memory_size (const char *text, guint64 *bytes);
/* What `train --dry-run` shows: the estimate, its parts and what it is checked against. */
void mw_cli_print_memory_estimate (const MwExperimentConfig *c, guint64 max_bytes);
