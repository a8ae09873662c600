#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every language in po/LINGUAS is complete against the current sources:
# no untranslated or fuzzy message, format strings and mnemonics that match
# their msgid, and the Plural-Forms that gettext knows for the language.
set -euo pipefail
cd "$1"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The template as `ninja mutual-pot` makes it: the flags of meson's i18n
# 'glib' preset, written to a scratch folder instead of po/.
xgettext --package-name=mutual -D . -f po/POTFILES.in -o "$tmp/mutual.pot" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format

linguas=$(sed -e 's/#.*//' po/LINGUAS | tr -s '[:space:]' '\n' | sed '/^$/d')

n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }

if [ -n "$linguas" ]; then
  ok "po/LINGUAS names $(echo $linguas)"
else
  not_ok "po/LINGUAS names no language"
fi

for f in po/*.po; do
  [ -e "$f" ] || continue
  lang=$(basename "$f" .po)
  if grep -qxF "$lang" <<<"$linguas"; then
    ok "$f is in po/LINGUAS"
  else
    not_ok "$f is not in po/LINGUAS, so it is never built"
  fi
done

for lang in $linguas; do
  po="po/$lang.po"
  if [ ! -f "$po" ]; then
    not_ok "$lang: po/LINGUAS names it but $po does not exist"
    continue
  fi

  # Format strings, plural forms and headers as they are in the file.
  if msgfmt --check --check-accelerators=_ -o /dev/null "$po" 2>"$tmp/check"; then
    ok "$lang: msgfmt --check passes"
  else
    not_ok "$lang: msgfmt --check fails"
    sed 's/^/# /' "$tmp/check"
  fi

  # Against today's sources: a new or changed message is untranslated or fuzzy.
  msgmerge --quiet -o "$tmp/$lang.po" "$po" "$tmp/mutual.pot"
  untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" \
                 | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" \
          | grep -c '^msgid ' || true)
  # Each non-empty selection starts with the header entry.
  untranslated=$((untranslated > 0 ? untranslated - 1 : 0))
  fuzzy=$((fuzzy > 0 ? fuzzy - 1 : 0))
  stats=$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  if [ "$untranslated" -eq 0 ] && [ "$fuzzy" -eq 0 ]; then
    ok "$lang: complete against the sources ($stats)"
  else
    not_ok "$lang: $untranslated untranslated and $fuzzy fuzzy against the sources ($stats)"
    for which in --only-fuzzy --untranslated; do
      msgattrib "$which" --no-obsolete --no-wrap "$tmp/$lang.po" \
        | grep '^msgid "..*"' | sed "s/^/# ${which#--}: /" | head -20 || true
    done
  fi

  # The rule gettext's own table has for the language.
  header() { msgcat --no-wrap "$1" | sed -n "s/^\"$2: *\(.*\)\\\\n\"$/\1/p" | head -1; }
  shown=$(header "$po" Plural-Forms)
  have=$(tr -d ' ' <<<"$shown")
  msginit --no-translator --no-wrap -l "$lang" -i "$tmp/mutual.pot" -o "$tmp/init-$lang.po" 2>/dev/null >&2 || true
  want=$(header "$tmp/init-$lang.po" Plural-Forms | tr -d ' ')
  if [ -z "$want" ] || [ "$want" = "nplurals=INTEGER;plural=EXPRESSION;" ]; then
    if [ -n "$have" ]; then
      ok "$lang: Plural-Forms \"$shown\" (gettext has no rule to compare it with)"
    else
      not_ok "$lang: no Plural-Forms header"
    fi
  elif [ "$have" = "$want" ]; then
    ok "$lang: Plural-Forms is \"$shown\""
  else
    not_ok "$lang: Plural-Forms is \"$shown\", gettext's rule for $lang is \"$want\""
  fi

  language=$(header "$po" Language)
  if [ "$language" = "$lang" ]; then
    ok "$lang: the Language header is $lang"
  else
    not_ok "$lang: the Language header is \"$language\", not $lang"
  fi
done

echo "1..$n"
exit $fail
