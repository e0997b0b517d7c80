#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-potfiles.sh SRCROOT: every file with translatable strings must be
# in po/POTFILES.in, and everything listed there must exist. Prints TAP.
set -euo pipefail
cd "$1"

mapfile -t listed < <(grep -v '^#' po/POTFILES.in | sed '/^\s*$/d' | sort -u)
mapfile -t marked < <( { grep -lE '(^|[^A-Za-z0-9_])N?_\(|C_\(|g_dgettext' src --include='*.c' -r;
                         grep -l 'translatable="yes"' src --include='*.ui' -r;
                         ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml; } | sort -u)

echo "1..2"
missing=$(comm -13 <(printf '%s\n' "${listed[@]}") <(printf '%s\n' "${marked[@]}"))
if [[ -z "$missing" ]]; then
  echo "ok 1 - every file with translatable strings is in po/POTFILES.in"
else
  echo "not ok 1 - files with translatable strings missing from po/POTFILES.in"
  printf '#   %s\n' $missing
fi
gone=""
for f in "${listed[@]}"; do
  [[ -e "$f" ]] || gone+=" $f"
done
if [[ -z "$gone" ]]; then
  echo "ok 2 - every file in po/POTFILES.in exists"
else
  echo "not ok 2 - po/POTFILES.in lists missing files:$gone"
fi
[[ -z "$missing" && -z "$gone" ]]
