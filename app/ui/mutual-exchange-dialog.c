/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "core/mutual-date-input.h"
#include "core/mutual-duration.h"
#include "core/mutual-error.h"
#include "core/mutual-money.h"
#include "mutual-exchange-dialog.h"
#include "mutual-ui-util.h"

struct _MutualExchangeDialog
{
  AdwWindow       parent_instance;

  MutualLedger   *ledger;
  MutualExchange *exchange;     /* the one edited, or a new one */
  char           *error;
  GtkWidget      *error_row;    /* the field the error is about */
  GHashTable     *edited;       /* the fields the user has changed */
  gboolean        submitted;    /* Add or Save was pressed */
  gboolean        loading;      /* the form is being filled, not edited */
  gboolean        kind_chosen;  /* the user picked the kind: keep it */
  gboolean        syncing_date; /* the entry and the calendar follow each other */
  MutualDateOrder date_order;   /* the locale's */
  char            date_separator;

  AdwWindowTitle *window_title;
  GtkButton      *save_button;
  GtkToggleButton *given_button;
  GtkToggleButton *received_button;
  AdwComboRow    *kind_row;
  AdwEntryRow    *value_row;
  GtkLabel       *not_estimated_label;
  GtkLabel       *currency_label;
  AdwEntryRow    *date_row;
  GtkCalendar    *calendar;
  AdwEntryRow    *minutes_row;
  GtkLabel       *minutes_label;
  AdwEntryRow    *note_row;
  GtkStack       *message_stack;
  GtkLabel       *error_label;
  GtkLabel       *warning_label;
};

G_DEFINE_FINAL_TYPE (MutualExchangeDialog, mutual_exchange_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The kinds in the order the combo row lists them, in the design's
 * groups: commercial, relational, then other. */
static const MutualKind kind_order[] = {
  MUTUAL_KIND_PAYMENT, MUTUAL_KIND_WORK, MUTUAL_KIND_DISCOUNT,
  MUTUAL_KIND_ADVICE, MUTUAL_KIND_REFERRAL, MUTUAL_KIND_INTRODUCTION,
  MUTUAL_KIND_TESTIMONIAL, MUTUAL_KIND_FEEDBACK, MUTUAL_KIND_SUPPORT,
  MUTUAL_KIND_GIFT, MUTUAL_KIND_OTHER,
};

static MutualKind
selected_kind (MutualExchangeDialog *self)
{
  guint index = adw_combo_row_get_selected (self->kind_row);

  return index < G_N_ELEMENTS (kind_order) ? kind_order[index] : MUTUAL_KIND_OTHER;
}

static void
select_kind (MutualExchangeDialog *self,
             MutualKind            kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_order); i++)
    if (kind_order[i] == kind)
      adw_combo_row_set_selected (self->kind_row, i);
}

/* GTK 4.8 lists have no sections: the first kind of each group carries
 * the group's heading, "other" a separator. */
static void
setup_kind_item (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_set_margin_top (heading, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  g_object_bind_property (item, "selected", check, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (line), name);
  gtk_box_append (GTK_BOX (line), check);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), separator);
  gtk_box_append (GTK_BOX (box), line);
  gtk_list_item_set_child (item, box);
}

