/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-demo.h"
#include "mutual-error.h"

/* splitmix64: tiny, fast, and the same sequence everywhere. */
typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static gint64
rng_range (Rng    *rng,
           gint64  lo,
           gint64  hi)
{
  if (hi <= lo)
    return lo;
  return lo + (gint64) (rng_next (rng) % (guint64) (hi - lo + 1));
}

static void
rng_uuid (Rng  *rng,
          char  out[37])
{
  guint64 a = rng_next (rng), b = rng_next (rng);

  /* A version 4 layout, drawn from the seeded sequence. */
  g_snprintf (out, 37, "%08x-%04x-4%03x-%04x-%012" G_GINT64_MODIFIER "x",
              (guint) (a >> 32), (guint) ((a >> 16) & 0xffff), (guint) (a & 0xfff),
              (guint) (0x8000 | ((b >> 48) & 0x3fff)),
              (guint64) (b & G_GUINT64_CONSTANT (0xffffffffffff)));
}

typedef struct
{
  MutualDirection direction;
  MutualKind kind;
  int weight;
  int min_value;      /* major units */
  int max_value;
  int min_minutes;    /* -1: not recorded */
  int max_minutes;
} Move;

typedef struct
{
  const char *name;
  const char *organization;
  MutualRole role;
  int start_months_ago;
  int end_months_ago;
  int natural_count;
  int pay_percent;              /* payment = this share of work not yet paid */
  MutualDirection work_direction;
  MutualClass override;
  const char *override_reason;
  const char *notes;
  Move moves[8];
} Archetype;

#define G MUTUAL_DIRECTION_GIVEN
#define R MUTUAL_DIRECTION_RECEIVED

