/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review reports, read back with poppler (pdftotext, pdfinfo): what a
 * client may see, what stays private, and the command's refusals. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "test-util.h"

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

static Run
run_argv (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  Run run = { 0 };
  int wait_status;

  envp = g_environ_unsetenv (envp, "MUTUAL_LEDGER");
  envp = g_environ_unsetenv (envp, "DISPLAY");
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

#define RUN(...) run_argv ((const char * const[]) { __VA_ARGS__, NULL })

static const char *
binary (void)
{
  const char *path = g_getenv ("MUTUAL_BINARY");

  g_assert_nonnull (path);
  return path;
}

#define N_ACME 300
#define LONG_NOTE_AT 150

/* Acme GmbH: 300 exchanges every other day from 1 Jan 2024, each with its
 * own note (one of them runs over a page), two-way at first and all given
 * in the last 200 days (one-sided); an override with a reason and private
 * notes. Two others whose names must stay out of Acme's report. */
static void
report_set_up (LedgerFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) acme = NULL;
  gint64 acme_id, zeta_id, fern_id;

  ledger_fixture_set_up (f, data);
  acme_id = fixture_add_relationship (f, "Acme GmbH");
  zeta_id = fixture_add_relationship (f, "Zeta Partners");
  fern_id = fixture_add_relationship (f, "Blue Fern Bakery");

  g_assert_true (mutual_ledger_begin (f->ledger, &error));
  for (int i = 0; i < N_ACME; i++)
    {
      g_autoptr(MutualExchange) e = mutual_exchange_new ();

      e->relationship_id = acme_id;
      e->date = mutual_date_add_days (20240101, 2 * i);
      e->direction = i >= 200 || i % 2 == 0 ? MUTUAL_DIRECTION_GIVEN : MUTUAL_DIRECTION_RECEIVED;
      e->kind = e->direction == MUTUAL_DIRECTION_GIVEN ? MUTUAL_KIND_WORK : MUTUAL_KIND_PAYMENT;
      e->value = 123456;
      e->minutes = e->direction == MUTUAL_DIRECTION_GIVEN ? 95 : -1;
      if (i == LONG_NOTE_AT)
        {
          g_autoptr(GString) note = g_string_new ("Acme note 150");

          for (int w = 0; w < 1500; w++)
            g_string_append (note, w % 120 == 119 ? "\nlorem" : " lorem");
          g_string_append (note, " ENDOFNOTE");
          e->note = g_string_free (g_steal_pointer (&note), FALSE);
        }
      else
        e->note = g_strdup_printf ("Acme note %03d", i);
      g_assert_true (mutual_ledger_add_exchange (f->ledger, e, &error));
    }
  g_assert_true (mutual_ledger_commit (f->ledger, &error));
  g_assert_no_error (error);
  fixture_log (f, zeta_id, 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 500000);
  fixture_log (f, fern_id, 20250302, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 0);

  acme = mutual_ledger_get_relationship (f->ledger, acme_id, &error);
  g_assert_no_error (error);
  g_free (acme->notes);
  acme->notes = g_strdup ("Private remark about Acme");
  acme->override = MUTUAL_CLASS_PARTNERSHIP;
  acme->override_reason = g_strdup ("Secret handshake reason");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, acme, &error));
  g_assert_no_error (error);
}

static char *
pdf_text (const char *path)
{
  g_auto(Run) r = RUN ("pdftotext", "-layout", path, "-");

  g_assert_cmpint (r.status, ==, 0);
  return g_steal_pointer (&r.out);
}

static int
pdf_pages (const char *path)
{
  g_auto(Run) r = RUN ("pdfinfo", path);
  const char *at;

  g_assert_cmpint (r.status, ==, 0);
  at = strstr (r.out, "\nPages:");
  g_assert_nonnull (at);
  return atoi (at + strlen ("\nPages:"));
}

/* Writes a report of Acme with @extra options; its text. */
static char *
acme_report (LedgerFixture *f,
             const char    *name,
             const char    *extra1,
             const char    *extra2,
             int           *n_pages)
{
  g_autofree char *opt = g_strconcat ("--ledger=", f->path, NULL);
  g_autofree char *pdf = g_build_filename (f->dir, name, NULL);
  g_autofree char *output = g_strconcat ("--output=", pdf, NULL);
  const char *argv[8] = { binary (), opt, "report", "Acme GmbH", output, "--to=2025-08-31" };
  g_auto(Run) r = { 0 };
  guint n = 6;

  if (extra1)
    argv[n++] = extra1;
  if (extra2)
    argv[n++] = extra2;
  r = run_argv (argv);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  if (n_pages)
    *n_pages = pdf_pages (pdf);
  return pdf_text (pdf);
}

/* An exchange nobody valued shows a dash in the table, not "€0"; and
 * the explanation speaks to whoever reads the report. */
