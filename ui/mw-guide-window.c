/* mw-guide-window.c: the in-app guide (F1). */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-guide-window.h"

/* The pages are a table rather than template XML: one translatable string per
 * paragraph or step, steps numbered here, and every page laid out the same. */
typedef enum {
  BLOCK_HEADING,
  BLOCK_TEXT,
  BLOCK_STEP,   /* numbered, counting from the page's first step or heading */
  BLOCK_NOTE,   /* dimmed: an aside */
} BlockKind;

typedef struct {
  BlockKind   kind;
  const char *text;   /* Pango markup, untranslated */
} Block;

typedef struct {
  const char  *name;
  const char  *title;
  const Block *blocks;
  gsize        n_blocks;
} GuidePage;

#define BLOCKS(array) array, G_N_ELEMENTS (array)

static const Block intro_blocks[] = {
  { BLOCK_TEXT, N_("A meta-learning algorithm learns how to learn. It trains on many small tasks, so that when it meets a new task with only a few examples it can adapt in a few steps, as people do.") },
  { BLOCK_HEADING, N_("N-way K-shot") },
  { BLOCK_TEXT, N_("Each task, called an episode, has <b>N</b> classes with <b>K</b> labelled examples of each: the <i>support set</i>. The model adapts on the support set and is then scored on other examples of the same classes: the <i>query set</i>.") },
  { BLOCK_TEXT, N_("5-way 1-shot means five classes with one example each; guessing would be right one time in five (20%).") },
  { BLOCK_TEXT, N_("The classes of the test episodes are never seen in meta-training, so the score says how well the model learns something new, not how well it remembers.") },
  { BLOCK_HEADING, N_("The algorithms") },
  { BLOCK_TEXT, N_("<b>MAML</b> learns a starting point from which a few gradient steps on the support set work well; <b>first-order MAML</b> leaves out the second derivatives; <b>Meta-SGD</b> also learns a step size for every weight; <b>Reptile</b> moves the starting point towards the weights trained on each task.") },
  { BLOCK_TEXT, N_("<b>Prototypical</b> and <b>Matching Networks</b> compare the queries with the support set in a learned embedding and take no gradient steps. The <b>fine-tuning baseline</b> is not meta-learned: it trains on all classes at once, then fits a new last layer on the support set.") },
  { BLOCK_NOTE, N_("The sidebar’s description under the algorithm says the same in one line.") },
};

static const Block runs_blocks[] = {
  { BLOCK_STEP, N_("In the <b>Experiment</b> sidebar, choose an <b>Algorithm</b> and a <b>Dataset</b>. Only the settings that apply are shown; if they cannot run, the reason appears below them.") },
  { BLOCK_STEP, N_("Press <b>Start</b> (F5). The run appears in the run list and its loss and validation curves are drawn while it trains.") },
  { BLOCK_STEP, N_("<b>Pause</b> (F6) stops between two meta-iterations. While paused, <b>Step</b> (F7) does exactly one more. Press Pause again to resume.") },
  { BLOCK_STEP, N_("<b>Stop</b> (Shift+F5) ends the run; what it learned so far is kept.") },
  { BLOCK_HEADING, N_("Comparing runs") },
  { BLOCK_STEP, N_("Change the settings and press <b>Start</b> again. The new run waits its turn if another is training, and is drawn on the same charts in its own colour.") },
  { BLOCK_STEP, N_("The eye button of a row shows or hides that run in the charts; its menu renames or deletes it.") },
  { BLOCK_STEP, N_("<b>X axis</b> switches between meta-iterations, tasks seen and wall-clock seconds: seconds show which algorithm is faster, tasks which one learns more from the same data.") },
  { BLOCK_NOTE, N_("Runs are kept on disk and come back the next time the application starts.") },
};

