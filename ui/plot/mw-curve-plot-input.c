/* mw-curve-plot-input.c: MwCurvePlot under the pointer and the keyboard:
 * hovering, scroll-wheel zoom, drag to pan, Shift+drag to zoom to a box,
 * double click and the plot.* actions. */

#include "config.h"

#include "mw-curve-plot-private.h"

/* Pointer travel before a press counts as a drag (so a click or the first
 * half of a double click does not freeze the automatic view). */
#define DRAG_THRESHOLD 4.0

#define SCROLL_ZOOM_BASE 1.15
#define KEY_ZOOM_FACTOR  1.5

static void
zoom_axes_at (MwCurvePlot *self,
              double       fx,
              double       fy,
              double       x,
              double       y)
{
  Layout layout;
  double cx, ct;

  mw_curve_plot_widget_layout (self, &layout);
  if (layout.has_data)
    {
      x = CLAMP (x, layout.left, layout.right);
      y = CLAMP (y, layout.top, layout.bottom);
      cx = x_of_px (&layout, x);
      ct = t_of_py (&layout, y);
      mw_curve_plot_set_manual_view (self,
                                     cx - (cx - layout.x0) / fx, cx + (layout.x1 - cx) / fx,
                                     ct - (ct - layout.t0) / fy, ct + (layout.t1 - ct) / fy);
    }
  mw_curve_layout_clear (&layout);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           MwCurvePlot              *self)
{
  mw_curve_plot_set_hover (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          MwCurvePlot              *self)
{
  mw_curve_plot_unset_hover (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           MwCurvePlot              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double factor, x, y;
  double cur_x0, cur_x1, cur_t0, cur_t1;

  if (dy == 0 || !mw_curve_plot_current_view (self, &cur_x0, &cur_x1, &cur_t0, &cur_t1))
    return FALSE;

  factor = pow (SCROLL_ZOOM_BASE, -dy);
  x = self->hover ? self->hover_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  y = self->hover ? self->hover_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  zoom_axes_at (self,
                (state & GDK_CONTROL_MASK) ? 1 : factor,
                (state & GDK_SHIFT_MASK) ? 1 : factor,
                x, y);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               MwCurvePlot    *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double *v = self->drag_view;

  if (!mw_curve_plot_current_view (self, &v[0], &v[1], &v[2], &v[3]))
    {
      self->drag_mode = DRAG_NONE;
      return;
    }

  self->drag_mode = (state & GDK_SHIFT_MASK) ? DRAG_BOX : DRAG_PAN;
  self->drag_moved = FALSE;
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_dx = self->drag_dy = 0;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                MwCurvePlot    *self)
{
  if (self->drag_mode == DRAG_NONE)
    return;

  if (!self->drag_moved && hypot (dx, dy) < DRAG_THRESHOLD)
    return;

  if (!self->drag_moved)
    {
      self->drag_moved = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       self->drag_mode == DRAG_PAN ? "grabbing" : "crosshair");
    }

  self->drag_dx = dx;
  self->drag_dy = dy;

  if (self->drag_mode == DRAG_PAN)
    {
      Layout layout;

      mw_curve_plot_widget_layout (self, &layout);
      if (layout.has_data)
        {
          /* From the view at the start of the drag, so nothing drifts. */
          double sx = (layout.right - layout.left) / (self->drag_view[1] - self->drag_view[0]);
          double st = (layout.bottom - layout.top) / (self->drag_view[3] - self->drag_view[2]);

          mw_curve_plot_set_manual_view (self,
                                         self->drag_view[0] - dx / sx, self->drag_view[1] - dx / sx,
                                         self->drag_view[2] + dy / st, self->drag_view[3] + dy / st);
        }
      mw_curve_layout_clear (&layout);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             MwCurvePlot    *self)
{
  if (self->drag_mode == DRAG_BOX && self->drag_moved &&
      fabs (dx) >= DRAG_THRESHOLD && fabs (dy) >= DRAG_THRESHOLD)
    {
      Layout layout;

      mw_curve_plot_widget_layout (self, &layout);
      if (layout.has_data)
        {
          double ax = CLAMP (self->drag_start_x, layout.left, layout.right);
          double bx = CLAMP (self->drag_start_x + dx, layout.left, layout.right);
          double ay = CLAMP (self->drag_start_y, layout.top, layout.bottom);
          double by = CLAMP (self->drag_start_y + dy, layout.top, layout.bottom);

          if (fabs (bx - ax) >= 1 && fabs (by - ay) >= 1)
            mw_curve_plot_set_manual_view (self,
                                           x_of_px (&layout, MIN (ax, bx)), x_of_px (&layout, MAX (ax, bx)),
                                           t_of_py (&layout, MAX (ay, by)), t_of_py (&layout, MIN (ay, by)));
        }
      mw_curve_layout_clear (&layout);
    }

  self->drag_mode = DRAG_NONE;
  self->drag_moved = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MwCurvePlot     *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    mw_curve_plot_reset_view (self);
}

static void
reset_view_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  mw_curve_plot_reset_view (MW_CURVE_PLOT (widget));
}

static void
zoom_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  double factor = g_str_equal (action_name, "plot.zoom-in") ? KEY_ZOOM_FACTOR : 1 / KEY_ZOOM_FACTOR;

  mw_curve_plot_zoom_at (MW_CURVE_PLOT (widget), factor,
                         gtk_widget_get_width (widget) / 2.0,
                         gtk_widget_get_height (widget) / 2.0);
}

void
mw_curve_plot_input_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plot.reset-view", NULL, reset_view_activated);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL, zoom_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "plot.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "plot.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "plot.zoom-out", NULL);
}

void
mw_curve_plot_input_init (MwCurvePlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}

/* --- public API: zoom ---------------------------------------------------- */

void
mw_curve_plot_zoom_at (MwCurvePlot *self,
                       double       factor,
                       double       x,
                       double       y)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (factor > 0);

  zoom_axes_at (self, factor, factor, x, y);
}
