/* stand-in-photos.h: a folder of class folders of JPEG "photos", rendered from
 * Adwaita's large icons, for lesson 3 of the guide where no real photos exist
 * (the build machine has no camera pictures). */
#pragma once

#include <glib.h>

/* Where the icons are read from. */
#define MW_STAND_IN_ICON_DIR "/usr/share/icons/Adwaita/512x512"

/* Writes @n_per_class JPEG files into each of five class folders under
 * @folder (created if needed): the class's icon on a random background,
 * cropped, rotated and colour-jittered, the same for the same @seed.
 * Returns FALSE with @error when an icon cannot be read or a file written. */
gboolean mw_stand_in_photos_write (const char  *folder,
                                   int          n_per_class,
                                   guint32      seed,
                                   GError     **error);
