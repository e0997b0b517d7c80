/* fuzz-json-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for kinema_json_object_is_wellformed, checked against
 * json-glib: the library lists a row only when the recogniser accepts its
 * request, and the job parses it later with json-glib, so whatever the
 * recogniser accepts must parse (to an object). The other way round may
 * differ (json-glib takes a few things RFC 8259 does not), which only
 * means such a row is listed as damaged.
 */
#define G_LOG_DOMAIN "fuzz-json-check"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "kinema-json-check.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char *text;

  /* A column's text: no NUL inside. */
  if (memchr (data, '\0', size) != NULL)
    return 0;
  text = g_strndup ((const char *) data, size);

  if (kinema_json_object_is_wellformed (text))
    {
      JsonParser *parser = json_parser_new ();
      GError *error = NULL;

      if (!json_parser_load_from_data (parser, text, -1, &error))
        {
          g_printerr ("accepted, but json-glib says: %s\n", error->message);
          abort ();
        }
      if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_printerr ("accepted, but json-glib does not see an object\n");
          abort ();
        }
      g_object_unref (parser);
    }

  g_free (text);
  return 0;
}
