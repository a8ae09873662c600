#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary DESTDIR and validates what landed
# there, in the places a desktop expects it.
set -euo pipefail

build_dir=$1
prefix=$2
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

meson install -C "$build_dir" --destdir "$destdir" --no-rebuild --quiet >/dev/null
root="$destdir$prefix"
n=0
fail=0

check() {
  n=$((n + 1))
  if "$@" >/dev/null 2>&1; then
    echo "ok $n - $*"
  else
    echo "not ok $n - $*"
    fail=1
  fi
}

app=io.github.mutualapp.Mutual
check test -x "$root/bin/mutual"
check "$root/bin/mutual" --version
check desktop-file-validate "$root/share/applications/$app.desktop"
check appstreamcli validate --no-net "$root/share/metainfo/$app.metainfo.xml"
check test -f "$root/share/icons/hicolor/scalable/apps/$app.svg"
check test -f "$root/share/icons/hicolor/symbolic/apps/$app-symbolic.svg"
check test -f "$root/share/man/man1/mutual.1"
for schema in "$root"/share/glib-2.0/schemas/*.gschema.xml; do
  [ -e "$schema" ] || continue
  check glib-compile-schemas --strict --dry-run "$(dirname "$schema")"
done
for rng in "$root"/share/mutual/*.rng; do
  [ -e "$rng" ] || continue
  check xmllint --noout "$rng"
done
echo "1..$n"
exit $fail
