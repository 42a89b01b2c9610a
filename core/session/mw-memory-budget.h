/* mw-memory-budget.h: how much memory a run of some settings will take at its peak,
 * known before anything is loaded, so a run that cannot fit is refused with the
 * settings that drive it instead of ending the process half-way through. */
#pragma once

#include "mw-experiment.h"

typedef enum {
  MW_MEMORY_BASE,         /* the process: code, libraries, BLAS and thread buffers */
  MW_MEMORY_DATA,         /* the decoded images of every class */
  MW_MEMORY_TASKS,        /* the episodes of one meta-batch, held at once */
  MW_MEMORY_PARAMETERS,   /* the model, its optimiser state, per-worker gradients */
  MW_MEMORY_TAPES,        /* one task's activations and gradients per worker */
  MW_MEMORY_EVALUATION,   /* a block of test episodes and their adaptation */
  MW_MEMORY_N_PARTS
} MwMemoryPart;

typedef struct {
  double bytes[MW_MEMORY_N_PARTS];
  double total;           /* the estimated peak resident size, bytes */
  int workers;            /* tasks trained at once (each with its own tape) */
} MwMemoryEstimate;

/* The estimate for settings that passed mw_experiment_config_validate (any bounded
 * settings give a finite figure).  Folder datasets count no images: how many there
 * are is known only once the folder is read. */
void mw_memory_estimate (const MwExperimentConfig *config, MwMemoryEstimate *estimate);
/* The settings behind the estimate's largest part, for people: "meta-batch 10000 ×
 * 20-way 1-shot 15-query tasks of 256×256 pixels".  Newly allocated. */
char *mw_memory_estimate_driver (const MwExperimentConfig *config, const MwMemoryEstimate *estimate);
/* Physical memory of this machine in bytes (0 if unknown). */
guint64 mw_memory_physical (void);
/* Fails with MW_ALGORITHM_ERROR_SETTINGS when the estimate exceeds max_bytes (0: the
 * machine's physical memory), naming the settings that drive it and both figures. */
gboolean mw_memory_check (const MwExperimentConfig *config, guint64 max_bytes, GError **error);
