/* mw-application.c: the Meta Workbench GtkApplication. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-application.h"
#include "mw-window.h"

#define RESOURCE_BASE_PATH "/io/github/metaworkbench/MetaWorkbench"

struct _MwApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (MwApplication, mw_application, GTK_TYPE_APPLICATION)

/* Every keyboard shortcut lives here, so the shortcuts window (which looks
 * the keys up by action name) always shows what is really bound. */
static const struct {
  const char *action;
  const char *accels[2];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.start", { "F5", NULL } },
  { "win.pause", { "F6", NULL } },
  { "win.step", { "F7", NULL } },
  { "win.stop", { "<Shift>F5", NULL } },
};

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = NULL;

  /* Close the windows rather than quitting outright, so each one saves its
   * state and can later refuse (a run still going) through close-request. The
   * application exits when the last window is gone. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    windows = g_list_prepend (windows, g_object_ref (l->data));
  if (windows == NULL)
    g_application_quit (app);

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_list_free_full (windows, g_object_unref);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *authors[] = {
    _("The Meta Workbench developers"),
    NULL
  };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Meta Workbench"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Run and compare few-shot learning algorithms"),
                         "copyright", _("© 2026 The Meta Workbench developers"),
                         "license-type", GTK_LICENSE_MIT_X11,
                         "authors", authors,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* GtkApplication gives each window the shortcuts window from
   * gtk/help-overlay.ui, with a win.show-help-overlay action to show it. */
  if (window != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "shortcuts", .activate = shortcuts_activated },
};

static void
mw_application_startup (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = NULL;
  const char *no_accels[] = { NULL };

  G_APPLICATION_CLASS (mw_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   app);

  for (gsize i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (app, app_accels[i].action, app_accels[i].accels);

  /* GtkApplication binds Ctrl+? to win.show-help-overlay by itself; app.shortcuts
   * owns that key here so there is one binding and the menu item shows it. */
  gtk_application_set_accels_for_action (app, "win.show-help-overlay", no_accels);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
mw_application_activate (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  GtkWindow *window;

  /* A second launch raises the existing window instead of opening another. */
  window = gtk_application_get_active_window (app);
  if (window == NULL)
    window = GTK_WINDOW (mw_window_new (app));

  gtk_window_present (window);
}

static void
mw_application_class_init (MwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = mw_application_startup;
  app_class->activate = mw_application_activate;
}

static void
mw_application_init (MwApplication *self)
{
}

MwApplication *
mw_application_new (void)
{
  return g_object_new (MW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}
