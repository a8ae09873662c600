/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the real `mutual` binary, as a person or a script would. */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "test-util.h"
#include "test-archetypes.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
binary (void)
{
  const char *path = g_getenv ("MUTUAL_BINARY");

  g_assert_nonnull (path);
  return path;
}

/* Runs mutual with @args (NULL-terminated), the ledger given by env. */
static Run
run_env (const char  *ledger_env,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (char *) binary ());
  va_start (args, first);
  for (arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "MUTUAL_LEDGER");
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  if (ledger_env)
    envp = g_environ_setenv (envp, "MUTUAL_LEDGER", ledger_env, TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

#define run_cli(...) run_env (NULL, __VA_ARGS__, NULL)

typedef struct
{
  char *dir;
  char *path;
  char *opt;   /* --ledger=PATH */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("mutual-cli-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "ledger.db", NULL);
  f->opt = g_strconcat ("--ledger=", f->path, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->opt);
}

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
}

/* The ledger's visible state: the whole classification and series. */
static char *
snapshot (Fixture *f)
{
  g_auto(Run) a = run_cli (f->opt, "classify", "--format=json", "--as-of=2025-12-31");
  g_auto(Run) b = run_cli (f->opt, "balance", "--all", "--format=json", "--to=2025-12-31");

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 0);
  return g_strconcat (a.out, b.out, NULL);
}

static void
add_acme (Fixture *f)
{
  g_auto(Run) a = run_cli (f->opt, "add-relationship", "Acme GmbH", "--organization=Acme");
  g_auto(Run) b = run_cli (f->opt, "log", "acme gmbh", "--given", "--kind=work",
                           "--value=4500.00", "--date=2025-02-01", "--minutes=1200",
                           "--note=Website redesign");
  g_auto(Run) c = run_cli (f->opt, "log", "Acme GmbH", "--received", "--kind=payment",
                           "--value=4500", "--date=2025-02-20");

  g_assert_cmpint (a.status, ==, 0);
  g_assert_true (g_uuid_string_is_valid (g_strstrip (a.out)));
  g_assert_cmpint (b.status, ==, 0);
  g_assert_cmpint (c.status, ==, 0);
}

/* Runs python3 over the output with a check that raises on a mismatch. */
static void
assert_json (const char *json,
             const char *python_check)
{
  g_autofree char *script = g_strdup_printf ("import json, sys\nd = json.load(sys.stdin)\n%s\n", python_check);
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int fd = g_file_open_tmp ("mutual-json-XXXXXX", &tmp, &error);
  int wait_status;

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (tmp, json, -1, NULL));
  {
    const char *argv[] = { "sh", "-c", "python3 -c \"$1\" < \"$2\"", "sh", script, tmp, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  NULL, &err, &wait_status, &error);
  }
  g_assert_no_error (error);
  g_remove (tmp);
  if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != 0)
    g_error ("JSON check failed: %s\n%s", err, json);
}

static void
test_version_and_help (void)
{
  g_auto(Run) v = run_cli ("--version");
  g_auto(Run) h = run_cli ("--help");

  g_assert_cmpint (v.status, ==, 0);
  g_assert_cmpstr (v.out, ==, "mutual " PACKAGE_VERSION "\n");
  g_assert_cmpint (h.status, ==, 0);
  g_assert_nonnull (strstr (h.out, "add-relationship"));
  g_assert_nonnull (strstr (h.out, "classify"));

  /* Each command's usage line names the program, the command once, and
   * its parameters. */
  {
    g_auto(Run) l = run_cli ("log", "--help");

    g_assert_cmpint (l.status, ==, 0);
    g_assert_nonnull (strstr (l.out, "mutual log [OPTION…] RELATIONSHIP\n"));
  }
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *cases[][6] = {
    { "frobnicate", NULL },
    { "classify", "--colour", NULL },
    { "add-relationship", NULL },
    { "log", "Acme GmbH", "--given", "--value=1", NULL },
    { "log", "Acme GmbH", "--given", "--kind=work", NULL },
    { "log", "Acme GmbH", "--kind=work", "--value=1", NULL },
    { "log", "Acme GmbH", "--given", "--received", "--kind=work", NULL },
    { "log", "--given", "--kind=work", "--value=1", NULL },
    { "balance", NULL },
    { "balance", "Acme GmbH", "--all", NULL },
  };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_acme (f);
  before = checksum_file (f->path);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = run_cli (f->opt, cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4]);

      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpstr (r.out, ==, "");
      /* One plain sentence on standard error. */
      g_assert_true (g_str_has_prefix (r.err, "mutual: "));
      g_assert_cmpint (strchr (r.err, '\n') - r.err, ==, strlen (r.err) - 1);
    }
  after = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_data_changes_nothing (Fixture       *f,
                               gconstpointer  data)
{
  const char *cases[][6] = {
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=-5" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=12.345" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=twelve" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=10000000000000.01" },
    { "log", "Acme GmbH", "--given", "--kind=bribe", "--value=1" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=1", "--date=2025-02-30" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=1", "--date=1899-12-31" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=1", "--minutes=-3" },
    { "log", "Nobody Inc", "--given", "--kind=work", "--value=1" },
    { "add-relationship", "ACME GMBH" },
    { "add-relationship", "New", "--role=boss" },
    { "add-relationship", "" },
    { "classify", "--format=xml" },
    { "classify", "--as-of=soon" },
    { "balance", "--all", "--interval=fortnight" },
    { "balance", "--all", "--from=2025-03-01", "--to=2025-02-01" },
    { "balance", "Nobody Inc" },
    { "demo" },
  };
  g_autofree char *before = NULL;
  g_autofree char *before_sum = NULL;
  g_autofree char *after = NULL;
  g_autofree char *after_sum = NULL;

  add_acme (f);
  before = snapshot (f);
  before_sum = checksum_file (f->path);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = run_cli (f->opt, cases[i][0], cases[i][1], cases[i][2], cases[i][3],
                               cases[i][4], cases[i][5]);

      if (r.status != 2)
        g_error ("case %" G_GSIZE_FORMAT " (%s %s): exit %d, %s", i, cases[i][0], cases[i][1], r.status, r.err);
      g_assert_true (g_str_has_prefix (r.err, "mutual: "));
      g_assert_cmpint (strchr (r.err, '\n') - r.err, ==, strlen (r.err) - 1);
    }
  after = snapshot (f);
  after_sum = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (before_sum, ==, after_sum);
}

static void
test_long_name_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *ok_name = g_strnfill (200, 'x');
  g_autofree char *long_name = g_strnfill (201, 'y');
  g_auto(Run) a = run_cli (f->opt, "add-relationship", ok_name);
  g_auto(Run) b = run_cli (f->opt, "add-relationship", long_name);

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 2);
}

static void
test_classify_json_shape (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) z = run_cli (f->opt, "add-relationship", "zeta", "--role=friend");

  add_acme (f);
  r = run_cli (f->opt, "classify", "--format=json", "--as-of=2025-03-01");
  g_assert_cmpint (r.status, ==, 0);
  assert_json (r.out,
               "assert [o['name'] for o in d] == ['Acme GmbH', 'zeta']\n"
               "a = d[0]\n"
               "assert set(a) == {'id','name','class','computed','override','tests','flags',"
               "'given','received','balance','reciprocity','measure'}, a\n"
               "assert a['class'] == 'transactional' and a['computed'] == 'transactional'\n"
               "assert a['override'] is None\n"
               "assert a['tests'] == {'ongoing': False, 'beyond_money': False, 'two_way': True}\n"
               "assert a['flags'] == ['new']\n"
               "assert (a['given'], a['received'], a['balance']) == ('4500.00', '4500.00', '0.00')\n"
               "assert a['reciprocity'] == 1 and a['measure'] == 'value'\n"
               "z = d[1]\n"
               "assert z['reciprocity'] is None and z['balance'] == '0.00'\n"
               "assert z['flags'] == ['new'] and z['measure'] == 'exchanges'\n");
}