static void
bind_kind_item (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *heading = gtk_widget_get_first_child (box);
  GtkWidget *separator = gtk_widget_get_next_sibling (heading);
  GtkWidget *name = gtk_widget_get_first_child (gtk_widget_get_next_sibling (separator));
  guint position = gtk_list_item_get_position (item);
  MutualKind kind = position < G_N_ELEMENTS (kind_order) ? kind_order[position] : MUTUAL_KIND_OTHER;
  MutualKind before = position > 0 && position <= G_N_ELEMENTS (kind_order)
                      ? kind_order[position - 1] : MUTUAL_KIND_OTHER;
  const char *group = NULL;

  if (mutual_kind_is_commercial (kind) && (position == 0 || !mutual_kind_is_commercial (before)))
    group = _("Commercial");
  else if (mutual_kind_is_relational (kind) && (position == 0 || !mutual_kind_is_relational (before)))
    group = _("Relational");

  gtk_label_set_text (GTK_LABEL (heading), group ? group : "");
  gtk_widget_set_visible (heading, group != NULL);
  gtk_widget_set_visible (separator, group == NULL && position > 0 && kind == MUTUAL_KIND_OTHER);
  gtk_label_set_text (GTK_LABEL (name), mutual_kind_to_label (kind));
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
format_date (MutualExchangeDialog *self,
             MutualDate            date)
{
  return mutual_date_format_numeric (date, self->date_order, self->date_separator);
}

static gboolean
parse_date (MutualExchangeDialog  *self,
            const char            *text,
            MutualDate            *out_date,
            GError               **error)
{
  g_autofree char *example = format_date (self, mutual_date_today ());

  return mutual_date_parse_numeric (text, self->date_order, example, out_date, error);
}

/* Reads the form into @out; on a problem returns FALSE with the sentence
 * and the row it concerns. */
static gboolean
read_form (MutualExchangeDialog  *self,
           MutualExchange        *out,
           char                 **problem,
           GtkWidget            **row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value_text = g_strstrip (g_strdup (text_of (self->value_row)));
  g_autofree char *date_text = g_strstrip (g_strdup (text_of (self->date_row)));
  g_autofree char *minutes_text = g_strstrip (g_strdup (text_of (self->minutes_row)));
  const char *note = text_of (self->note_row);

  out->direction = gtk_toggle_button_get_active (self->received_button)
                   ? MUTUAL_DIRECTION_RECEIVED : MUTUAL_DIRECTION_GIVEN;
  out->kind = selected_kind (self);

  *row = GTK_WIDGET (self->value_row);
  /* No value is an exchange whose value is not estimated. */
  if (*value_text == '\0')
    out->value = 0;
  else if (!mutual_money_parse_local (value_text, mutual_ledger_get_digits (self->ledger), &out->value, &error))
    {
      *problem = g_strdup (error->message);
      return FALSE;
    }

  *row = GTK_WIDGET (self->date_row);
  if (!parse_date (self, date_text, &out->date, &error))
    {
      *problem = g_strdup (error->message);
      return FALSE;
    }

  *row = GTK_WIDGET (self->minutes_row);
  out->minutes = -1;
  if (*minutes_text != '\0')
    {
      if (!mutual_duration_parse (minutes_text, &out->minutes, &error))
        {
          *problem = g_strdup (error->message);
          return FALSE;
        }
    }

  *row = GTK_WIDGET (self->note_row);
  g_clear_pointer (&out->note, g_free);
  if (*note != '\0')
    out->note = g_strdup (note);

  *problem = mutual_exchange_check (out);
  return *problem == NULL;
}

/* A problem is shown once the user has changed its field or pressed Add:
 * a form is not wrong before anyone typed in it. */
static void
show_problem (MutualExchangeDialog *self,
              const char           *problem,
              GtkWidget            *row)
{
  gboolean shown = problem != NULL
                   && (self->submitted || row == NULL || g_hash_table_contains (self->edited, row));

  g_free (self->error);
  self->error = g_strdup (problem);

  if (self->error_row)
    {
      gtk_widget_remove_css_class (self->error_row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->error_row), GTK_ACCESSIBLE_STATE_INVALID);
    }
  self->error_row = shown ? row : NULL;
  if (self->error_row)
    {
      gtk_widget_add_css_class (self->error_row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->error_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }

  /* The message area keeps its height whether it says something or not,
   * so that the form does not move under the pointer. */
  gtk_label_set_text (self->error_label, shown ? problem : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_label), shown ? problem : NULL);
  gtk_stack_set_visible_child_name (self->message_stack, shown ? "error" : "none");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", problem == NULL);
}

/* A future date is allowed (a planned payment) but easy to type by
 * mistake: it is said, below the form, when no problem is. */
static void
show_future (MutualExchangeDialog *self)
{
  MutualDate date;
  gboolean future = parse_date (self, text_of (self->date_row), &date, NULL)
                    && date > mutual_date_today ();

  if (future && g_strcmp0 (gtk_stack_get_visible_child_name (self->message_stack), "none") == 0)
    gtk_stack_set_visible_child_name (self->message_stack, "warning");
  else if (!future && g_strcmp0 (gtk_stack_get_visible_child_name (self->message_stack), "warning") == 0)
    gtk_stack_set_visible_child_name (self->message_stack, "none");
  if (future)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    gtk_label_get_text (self->warning_label), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->date_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Says back how the time typed was read: "16h" is "16 h" (and says
 * nothing when it is written that way already). */
static void
update_minutes_label (MutualExchangeDialog *self)
{
  g_autofree char *typed = g_strstrip (g_strdup (text_of (self->minutes_row)));
  gint64 minutes;

  if (mutual_duration_parse (typed, &minutes, NULL))
    {
      g_autofree char *text = mutual_ui_format_minutes (minutes);

      gtk_label_set_text (self->minutes_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->minutes_label), !g_str_equal (text, typed));
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->minutes_label), FALSE);
}

