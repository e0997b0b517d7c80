/* kinema-json-check.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether a text is well-formed JSON, without building anything: enough
 * for the library to tell a damaged row from a good one while listing,
 * since a stored request is parsed only when its job is looked at
 * (kinema_job_new_stored). Whatever this accepts, json-glib parses
 * (tests/fuzz/fuzz-json-check.c checks that).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Valid UTF-8 holding one JSON object (RFC 8259), white space around it
 * and nothing else; nesting deeper than 64 is refused. */
gboolean kinema_json_object_is_wellformed (const char *text);

G_END_DECLS