static void
test_classify_as_of_and_flags (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) t = { 0 };

  add_acme (f);
  /* Before the payment: given only, one-sided; much later: dormant. */
  r = run_cli (f->opt, "classify", "--format=json", "--as-of=2025-02-10");
  assert_json (r.out,
               "a = d[0]\n"
               "assert a['flags'] == ['one-sided', 'new'], a\n"
               "assert a['balance'] == '-4500.00'\n"
               "assert a['reciprocity'] == 0\n");
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);
  r = run_cli (f->opt, "classify", "--format=json", "--as-of=2026-01-01");
  assert_json (r.out, "assert d[0]['flags'] == ['dormant'], d[0]\n");

  t = run_cli (f->opt, "classify", "--as-of=2025-03-01");
  g_assert_cmpint (t.status, ==, 0);
  g_assert_true (g_str_has_prefix (t.out, "id\tname\tclass\t"));
  g_assert_nonnull (strstr (t.out, "\tAcme GmbH\ttransactional\t"));
}

/* Imports one of test-archetypes.h with its dates before @as_of. */
static void
import_archetype (Fixture    *f,
                  const char *name,
                  MutualDate  as_of)
{
  const Archetype *arch = archetype_find (name);
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"EUR\">\n");
  g_autofree char *file = g_build_filename (f->dir, "archetype.xml", NULL);
  g_auto(Run) r = { 0 };

  g_string_append_printf (xml, "  <relationship name=\"%s\">\n", arch->name);
  for (const ArchetypeRun *run = arch->runs; run->count > 0; run++)
    for (int i = 0; i < run->count; i++)
      {
        char iso[11];

        g_string_append_printf (xml, "    <exchange date=\"%s\" direction=\"%s\" kind=\"%s\" value=\"%"
                                G_GINT64_FORMAT ".%02d\"/>\n",
                                mutual_date_to_iso (mutual_date_add_days (as_of, -(run->days_ago - i * run->step)), iso),
                                mutual_direction_to_string (run->direction),
                                mutual_kind_to_string (run->kind),
                                run->value / 100, (int) (run->value % 100));
      }
  g_string_append (xml, "  </relationship>\n</mutual>\n");
  g_assert_true (g_file_set_contents (file, xml->str, -1, NULL));
  r = run_cli (f->opt, "import", file);
  g_assert_cmpint (r.status, ==, 0);
}

/* classify --format=json of one archetype as of 2025-12-31, checked by
 * @python_check on its object, o. */
static void
assert_archetype (Fixture    *f,
                  const char *name,
                  const char *python_check)
{
  g_auto(Run) r = { 0 };
  g_autofree char *check = NULL;

  import_archetype (f, name, 20251231);
  r = run_cli (f->opt, "classify", "--format=json", "--as-of=2025-12-31");
  g_assert_cmpint (r.status, ==, 0);
  check = g_strdup_printf ("assert len(d) == 1\no = d[0]\n%s", python_check);
  assert_json (r.out, check);
}

static void
test_archetype_mentor (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Run) t = { 0 };

  /* 10 lunches bought, 19 pieces of advice: two-way by exchanges. */
  assert_archetype (f, "Mentor",
                    "assert o['measure'] == 'exchanges', o\n"
                    "assert o['tests'] == {'ongoing': True, 'beyond_money': True, 'two_way': True}, o\n"
                    "assert o['computed'] == 'partnership' and o['class'] == 'partnership', o\n"
                    "assert o['flags'] == [], o\n"
                    "assert o['reciprocity'] == 0.526, o\n"
                    "assert (o['given'], o['received']) == ('300.00', '0.00'), o\n");
  t = run_cli (f->opt, "classify", "--as-of=2025-12-31");
  g_assert_nonnull (strstr (t.out, "Two-way by exchanges: 10 given / 19 received (no money both ways)"));
}

static void
test_archetype_favour_swap (Fixture       *f,
                            gconstpointer  data)
{
  assert_archetype (f, "Favour swap",
                    "assert o['measure'] == 'exchanges', o\n"
                    "assert o['tests']['two_way'] and o['computed'] == 'partnership', o\n"
                    "assert o['flags'] == [], o\n"
                    "assert o['reciprocity'] == 0.684, o\n"
                    "assert (o['given'], o['received']) == ('0.00', '0.00'), o\n");
}

static void
test_archetype_freeloader (Fixture       *f,
                           gconstpointer  data)
{
  /* Paid work met by unvalued feedback: never two-way, reciprocity 0. */
  assert_archetype (f, "Freeloader",
                    "assert o['measure'] == 'value', o\n"
                    "assert o['tests'] == {'ongoing': True, 'beyond_money': False, 'two_way': False}, o\n"
                    "assert o['computed'] == 'transactional', o\n"
                    "assert o['flags'] == ['one-sided'], o\n"
                    "assert o['reciprocity'] == 0, o\n");
}

static void
test_archetype_underpaying_client (Fixture       *f,
                                   gconstpointer  data)
{
  assert_archetype (f, "Underpaying client",
                    "assert o['measure'] == 'value', o\n"
                    "assert not o['tests']['two_way'], o\n"
                    "assert o['flags'] == ['one-sided'], o\n"
                    "assert o['reciprocity'] == 0.333, o\n"
                    "assert o['balance'] == '-6000.00', o\n");
}

static void
test_archetype_new_contact (Fixture       *f,
                            gconstpointer  data)
{
  assert_archetype (f, "New contact",
                    "assert o['computed'] == 'transactional', o\n"
                    "assert 'new' in o['flags'], o\n"
                    "assert o['measure'] == 'exchanges', o\n"
                    "assert o['reciprocity'] == 0, o\n");
}

static void
test_archetype_two_to_one (Fixture       *f,
                           gconstpointer  data)
{
  assert_archetype (f, "Two to one",
                    "assert o['measure'] == 'exchanges', o\n"
                    "assert o['tests']['two_way'], o\n"
                    "assert o['computed'] == 'partnership', o\n"
                    "assert o['reciprocity'] == 0.5, o\n"
                    "assert o['flags'] == [], o\n");
}

static void
test_archetype_three_to_one (Fixture       *f,
                             gconstpointer  data)
{
  assert_archetype (f, "Three to one",
                    "assert o['measure'] == 'exchanges', o\n"
                    "assert not o['tests']['two_way'], o\n"
                    "assert o['computed'] == 'transactional', o\n"
                    "assert o['reciprocity'] == 0.333, o\n"
                    "assert o['flags'] == ['one-sided'], o\n");
}

static void
test_archetype_unvalued_work (Fixture       *f,
                              gconstpointer  data)
{
  /* Work at 0 is no money: 6 given for 3 received is two-way. */
  assert_archetype (f, "Unvalued work",
                    "assert o['measure'] == 'exchanges', o\n"
                    "assert o['tests'] == {'ongoing': True, 'beyond_money': False, 'two_way': True}, o\n"
                    "assert o['reciprocity'] == 0.5, o\n");
}

static void
test_balance_json_shape (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) all = { 0 };

  add_acme (f);
  r = run_cli (f->opt, "balance", "Acme GmbH", "--from=2025-02-10", "--to=2025-04-15",
               "--format=json");
  g_assert_cmpint (r.status, ==, 0);
  assert_json (r.out,
               "assert [p['end'] for p in d] == ['2025-02-28', '2025-03-31', '2025-04-15'], d\n"
               "assert set(d[0]) == {'end','given','received','given_total','received_total','balance'}\n"
               "assert (d[0]['given'], d[0]['received']) == ('0.00', '4500.00')\n"
               "assert (d[0]['given_total'], d[0]['received_total'], d[0]['balance']) == ('4500.00', '4500.00', '0.00')\n"
               "assert all(isinstance(v, str) for p in d for v in p.values())\n");

  all = run_cli (f->opt, "balance", "--all", "--interval=year", "--to=2025-12-31", "--format=json");
  assert_json (all.out,
               "assert d == [{'end': '2025-12-31', 'given': '4500.00', 'received': '4500.00',"
               " 'given_total': '4500.00', 'received_total': '4500.00', 'balance': '0.00'}], d\n");
}

