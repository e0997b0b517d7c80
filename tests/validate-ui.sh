#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Validates every .ui file under a directory and reports TAP.
#
#   validate-ui.sh DIR [VALIDATOR]
#
# VALIDATOR is the tests/validate-ui program that meson builds (it knows
# libadwaita's and Kinema's own classes and checks templates). Without it the
# script falls back to `gtk4-builder-tool validate`, which in GTK 4.8 knows
# neither: files it fails on only because of an unknown class or template
# parent are reported as skipped, not passed.
#
# Both need a display; with none, the script re-runs itself under xvfb-run.

set -u

dir=${1:?usage: validate-ui.sh DIR [VALIDATOR]}
validator=${2:-}

mapfile -t files < <(find "$dir" -name '*.ui' -type f 2>/dev/null | LC_ALL=C sort)

if [ ${#files[@]} -eq 0 ]; then
  echo "1..0 # SKIP no .ui files"
  exit 0
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${KINEMA_VALIDATE_UI_XVFB:-}" ]; then
  if ! command -v xvfb-run >/dev/null; then
    echo "1..0 # SKIP no display and no xvfb-run"
    exit 0
  fi
  KINEMA_VALIDATE_UI_XVFB=1 exec xvfb-run -a "$0" "$@"
fi

export GTK_A11Y=none

# Prints its argument as TAP diagnostic lines.
diag () {
  local line
  while IFS= read -r line; do
    printf '# %s\n' "$line"
  done <<<"$1"
}

echo "1..${#files[@]}"

n=0
failed=0
for file in "${files[@]}"; do
  n=$((n + 1))
  name=${file#"$dir"/}

  if [ -n "$validator" ]; then
    output=$("$validator" "$file" 2>&1)
    status=$?
  else
    output=$(gtk4-builder-tool validate "$file" 2>&1)
    status=$?
    if [ $status -ne 0 ] &&
       grep -qE "Invalid object type '|Failed to lookup template parent type" <<<"$output"; then
      echo "ok $n - $name # SKIP gtk4-builder-tool does not know a class in it"
      diag "$output"
      continue
    fi
  fi

  # gtk4-builder-tool exits 0 on some warnings (e.g. a bad enum value);
  # treat any warning or critical as a failure too.
  # (GDK's complaint about a missing session bus says nothing about the file.)
  if [ $status -eq 0 ] &&
     grep -E -- '-(WARNING|CRITICAL)' <<<"$output" | grep -qv 'Unable to acquire session bus'; then
    status=1
  fi

  # GTK 4.8 asks the display where the pointer is for every tooltip-text
  # set, which made building a gallery of cards wait on X11 round trips.
  if grep -q 'name="tooltip-text"' "$file"; then
    output+=$'\n'"tooltip-text in a .ui file: set it with kinema_widget_set_tooltip() in the widget's init instead"
    status=1
  fi

  if [ $status -eq 0 ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    failed=$((failed + 1))
  fi
  if [ -n "$output" ]; then
    diag "$output"
  fi
done

[ $failed -eq 0 ]