static void
validate (MutualExchangeDialog *self)
{
  g_autoptr(MutualExchange) exchange = NULL;
  g_autofree char *problem = NULL;
  GtkWidget *row = NULL;

  /* Not before mutual_exchange_dialog_new() gave the form its exchange. */
  if (self->exchange == NULL)
    return;
  exchange = mutual_exchange_copy (self->exchange);
  read_form (self, exchange, &problem, &row);
  show_problem (self, problem, row);
  show_future (self);
  gtk_widget_set_visible (GTK_WIDGET (self->not_estimated_label), is_blank (text_of (self->value_row)));
  update_minutes_label (self);
}

static void
show_date_in_calendar (MutualExchangeDialog *self,
                       MutualDate            date)
{
  g_autoptr(GDateTime) when = NULL;

  if (!mutual_date_valid (date))
    return;
  /* Noon: no time zone moves it to another day. */
  when = g_date_time_new_local (mutual_date_year (date), mutual_date_month (date),
                                mutual_date_day (date), 12, 0, 0);
  if (when == NULL)
    return;
  self->syncing_date = TRUE;
  gtk_calendar_select_day (self->calendar, when);
  self->syncing_date = FALSE;
}

static void
on_field_changed (GtkWidget            *field,
                  MutualExchangeDialog *self)
{
  MutualDate date;

  if (!self->loading)
    g_hash_table_add (self->edited, field);
  if (field == GTK_WIDGET (self->date_row) && !self->syncing_date
      && parse_date (self, text_of (self->date_row), &date, NULL))
    show_date_in_calendar (self, date);
  validate (self);
}

/* A new exchange given is work, received a payment: when the direction
 * changes, a kind the user did not pick follows it. Other kinds go both
 * ways and stay. */
static void
on_direction_toggled (MutualExchangeDialog *self)
{
  gboolean received = gtk_toggle_button_get_active (self->received_button);
  MutualKind kind = selected_kind (self);

  if (!self->loading && !self->kind_chosen)
    {
      /* Our choice, not the user's: it does not count as picked. */
      self->loading = TRUE;
      if (received && kind == MUTUAL_KIND_WORK)
        select_kind (self, MUTUAL_KIND_PAYMENT);
      else if (!received && kind == MUTUAL_KIND_PAYMENT)
        select_kind (self, MUTUAL_KIND_WORK);
      self->loading = FALSE;
    }
  on_field_changed (GTK_WIDGET (self->received_button), self);
}

static void
on_kind_selected (MutualExchangeDialog *self)
{
  if (!self->loading)
    self->kind_chosen = TRUE;
  validate (self);
}

static void
on_day_selected (MutualExchangeDialog *self)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (self->syncing_date)
    return;
  date = gtk_calendar_get_date (self->calendar);
  text = format_date (self, mutual_date_make (g_date_time_get_year (date),
                                              g_date_time_get_month (date),
                                              g_date_time_get_day_of_month (date)));
  self->syncing_date = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text);
  self->syncing_date = FALSE;
}

gboolean
mutual_exchange_dialog_save (MutualExchangeDialog *self)
{
  g_autoptr(MutualExchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  GtkWidget *row = NULL;
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_EXCHANGE_DIALOG (self), FALSE);

  self->submitted = TRUE;
  exchange = mutual_exchange_copy (self->exchange);
  if (!read_form (self, exchange, &problem, &row))
    {
      show_problem (self, problem, row);
      return FALSE;
    }

  if (exchange->id == 0)
    ok = mutual_ledger_add_exchange (self->ledger, exchange, &error);
  else
    ok = mutual_ledger_update_exchange (self->ledger, exchange, &error);
  if (!ok)
    {
      show_problem (self, error->message, NULL);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, exchange->id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mutual_exchange_dialog_save (MUTUAL_EXCHANGE_DIALOG (widget));
}

static void
mutual_exchange_dialog_dispose (GObject *object)
{
  MutualExchangeDialog *self = MUTUAL_EXCHANGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_EXCHANGE_DIALOG);
  self->error_row = NULL;
  g_clear_object (&self->ledger);

  G_OBJECT_CLASS (mutual_exchange_dialog_parent_class)->dispose (object);
}