static const Block inspect_blocks[] = {
  { BLOCK_STEP, N_("Select a finished run in the run list and switch from <b>Training</b> to <b>Inspect</b> above the charts.") },
  { BLOCK_STEP, N_("The <b>Episode</b> page shows one test episode: the support set, every query with the class the model chose and how sure it was (✓ right, ✗ wrong), and the confusion matrix.") },
  { BLOCK_STEP, N_("Move the <b>Adaptation step</b> slider: step 0 is the model before it has seen the support set, then after each step of adaptation.") },
  { BLOCK_STEP, N_("<b>Next Episode</b> draws another test episode. Episodes are seeded, so the same one can be shown again.") },
  { BLOCK_HEADING, N_("The other pages") },
  { BLOCK_TEXT, N_("<b>Adaptation</b>: the sine fit step by step for sinusoid runs; accuracy and loss against adaptation steps for image runs, where <b>Compare Runs</b> tests every visible finished run on the same episodes. <b>Embedding</b>: a map of the queries and the class prototypes. <b>Cost</b>: the time of a meta-iteration. <b>Task Builder</b>: a task from your own images.") },
};

static const Block lesson_sine_blocks[] = {
  { BLOCK_TEXT, N_("See MAML fit a new sine wave from five points in one gradient step, where a network trained the ordinary way cannot. About 15 minutes.") },
  { BLOCK_STEP, N_("Choose <b>MAML</b> and the dataset <b>Sinusoid regression</b>. The settings of Finn et al. (2017) are filled in.") },
  { BLOCK_STEP, N_("Set <b>Meta-iterations</b> to 70000 and press <b>Start</b>. The meta-validation loss (mean squared error) falls as it trains.") },
  { BLOCK_STEP, N_("When the run has finished, switch to <b>Inspect</b> and open <b>Adaptation</b>. The first time, a baseline network is trained for comparison.") },
  { BLOCK_STEP, N_("Move the <b>Adaptation step</b> slider from 0 to 1. Left: the MAML run; right: the pre-trained baseline, given the same five points and the same step size.") },
  { BLOCK_STEP, N_("Press <b>Next Task</b> for another sine wave, and try again.") },
  { BLOCK_NOTE, N_("Ask: what does each model predict before it has seen any point? Why does one step help MAML so much more?") },
};

static const Block lesson_compare_blocks[] = {
  { BLOCK_TEXT, N_("Train MAML and Reptile on the same Omniglot task and compare them on one chart. About 30 minutes, of which about 10 are training.") },
  { BLOCK_STEP, N_("Choose the dataset <b>Omniglot folder</b> and, under <b>Folder</b>, the folder with <tt>images_background.zip</tt> and <tt>images_evaluation.zip</tt>.") },
  { BLOCK_STEP, N_("Choose <b>MAML</b>, keep 5-way 1-shot, set <b>Meta-iterations</b> to 1000 and press <b>Start</b>.") },
  { BLOCK_STEP, N_("Choose <b>Reptile</b>, leave <b>Meta-iterations</b> at 1000 and press <b>Start</b>. On a small machine it waits for MAML to finish.") },
  { BLOCK_STEP, N_("Compare the two meta-validation accuracy curves, then set <b>X axis</b> to wall-clock seconds.") },
  { BLOCK_STEP, N_("Select one of the runs, switch to <b>Inspect</b>, open <b>Adaptation</b> and press <b>Compare Runs</b>: both are tested on the same episodes after every adaptation step.") },
  { BLOCK_NOTE, N_("These are classroom-length runs. The papers train for many hours and reach higher accuracy.") },
};

static const Block lesson_photos_blocks[] = {
  { BLOCK_TEXT, N_("Build a few-shot task from your own photos and let a trained model adapt to it. About 20 minutes.") },
  { BLOCK_STEP, N_("Make a folder with one sub-folder per class (for example <tt>mug</tt>, <tt>pen</tt>, <tt>key</tt>), each with at least K + Q JPEG or PNG photos.") },
  { BLOCK_STEP, N_("Select a finished image run (the MAML run of lesson 2, for example), switch to <b>Inspect</b> and open <b>Task Builder</b>.") },
  { BLOCK_STEP, N_("Press <b>Choose Folder…</b>, or drop the folder on the window. Files that cannot be used are listed with the reason.") },
  { BLOCK_STEP, N_("Tick the classes to use, set <b>K</b> and <b>Q</b> and press <b>Sample K and Q</b>. Or click an image: once for support, twice for query, a third time to leave it out.") },
  { BLOCK_NOTE, N_("A MAML or Reptile model takes as many classes as it was trained with (5 in lesson 2); Prototypical Networks take any number.") },
  { BLOCK_STEP, N_("Press <b>Adapt Selected Model</b>, or <b>Train New Model</b> for a quick model trained on the built-in glyphs.") },
  { BLOCK_STEP, N_("<b>Save Task</b> keeps the task next to the photos; it comes back when the folder is opened again.") },
  { BLOCK_NOTE, N_("The model sees the photos the way it saw its training images: an Omniglot or glyph model sees them small and in gray.") },
};