static void
test_ledger_from_environment (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(Run) a = run_env (f->path, "add-relationship", "Env Person", NULL);
  g_auto(Run) b = run_cli (f->opt, "classify", "--format=json");

  g_assert_cmpint (a.status, ==, 0);
  g_assert_nonnull (strstr (b.out, "Env Person"));
}

static void
test_foreign_file_untouched (Fixture       *f,
                             gconstpointer  data)
{
  const char *commands[][4] = {
    { "classify", NULL },
    { "add-relationship", "Someone", NULL },
    { "log", "Someone", "--given", "--kind=work" },
    { "balance", "--all", NULL },
    { "demo", NULL },
  };
  const char *kinds[] = { "text", "sqlite" };

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *sum = NULL;

      if (k == 0)
        g_assert_true (g_file_set_contents (f->path, "Dear diary, today I…\n", -1, NULL));
      else
        {
          sqlite3 *db;

          g_remove (f->path);
          sqlite3_open (f->path, &db);
          sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL);
          sqlite3_close (db);
        }
      sum = checksum_file (f->path);

      for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
        {
          g_auto(Run) r = { 0 };
          g_autofree char *after = NULL;

          if (g_str_equal (commands[i][0], "log"))
            r = run_cli (f->opt, "log", "Someone", "--given", "--kind=work", "--value=1");
          else
            r = run_cli (f->opt, commands[i][0], commands[i][1], commands[i][2]);
          g_assert_cmpint (r.status, ==, 3);
          g_assert_nonnull (strstr (r.err, "not a Mutual ledger"));
          after = checksum_file (f->path);
          g_assert_cmpstr (sum, ==, after);
        }
    }
}

static void
test_unwritable_folder (void)
{
  g_auto(Run) r = run_cli ("--ledger=/proc/mutual/ledger.db", "classify");

  g_assert_cmpint (r.status, ==, 3);
}

/* Runs mutual as an unprivileged user when we are root, since root may
 * write any file whatever its mode. */
static Run
run_unprivileged (const char *ledger_opt,
                  const char *command,
                  const char *arg)
{
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  int wait_status;
  const char *as_root[] = { "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                            binary (), ledger_opt, command, arg, NULL };
  const char *as_user[] = { binary (), ledger_opt, command, arg, NULL };

  g_spawn_sync (NULL, (char **) (getuid () == 0 ? as_root : as_user), NULL,
                G_SPAWN_SEARCH_PATH, NULL, NULL, &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

static void
test_read_only_ledger (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) demo = run_cli (f->opt, "demo");
  g_auto(Run) expected = run_cli (f->opt, "classify", "--format=json");
  g_auto(Run) read = { 0 };
  g_auto(Run) write = { 0 };

  g_assert_cmpint (demo.status, ==, 0);
  g_chmod (f->path, 0444);
  g_chmod (f->dir, 0555);
  before = checksum_file (f->path);

  /* Reading works; writing is refused in words, with status 3. */
  read = run_unprivileged (f->opt, "classify", "--format=json");
  write = run_unprivileged (f->opt, "add-relationship", "Newcomer");
  after = checksum_file (f->path);
  g_chmod (f->dir, 0700);
  g_chmod (f->path, 0600);

  g_assert_cmpint (read.status, ==, 0);
  g_assert_cmpstr (read.out, ==, expected.out);
  g_assert_cmpint (write.status, ==, 3);
  g_assert_nonnull (strstr (write.err, "cannot be written"));
  g_assert_cmpstr (before, ==, after);
}

/* A read-only ledger whose last changes still wait in its write-ahead
 * log (another program has it open): shown with them where SQLite may
 * read the log, refused in words where it may not; never shown as the
 * older file alone. */
static void
test_read_only_ledger_wal (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_auto(Run) first = run_cli (f->opt, "add-relationship", "First");
  g_auto(Run) second = { 0 };
  g_auto(Run) hidden = { 0 };
  g_auto(Run) shown = { 0 };
  sqlite3 *other = NULL;
  GStatBuf st;

  g_assert_cmpint (first.status, ==, 0);
  /* The other program: while it has the ledger open, the next change
   * stays in the log when the command that made it closes. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "SELECT count (*) FROM sqlite_schema", NULL, NULL, NULL), ==, SQLITE_OK);
  second = run_cli (f->opt, "add-relationship", "Second");
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  g_chmod (f->path, 0444);
  g_chmod (f->dir, 0555);
  g_chmod (wal, 0600);
  g_chmod (shm, 0600);
  hidden = run_unprivileged (f->opt, "classify", "--format=tsv");
  g_chmod (wal, 0644);
  g_chmod (shm, 0644);
  shown = run_unprivileged (f->opt, "classify", "--format=tsv");
  g_chmod (f->dir, 0700);
  g_chmod (f->path, 0600);
  sqlite3_close (other);

  if (getuid () != 0)
    {
      /* Not root: this user owns the log and reads it either way. */
      g_assert_cmpint (hidden.status, ==, 0);
      g_assert_nonnull (strstr (hidden.out, "Second"));
    }
  else
    {
      g_assert_cmpint (hidden.status, ==, 3);
      g_assert_nonnull (strstr (hidden.err, "has changes not yet written into its file"));
      g_assert_cmpstr (hidden.out, ==, "");
    }
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_nonnull (strstr (shown.out, "\tFirst\t"));
  g_assert_nonnull (strstr (shown.out, "\tSecond\t"));
}

static void
test_damaged_pages_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_auto(Run) demo = run_cli (f->opt, "demo", "--relationships=40", "--exchanges=4000");
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length;

  g_assert_cmpint (demo.status, ==, 0);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  /* Scribble over every page but the first (the schema). */
  for (gsize page = 1; page < length / 4096; page++)
    for (gsize i = 0; i < 64; i++)
      contents[page * 4096 + 8 + i * 7] ^= 0xa5;
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
  before = checksum_file (f->path);

  {
    g_auto(Run) classify = run_cli (f->opt, "classify");
    g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone new");
    g_auto(Run) log = run_cli (f->opt, "log", "Acme GmbH", "--given", "--kind=work", "--value=1");

    g_assert_cmpint (classify.status, ==, 3);
    g_assert_nonnull (strstr (classify.err, "damaged"));
    g_assert_cmpint (add.status, ==, 3);
    g_assert_cmpint (log.status, ==, 3);
  }
  after = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_two_writers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Busy");
  g_auto(Run) count = { 0 };
  GPid pids[2];

  g_assert_cmpint (add.status, ==, 0);
  /* Two shells each log 40 exchanges as fast as they can. */
  for (int w = 0; w < 2; w++)
    {
      g_autofree char *script = g_strdup_printf ("for i in $(seq 40); do \"$0\" \"$1\" log Busy --given"
                                                 " --kind=work --value=$i || exit 1; done");
      const char *argv[] = { "sh", "-c", script, binary (), f->opt, NULL };

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                                    | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL, NULL, &pids[w], &error));
      g_assert_no_error (error);
    }
  for (int w = 0; w < 2; w++)
    {
      int wait_status;

      waitpid (pids[w], &wait_status, 0);
      g_spawn_close_pid (pids[w]);
      g_assert_true (WIFEXITED (wait_status));
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
    }

  /* Nothing lost: 2 × (1 + … + 40) given. */
  count = run_cli (f->opt, "classify", "--format=json");
  assert_json (count.out, "assert d[0]['given'] == '1640.00', d\n");
}

