/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-relationship-row.h"
#include "mutual-ui-util.h"

struct _MutualRelationshipRow
{
  GtkWidget               parent_instance;

  MutualRelationshipItem *item;
  gulong                  assessment_id;

  GtkWidget              *box;
  GtkLabel               *name_label;
  GtkLabel               *organization_label;
  /* Made by ensure_figures(), owned by box. */
  GtkLabel               *balance_label;
  GtkLabel               *class_label;
  GtkWidget              *one_sided_icon;
  GtkWidget              *dormant_icon;
};

G_DEFINE_FINAL_TYPE (MutualRelationshipRow, mutual_relationship_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
flag_icon_new (const char *icon_name,
               const char *tooltip,
               const char *css_class)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  /* Hidden before the tooltip is set: a visible widget's new tooltip
   * asks the display where the pointer is. */
  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_set_tooltip_text (icon, tooltip);
  gtk_widget_add_css_class (icon, css_class);
  return icon;
}

/* GtkListView makes some 200 rows at once, most never seen: the
 * widgets of the figures only once there are figures to show. */
static void
ensure_figures (MutualRelationshipRow *self)
{
  GtkWidget *column, *badges;

  if (self->balance_label != NULL)
    return;

  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (column, GTK_ALIGN_CENTER);
  self->balance_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->balance_label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->balance_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->balance_label), "balance");
  /* The Overview's figures are of the last 12 months: say which period
   * this one is. Set while hidden, like the flags' tooltips. */
  gtk_widget_set_visible (GTK_WIDGET (self->balance_label), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->balance_label), _("Balance since the first exchange"));
  gtk_widget_set_visible (GTK_WIDGET (self->balance_label), TRUE);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->balance_label));

  badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_halign (badges, GTK_ALIGN_END);
  self->one_sided_icon = flag_icon_new ("dialog-warning-symbolic",
                                        _("One-sided: you give more than twice what you receive"),
                                        "one-sided-icon");
  self->dormant_icon = flag_icon_new ("weather-clear-night-symbolic",
                                      _("Dormant: no exchange in six months"),
                                      "dim-label");
  self->class_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->class_label), "class-badge");
  gtk_box_append (GTK_BOX (badges), self->one_sided_icon);
  gtk_box_append (GTK_BOX (badges), self->dormant_icon);
  gtk_box_append (GTK_BOX (badges), GTK_WIDGET (self->class_label));
  gtk_box_append (GTK_BOX (column), badges);
  gtk_box_append (GTK_BOX (self->box), column);
}

static void
update (MutualRelationshipRow *self)
{
  const MutualRelationship *rel;
  const MutualAssessment *a;
  g_autofree char *balance = NULL;
  g_autofree char *description = NULL;
  gint64 value;
  gboolean partnership;

  if (self->item == NULL)
    return;

  rel = mutual_relationship_item_get_relationship (self->item);
  a = mutual_relationship_item_get_assessment (self->item);
  value = mutual_relationship_item_get_balance (self->item);
  partnership = a->klass == MUTUAL_CLASS_PARTNERSHIP;

  gtk_label_set_text (self->name_label, rel->name);
  if (rel->organization && *rel->organization)
    gtk_label_set_text (self->organization_label, rel->organization);
  else
    gtk_label_set_text (self->organization_label, mutual_role_to_label (rel->role));

  /* The figures come from a thread a moment later: the name alone till then. */
  if (self->balance_label != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->balance_label), mutual_relationship_item_is_assessed (self->item));
      gtk_widget_set_visible (GTK_WIDGET (self->class_label), mutual_relationship_item_is_assessed (self->item));
    }
  if (!mutual_relationship_item_is_assessed (self->item))
    {
      if (self->balance_label != NULL)
        {
          gtk_widget_set_visible (self->one_sided_icon, FALSE);
          gtk_widget_set_visible (self->dormant_icon, FALSE);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, rel->name,
                                      -1);
      return;
    }

  ensure_figures (self);
  balance = mutual_ui_format_balance (value, mutual_relationship_item_get_currency (self->item));
  gtk_label_set_text (self->balance_label, balance);
  mutual_ui_set_balance_class (GTK_WIDGET (self->balance_label), value);

  mutual_ui_set_class_badge (self->class_label, a);

  gtk_widget_set_visible (self->one_sided_icon, (a->flags & MUTUAL_FLAG_ONE_SIDED) != 0);
  gtk_widget_set_visible (self->dormant_icon, (a->flags & MUTUAL_FLAG_DORMANT) != 0);

  /* One sentence for a screen reader instead of five separate labels. */
  description = g_strdup_printf ("%s, %s, %s%s%s", rel->name,
                                 mutual_assessment_is_new (a) ? _("new")
                                 : partnership ? _("partnership") : _("transactional"),
                                 balance,
                                 (a->flags & MUTUAL_FLAG_ONE_SIDED) ? _(", one-sided") : "",
                                 (a->flags & MUTUAL_FLAG_DORMANT) ? _(", dormant") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

/* The full name when it is cut; asked for on hover, so that a row bound
 * while scrolling never sets a tooltip (which asks the display where
 * the pointer is). */
static gboolean
on_name_query_tooltip (MutualRelationshipRow *self,
                       int                    x,
                       int                    y,
                       gboolean               keyboard,
                       GtkTooltip            *tooltip)
{
  if (self->item == NULL || !pango_layout_is_ellipsized (gtk_label_get_layout (self->name_label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, mutual_relationship_item_get_name (self->item));
  return TRUE;
}

static void
mutual_relationship_row_dispose (GObject *object)
{
  MutualRelationshipRow *self = MUTUAL_RELATIONSHIP_ROW (object);

  if (self->item)
    g_clear_signal_handler (&self->assessment_id, self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_RELATIONSHIP_ROW);
  /* The template's top child is not bound by name: unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (mutual_relationship_row_parent_class)->dispose (object);
}

static void
mutual_relationship_row_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  MutualRelationshipRow *self = MUTUAL_RELATIONSHIP_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_relationship_row_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  MutualRelationshipRow *self = MUTUAL_RELATIONSHIP_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      mutual_relationship_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_relationship_row_class_init (MutualRelationshipRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_relationship_row_dispose;
  object_class->get_property = mutual_relationship_row_get_property;
  object_class->set_property = mutual_relationship_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         MUTUAL_TYPE_RELATIONSHIP_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-relationship-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipRow, box);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipRow, organization_label);
  gtk_widget_class_bind_template_callback (widget_class, on_name_query_tooltip);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mutual_relationship_row_init (MutualRelationshipRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mutual_relationship_row_new (void)
{
  return g_object_new (MUTUAL_TYPE_RELATIONSHIP_ROW, NULL);
}

MutualRelationshipItem *
mutual_relationship_row_get_item (MutualRelationshipRow *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ROW (self), NULL);
  return self->item;
}

void
mutual_relationship_row_set_item (MutualRelationshipRow  *self,
                                  MutualRelationshipItem *item)
{
  g_return_if_fail (MUTUAL_IS_RELATIONSHIP_ROW (self));

  if (self->item == item)
    return;
  if (self->item)
    g_clear_signal_handler (&self->assessment_id, self->item);
  g_set_object (&self->item, item);
  if (item)
    self->assessment_id = g_signal_connect_swapped (item, "notify::assessment", G_CALLBACK (update), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
