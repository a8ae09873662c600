#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every file with translatable strings is listed in po/POTFILES.in, and
# every listed file exists.
set -euo pipefail
cd "$1"

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)
found=$( (grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' app --include='*.c' || true
          grep -rl 'translatable="yes"' resources --include='*.ui' 2>/dev/null || true
          ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true) | sort -u)

n=0
fail=0
for f in $found; do
  n=$((n + 1))
  if grep -qxF "$f" <<<"$listed"; then
    echo "ok $n - $f is in POTFILES.in"
  else
    echo "not ok $n - $f has translatable strings but is missing from po/POTFILES.in"
    fail=1
  fi
done
for f in $listed; do
  n=$((n + 1))
  if [ -e "$f" ]; then
    echo "ok $n - $f exists"
  else
    echo "not ok $n - po/POTFILES.in lists $f, which does not exist"
    fail=1
  fi
done
echo "1..$n"
exit $fail