static const Block lesson_boundary_blocks[] = {
  { BLOCK_TEXT, N_("Watch a decision boundary move with each step of adaptation, and see what a meta-learned start is. About 30 minutes; the tasks are generated, no data is needed.") },
  { BLOCK_STEP, N_("Choose <b>MAML</b>, the dataset <b>Planar tasks</b> and <b>Task family: Lines</b>. The settings of the <tt>planar-linear</tt> preset are filled in. Press <b>Start</b>.") },
  { BLOCK_STEP, N_("Choose <b>Task family: Two moons</b> and press <b>Start</b>. Then choose the <b>Fine-tuning baseline</b> and press <b>Start</b>, and <b>Reptile</b> and press <b>Start</b>: Reptile takes several minutes.") },
  { BLOCK_STEP, N_("Select the MAML moons run, switch to <b>Inspect</b> and open <b>Boundary</b>. The colours are the model’s answer at every point, the lines its boundary after each step, light to dark, and the dashed line the task’s true boundary.") },
  { BLOCK_STEP, N_("Move the <b>Step</b> slider from 0 to 1 to 5, and press <b>Next Task</b> for another task. Do the same for the other two runs.") },
  { BLOCK_STEP, N_("Set <b>Angle spread</b> to 180 and train MAML on lines again. With lines in every direction the best common start is no boundary at all, and MAML does no better than starting from zero.") },
  { BLOCK_STEP, N_("Open <b>Task Map</b>: every test task is a point, coloured by its boundary’s angle or turn; tasks alike lie close together.") },
  { BLOCK_NOTE, N_("Ask: is the boundary at step 0 the answer to any task? Why does one step from it fit every task so well? Why is the pre-trained network stuck at 50% on the moons?") },
};

static const Block lesson_objects_blocks[] = {
  { BLOCK_TEXT, N_("Teach the computer five objects from the desk with a few webcam photos each, and see which new photos of them it recognises. About 5 minutes, and 10 to discuss.") },
  { BLOCK_STEP, N_("Switch to <b>Inspect</b> and open <b>Task Builder</b> (with no run in the list yet, drop a folder on the window instead). Set <b>K</b>, the support photos per class, to 1 (or 5).") },
  { BLOCK_STEP, N_("Press <b>Take Photos</b> (Alt+P). Photos go to the open folder, or to a new one in your Pictures folder.") },
  { BLOCK_STEP, N_("Type the first object’s name in <b>Class</b>, hold it in front of the camera and press <b>Capture</b> or the space bar 6 times, moving it a little. The first K photos of a class are support images, the rest queries.") },
  { BLOCK_STEP, N_("Do the same for four more objects.") },
  { BLOCK_STEP, N_("Press <b>Train New Model</b> for a quick model that takes any number of classes, or <b>Adapt Selected Model</b> for the run selected in the run list.") },
  { BLOCK_STEP, N_("Read the predictions: every query photo with the class the model chose (✓ right, ✗ wrong), and the confusion matrix. Add photos of the objects it confuses and try again.") },
  { BLOCK_NOTE, N_("Without a webcam: photos from a phone, 6 of each object, in a folder with one sub-folder per object; open it with <b>Choose Folder…</b> and press <b>Sample K and Q</b>. On the command line, <tt>make-tasks</tt> and <tt>eval --tasks</tt> do the same (see the teachers’ guide).") },
  { BLOCK_NOTE, N_("Ask: the model never saw a mug in training; how can it tell a mug from a key? What changes with 5 support photos instead of 1?") },
};