static void
test_client_report_unvalued (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autofree char *opt = g_strconcat ("--ledger=", f->path, NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "fern.pdf", NULL);
  g_autofree char *output = g_strconcat ("--output=", pdf, NULL);
  const char *argv[] = { binary (), opt, "report", "Blue Fern Bakery", output, "--to=2025-08-31", NULL };
  g_auto(Run) r = run_argv (argv);
  g_autofree char *text = NULL;

  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  text = pdf_text (pdf);
  g_assert_true (g_regex_match_simple ("2 Mar 2025\\s+Received\\s+Referral\\s+—", text, 0, 0));
  g_assert_false (g_regex_match_simple ("Referral\\s+€0", text, 0, 0));
  /* The other side reads it: the explanation says given and received,
   * as the table does, not "you" and "they". */
  g_assert_nonnull (strstr (text, "Not beyond money: received referral ×1; given nothing beyond money"));
  g_assert_null (strstr (text, "you gave"));
  g_assert_null (strstr (text, "they gave"));
}

static const char *const private_words[] = {
  "one-sided", "One-sided", "dormant", "Dormant", "Secret handshake reason",
  "Private remark about Acme", "set by you", "You set the class",
};

static void
test_client_report (LedgerFixture *f,
                    gconstpointer  data)
{
  int n_pages = 0;
  g_autofree char *text = acme_report (f, "acme.pdf", "--by=Jane Doe Consulting", NULL, &n_pages);
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

  /* That relationship only, and who prepared it for whom. */
  g_assert_nonnull (strstr (text, "Acme GmbH"));
  g_assert_null (strstr (text, "Zeta Partners"));
  g_assert_null (strstr (text, "Blue Fern Bakery"));
  g_assert_nonnull (strstr (text, "Prepared for"));
  g_assert_nonnull (strstr (text, "Jane Doe Consulting"));
  g_assert_nonnull (strstr (text, "1 Jan 2024 – 31 Aug 2025"));
  /* Nothing private. */
  for (guint i = 0; i < G_N_ELEMENTS (private_words); i++)
    if (strstr (text, private_words[i]))
      g_error ("a client report shows “%s”", private_words[i]);
  /* Metrics and the explanation, as the window shows them. */
  g_assert_nonnull (strstr (text, "Why “"));
  g_assert_nonnull (strstr (text, "Ongoing"));
  g_assert_nonnull (strstr (text, "€1,234.56"));
  g_assert_true (g_regex_match_simple ("Reciprocity, last 12 months.*\\n.*\\b\\d{1,3}%", text, 0, 0));
  g_assert_nonnull (strstr (text, "316 h 40 min"));    /* 200 × 95 minutes */
  /* Every exchange of the period, over pages that say which they are,
   * the table's header on each. */
  for (int i = 0; i < N_ACME; i++)
    {
      g_autofree char *note = g_strdup_printf ("Acme note %03d", i);

      if (strstr (text, note) == NULL)
        g_error ("exchange %d is missing from the report", i);
    }
  g_assert_nonnull (strstr (text, "ENDOFNOTE"));
  g_assert_cmpint (n_pages, >=, 8);
  for (int p = 0; p < n_pages; p++)
    {
      g_autofree char *number = g_strdup_printf ("Page %d of %d", p + 1, n_pages);

      g_assert_nonnull (pages[p]);
      g_assert_nonnull (strstr (pages[p], number));
      g_assert_nonnull (strstr (pages[p], "Direction"));
      /* Used fully: only the last page may end early. */
      if (p < n_pages - 1)
        {
          g_auto(GStrv) lines = g_strsplit (pages[p], "\n", -1);

          g_assert_cmpuint (g_strv_length (lines), >=, 40);
        }
    }
}

static void
test_client_report_private (LedgerFixture *f,
                            gconstpointer  data)
{
  g_autofree char *text = acme_report (f, "private.pdf", "--private", NULL, NULL);

  g_assert_nonnull (strstr (text, "One-sided"));
  g_assert_nonnull (strstr (text, "Secret handshake reason"));
  g_assert_nonnull (strstr (text, "Private remark about Acme"));
  g_assert_null (strstr (text, "Zeta Partners"));
  g_assert_null (strstr (text, "Prepared by"));
}

static void
test_client_report_hidden (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autofree char *text = acme_report (f, "hidden.pdf", "--hide-amounts", NULL, NULL);

  g_assert_nonnull (strstr (text, "Acme GmbH"));
  g_assert_nonnull (strstr (text, "Acme note 299"));
  g_assert_nonnull (strstr (text, "amounts hidden"));
  g_assert_null (strstr (text, "€"));
  g_assert_null (strstr (text, "1,234"));
  g_assert_null (strstr (text, "EUR"));
  g_assert_true (g_regex_match_simple ("Two-way|two-way", text, 0, 0));
}