static const Archetype archetypes[] = {
  { "Northwind Studio", "Northwind Studio Ltd", MUTUAL_ROLE_CLIENT, 30, 0, 70, 100, G,
    MUTUAL_CLASS_NONE, NULL, "Design retainer since the 2023 rebrand.",
    { { G, MUTUAL_KIND_WORK, 30, 900, 3200, 240, 1800 },
      { R, MUTUAL_KIND_PAYMENT, 28, 0, 0, -1, -1 },
      { G, MUTUAL_KIND_ADVICE, 8, 0, 250, 30, 90 },
      { R, MUTUAL_KIND_REFERRAL, 6, 300, 1500, -1, -1 },
      { R, MUTUAL_KIND_TESTIMONIAL, 2, 0, 0, -1, -1 },
      { G, MUTUAL_KIND_INTRODUCTION, 3, 0, 0, 15, 30 } } },
  { "Lumen Labs", "Lumen Labs GmbH", MUTUAL_ROLE_PARTNER, 26, 0, 60, 100, G,
    MUTUAL_CLASS_NONE, NULL, "We share a booth at the autumn fair.",
    { { G, MUTUAL_KIND_WORK, 22, 1200, 4000, 300, 2400 },
      { R, MUTUAL_KIND_PAYMENT, 20, 0, 0, -1, -1 },
      { R, MUTUAL_KIND_ADVICE, 8, 0, 400, -1, -1 },
      { G, MUTUAL_KIND_FEEDBACK, 6, 0, 0, 20, 60 },
      { R, MUTUAL_KIND_INTRODUCTION, 5, 0, 800, -1, -1 } } },
  { "Marta Okafor", NULL, MUTUAL_ROLE_ADVISOR, 34, 0, 40, 100, R,
    MUTUAL_CLASS_NONE, NULL, "Mentor from the freelancers' guild.",
    { { R, MUTUAL_KIND_ADVICE, 14, 50, 300, -1, -1 },
      { G, MUTUAL_KIND_SUPPORT, 10, 50, 300, 30, 120 },
      { G, MUTUAL_KIND_GIFT, 3, 20, 80, -1, -1 },
      { R, MUTUAL_KIND_REFERRAL, 4, 100, 600, -1, -1 },
      { G, MUTUAL_KIND_REFERRAL, 4, 100, 600, 10, 30 } } },
  { "Acme GmbH", "Acme", MUTUAL_ROLE_CLIENT, 20, 0, 36, 100, G,
    MUTUAL_CLASS_NONE, NULL, NULL,
    { { G, MUTUAL_KIND_WORK, 20, 1500, 4500, 600, 2400 },
      { R, MUTUAL_KIND_PAYMENT, 20, 0, 0, -1, -1 } } },
  { "Blue Fern Bakery", NULL, MUTUAL_ROLE_CLIENT, 15, 1, 22, 100, G,
    MUTUAL_CLASS_NONE, NULL, "Menus and the shop window, twice a year.",
    { { G, MUTUAL_KIND_WORK, 20, 200, 900, 120, 600 },
      { R, MUTUAL_KIND_PAYMENT, 20, 0, 0, -1, -1 },
      { R, MUTUAL_KIND_GIFT, 2, 0, 30, -1, -1 } } },
  { "Harbor & Finch", "Harbor & Finch LLP", MUTUAL_ROLE_CLIENT, 12, 0, 18, 100, G,
    MUTUAL_CLASS_NONE, NULL, NULL,
    { { G, MUTUAL_KIND_WORK, 20, 2000, 6000, 900, 3000 },
      { R, MUTUAL_KIND_PAYMENT, 20, 0, 0, -1, -1 },
      { G, MUTUAL_KIND_DISCOUNT, 4, 100, 500, -1, -1 } } },
  { "Quill Media", "Quill Media Group", MUTUAL_ROLE_CLIENT, 18, 0, 45, 30, G,
    MUTUAL_CLASS_NONE, NULL, "Always one more revision.",
    { { G, MUTUAL_KIND_WORK, 30, 800, 2500, 300, 1500 },
      { R, MUTUAL_KIND_PAYMENT, 12, 0, 0, -1, -1 },
      { G, MUTUAL_KIND_ADVICE, 12, 100, 400, 30, 120 },
      { G, MUTUAL_KIND_SUPPORT, 8, 50, 200, 30, 90 },
      { R, MUTUAL_KIND_FEEDBACK, 3, 0, 0, -1, -1 } } },
  { "Old Mill Co-op", "Old Mill Cooperative", MUTUAL_ROLE_CLIENT, 36, 9, 30, 100, G,
    MUTUAL_CLASS_NONE, NULL, "Quiet since their move.",
    { { G, MUTUAL_KIND_WORK, 20, 500, 1800, 240, 900 },
      { R, MUTUAL_KIND_PAYMENT, 20, 0, 0, -1, -1 },
      { R, MUTUAL_KIND_TESTIMONIAL, 2, 0, 0, -1, -1 },
      { G, MUTUAL_KIND_ADVICE, 3, 0, 150, 30, 60 } } },
  { "Vega Consulting", NULL, MUTUAL_ROLE_PROSPECT, 2, 0, 6, 100, G,
    MUTUAL_CLASS_NONE, NULL, "Met at the November meetup.",
    { { G, MUTUAL_KIND_ADVICE, 10, 0, 200, 30, 90 },
      { R, MUTUAL_KIND_FEEDBACK, 5, 0, 0, -1, -1 },
      { G, MUTUAL_KIND_INTRODUCTION, 3, 0, 0, 15, 30 } } },
  { "Sato Design", "Sato Design KK", MUTUAL_ROLE_COLLEAGUE, 28, 0, 44, 100, G,
    MUTUAL_CLASS_NONE, NULL, "Overflow work goes both ways.",
    { { G, MUTUAL_KIND_REFERRAL, 10, 400, 2000, 15, 45 },
      { R, MUTUAL_KIND_REFERRAL, 10, 400, 2000, -1, -1 },
      { G, MUTUAL_KIND_ADVICE, 5, 0, 300, 30, 90 },
      { R, MUTUAL_KIND_SUPPORT, 5, 0, 300, -1, -1 } } },
  { "Kestrel Print", "Kestrel Print & Paper", MUTUAL_ROLE_SUPPLIER, 24, 0, 30, 100, R,
    MUTUAL_CLASS_NONE, NULL, "Our printer.",
    { { R, MUTUAL_KIND_WORK, 20, 150, 1200, -1, -1 },
      { G, MUTUAL_KIND_PAYMENT, 20, 0, 0, 5, 15 } } },
  { "Riverside Agency", "Riverside Agency", MUTUAL_ROLE_PARTNER, 10, 0, 20, 100, G,
    MUTUAL_CLASS_PARTNERSHIP, "They send us every overflow project; the numbers lag behind.", NULL,
    { { G, MUTUAL_KIND_WORK, 20, 1000, 3000, 300, 1200 },
      { R, MUTUAL_KIND_PAYMENT, 20, 0, 0, -1, -1 },
      { R, MUTUAL_KIND_REFERRAL, 4, 0, 0, -1, -1 } } },
};

