#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# retry-once.sh TEST [ARGS...]: runs a GTest program; if it fails, runs it
# once more and reports the second run. The first run's failure is kept in
# the output as TAP comments ("# first run: ..."), so it is never hidden.
# Used only for tests with a known intermittent failure under load that is
# being tracked (see the issue notes); a test that fails twice fails.
set -uo pipefail

first=$(mktemp)
trap 'rm -f "$first"' EXIT
"$@" >"$first" 2>&1
rc=$?
if (( rc == 0 )); then
  cat "$first"
  exit 0
fi
echo "# first run failed (exit $rc); running once more. Its last lines:"
grep -E "Bail out|not ok|ERROR|CRITICAL" "$first" | tail -5 | sed 's/^/# first run: /'
exec "$@"
