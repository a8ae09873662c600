/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/mutual-demo.h"
#include "mutual-window-private.h"

static char *
demo_ledger_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "mutual", "demo.db", NULL);
}

static MutualLedger *
open_demo_ledger (GError **error)
{
  g_autofree char *path = demo_ledger_path ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(MutualLedger) ledger = NULL;
  MutualDemoOptions options = { 0 };

  /* A fresh history each time: the previous visit may have edited it. */
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  ledger = mutual_ledger_open (path, error);
  if (ledger == NULL)
    return NULL;
  options.n_relationships = 12;
  options.seed = 1;
  if (!mutual_demo_generate (ledger, &options, NULL, error))
    return NULL;
  return g_steal_pointer (&ledger);
}

void
_mutual_window_try_demo (MutualWindow *self)
{
  g_autoptr(MutualLedger) demo = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ledger != self->own_ledger)
    return;
  demo = open_demo_ledger (&error);
  if (demo == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not make the demo data: %s"), error->message);
      _mutual_window_toast (self, text);
      return;
    }
  _mutual_window_set_ledger (self, demo);
}

void
_mutual_window_leave_demo (MutualWindow *self)
{
  if (self->own_ledger)
    _mutual_window_set_ledger (self, self->own_ledger);
  _mutual_window_restore_last_shown (self);
}