#undef G
#undef R

static const char * const first_words[] = {
  "Aurora", "Beacon", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Heron",
  "Iris", "Juniper", "Kite", "Linden", "Meadow", "Nimbus", "Orchid", "Pioneer",
  "Quartz", "Rowan", "Summit", "Tidal", "Umber", "Vale", "Willow", "Zephyr",
};

static const char * const second_words[] = {
  "Analytics", "Bakery", "Collective", "Dental", "Energy", "Films", "Gallery",
  "Health", "Interiors", "Journal", "Kitchens", "Logistics", "Media", "Nursery",
  "Optics", "Press", "Robotics", "Studio", "Textiles", "Ventures", "Works",
};

static MutualDate
months_ago (MutualDate today,
            int        months)
{
  int index = mutual_date_month_index (today) - months;
  int y = index / 12;
  int m = index % 12 + 1;
  int d = MIN (mutual_date_day (today), mutual_date_days_in_month (y, m));

  return mutual_date_make (y, m, d);
}

static const Move *
pick_move (const Archetype *type,
           Rng             *rng)
{
  int total = 0;
  gint64 roll;

  for (int i = 0; i < (int) G_N_ELEMENTS (type->moves) && type->moves[i].weight; i++)
    total += type->moves[i].weight;
  roll = rng_range (rng, 0, total - 1);
  for (int i = 0; i < (int) G_N_ELEMENTS (type->moves) && type->moves[i].weight; i++)
    {
      roll -= type->moves[i].weight;
      if (roll < 0)
        return &type->moves[i];
    }
  return &type->moves[0];
}

