#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-fuzz.sh FUZZER CORPUS_DIR DICT: runs a libFuzzer target for
# $KINEMA_FUZZ_SECONDS (default 5) on a scratch copy of its seed corpus,
# so new inputs never land in the source tree. Prints one TAP result.
set -euo pipefail

fuzzer=$1
corpus=$2
dict=$3
seconds=${KINEMA_FUZZ_SECONDS:-5}
name=$(basename "$fuzzer")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/corpus" "$scratch/artifacts"
if [ -d "$corpus" ]; then
  cp -r "$corpus"/. "$scratch/corpus/"
fi

echo "1..1"
log="$scratch/log"
if "$fuzzer" -max_total_time="$seconds" -dict="$dict" -timeout=10 -rss_limit_mb=2048 \
     -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 "$scratch/corpus" >"$log" 2>&1; then
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  echo "ok 1 - $name: ${runs} executions in ${seconds} s, 0 crashes"
else
  echo "not ok 1 - $name crashed"
  grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20 | sed 's/^/# /'
  for f in "$scratch"/artifacts/*; do
    [ -e "$f" ] || continue
    echo "# reproducer (base64): $(base64 -w0 "$f" | head -c 2000)"
  done
  exit 1
fi