static void
test_demo_deterministic (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *other_opt = g_strconcat ("--ledger=", other, NULL);
  g_autofree char *third = g_build_filename (f->dir, "third.db", NULL);
  g_autofree char *third_opt = g_strconcat ("--ledger=", third, NULL);
  g_auto(Run) a = run_cli (f->opt, "demo", "--seed=42");
  g_auto(Run) b = run_cli (other_opt, "demo", "--seed=42");
  g_auto(Run) c = run_cli (third_opt, "demo", "--seed=43");
  g_auto(Run) ja = run_cli (f->opt, "classify", "--format=json");
  g_auto(Run) jb = run_cli (other_opt, "classify", "--format=json");
  g_auto(Run) jc = run_cli (third_opt, "classify", "--format=json");

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 0);
  g_assert_cmpint (c.status, ==, 0);
  g_assert_cmpstr (ja.out, ==, jb.out);
  g_assert_cmpstr (ja.out, !=, jc.out);

  /* About a dozen relationships covering every class and flag. */
  assert_json (ja.out,
               "assert 10 <= len(d) <= 15, len(d)\n"
               "classes = {o['computed'] for o in d}\n"
               "assert classes == {'partnership', 'transactional'}, classes\n"
               "flags = {f for o in d for f in o['flags']}\n"
               "assert {'one-sided', 'dormant'} <= flags <= {'one-sided', 'dormant', 'new'}, flags\n"
               "assert any(o['override'] for o in d)\n"
               "assert sum(o['computed'] == 'partnership' for o in d) >= 3\n");
}

static void
test_demo_large_spread (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Run) a = run_cli (f->opt, "demo", "--relationships=50", "--exchanges=20000");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM relationship), (SELECT count(*) FROM exchange),"
                      " (SELECT max(n) FROM (SELECT count(*) AS n FROM exchange GROUP BY relationship))",
                      -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 50);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 20000);
  /* Skewed: one relationship holds a tenth of everything. */
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 2000);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_sigkill_during_demo (Fixture       *f,
                          gconstpointer  data)
{
  /* Kill demo at a few moments of its one transaction: before, while and
   * after it spills to the WAL. */
  const guint delays_ms[] = { 50, 400, 1200 };

  for (gsize k = 0; k < G_N_ELEMENTS (delays_ms); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/killed-%" G_GSIZE_FORMAT ".db", f->dir, k);
      g_autofree char *opt = g_strconcat ("--ledger=", path, NULL);
      const char *argv[] = { binary (), opt, "demo", "--relationships=200",
                             "--exchanges=300000", NULL };
      GPid pid;
      int wait_status;
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      gint64 count;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD
                                    | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      g_usleep (delays_ms[k] * 1000);
      kill (pid, SIGKILL);
      waitpid (pid, &wait_status, 0);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (wait_status));

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;  /* killed before it made the file: nothing to check */

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
      sqlite3_finalize (stmt);
      sqlite3_close (db);

      /* All or nothing: demo is one transaction. The ledger still opens. */
      {
        g_auto(Run) r = run_cli (opt, "balance", "--all", "--format=json");

        g_assert_cmpint (r.status, ==, 0);
      }
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM exchange", -1, &stmt, NULL);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      count = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      g_assert_true (count == 0 || count == 300000);
    }
}

/* One plain sentence on standard error. */
static void
assert_one_sentence (const char *err)
{
  g_assert_true (g_str_has_prefix (err, "mutual: "));
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
}

/* The id of the relationship named @name, from `relationships`. */
static char *
exchange_id (Fixture    *f,
             const char *relationship,
             guint       index)
{
  g_auto(Run) r = run_cli (f->opt, "exchanges", relationship, "--format=json");
  const char *p = r.out;

  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i <= index; i++)
    {
      p = strstr (p, "{\"id\": \"");
      g_assert_nonnull (p);
      p += strlen ("{\"id\": \"");
    }
  return g_strndup (p, 36);
}

static void
test_relationships_list (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Run) z = run_cli (f->opt, "add-relationship", "zeta", "--role=friend");
  g_auto(Run) old = run_cli (f->opt, "add-relationship", "Old Client", "--organization=Old Ltd");
  g_auto(Run) archive = { 0 };
  g_auto(Run) current = { 0 };
  g_auto(Run) all = { 0 };
  g_auto(Run) tsv = { 0 };

  add_acme (f);
  archive = run_cli (f->opt, "edit-relationship", "Old Client", "--archived=true");
  g_assert_cmpint (archive.status, ==, 0);

  /* Archived ones only with --archived, and then with the others. */
  current = run_cli (f->opt, "relationships", "--format=json");
  g_assert_cmpint (current.status, ==, 0);
  assert_json (current.out,
               "assert [o['name'] for o in d] == ['Acme GmbH', 'zeta'], d\n"
               "a = d[0]\n"
               "assert set(a) == {'id','name','organization','role','archived','override',"
               "'override_reason','created','notes'}, a\n"
               "assert (a['organization'], a['role'], a['archived']) == ('Acme', 'client', False)\n"
               "assert a['override'] is None and a['override_reason'] is None and a['notes'] is None\n"
               "assert len(a['id']) == 36 and a['created'].endswith('Z') and a['created'][10] == 'T'\n"
               "assert d[1]['role'] == 'friend' and d[1]['organization'] is None\n");
  all = run_cli (f->opt, "relationships", "--archived", "--format=json");
  g_assert_cmpint (all.status, ==, 0);
  assert_json (all.out,
               "assert [(o['name'], o['archived']) for o in d] =="
               " [('Acme GmbH', False), ('Old Client', True), ('zeta', False)], d\n"
               "assert d[1]['organization'] == 'Old Ltd'\n");

  tsv = run_cli (f->opt, "relationships");
  g_assert_cmpint (tsv.status, ==, 0);
  g_assert_true (g_str_has_prefix (tsv.out, "id\tname\torganization\trole\tarchived\t"));
  g_assert_nonnull (strstr (tsv.out, "\tAcme GmbH\tAcme\tclient\tno\t"));
  g_assert_null (strstr (tsv.out, "Old Client"));
}

static void
test_edit_relationship_read_back (Fixture       *f,
                                  gconstpointer  data)
{
  g_auto(Run) edit = { 0 };
  g_auto(Run) clear = { 0 };
  g_auto(Run) back = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) log = { 0 };

  add_acme (f);
  edit = run_cli (f->opt, "edit-relationship", "acme gmbh", "--name=Acme AG", "--role=partner",
                  "--notes=Met at\tthe fair\nin May", "--archived=true");
  g_assert_cmpint (edit.status, ==, 0);
  g_assert_cmpstr (edit.out, ==, "");
  clear = run_cli (f->opt, "edit-relationship", "Acme AG", "--organization=");
  g_assert_cmpint (clear.status, ==, 0);

  list = run_cli (f->opt, "relationships", "--archived", "--format=json");
  assert_json (list.out,
               "assert len(d) == 1, d\n"
               "a = d[0]\n"
               "assert (a['name'], a['role'], a['archived']) == ('Acme AG', 'partner', True), a\n"
               "assert a['organization'] is None\n"
               "assert a['notes'] == 'Met at\\tthe fair\\nin May', a\n");

  /* Same relationship: its exchanges follow the new name. */
  log = run_cli (f->opt, "exchanges", "Acme AG", "--format=json");
  assert_json (log.out, "assert len(d) == 2, d\n");

  back = run_cli (f->opt, "edit-relationship", "Acme AG", "--archived=false");
  g_assert_cmpint (back.status, ==, 0);
  g_clear_pointer (&list.out, g_free);
  g_clear_pointer (&list.err, g_free);
  list = run_cli (f->opt, "relationships", "--format=json");
  assert_json (list.out, "assert [o['archived'] for o in d] == [False], d\n");
}

static void
test_delete_relationship_gone (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(Run) keep = run_cli (f->opt, "add-relationship", "Keeper");
  g_auto(Run) del = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) ex = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) all = { 0 };

  add_acme (f);
  del = run_cli (f->opt, "delete-relationship", "ACME GMBH");
  g_assert_cmpint (del.status, ==, 0);

  list = run_cli (f->opt, "relationships", "--archived", "--format=json");
  assert_json (list.out, "assert [o['name'] for o in d] == ['Keeper'], d\n");
  ex = run_cli (f->opt, "exchanges", "Acme GmbH");
  g_assert_cmpint (ex.status, ==, 2);
  again = run_cli (f->opt, "delete-relationship", "Acme GmbH");
  g_assert_cmpint (again.status, ==, 2);
  assert_one_sentence (again.err);
  /* Its exchanges went with it. */
  all = run_cli (f->opt, "balance", "--all", "--format=json", "--to=2025-12-31");
  assert_json (all.out, "assert all(p['given_total'] == '0.00' for p in d), d\n");
}

