#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The uninstalled build speaks the user's language: `build-aux/dev run`
# goes through `meson devenv`, whose environment points Mutual at the
# translations built in the build folder. Checked in German and French,
# with locales made for the test (the machine may have none).
set -euo pipefail
top=$1
build=$2

if ! command -v localedef >/dev/null || [ ! -e /usr/share/i18n/locales/de_DE ]; then
  echo "1..0 # SKIP localedef or the locale sources (Debian's locales) are missing"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..2"
n=0
check() {
  local locale=$1 expected=$2 out
  n=$((n + 1))
  localedef -i "${locale%.*}" -f UTF-8 "$tmp/$locale" 2>/dev/null || true
  out=$(cd "$tmp" && env -u LANGUAGE -u LC_ALL LOCPATH="$tmp" LANG="$locale" \
          meson devenv -C "$build" -w "$tmp" mutual --help 2>&1 || true)
  if grep -qF "$expected" <<<"$out"; then
    echo "ok $n - $locale: --help says “$expected”"
  else
    echo "not ok $n - $locale: --help does not say “$expected”"
    head -3 <<<"$out" | sed 's/^/# /'
  fi
}
check de_DE.UTF-8 "Aufruf:"
check fr_FR.UTF-8 "Utilisation"
