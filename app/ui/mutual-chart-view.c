/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mutual-chart-view-private.h"

struct _MutualChartView
{
  GtkWidget           parent_instance;

  MutualChart        *chart;
  GskRenderNode      *cache;          /* the chart without hover */
  int                 cache_width;
  int                 cache_height;
  gboolean            cache_dark;
  char               *description;

  gboolean            hovering;
  MutualChartHit      hit;
  MutualChartPalette  palette;
};

G_DEFINE_FINAL_TYPE (MutualChartView, mutual_chart_view, GTK_TYPE_WIDGET)

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
options_for (MutualChartView    *self,
             MutualChartOptions *options)
{
  if (is_dark ())
    mutual_chart_palette_init_dark (&self->palette);
  else
    mutual_chart_palette_init_light (&self->palette);
  /* Let the card behind show through, as every other widget does. */
  self->palette.background.alpha = 0;

  mutual_chart_options_init (options);
  options->palette = &self->palette;
}

static void
mutual_chart_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  MutualChartView *self = MUTUAL_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  MutualChartOptions options;
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;

  options_for (self, &options);
  if (self->cache == NULL || self->cache_width != width || self->cache_height != height
      || self->cache_dark != is_dark ())
    {
      GtkSnapshot *cached = gtk_snapshot_new ();

      cr = gtk_snapshot_append_cairo (cached, &GRAPHENE_RECT_INIT (0, 0, width, height));
      mutual_chart_draw (self->chart, cr, width, height, &options);
      cairo_destroy (cr);
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = gtk_snapshot_free_to_node (cached);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_dark = is_dark ();
    }
  if (self->cache)
    gtk_snapshot_append_node (snapshot, self->cache);

  if (self->hovering)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      mutual_chart_draw_hover (self->chart, cr, width, height, &options, &self->hit);
      cairo_destroy (cr);
    }
}

static void
mutual_chart_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 600;
    }
  else
    {
      *minimum = 220;
      *natural = 300;
    }
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           MutualChartView          *self)
{
  MutualChartOptions options;
  MutualChartHit hit;
  gboolean hovering;

  if (self->chart == NULL)
    return;
  options_for (self, &options);
  hovering = mutual_chart_hit_test (self->chart,
                                    gtk_widget_get_width (GTK_WIDGET (self)),
                                    gtk_widget_get_height (GTK_WIDGET (self)),
                                    &options, x, y, &hit);
  if (!hovering && !self->hovering)
    return;
  self->hovering = hovering;
  if (hovering)
    self->hit = hit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          MutualChartView          *self)
{
  if (!self->hovering)
    return;
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_dark_changed (MutualChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mutual_chart_view_dispose (GObject *object)
{
  MutualChartView *self = MUTUAL_CHART_VIEW (object);

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->chart, mutual_chart_unref);

  G_OBJECT_CLASS (mutual_chart_view_parent_class)->dispose (object);
}

static void
mutual_chart_view_finalize (GObject *object)
{
  MutualChartView *self = MUTUAL_CHART_VIEW (object);

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (mutual_chart_view_parent_class)->finalize (object);
}

static void
mutual_chart_view_class_init (MutualChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_chart_view_dispose;
  object_class->finalize = mutual_chart_view_finalize;
  widget_class->snapshot = mutual_chart_view_snapshot;
  widget_class->measure = mutual_chart_view_measure;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mutual_chart_view_init (MutualChartView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
mutual_chart_view_new (void)
{
  return g_object_new (MUTUAL_TYPE_CHART_VIEW, NULL);
}

void
mutual_chart_view_invalidate (MutualChartView *self)
{
  g_autofree char *title = NULL;

  g_return_if_fail (MUTUAL_IS_CHART_VIEW (self));

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->description, g_free);
  self->hovering = FALSE;
  if (self->chart)
    {
      self->description = mutual_chart_describe (self->chart, FALSE);
      title = mutual_chart_dup_title (self->chart);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description ? self->description : "",
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mutual_chart_view_set_chart (MutualChartView *self,
                             MutualChart     *chart)
{
  g_return_if_fail (MUTUAL_IS_CHART_VIEW (self));

  if (self->chart == chart)
    {
      mutual_chart_view_invalidate (self);
      return;
    }
  g_clear_pointer (&self->chart, mutual_chart_unref);
  if (chart)
    self->chart = mutual_chart_ref (chart);
  mutual_chart_view_invalidate (self);
}

MutualChart *
mutual_chart_view_get_chart (MutualChartView *self)
{
  g_return_val_if_fail (MUTUAL_IS_CHART_VIEW (self), NULL);
  return self->chart;
}

const char *
mutual_chart_view_get_description (MutualChartView *self)
{
  g_return_val_if_fail (MUTUAL_IS_CHART_VIEW (self), NULL);
  return self->description;
}