static void
test_override_set_and_clear (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(Run) set = { 0 };
  g_auto(Run) set_json = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) clear = { 0 };
  g_auto(Run) clear_json = { 0 };

  add_acme (f);
  set = run_cli (f->opt, "override", "Acme GmbH", "--partnership", "--reason=Ten years of work together");
  g_assert_cmpint (set.status, ==, 0);
  set_json = run_cli (f->opt, "classify", "--format=json", "--as-of=2025-03-01");
  assert_json (set_json.out,
               "a = d[0]\n"
               "assert (a['class'], a['computed'], a['override']) =="
               " ('partnership', 'transactional', 'partnership'), a\n");
  list = run_cli (f->opt, "relationships", "--format=json");
  assert_json (list.out, "assert d[0]['override_reason'] == 'Ten years of work together', d\n");

  clear = run_cli (f->opt, "override", "Acme GmbH", "--none");
  g_assert_cmpint (clear.status, ==, 0);
  clear_json = run_cli (f->opt, "classify", "--format=json", "--as-of=2025-03-01");
  assert_json (clear_json.out,
               "a = d[0]\n"
               "assert (a['class'], a['override']) == ('transactional', None), a\n");
}

static void
test_exchanges_filters (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Run) advice = { 0 };
  g_auto(Run) all = { 0 };
  g_auto(Run) given = { 0 };
  g_auto(Run) window = { 0 };
  g_auto(Run) kind = { 0 };
  g_auto(Run) search = { 0 };
  g_auto(Run) tsv = { 0 };

  add_acme (f);
  advice = run_cli (f->opt, "log", "Acme GmbH", "--received", "--kind=advice", "--value=0",
                    "--date=2025-04-02", "--note=Tips on PRICING");
  g_assert_cmpint (advice.status, ==, 0);

  all = run_cli (f->opt, "exchanges", "Acme GmbH", "--format=json");
  g_assert_cmpint (all.status, ==, 0);
  assert_json (all.out,
               "assert [o['date'] for o in d] == ['2025-02-01', '2025-02-20', '2025-04-02'], d\n"
               "a = d[0]\n"
               "assert set(a) == {'id','date','direction','kind','value','minutes','note'}, a\n"
               "assert len(a['id']) == 36\n"
               "assert (a['direction'], a['kind'], a['value'], a['minutes'], a['note']) =="
               " ('given', 'work', '4500.00', 1200, 'Website redesign'), a\n"
               "assert d[1]['minutes'] is None and d[1]['note'] is None\n"
               "assert d[2]['value'] == '0.00'\n");
  g_assert_nonnull (strstr (all.out, g_strstrip (advice.out)));

  given = run_cli (f->opt, "exchanges", "Acme GmbH", "--direction=received", "--format=json");
  assert_json (given.out, "assert [o['kind'] for o in d] == ['payment', 'advice'], d\n");
  window = run_cli (f->opt, "exchanges", "Acme GmbH", "--from=2025-02-02", "--to=2025-04-01", "--format=json");
  assert_json (window.out, "assert [o['date'] for o in d] == ['2025-02-20'], d\n");
  kind = run_cli (f->opt, "exchanges", "Acme GmbH", "--kind=work", "--format=json");
  assert_json (kind.out, "assert [o['kind'] for o in d] == ['work'], d\n");
  search = run_cli (f->opt, "exchanges", "Acme GmbH", "--search=pricing", "--format=json");
  assert_json (search.out, "assert [o['note'] for o in d] == ['Tips on PRICING'], d\n");

  tsv = run_cli (f->opt, "exchanges", "Acme GmbH", "--kind=work");
  g_assert_cmpint (tsv.status, ==, 0);
  g_assert_true (g_str_has_prefix (tsv.out, "id\tdate\tdirection\tkind\tvalue\tminutes\tnote\n"));
  g_assert_nonnull (strstr (tsv.out, "\t2025-02-01\tgiven\twork\t4500.00\t1200\tWebsite redesign\n"));
}

static void
test_edit_and_delete_exchange (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_auto(Run) edit = { 0 };
  g_auto(Run) back = { 0 };
  g_auto(Run) del = { 0 };
  g_auto(Run) gone = { 0 };
  g_auto(Run) again = { 0 };

  add_acme (f);
  id = exchange_id (f, "Acme GmbH", 0);
  edit = run_cli (f->opt, "edit-exchange", id, "--date=2025-01-15", "--direction=received",
                  "--kind=referral", "--value=12.5", "--minutes=30", "--note=");
  g_assert_cmpint (edit.status, ==, 0);
  g_assert_cmpstr (edit.out, ==, "");

  back = run_cli (f->opt, "exchanges", "Acme GmbH", "--format=json");
  assert_json (back.out,
               "a = d[0]\n"
               "assert (a['date'], a['direction'], a['kind'], a['value'], a['minutes'], a['note']) =="
               " ('2025-01-15', 'received', 'referral', '12.50', 30, None), a\n"
               "assert len(d) == 2\n");
  g_assert_nonnull (strstr (back.out, id));

  del = run_cli (f->opt, "delete-exchange", id);
  g_assert_cmpint (del.status, ==, 0);
  gone = run_cli (f->opt, "exchanges", "Acme GmbH", "--format=json");
  assert_json (gone.out, "assert [o['kind'] for o in d] == ['payment'], d\n");
  g_assert_null (strstr (gone.out, id));
  again = run_cli (f->opt, "delete-exchange", id);
  g_assert_cmpint (again.status, ==, 2);
  assert_one_sentence (again.err);
}

static void
test_edit_refusals_change_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id = NULL;
  const char *unknown_id = "00000000-0000-4000-8000-000000000000";
  g_auto(Run) other = run_cli (f->opt, "add-relationship", "Other");
  g_autofree char *before = NULL;
  g_autofree char *before_sum = NULL;
  g_autofree char *before_list = NULL;
  g_autofree char *after = NULL;
  g_autofree char *after_sum = NULL;
  g_autofree char *after_list = NULL;

  add_acme (f);
  id = exchange_id (f, "Acme GmbH", 0);
  {
    const char *cases[][5] = {
      { "edit-relationship", "Nobody Inc", "--role=partner" },
      { "edit-relationship", "Acme GmbH", "--role=boss" },
      { "edit-relationship", "Acme GmbH", "--archived=maybe" },
      { "edit-relationship", "Acme GmbH", "--name=other" },
      { "edit-relationship", "Acme GmbH", "--name=   " },
      { "delete-relationship", "Nobody Inc" },
      { "override", "Nobody Inc", "--partnership" },
      { "exchanges", "Nobody Inc" },
      { "exchanges", "Acme GmbH", "--direction=sideways" },
      { "exchanges", "Acme GmbH", "--kind=bribe" },
      { "exchanges", "Acme GmbH", "--from=2025-02-30" },
      { "exchanges", "Acme GmbH", "--from=2025-03-01", "--to=2025-02-01" },
      { "exchanges", "Acme GmbH", "--format=xml" },
      { "relationships", "--format=xml" },
      { "edit-exchange", unknown_id, "--value=1" },
      { "edit-exchange", "not-an-id", "--value=1" },
      { "edit-exchange", id, "--value=-5" },
      { "edit-exchange", id, "--value=12.345" },
      { "edit-exchange", id, "--kind=bribe" },
      { "edit-exchange", id, "--direction=sideways" },
      { "edit-exchange", id, "--date=1899-12-31" },
      { "edit-exchange", id, "--minutes=-3" },
      { "edit-exchange", id, "--date=2025-01-01", "--value=twelve" },
      { "delete-exchange", unknown_id },
      { "delete-exchange", "Acme GmbH" },
    };

    before = snapshot (f);
    before_sum = checksum_file (f->path);
    {
      g_auto(Run) l = run_cli (f->opt, "exchanges", "Acme GmbH", "--format=json");
      g_auto(Run) r = run_cli (f->opt, "relationships", "--archived", "--format=json");
      before_list = g_strconcat (l.out, r.out, NULL);
    }
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(Run) r = run_cli (f->opt, cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4]);

        if (r.status != 2)
          g_error ("case %" G_GSIZE_FORMAT " (%s %s %s): exit %d, %s", i, cases[i][0], cases[i][1],
                   cases[i][2], r.status, r.err);
        assert_one_sentence (r.err);
        g_assert_cmpstr (r.out, ==, "");
      }
  }
  after = snapshot (f);
  after_sum = checksum_file (f->path);
  {
    g_auto(Run) l = run_cli (f->opt, "exchanges", "Acme GmbH", "--format=json");
    g_auto(Run) r = run_cli (f->opt, "relationships", "--archived", "--format=json");
    after_list = g_strconcat (l.out, r.out, NULL);
  }
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (before_sum, ==, after_sum);
  g_assert_cmpstr (before_list, ==, after_list);
}

