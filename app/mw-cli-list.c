/* mw-cli-list.c: `list` (algorithms, datasets, Omniglot splits, presets, settings) and
 * the text layout the CLI's tables and help share: padding and wrapping by terminal
 * columns, so Chinese text lines up as English does. */
#include "config.h"
#include "mw-cli-train.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static const char *const presets[] = { "glyphs-5w1s", "sinusoid", "omniglot-5w1s", "omniglot-5w5s",
                                       "omniglot-20w1s", "omniglot-20w5s", "planar-linear",
                                       "planar-circles", "planar-moons", "miniimagenet-5w1s",
                                       "miniimagenet-5w5s" };

/* Terminal columns of text: CJK characters take two, combining marks none. */
static int
display_width (const char *text)
{
  int width = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      width += g_unichar_iszerowidth (ch) ? 0 : g_unichar_iswide (ch) ? 2 : 1;
    }
  return width;
}

/* text and spaces up to width columns (printf's %-22s counts bytes, not columns). */
void
mw_cli_print_padded (const char *text, int width)
{
  printf ("%s%*s", text, MAX (width - display_width (text), 0), "");
}

/* Whether a line may break between a and b: after a space, or next to a wide (CJK)
 * character unless that would start a line with closing punctuation or end one with
 * opening punctuation. */
static gboolean
can_break (gunichar a, gunichar b)
{
  if (a == ' ')
    return TRUE;
  if (!g_unichar_iswide (a) && !g_unichar_iswide (b))
    return FALSE;
  return !g_utf8_strchr ("，。、；：？！）」』”’…", -1, b) && !g_utf8_strchr ("（「『“‘", -1, a);
}

/* text in lines of at most width columns, each indented, added to out. */
static void
append_wrapped (GString *out, const char *text, int indent, int width)
{
  const char *line = text;
  while (*line)
    {
      const char *p = line, *cut = NULL;
      gunichar prev = 0;
      int used = 0;
      for (; *p; p = g_utf8_next_char (p))
        {
          gunichar ch = g_utf8_get_char (p);
          int w = g_unichar_iszerowidth (ch) ? 0 : g_unichar_iswide (ch) ? 2 : 1;
          if (p != line && can_break (prev, ch))
            cut = p;
          if (used + w > width && ch != ' ')
            break;
          used += w;
          prev = ch;
        }
      const char *end = *p == '\0' || cut == NULL ? p : cut;
      if (end == line)
        end = g_utf8_next_char (line);
      int len = (int) (end - line);
      while (len > 0 && line[len - 1] == ' ')
        len--;
      g_string_append_printf (out, "%*s%.*s\n", indent, "", len, line);
      line = end;
      while (*line == ' ')
        line++;
    }
}

static void
print_wrapped (const char *text, int indent, int width)
{
  g_autoptr (GString) out = g_string_new (NULL);
  append_wrapped (out, text, indent, width);
  printf ("%s", out->str);
}

/* Every Omniglot split, the named ones and a file, with what each holds: for `list`
 * and `train --help`. */
void
mw_cli_append_splits (GString *out)
{
  /* Translators: keep the setting names. */
  g_string_append (out, _("Omniglot splits (--set train-split=…, val-split=…, test-split=…; "
                          "rotations=auto, 0 or 4):\n"));
  for (int i = 0; i < mw_omniglot_n_named_splits (); i++)
    {
      const char *description;
      const char *name = mw_omniglot_named_split (i, &description);
      g_string_append_printf (out, "  %s\n", name);
      append_wrapped (out, description, 6, 74);
    }
  /* Translators: stands for the path of a split file in the list of splits. */
  g_string_append_printf (out, "  %s\n", _("FILE"));
  append_wrapped (out, mw_omniglot_split_file_description (), 6, 74);
}

/* "  omniglot-5w1s  train-split=vinyals-train …" for a preset that chooses splits. */
static void
print_preset (const char *preset)
{
  const char *train, *val, *test;
  if (!mw_experiment_preset_splits (preset, &train, &val, &test))
    {
      printf ("  %s\n", preset);
      return;
    }
  printf ("  %-15s train-split=%s val-split=%s test-split=%s\n", preset, train, val, test);
}

int
mw_cli_list (int argc, char **argv)
{
  printf (_("Algorithms (--algorithm):\n"));
  for (int k = 0; k < MW_ALGO_COUNT; k++)
    {
      printf ("  %-9s %s\n", mw_algorithm_kind_name (k), mw_algorithm_kind_title (k));
      print_wrapped (mw_algorithm_kind_description (k), 12, 68);
    }
  /* Translators: keep the option name. */
  printf (_("\nDatasets (--set dataset=…):\n"));
  for (int k = 0; k < MW_DATA_COUNT; k++)
    printf ("  %-9s %s\n", mw_data_kind_name (k), _(mw_data_info (k)->description));
  g_autoptr (GString) splits = g_string_new ("\n");
  mw_cli_append_splits (splits);
  printf ("%s", splits->str);
  printf (_("\nPresets (--preset): the papers' settings\n"));
  for (size_t i = 0; i < G_N_ELEMENTS (presets); i++)
    print_preset (presets[i]);
  print_wrapped (_("A preset's splits are used only where you set none: a split from an "
                   "experiment file (-c) or --set stays, and so does rotations."), 2, 76);
  printf (_("\nSettings (--set key=value), with the defaults of MAML:\n"));
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_autofree char *text = mw_experiment_config_to_display (&c);
  mw_experiment_config_clear (&c);
  printf ("%s", text);
  return 0;
}
