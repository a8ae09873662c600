/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's figures of DESIGN.md's targets: from a fresh process to
 * the first frame painted with the sidebar's model holding the
 * relationships (cold: a new process each run), then the relationship
 * with the most exchanges opened in it, and the resident memory of that
 * process. The opening waits until the window has settled (the sidebar
 * assessed and no frame painted for a while), so that it times opening
 * a relationship rather than the tail of the start-up. Before that, the
 * sidebar is dragged to its end until its last row is painted: on the
 * 1M ledger's 10,000 rows that must be possible, not merely fast. Runs the real
 * MutualApplication, so the window loads what it always loads. Needs a
 * display (run under xvfb-run: build-aux/dev bench); without one it says
 * so and is skipped. */
#define G_LOG_DOMAIN "bench-window"

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core/mutual-ledger.h"
#include "ui/mutual-application.h"
#include "ui/mutual-relationship-model.h"
#include "ui/mutual-window-private.h"

#include "bench-util.h"

#define RUNS 5
/* Settled: assessed, and this long without a frame painted; a window
 * that keeps painting is opened this long after it showed, once assessed. */
#define QUIET_MS 500
#define SETTLE_MAX_US (5 * G_USEC_PER_SEC)
/* Drags of the sidebar's scrollbar to its end before giving up. */
#define MAX_DRAGS 20

typedef struct
{
  gint64        largest_id;
  MutualWindow *window;
  gboolean      shown;      /* the first frame with the sidebar filled */
  guint         quiet_id;   /* waiting for the window to settle */
  gint64        shown_us;
  gint64        scroll_us;  /* when the sidebar was first dragged to its end */
  double        scroll_ms;
  gint64        scrolled_us; /* when its last row was painted */
  guint         drags;
  gint64        open_us;    /* when the relationship was opened */
  double        open_ms;
  gint64        list_us;    /* when its exchanges were asked for */
  double        shown_mb;
} Child;

static double
resident_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

/* The sidebar's figures come from a thread, a moment after the names. */
static gboolean
is_assessed (MutualWindow *window)
{
  GListModel *sorted = mutual_window_get_relationships (window);
  GListModel *filtered = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (sorted));
  GListModel *model = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (filtered));

  return MUTUAL_IS_RELATIONSHIP_MODEL (model)
         && mutual_relationship_model_is_assessed (MUTUAL_RELATIONSHIP_MODEL (model));
}

static GtkWidget *
find_mapped_label (GtkWidget  *root,
                   const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_label (child, text);

      if (found)
        return found;
    }
  return NULL;
}

/* Whether the sidebar's last row is painted, with the scrollbar at its end. */
static gboolean
shows_last_row (MutualWindow *window)
{
  GListModel *relationships = mutual_window_get_relationships (window);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (window->relationship_list));
  guint n = g_list_model_get_n_items (relationships);
  g_autoptr(MutualRelationshipItem) last = n ? g_list_model_get_item (relationships, n - 1) : NULL;

  return last != NULL
         && gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
            >= gtk_adjustment_get_upper (adjustment)
         && find_mapped_label (GTK_WIDGET (window->relationship_list),
                               mutual_relationship_item_get_name (last)) != NULL;
}

/* As a drag of the scrollbar to its end. */
static void
drag_sidebar_to_end (Child *child)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child->window->relationship_list));

  if (++child->drags > MAX_DRAGS)
    g_error ("the sidebar did not reach its last row in %d drags to its end", MAX_DRAGS);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                        - gtk_adjustment_get_page_size (adjustment));
  gtk_widget_queue_draw (GTK_WIDGET (child->window));
}

static gboolean
settled_cb (gpointer data)
{
  Child *child = data;

  if (!is_assessed (child->window))
    return G_SOURCE_CONTINUE;
  child->quiet_id = 0;
  child->scroll_us = g_get_monotonic_time ();
  drag_sidebar_to_end (child);
  return G_SOURCE_REMOVE;
}

/* Settled again after the drag (its scrollbar faded), then opened. */
static gboolean
open_largest_cb (gpointer data)
{
  Child *child = data;

  child->quiet_id = 0;
  child->open_us = g_get_monotonic_time ();
  mutual_window_show_relationship (child->window, child->largest_id);
  return G_SOURCE_REMOVE;
}

/* Each frame painted restarts the wait for @func, up to SETTLE_MAX_US
 * after @since. */
static void
wait_until_quiet (Child       *child,
                  gint64       since,
                  GSourceFunc  func)
{
  if (child->quiet_id != 0 && g_get_monotonic_time () - since < SETTLE_MAX_US)
    g_clear_handle_id (&child->quiet_id, g_source_remove);
  if (child->quiet_id == 0)
    child->quiet_id = g_timeout_add (QUIET_MS, func, child);
}