static void
test_identify_add_list_remove (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(Run) empty = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) remove = { 0 };
  g_auto(Run) after = { 0 };
  g_auto(Run) help = { 0 };

  add_acme (f);
  empty = run_cli (f->opt, "identify", "Acme GmbH");
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, "");

  add = run_cli (f->opt, "identify", "acme gmbh", "--email=Billing@Acme.example",
                 "--iban=de89 3704 0044 0532 0130 00", "--alias=ACME GMBH SAGT DANKE",
                 "--number=K-1001", "--email", "anna@acme.example");
  g_assert_cmpint (add.status, ==, 0);
  g_assert_cmpstr (add.out, ==, "");
  g_assert_cmpstr (add.err, ==, "");

  list = run_cli (f->opt, "identify", "Acme GmbH");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (list.out, ==,
                   "email\tanna@acme.example\n"
                   "email\tbilling@acme.example\n"
                   "iban\tDE89370400440532013000\n"
                   "alias\tACME GMBH SAGT DANKE\n"
                   "number\tK-1001\n");

  /* Adding what it has already changes nothing and is no error. */
  again = run_cli (f->opt, "identify", "Acme GmbH", "--alias=acme gmbh sagt danke");
  g_assert_cmpint (again.status, ==, 0);

  remove = run_cli (f->opt, "identify", "Acme GmbH", "--remove", "--email=BILLING@acme.example",
                    "--alias=Acme GmbH sagt danke");
  g_assert_cmpint (remove.status, ==, 0);
  after = run_cli (f->opt, "identify", "Acme GmbH");
  g_assert_cmpstr (after.out, ==,
                   "email\tanna@acme.example\n"
                   "iban\tDE89370400440532013000\n"
                   "number\tK-1001\n");

  /* --help says what the listing is. */
  help = run_cli ("identify", "--help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--remove"));
  g_assert_nonnull (strstr (help.out, "TYPE<TAB>VALUE"));
}

/* One bad identifier, one another relationship holds, one to remove
 * that is not there: refused whole (2), nothing written. */
static void
test_identify_all_or_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(Run) other = run_cli (f->opt, "add-relationship", "Other Ltd");
  g_auto(Run) theirs = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *before_list = NULL;
  g_autofree char *after_list = NULL;
  const char *cases[][5] = {
    { "Acme GmbH", "--email=new@acme.example", "--iban=DE88 3704 0044 0532 0130 00" },
    { "Acme GmbH", "--email=new@acme.example", "--email=no-at-sign" },
    { "Acme GmbH", "--number=K-2", "--email=taken@other.example" },
    { "Acme GmbH", "--alias=Other", "--alias=OTHER LTD SAGT DANKE" },
    /* Another relationship's name: aliases match before names, so its
     * rows would go to Acme. */
    { "Acme GmbH", "--alias=Acme", "--alias=other ltd" },
    { "Acme GmbH", "--remove", "--number=K-1", "--number=K-404" },
    { "Acme GmbH", "--number=two\nlines" },
    { "Nobody Inc", "--number=K-3" },
    { "Nobody Inc" },
  };

  add_acme (f);
  theirs = run_cli (f->opt, "identify", "Other Ltd", "--email=taken@other.example",
                    "--alias=Other Ltd sagt danke");
  g_assert_cmpint (theirs.status, ==, 0);
  {
    g_auto(Run) mine = run_cli (f->opt, "identify", "Acme GmbH", "--number=K-1");
    g_assert_cmpint (mine.status, ==, 0);
  }
  before = checksum_file (f->path);
  {
    g_auto(Run) a = run_cli (f->opt, "identify", "Acme GmbH");
    g_auto(Run) b = run_cli (f->opt, "identify", "Other Ltd");
    before_list = g_strconcat (a.out, b.out, NULL);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = run_cli (f->opt, "identify", cases[i][0], cases[i][1], cases[i][2], cases[i][3]);

      if (r.status != 2)
        g_error ("case %" G_GSIZE_FORMAT " (%s %s): exit %d, %s", i, cases[i][0], cases[i][1],
                 r.status, r.err);
      assert_one_sentence (r.err);
      g_assert_cmpstr (r.out, ==, "");
    }
  {
    g_auto(Run) r = run_cli (f->opt, "identify", "Acme GmbH", "--email=taken@other.example");
    g_assert_nonnull (strstr (r.err, "Other Ltd"));
  }
  after = checksum_file (f->path);
  {
    g_auto(Run) a = run_cli (f->opt, "identify", "Acme GmbH");
    g_auto(Run) b = run_cli (f->opt, "identify", "Other Ltd");
    after_list = g_strconcat (a.out, b.out, NULL);
  }
  g_assert_cmpstr (before_list, ==, after_list);
  g_assert_cmpstr (before_list, ==, "number\tK-1\nemail\ttaken@other.example\nalias\tOther Ltd sagt danke\n");
  g_assert_cmpstr (before, ==, after);
}

/* Listing only reads: a missing ledger is 3 and is not made. */
static void
test_identify_missing_ledger (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(Run) list = run_cli (f->opt, "identify", "Acme GmbH");
  g_auto(Run) bad = run_cli (f->opt, "identify", "Acme GmbH", "--iban=XX00");

  g_assert_cmpint (list.status, ==, 3);
  assert_one_sentence (list.err);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* A dry run writes nothing, not even the ledger it would import into:
 * against a ledger that does not exist yet it reports what an import
 * would do and leaves no file or folder behind. */
static void
test_import_dry_run_missing_ledger (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "rows.csv", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "new", NULL);
  g_autofree char *ledger = g_build_filename (folder, "ledger.db", NULL);
  g_autofree char *opt = g_strconcat ("--ledger=", ledger, NULL);

  g_assert_true (g_file_set_contents (csv, "counterparty,date,value\nAcme,2025-01-02,10\n", -1, NULL));
  {
    g_auto(Run) r = run_cli (opt, "import", csv, "--map=counterparty=1,date=2,value=3",
                             "--unmatched=create", "--dry-run", "--format=json");

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "{\"type\":\"csv\",\"relationships\":{\"added\":1,\"updated\":0,\"unchanged\":0},"
                                "\"exchanges\":{\"added\":1,\"updated\":0,\"unchanged\":0,\"skipped\":0},"
                                "\"unmatched\":[]}\n");
  }
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  {
    g_auto(Run) r = run_cli (opt, "import", csv, "--map=counterparty=1,date=2,value=3,date=2", "--dry-run");

    g_assert_cmpint (r.status, ==, 2);
    assert_one_sentence (r.err);
  }
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* An import into a ledger that does not exist yet makes it only when
 * the import succeeds: a refused file leaves no ledger, no folder and
 * no scratch file behind. */
