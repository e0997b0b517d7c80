#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# keyring-session.sh COMMAND [ARGS...]
#
# Meant to run inside `dbus-run-session --`, with HOME and XDG_* already
# pointing at a throwaway folder (exported before dbus-run-session, or the
# D-Bus-activated daemons use the real home). Starts gnome-keyring with an
# unlocked default ("login") collection, waits until org.freedesktop.secrets
# is on the session bus (so no second daemon gets D-Bus-activated), then
# execs COMMAND.
set -euo pipefail

if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
  echo "keyring-session.sh: no session bus; run it under dbus-run-session" >&2
  exit 1
fi
if (( $# == 0 )); then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

log="${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}/gnome-keyring.log"
# The password is only for this throwaway keyring. The daemon's output goes
# to a file so that it cannot hold the caller's stdout open.
if ! printf pass | gnome-keyring-daemon --unlock --components=secrets >"$log" 2>&1; then
  echo "keyring-session.sh: gnome-keyring-daemon --unlock failed:" >&2
  cat "$log" >&2
  exit 1
fi
if ! gdbus wait --session --timeout 5 org.freedesktop.secrets; then
  echo "keyring-session.sh: org.freedesktop.secrets did not appear on the session bus" >&2
  exit 1
fi

exec "$@"