static void
test_client_report_period (LedgerFixture *f,
                           gconstpointer  data)
{
  /* Exchange 250 is dated 2024-01-01 + 500 days = 15 May 2025. */
  g_autofree char *text = acme_report (f, "period.pdf", "--from=2025-05-15", NULL, NULL);

  g_assert_nonnull (strstr (text, "Acme note 250"));
  g_assert_nonnull (strstr (text, "Acme note 299"));
  g_assert_null (strstr (text, "Acme note 249"));
  g_assert_null (strstr (text, "Acme note 000"));
  g_assert_nonnull (strstr (text, "15 May 2025 – 31 Aug 2025"));
}

static void
test_portfolio_report (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autofree char *opt = g_strconcat ("--ledger=", f->path, NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "all.pdf", NULL);
  g_autofree char *output = g_strconcat ("--output=", pdf, NULL);
  g_auto(Run) r = RUN (binary (), opt, "report", "--all", output, "--by=Jane Doe");
  g_autofree char *text = NULL;

  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Acme GmbH"));
  g_assert_nonnull (strstr (text, "Zeta Partners"));
  g_assert_nonnull (strstr (text, "Blue Fern Bakery"));
  g_assert_nonnull (strstr (text, "one-sided"));
  g_assert_nonnull (strstr (text, "Prepared by Jane Doe"));
  g_assert_nonnull (strstr (text, "Page 1 of 4"));
}

static void
test_report_usage (LedgerFixture *f,
                   gconstpointer  data)
{
  g_autofree char *opt = g_strconcat ("--ledger=", f->path, NULL);
  g_autofree char *out = g_build_filename (f->dir, "out", NULL);
  g_autofree char *pdf = g_build_filename (out, "r.pdf", NULL);
  g_autofree char *output = g_strconcat ("--output=", pdf, NULL);
  g_autofree char *png = g_strconcat ("--output=", out, "/r.png", NULL);
  g_autofree char *db = g_strconcat ("--output=", out, "/r.db", NULL);
  const char *const usage[][6] = {
    { "report", output, NULL },
    { "report", "--all", "Acme GmbH", output, NULL },
    { "report", "Acme GmbH", "Zeta Partners", output, NULL },
    { "report", "Acme GmbH", NULL },
    { "report", "Acme GmbH", "--output=", NULL },
    { "report", "Acme GmbH", output, "--by=", NULL },
    { "report", "Acme GmbH", output, "--by=A", "--by=B", NULL },
    { "report", "Acme GmbH", output, "--from=2025-01-01", "--from=2025-02-01", NULL },
    { "report", "Acme GmbH", output, "--colour", NULL },
  };
  const char *const bad_data[][6] = {
    { "report", "Nobody", output, NULL },
    { "report", "Acme GmbH", png, NULL },
    { "report", "Acme GmbH", db, NULL },
    { "report", "Acme GmbH", output, "--from=2025-13-01", NULL },
    { "report", "Acme GmbH", output, "--from=2025-06-01", "--to=2025-01-01", NULL },
    { "report", "Acme GmbH", output, "--by=Tab\there", NULL },
  };

  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (usage) + G_N_ELEMENTS (bad_data); i++)
    {
      gboolean is_usage = i < G_N_ELEMENTS (usage);
      const char *const *args = is_usage ? usage[i] : bad_data[i - G_N_ELEMENTS (usage)];
      const char *argv[10] = { binary (), opt };
      g_auto(Run) r = { 0 };

      for (guint j = 0; j < 6 && args[j]; j++)
        argv[2 + j] = args[j];
      r = run_argv (argv);
      if (r.status != (is_usage ? 1 : 2))
        g_error ("case %u: exit %d: %s", i, r.status, r.err);
      /* One sentence on one line. */
      g_assert_true (g_str_has_prefix (r.err, "mutual: "));
      g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
      /* A report is a PDF: a wrong name is told that, not a chart's types. */
      if (!is_usage && (args[2] == png || args[2] == db))
        g_assert_nonnull (strstr (r.err, "does not end in .pdf; the report is a PDF"));
    }
  /* A failed command writes nothing. */
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  {
    GDir *dir = g_dir_open (out, 0, NULL);

    g_assert_null (g_dir_read_name (dir));
    g_dir_close (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, LedgerFixture, NULL, report_set_up, func, ledger_fixture_tear_down)
  ADD ("/report/client/pages", test_client_report);
  ADD ("/report/client/private", test_client_report_private);
  ADD ("/report/client/hide-amounts", test_client_report_hidden);
  ADD ("/report/client/period", test_client_report_period);
  ADD ("/report/client/unvalued", test_client_report_unvalued);
  ADD ("/report/portfolio", test_portfolio_report);
  ADD ("/report/usage", test_report_usage);
#undef ADD

  return g_test_run ();
}