static void
test_import_new_ledger_only_when_complete (Fixture       *f,
                                           gconstpointer  data)
{
  g_autofree char *good = g_build_filename (f->dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *top = g_build_filename (f->dir, "new", NULL);
  g_autofree char *deep = g_build_filename (top, "a", "b", "ledger.db", NULL);
  g_autofree char *deep_opt = g_strconcat ("--ledger=", deep, NULL);
  g_autofree char *folder = g_build_filename (f->dir, "new", NULL);
  g_autofree char *ledger = g_build_filename (folder, "ledger.db", NULL);
  g_autofree char *opt = g_strconcat ("--ledger=", ledger, NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.db", NULL);
  g_autofree char *target = g_build_filename (f->dir, "target.db", NULL);
  g_autofree char *link_opt = g_strconcat ("--ledger=", link, NULL);

  g_assert_true (g_file_set_contents (good, "counterparty,date,value\nAcme,2025-01-02,10\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "counterparty,date,value\nAcme,2025-01-02,10\nAcme,someday,5\n",
                                      -1, NULL));
  /* Three folders deep: none of them stays. */
  {
    g_auto(Run) r = run_cli (deep_opt, "import", bad, "--map=counterparty=1,date=2,value=3", "--unmatched=create");

    g_assert_cmpint (r.status, ==, 2);
    assert_one_sentence (r.err);
  }
  g_assert_false (g_file_test (top, G_FILE_TEST_EXISTS));
  {
    g_auto(Run) r = run_cli (opt, "import", bad, "--map=counterparty=1,date=2,value=3", "--unmatched=create");

    g_assert_cmpint (r.status, ==, 2);
    assert_one_sentence (r.err);
  }
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  /* A link to a ledger yet to be made: made at the link's target. */
  g_assert_cmpint (symlink (target, link), ==, 0);
  {
    g_auto(Run) r = run_cli (link_opt, "import", good, "--map=counterparty=1,date=2,value=3", "--unmatched=create");

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_auto(Run) r = run_cli (opt, "import", good, "--map=counterparty=1,date=2,value=3", "--unmatched=create");
    g_auto(Run) list = run_cli (opt, "relationships");
    g_autoptr(GDir) dir = NULL;

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (list.status, ==, 0);
    g_assert_nonnull (strstr (list.out, "Acme"));
    /* The ledger alone: its scratch folder is gone. */
    dir = g_dir_open (folder, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (dir), ==, "ledger.db");
    g_assert_null (g_dir_read_name (dir));
  }
}

/* A dry run needs only to read: it works on a ledger this user may not
 * write (as "nobody" when the tests run as root, who may write any
 * file), and changes nothing. */
static void
test_import_dry_run_read_only_ledger (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "rows.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status;
  const char *as_root[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *copy = NULL;

  add_acme (f);
  g_assert_true (g_file_set_contents (csv, "counterparty,date,value\nAcme GmbH,2025-01-02,10\n", -1, NULL));
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (csv, 0644), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  before = checksum_file (f->path);

  if (getuid () == 0)
    {
      /* A copy beside the ledger: "nobody" may not reach the build. */
      g_autofree char *contents = NULL;
      gsize length;

      copy = g_build_filename (f->dir, "mutual", NULL);
      g_assert_true (g_file_get_contents (binary (), &contents, &length, NULL));
      g_assert_true (g_file_set_contents (copy, contents, (gssize) length, NULL));
      g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
      for (guint i = 0; as_root[i]; i++)
        g_ptr_array_add (argv, (char *) as_root[i]);
    }
  g_ptr_array_add (argv, copy ? copy : (char *) binary ());
  g_ptr_array_add (argv, f->opt);
  g_ptr_array_add (argv, (char *) "import");
  g_ptr_array_add (argv, csv);
  g_ptr_array_add (argv, (char *) "--map=counterparty=1,date=2,value=3");
  g_ptr_array_add (argv, (char *) "--dry-run");
  g_ptr_array_add (argv, (char *) "--format=json");
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  if (WEXITSTATUS (wait_status) != 0)
    g_error ("exit %d: %s", WEXITSTATUS (wait_status), err);
  g_assert_nonnull (strstr (out, "\"exchanges\":{\"added\":1,"));
  g_assert_cmpint (g_chmod (f->path, 0600), ==, 0);
  after = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* "-h" as an option's value is that value, not a request for help. */
static void
test_help_not_an_option_value (Fixture       *f,
                               gconstpointer  data)
{
  add_acme (f);
  {
    g_auto(Run) edit = run_cli (f->opt, "edit-relationship", "Acme GmbH", "--notes", "-h");
    g_auto(Run) list = run_cli (f->opt, "relationships", "--format=json");

    g_assert_cmpint (edit.status, ==, 0);
    g_assert_null (strstr (edit.out, "Usage"));
    g_assert_nonnull (strstr (list.out, "\"notes\": \"-h\""));
  }
  {
    g_auto(Run) help = run_cli (f->opt, "edit-relationship", "Acme GmbH", "--notes=x", "-h");

    g_assert_cmpint (help.status, ==, 0);
    g_assert_nonnull (strstr (help.out, "Usage"));
  }
}

static void
test_option_usage_errors (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *other_opt = g_strconcat ("--ledger=", other, NULL);
  const char *cases[][7] = {
    /* A single-valued option given twice */
    { "classify", "--format=json", "--format=tsv" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value=1", "--value=2" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--kind", "advice", "--value=2" },
    { "exchanges", "Acme GmbH", "--from=2025-01-01", "--from=2025-02-01" },
    { "edit-relationship", "Acme GmbH", "--name=A", "--name=B" },
    { "chart", "--all", "-o", "a.png", "--output=b.png" },
    { other_opt, "classify" },
    { "classify", other_opt },
    /* An empty value where one is required */
    { "log", "Acme GmbH", "--given", "--kind=", "--value=1" },
    { "log", "Acme GmbH", "--given", "--kind=work", "--value", "" },
    { "exchanges", "Acme GmbH", "--search=" },
    { "edit-exchange", "00000000-0000-4000-8000-000000000000", "--date=" },
    { "classify", "--ledger=" },
    /* A missing argument */
    { "classify", "--format" },
    { "log", "Acme GmbH", "--given", "--value=1", "--kind" },
    { "edit-relationship" },
    { "edit-relationship", "Acme GmbH" },
    { "edit-relationship", "Acme", "GmbH", "--role=partner" },
    { "delete-relationship" },
    { "override", "Acme GmbH" },
    { "override", "Acme GmbH", "--partnership", "--none" },
    { "override", "Acme GmbH", "--none", "--reason=Why not" },
    { "exchanges" },
    { "edit-exchange", "00000000-0000-4000-8000-000000000000" },
    { "delete-exchange" },
    { "relationships", "Acme GmbH" },
    { "identify" },
    { "identify", "Acme", "GmbH" },
    { "identify", "Acme GmbH", "--remove" },
    { "identify", "Acme GmbH", "--email=" },
    { "identify", "Acme GmbH", "--iban" },
    { "identify", "Acme GmbH", "--phone=123" },
  };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_acme (f);
  before = checksum_file (f->path);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = run_cli (f->opt, cases[i][0], cases[i][1], cases[i][2], cases[i][3],
                               cases[i][4], cases[i][5], cases[i][6]);

      if (r.status != 1)
        g_error ("case %" G_GSIZE_FORMAT " (%s %s %s): exit %d, %s", i, cases[i][0], cases[i][1],
                 cases[i][2], r.status, r.err);
      g_assert_cmpstr (r.out, ==, "");
      assert_one_sentence (r.err);
    }
  after = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_empty_ledger_option (Fixture       *f,
                          gconstpointer  data)
{
  const char *forms[][4] = {
    { "--ledger=", "add-relationship", "Someone" },
    { "--ledger", "", "add-relationship", "Someone" },
    { "add-relationship", "Someone", "--ledger=" },
    { "add-relationship", "Someone", "--ledger" },
    { "--ledger" },
  };

  /* Not a silent fall back on $MUTUAL_LEDGER (nor the default). */
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_auto(Run) r = run_env (f->path, forms[i][0], forms[i][1], forms[i][2], forms[i][3], NULL);

      g_assert_cmpint (r.status, ==, 1);
      assert_one_sentence (r.err);
      g_assert_nonnull (strstr (r.err, "--ledger"));
      g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
    }
}

static void
test_command_help (Fixture       *f,
                   gconstpointer  data)
{
  const char *commands[] = { "classify", "log", "relationships", "edit-relationship",
                             "delete-relationship", "override", "exchanges", "edit-exchange",
                             "delete-exchange", "export", "demo" };
  g_auto(Run) all = run_cli ("--help");

  g_assert_cmpint (all.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *listed = g_strdup_printf ("] %s ", commands[i]);
      g_autofree char *listed_bare = g_strdup_printf ("] %s\n", commands[i]);
      g_autofree char *usage = g_strdup_printf ("mutual %s [OPTION…]", commands[i]);
      g_auto(Run) before = run_env (f->path, "--help", commands[i], NULL);
      g_auto(Run) after = run_env (f->path, commands[i], "--help", NULL);

      g_assert_true (strstr (all.out, listed) || strstr (all.out, listed_bare));
      /* The command's own help, and nothing run: no ledger made. */
      g_assert_cmpint (before.status, ==, 0);
      g_assert_nonnull (strstr (before.out, usage));
      g_assert_nonnull (strstr (before.out, "--ledger=PATH"));
      g_assert_cmpstr (before.out, ==, after.out);
      g_assert_cmpint (after.status, ==, 0);
      g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
    }
  {
    g_auto(Run) r = run_cli ("--help", "frobnicate");

    g_assert_cmpint (r.status, ==, 1);
  }
}

/* Runs mutual with standard output on /dev/full. */
static Run
run_to_full (const char *ledger_opt,
             const char *command,
             const char *a,
             const char *b)
{
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  int wait_status;
  const char *argv[] = { "sh", "-c", "exec \"$@\" > /dev/full", "sh", binary (), ledger_opt,
                         command, a, b, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

static void
test_output_write_error (Fixture       *f,
                         gconstpointer  data)
{
  const char *cases[][3] = {
    { "classify", "--format=json", NULL },
    { "classify", NULL },
    { "balance", "--all", "--format=json" },
    { "relationships", "--format=json", NULL },
    { "exchanges", "Acme GmbH", NULL },
    { "export", "-", NULL },
    { "export-csv", "-", NULL },
    { "--version", NULL },
    { "--help", NULL },
    { "classify", "--help", NULL },
    { "--help", "import", NULL },
    { "report", "-h", NULL },
  };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_acme (f);
  before = checksum_file (f->path);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = run_to_full (f->opt, cases[i][0], cases[i][1], cases[i][2]);

      if (r.status != 2)
        g_error ("case %" G_GSIZE_FORMAT " (%s %s): exit %d, %s", i, cases[i][0], cases[i][1],
                 r.status, r.err);
      assert_one_sentence (r.err);
      g_assert_nonnull (strstr (r.err, "standard output"));
    }
  after = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_read_only_missing_ledger (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "mistyped", NULL);
  g_autofree char *nested = g_build_filename (folder, "ledger.db", NULL);
  g_autofree char *nested_opt = g_strconcat ("--ledger=", nested, NULL);
  g_autofree char *xml = g_build_filename (f->dir, "out.xml", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *png = g_strconcat ("--output=", f->dir, "/out.png", NULL);
  g_autofree char *pdf = g_strconcat ("--output=", f->dir, "/out.pdf", NULL);
  const char *cases[][3] = {
    { "classify", NULL },
    { "balance", "--all", NULL },
    { "relationships", NULL },
    { "exchanges", "Acme GmbH", NULL },
    { "export", xml, NULL },
    { "export", "-", NULL },
    { "export-csv", csv, NULL },
    { "chart", "--all", png },
    { "report", "--all", pdf },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* A missing file in an existing folder, a missing folder, and the
       * same through $MUTUAL_LEDGER. */
      g_auto(Run) a = run_cli (f->opt, cases[i][0], cases[i][1], cases[i][2]);
      g_auto(Run) b = run_cli (nested_opt, cases[i][0], cases[i][1], cases[i][2]);
      g_auto(Run) c = run_env (nested, cases[i][0], cases[i][1], cases[i][2], NULL);

      if (a.status != 3 || b.status != 3 || c.status != 3)
        g_error ("case %s: exit %d, %d, %d: %s", cases[i][0], a.status, b.status, c.status, a.err);
      assert_one_sentence (a.err);
      assert_one_sentence (b.err);
      g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (xml, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/cli/version-and-help", test_version_and_help);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/bad-data-changes-nothing", test_bad_data_changes_nothing);
  ADD ("/cli/add-relationship/long-name-refused", test_long_name_refused);
  ADD ("/cli/classify/json-shape", test_classify_json_shape);
  ADD ("/cli/classify/as-of-and-flags", test_classify_as_of_and_flags);
  ADD ("/cli/classify/archetype/mentor", test_archetype_mentor);
  ADD ("/cli/classify/archetype/favour-swap", test_archetype_favour_swap);
  ADD ("/cli/classify/archetype/freeloader", test_archetype_freeloader);
  ADD ("/cli/classify/archetype/underpaying-client", test_archetype_underpaying_client);
  ADD ("/cli/classify/archetype/new-contact", test_archetype_new_contact);
  ADD ("/cli/classify/archetype/two-to-one", test_archetype_two_to_one);
  ADD ("/cli/classify/archetype/three-to-one", test_archetype_three_to_one);
  ADD ("/cli/classify/archetype/unvalued-work", test_archetype_unvalued_work);
  ADD ("/cli/balance/json-shape", test_balance_json_shape);
  ADD ("/cli/ledger/from-environment", test_ledger_from_environment);
  ADD ("/cli/ledger/foreign-file-untouched", test_foreign_file_untouched);
  g_test_add_func ("/cli/ledger/unwritable-folder", test_unwritable_folder);
  ADD ("/cli/ledger/read-only", test_read_only_ledger);
  ADD ("/cli/ledger/read-only-with-log", test_read_only_ledger_wal);
  ADD ("/cli/ledger/damaged-pages-refused", test_damaged_pages_refused);
  ADD ("/cli/ledger/two-writers", test_two_writers);
  ADD ("/cli/demo/deterministic", test_demo_deterministic);
  ADD ("/cli/demo/large-spread", test_demo_large_spread);
  ADD ("/cli/demo/sigkill-leaves-ledger-intact", test_sigkill_during_demo);
  ADD ("/cli/relationships/list", test_relationships_list);
  ADD ("/cli/edit-relationship/read-back", test_edit_relationship_read_back);
  ADD ("/cli/delete-relationship/gone", test_delete_relationship_gone);
  ADD ("/cli/override/set-and-clear", test_override_set_and_clear);
  ADD ("/cli/exchanges/filters", test_exchanges_filters);
  ADD ("/cli/edit-exchange/read-back-then-delete", test_edit_and_delete_exchange);
  ADD ("/cli/edit/refusals-change-nothing", test_edit_refusals_change_nothing);
  ADD ("/cli/identify/add-list-remove", test_identify_add_list_remove);
  ADD ("/cli/identify/all-or-nothing", test_identify_all_or_nothing);
  ADD ("/cli/identify/missing-ledger", test_identify_missing_ledger);
  ADD ("/cli/import/dry-run-missing-ledger", test_import_dry_run_missing_ledger);
  ADD ("/cli/help/not-an-option-value", test_help_not_an_option_value);
  ADD ("/cli/import/new-ledger-only-when-complete", test_import_new_ledger_only_when_complete);
  ADD ("/cli/import/dry-run-read-only-ledger", test_import_dry_run_read_only_ledger);
  ADD ("/cli/usage/repeated-empty-missing", test_option_usage_errors);
  ADD ("/cli/usage/empty-ledger-option", test_empty_ledger_option);
  ADD ("/cli/help/command", test_command_help);
  ADD ("/cli/output/write-error", test_output_write_error);
  ADD ("/cli/read-only/missing-ledger-not-created", test_read_only_missing_ledger);

  return g_test_run ();
}