static void
mutual_exchange_dialog_finalize (GObject *object)
{
  MutualExchangeDialog *self = MUTUAL_EXCHANGE_DIALOG (object);

  g_clear_pointer (&self->exchange, mutual_exchange_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->edited, g_hash_table_unref);

  G_OBJECT_CLASS (mutual_exchange_dialog_parent_class)->finalize (object);
}

static void
mutual_exchange_dialog_class_init (MutualExchangeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_exchange_dialog_dispose;
  object_class->finalize = mutual_exchange_dialog_finalize;

  /**
   * MutualExchangeDialog::saved:
   * @id: the exchange's id
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-exchange-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, given_button);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, received_button);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, not_estimated_label);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, currency_label);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, minutes_row);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, minutes_label);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, message_stack);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MutualExchangeDialog, warning_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_direction_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mutual_exchange_dialog_init (MutualExchangeDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->date_order = mutual_date_locale_order (&self->date_separator);
  self->edited = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kind_order); i++)
    gtk_string_list_append (kinds, mutual_kind_to_label (kind_order[i]));
  self->loading = TRUE;
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  self->loading = FALSE;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_kind_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_kind_item), NULL);
  adw_combo_row_set_list_factory (self->kind_row, factory);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
}

MutualExchangeDialog *
mutual_exchange_dialog_new (MutualLedger         *ledger,
                            gint64                relationship_id,
                            const MutualExchange *exchange)
{
  MutualExchangeDialog *self;
  g_autofree char *date = NULL;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  self = g_object_new (MUTUAL_TYPE_EXCHANGE_DIALOG, NULL);
  self->ledger = g_object_ref (ledger);
  self->loading = TRUE;
  if (exchange != NULL)
    self->exchange = mutual_exchange_copy (exchange);
  else
    {
      self->exchange = mutual_exchange_new ();
      self->exchange->relationship_id = relationship_id;
      self->exchange->date = mutual_date_today ();
      self->exchange->direction = MUTUAL_DIRECTION_GIVEN;
      self->exchange->kind = MUTUAL_KIND_WORK;
      self->exchange->minutes = -1;
    }

  gtk_label_set_text (self->currency_label, mutual_ledger_get_currency (ledger));
  date = format_date (self, self->exchange->date);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_toggle_button_set_active (self->exchange->direction == MUTUAL_DIRECTION_RECEIVED
                                ? self->received_button : self->given_button, TRUE);
  select_kind (self, self->exchange->kind);

  if (exchange != NULL)
    {
      g_autofree char *value = mutual_money_format (exchange->value, mutual_ledger_get_currency (ledger),
                                                    MUTUAL_MONEY_FORMAT_LOCAL);

      /* 0 is how an unestimated value is stored: show it as such. */
      gtk_editable_set_text (GTK_EDITABLE (self->value_row), exchange->value == 0 ? "" : value);
      if (exchange->minutes >= 0)
        {
          g_autofree char *minutes = mutual_ui_format_minutes (exchange->minutes);
          gtk_editable_set_text (GTK_EDITABLE (self->minutes_row), minutes);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->note_row), exchange->note ? exchange->note : "");
      gtk_button_set_label (self->save_button, _("Save"));
      adw_window_title_set_title (self->window_title, _("Edit Exchange"));
    }
  else
    {
      gtk_button_set_label (self->save_button, _("Add"));
      adw_window_title_set_title (self->window_title, _("New Exchange"));
    }
  gtk_window_set_title (GTK_WINDOW (self), adw_window_title_get_title (self->window_title));

  show_date_in_calendar (self, self->exchange->date);

  gtk_widget_grab_focus (GTK_WIDGET (self->value_row));
  self->loading = FALSE;
  validate (self);
  return self;
}

const char *
mutual_exchange_dialog_get_error (MutualExchangeDialog *self)
{
  g_return_val_if_fail (MUTUAL_IS_EXCHANGE_DIALOG (self), NULL);
  return self->error;
}