static gboolean
generate_relationship (MutualLedger     *ledger,
                       const Archetype  *type,
                       guint             index,
                       guint64           count,
                       MutualDate        today,
                       Rng              *rng,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  MutualDate start = months_ago (today, type->start_months_ago);
  MutualDate end = months_ago (today, type->end_months_ago);
  gint32 first_day, span;
  gint64 unpaid = 0;
  char uuid[37];
  int scale = 1;

  for (int i = 0; i < mutual_ledger_get_digits (ledger); i++)
    scale *= 10;

  if (index < G_N_ELEMENTS (archetypes))
    rel->name = g_strdup (type->name);
  else
    rel->name = g_strdup_printf ("%s %s %u",
                                 first_words[rng_range (rng, 0, G_N_ELEMENTS (first_words) - 1)],
                                 second_words[rng_range (rng, 0, G_N_ELEMENTS (second_words) - 1)],
                                 index);
  rel->organization = g_strdup (type->organization);
  rel->role = type->role;
  rel->notes = g_strdup (type->notes);
  rel->override = type->override;
  rel->override_reason = g_strdup (type->override_reason);
  rng_uuid (rng, uuid);
  rel->uuid = g_strdup (uuid);

  /* The end of the active window is a few days back, so recent
   * relationships are recent but never in the future. */
  end = mutual_date_add_days (end, -(gint32) rng_range (rng, 0, 6));
  first_day = mutual_date_to_days (start) + (gint32) rng_range (rng, 0, 10);
  span = MAX (1, mutual_date_to_days (end) - first_day);
  {
    g_autoptr(GDateTime) created = g_date_time_new_utc (mutual_date_year (start),
                                                        mutual_date_month (start),
                                                        mutual_date_day (start), 9, 0, 0);
    rel->created = g_date_time_to_unix (created);
  }

  if (!mutual_ledger_add_relationship (ledger, rel, error))
    return FALSE;

  for (guint64 k = 0; k < count; k++)
    {
      MutualExchange exchange = { 0 };
      const Move *move = pick_move (type, rng);
      gint32 offset = (gint32) ((gint64) span * (gint64) k / (gint64) MAX (count, 1));

      if ((k & 0xfff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      offset += (gint32) rng_range (rng, 0, MAX (1, span / (gint64) MAX (count, 1)));
      exchange.date = mutual_date_from_days (first_day + MIN (offset, span));
      exchange.relationship_id = rel->id;
      exchange.direction = move->direction;
      exchange.kind = move->kind;
      exchange.minutes = move->min_minutes < 0 ? -1 : rng_range (rng, move->min_minutes, move->max_minutes);

      if (move->kind == MUTUAL_KIND_PAYMENT)
        {
          /* A payment settles the work not yet paid for, as agreed. */
          if (unpaid == 0)
            exchange.value = 0;
          else
            exchange.value = unpaid * type->pay_percent / 100;
          unpaid = 0;
          if (exchange.value == 0)
            {
              exchange.kind = MUTUAL_KIND_WORK;
              exchange.direction = type->work_direction;
            }
        }
      if (exchange.kind != MUTUAL_KIND_PAYMENT)
        {
          exchange.value = rng_range (rng, move->min_value, move->max_value) * scale;
          /* Round estimates to tens: nobody values advice at 137.42. */
          exchange.value -= exchange.value % (10 * scale);
        }
      if (exchange.kind == MUTUAL_KIND_WORK)
        unpaid += exchange.value;

      rng_uuid (rng, uuid);
      exchange.uuid = g_strdup (uuid);
      if (!mutual_ledger_add_exchange (ledger, &exchange, error))
        {
          g_free (exchange.uuid);
          return FALSE;
        }
      g_free (exchange.uuid);
    }

  return TRUE;
}

gboolean
mutual_demo_generate (MutualLedger             *ledger,
                      const MutualDemoOptions  *options,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  MutualDemoOptions opts = *options;
  guint64 remaining;
  guint64 heavy = 0;
  Rng rng;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);

  if (opts.n_relationships == 0)
    opts.n_relationships = G_N_ELEMENTS (archetypes);
  if (opts.today == 0)
    opts.today = mutual_date_today ();
  rng.state = opts.seed;

  if (!mutual_ledger_is_empty (ledger))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The ledger “%s” already holds relationships; demo data only goes into an empty ledger."),
                   mutual_ledger_get_path (ledger));
      return FALSE;
    }

  /* With an explicit total, one relationship in ten thousand exchanges is
   * heavy (a tenth of the total, at most 100,000): a skewed spread. */
  remaining = opts.n_exchanges;
  if (opts.n_exchanges > 0 && opts.n_relationships > 1)
    heavy = MIN (opts.n_exchanges / 10, 100000);

  if (!mutual_ledger_begin (ledger, error))
    return FALSE;
  mutual_ledger_set_cache_size (ledger, 262144);

  for (guint i = 0; i < opts.n_relationships; i++)
    {
      const Archetype *type = &archetypes[i % G_N_ELEMENTS (archetypes)];
      guint64 count;

      if (opts.n_exchanges == 0)
        count = (guint64) type->natural_count + (guint64) rng_range (&rng, 0, type->natural_count / 4);
      else if (i == 0 && heavy > 0)
        count = heavy;
      else
        {
          guint left = opts.n_relationships - i;
          guint64 share = (remaining + left - 1) / left;

          /* Vary around the even share, and give the last one the rest. */
          count = left == 1 ? remaining
                  : MIN (remaining, (guint64) rng_range (&rng, (gint64) share / 2, (gint64) share * 3 / 2));
        }
      if (opts.n_exchanges > 0)
        remaining -= MIN (count, remaining);

      if (!generate_relationship (ledger, type, i, count, opts.today, &rng, cancellable, error))
        {
          mutual_ledger_rollback (ledger);
          mutual_ledger_set_cache_size (ledger, 8192);
          return FALSE;
        }
    }

  if (!mutual_ledger_commit (ledger, error))
    return FALSE;
  mutual_ledger_set_cache_size (ledger, 8192);
  return TRUE;
}