static void
on_after_paint (GdkFrameClock *clock,
                Child         *child)
{
  GListModel *relationships = mutual_window_get_relationships (child->window);

  if (!child->shown)
    {
      if (relationships == NULL || g_list_model_get_n_items (relationships) == 0)
        return;
      child->shown = TRUE;
      child->shown_us = g_get_monotonic_time ();
      child->shown_mb = resident_mb ();
    }
  if (child->scroll_us == 0)
    wait_until_quiet (child, child->shown_us, settled_cb);
  else if (child->scrolled_us == 0)
    {
      if (!shows_last_row (child->window))
        {
          drag_sidebar_to_end (child);
          return;
        }
      child->scrolled_us = g_get_monotonic_time ();
      child->scroll_ms = (child->scrolled_us - child->scroll_us) / 1e3;
      wait_until_quiet (child, child->scrolled_us, open_largest_cb);
    }
  else if (child->open_us == 0)
    wait_until_quiet (child, child->scrolled_us, open_largest_cb);
  else if (child->list_us == 0
           && mutual_window_get_relationship_id (child->window) == child->largest_id)
    {
      /* Painted with its summary (the chart): then its exchanges. */
      child->open_ms = (g_get_monotonic_time () - child->open_us) / 1e3;
      child->list_us = g_get_monotonic_time ();
      mutual_relationship_page_show_exchanges (child->window->relationship_page);
    }
  else if (child->list_us != 0)
    {
      g_print ("shown_us=%" G_GINT64_FORMAT " shown_mb=%.1f scroll_ms=%.2f drags=%u open_ms=%.2f list_ms=%.2f open_mb=%.1f\n",
               child->shown_us, child->shown_mb, child->scroll_ms, child->drags, child->open_ms,
               (g_get_monotonic_time () - child->list_us) / 1e3, resident_mb ());
      g_signal_handlers_disconnect_by_func (clock, on_after_paint, child);
      gtk_window_destroy (GTK_WINDOW (child->window));
    }
}

static void
on_window_realized (GtkWidget *window,
                    Child     *child)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), child);
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 Child          *child)
{
  if (!MUTUAL_IS_WINDOW (window) || child->window != NULL)
    return;
  child->window = MUTUAL_WINDOW (window);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_window_realized), child);
}

/* bench-window --child LEDGER ID: the window, as `mutual --ledger=LEDGER`. */
static int
run_child_window (const char *ledger,
                  const char *id)
{
  g_autoptr(MutualApplication) app = NULL;
  g_autofree char *opt = g_strconcat ("--ledger=", ledger, NULL);
  char *argv[] = { (char *) "mutual", opt, NULL };
  Child child = { 0 };

  setlocale (LC_ALL, "");
  child.largest_id = g_ascii_strtoll (id, NULL, 10);
  app = mutual_application_new ();
  g_set_application_name ("Mutual");
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &child);
  return g_application_run (G_APPLICATION (app), 2, argv);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  double shown[RUNS], scroll[RUNS], open[RUNS], list[RUNS], both[RUNS], shown_mb = 0, open_mb = 0;
  guint drags = 0;
  gint64 largest, n;
  sqlite3 *db = NULL;

  if (argc == 4 && strcmp (argv[1], "--child") == 0)
    return run_child_window (argv[2], argv[3]);

  setlocale (LC_ALL, "C.UTF-8");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("window figures skipped: no display (run under xvfb-run, as build-aux/dev bench does)\n");
      return 77;
    }

  path = bench_ledger_path (&dir);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  largest = bench_largest_relationship (db, &n);
  sqlite3_close (db);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, largest);
  g_print ("ledger: %s; largest relationship: %" G_GINT64_FORMAT " exchanges\n", path, n);

  for (int i = 0; i < RUNS; i++)
    {
      const char *child_argv[] = { argv[0], "--child", path, id, NULL };
      g_autofree char *out = NULL;
      gint64 shown_us = 0;
      int status;
      gint64 start = g_get_monotonic_time ();

      if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_DEFAULT,
                         NULL, NULL, &out, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        g_error ("window: %s", error->message);
      if (sscanf (out, "shown_us=%" G_GINT64_FORMAT " shown_mb=%lf scroll_ms=%lf drags=%u open_ms=%lf list_ms=%lf open_mb=%lf",
                  &shown_us, &shown_mb, &scroll[i], &drags, &open[i], &list[i], &open_mb) != 7)
        g_error ("window: unexpected output “%s”", out);
      shown[i] = (shown_us - start) / 1e6;
      both[i] = open[i] + list[i];
    }

  report ("window shown with sidebar filled, cold", median (shown, RUNS), "s", 0.3, "design", "≤ 0.3 s");
  report ("  resident memory at that frame", shown_mb, "MB", 0, NULL, "(for reference)");
  {
    g_autofree char *figure = g_strdup_printf ("sidebar dragged to its last row (%u drag%s)",
                                               drags, drags == 1 ? "" : "s");

    report (figure, median (scroll, RUNS), "ms", 0, NULL, "(for reference)");
  }
  report ("open the largest relationship (to painted)", median (open, RUNS), "ms", 50, "design", "≤ 50 ms");
  report ("  then its exchanges (to painted)", median (list, RUNS), "ms", 0, NULL, "(for reference)");
  report ("  chart and list together", median (both, RUNS), "ms", 50, "design", "≤ 50 ms");
  report ("resident memory, ledger and it open", open_mb, "MB", 150, "design", "≤ 150 MB");

  bench_ledger_clear (path, dir);
  return 0;
}
