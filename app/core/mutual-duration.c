/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-duration"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-duration.h"
#include "mutual-error.h"

typedef enum {
  UNIT_NONE,
  UNIT_HOURS,
  UNIT_MINUTES,
} Unit;

static const char *
skip_spaces (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* Reads digits into @out (saturating above MUTUAL_MINUTES_MAX, so that a
 * long run of digits is refused as too large rather than wrapped). */
static const char *
read_digits (const char *p,
             guint64    *out,
             guint      *n_digits)
{
  guint64 v = 0;
  guint n = 0;

  while (g_ascii_isdigit (*p))
    {
      if (v <= (guint64) MUTUAL_MINUTES_MAX * 60)
        v = v * 10 + (guint64) (*p - '0');
      p++;
      n++;
    }
  *out = v;
  *n_digits = n;
  return p;
}

/* The unit words, longest first so that "minutes" is not read as "m". */
static const char *
read_unit (const char *p,
           Unit       *unit)
{
  static const struct { const char *word; Unit unit; } words[] = {
    { "minutes", UNIT_MINUTES }, { "minute", UNIT_MINUTES }, { "mins", UNIT_MINUTES },
    { "min", UNIT_MINUTES }, { "m", UNIT_MINUTES },
    { "hours", UNIT_HOURS }, { "hour", UNIT_HOURS }, { "hrs", UNIT_HOURS },
    { "hr", UNIT_HOURS }, { "h", UNIT_HOURS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize len = strlen (words[i].word);

      if (g_ascii_strncasecmp (p, words[i].word, len) == 0 && !g_ascii_isalpha (p[len]))
        {
          *unit = words[i].unit;
          return p + len;
        }
    }
  *unit = UNIT_NONE;
  return p;
}

static gboolean
refuse_garbage (const char  *text,
                GError     **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("“%s” is not a time spent; write it as 90, 1:30, 1.5 h or 2 h 15 min."), text);
  return FALSE;
}

static gboolean
refuse_too_large (GError **error)
{
  g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The time spent is at most 2,147,483,647 minutes."));
  return FALSE;
}

gboolean
mutual_duration_parse (const char *text,
                       gint64     *out_minutes,
                       GError    **error)
{
  const char *p;
  guint64 total = 0;
  gboolean seen_hours = FALSE, seen_minutes = FALSE;

  g_return_val_if_fail (out_minutes != NULL, FALSE);

  if (text == NULL)
    return refuse_garbage ("", error);
  p = skip_spaces (text);
  if (*p == '-' || g_str_has_prefix (p, "−"))
    {
      g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                           _("The time spent cannot be negative."));
      return FALSE;
    }
  if (*p == '\0')
    return refuse_garbage (text, error);

  /* "H:MM" stands alone. */
  if (strchr (p, ':') != NULL)
    {
      guint64 hours, minutes;
      guint n_hours, n_minutes;

      p = read_digits (p, &hours, &n_hours);
      if (n_hours == 0 || *p++ != ':')
        return refuse_garbage (text, error);
      p = read_digits (p, &minutes, &n_minutes);
      if (n_minutes != 2 || minutes >= 60 || *skip_spaces (p) != '\0')
        return refuse_garbage (text, error);
      if (hours > (guint64) MUTUAL_MINUTES_MAX / 60
          || hours * 60 + minutes > (guint64) MUTUAL_MINUTES_MAX)
        return refuse_too_large (error);
      *out_minutes = (gint64) (hours * 60 + minutes);
      return TRUE;
    }

  /* Terms: a number, an optional decimal part, an optional unit. Hours
   * come before minutes; a bare number after hours counts minutes. */
  while (*p != '\0')
    {
      guint64 whole, fraction = 0, scale = 1;
      guint n_whole, n_fraction = 0;
      Unit unit;

      p = read_digits (p, &whole, &n_whole);
      if (*p == '.' || *p == ',')
        {
          const char *q = p + 1;

          while (g_ascii_isdigit (*q) && n_fraction < 9)
            {
              fraction = fraction * 10 + (guint64) (*q - '0');
              scale *= 10;
              q++;
              n_fraction++;
            }
          if (n_fraction == 0 || g_ascii_isdigit (*q))
            return refuse_garbage (text, error);
          p = q;
        }
      if (n_whole == 0 && n_fraction == 0)
        return refuse_garbage (text, error);
      p = read_unit (skip_spaces (p), &unit);
      if (unit == UNIT_NONE)
        unit = seen_hours ? UNIT_MINUTES : UNIT_NONE;

      if (unit == UNIT_HOURS && !seen_hours && !seen_minutes)
        {
          seen_hours = TRUE;
          if (whole > (guint64) MUTUAL_MINUTES_MAX / 60 + 1)
            return refuse_too_large (error);
          /* Rounded to the nearest minute: 1.33 h is 80 min. */
          total += whole * 60 + (fraction * 60 + scale / 2) / scale;
        }
      else if ((unit == UNIT_MINUTES || unit == UNIT_NONE) && !seen_minutes)
        {
          seen_minutes = TRUE;
          if (n_fraction > 0)
            {
              if (unit == UNIT_NONE)
                g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                             _("“%s” needs a unit: 1.5 h for an hour and a half, 90 for ninety minutes."), text);
              else
                g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                                     _("The time spent is counted in whole minutes."));
              return FALSE;
            }
          total += whole;
        }
      else
        return refuse_garbage (text, error);

      if (total > (guint64) MUTUAL_MINUTES_MAX)
        return refuse_too_large (error);
      p = skip_spaces (p);
      if (unit == UNIT_NONE && *p != '\0')
        return refuse_garbage (text, error);
    }

  *out_minutes = (gint64) total;
  return TRUE;
}