static const GuidePage pages[] = {
  { MW_GUIDE_PAGE_INTRO, N_("What Is Meta-Learning?"), BLOCKS (intro_blocks) },
  { MW_GUIDE_PAGE_RUNS, N_("Running and Comparing"), BLOCKS (runs_blocks) },
  { MW_GUIDE_PAGE_INSPECT, N_("Inspecting an Episode"), BLOCKS (inspect_blocks) },
  { MW_GUIDE_PAGE_LESSON_SINE, N_("Lesson 1: A Sine Wave"), BLOCKS (lesson_sine_blocks) },
  { MW_GUIDE_PAGE_LESSON_COMPARE, N_("Lesson 2: MAML and Reptile"), BLOCKS (lesson_compare_blocks) },
  { MW_GUIDE_PAGE_LESSON_PHOTOS, N_("Lesson 3: Your Own Photos"), BLOCKS (lesson_photos_blocks) },
  { MW_GUIDE_PAGE_LESSON_BOUNDARY, N_("Lesson 4: Watch the Boundary Move"), BLOCKS (lesson_boundary_blocks) },
  { MW_GUIDE_PAGE_LESSON_OBJECTS, N_("Lesson 5: Five Objects in Five Minutes"), BLOCKS (lesson_objects_blocks) },
};

struct _MwGuideWindow
{
  GtkWindow parent_instance;

  /* Template children */
  GtkStack *stack;
};

G_DEFINE_FINAL_TYPE (MwGuideWindow, mw_guide_window, GTK_TYPE_WINDOW)

static GtkWidget *
text_label (const char *markup,
            const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* A readable line length, however wide the window is. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 68);
  gtk_label_set_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
step_row (int         number,
          const char *markup)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  g_autofree char *digits = g_strdup_printf ("%d", number);
  GtkWidget *badge = gtk_label_new (digits);
  GtkWidget *text = text_label (markup, "body");

  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_add_css_class (badge, "mw-guide-step");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), badge);
  gtk_box_append (GTK_BOX (row), text);
  return row;
}

static GtkWidget *
build_page (const GuidePage *page)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  int step = 0;

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "mw-guide-page");
  gtk_box_append (GTK_BOX (box), text_label (_(page->title), "title-1"));

  for (gsize i = 0; i < page->n_blocks; i++)
    {
      const Block *b = &page->blocks[i];

      switch (b->kind)
        {
        case BLOCK_HEADING:
          step = 0;
          gtk_box_append (GTK_BOX (box), text_label (_(b->text), "title-4"));
          break;
        case BLOCK_TEXT:
          gtk_box_append (GTK_BOX (box), text_label (_(b->text), "body"));
          break;
        case BLOCK_STEP:
          gtk_box_append (GTK_BOX (box), step_row (++step, _(b->text)));
          break;
        case BLOCK_NOTE:
          gtk_box_append (GTK_BOX (box), text_label (_(b->text), "dim-label"));
          break;
        default:
          g_assert_not_reached ();
        }
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  return scrolled;
}

static void
mw_guide_window_class_init (MwGuideWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-guide-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MwGuideWindow, stack);

  /* A plain GtkWindow has no close key of its own; Escape as in dialogs. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
mw_guide_window_init (MwGuideWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_stack_add_titled (self->stack, build_page (&pages[i]), pages[i].name, _(pages[i].title));
  gtk_stack_set_visible_child_name (self->stack, MW_GUIDE_PAGE_INTRO);
}

GtkWidget *
mw_guide_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MW_TYPE_GUIDE_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
}

void
mw_guide_window_show_page (MwGuideWindow *self,
                           const char    *name)
{
  g_return_if_fail (MW_IS_GUIDE_WINDOW (self));
  g_return_if_fail (gtk_stack_get_child_by_name (self->stack, name) != NULL);

  gtk_stack_set_visible_child_name (self->stack, name);
}

const char *
mw_guide_window_get_page (MwGuideWindow *self)
{
  g_return_val_if_fail (MW_IS_GUIDE_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkStack *
mw_guide_window_get_stack (MwGuideWindow *self)
{
  g_return_val_if_fail (MW_IS_GUIDE_WINDOW (self), NULL);

  return self->stack;
}
