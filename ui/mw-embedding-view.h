/* mw-embedding-view.h: the network's features of one episode in 2-D.
 *
 * The PCA projection of the support embeddings (filled dots), the query
 * embeddings (rings) and the class prototypes (large squares), coloured by
 * class; each query is linked to the prototype it was assigned to (a red
 * ring marks a query assigned to the wrong class). The legend names the
 * classes' colours and every one of these marks. Draws the embedding of the
 * MwEpisodeInspection it is given.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-view.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

#define MW_TYPE_EMBEDDING_VIEW (mw_embedding_view_get_type ())
G_DECLARE_FINAL_TYPE (MwEmbeddingView, mw_embedding_view, MW, EMBEDDING_VIEW, MwInspectView)

GtkWidget *mw_embedding_view_new            (void);
/* @inspection: (nullable) */
void       mw_embedding_view_set_inspection (MwEmbeddingView     *self,
                                             MwEpisodeInspection *inspection);
/* Queries assigned to their own class's prototype, of those shown. */
int        mw_embedding_view_get_n_right    (MwEmbeddingView     *self);
/* The legend's lines for the marks (dot, ring, square, line, red ring), translated;
 * @texts: (out) (optional) (transfer none). Returns: how many. */
int        mw_embedding_view_get_legend_marks (const char * const **texts);

G_END_DECLS
