/* kinema-json-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recursive-descent recogniser for RFC 8259 JSON that allocates nothing.
 */
#include "config.h"

#include <string.h>

#include "kinema-json-check.h"

#define JSON_MAX_DEPTH 64

static gboolean json_value (const char **p, int depth);

static void
json_space (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
    (*p)++;
}

static gboolean
json_string (const char **p)
{
  const char *s = *p;

  if (*s++ != '"')
    return FALSE;
  for (;;)
    {
      unsigned char c = (unsigned char) *s++;

      if (c == '"')
        break;
      if (c < 0x20)
        return FALSE;   /* also the end of the text */
      if (c == '\\')
        {
          c = (unsigned char) *s++;
          if (c == 'u')
            {
              for (int i = 0; i < 4; i++, s++)
                if (!g_ascii_isxdigit (*s))
                  return FALSE;
            }
          else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
            return FALSE;
        }
    }
  *p = s;
  return TRUE;
}

static gboolean
json_number (const char **p)
{
  const char *s = *p;

  if (*s == '-')
    s++;
  if (*s == '0')
    s++;
  else if (*s >= '1' && *s <= '9')
    while (g_ascii_isdigit (*s))
      s++;
  else
    return FALSE;
  if (*s == '.')
    {
      s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '+' || *s == '-')
        s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  *p = s;
  return TRUE;
}

static gboolean
json_members (const char **p,
              char         close,
              int          depth)
{
  (*p)++;
  json_space (p);
  if (**p == close)
    {
      (*p)++;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (!json_string (p))
            return FALSE;
          json_space (p);
          if (**p != ':')
            return FALSE;
          (*p)++;
        }
      if (!json_value (p, depth + 1))
        return FALSE;
      json_space (p);
      if (**p == ',')
        {
          (*p)++;
          json_space (p);
          continue;
        }
      if (**p != close)
        return FALSE;
      (*p)++;
      return TRUE;
    }
}

static gboolean
json_value (const char **p,
            int          depth)
{
  if (depth > JSON_MAX_DEPTH)
    return FALSE;
  json_space (p);
  switch (**p)
    {
    case '{':
      return json_members (p, '}', depth);
    case '[':
      return json_members (p, ']', depth);
    case '"':
      return json_string (p);
    case 't':
      return strncmp (*p, "true", 4) == 0 ? (*p += 4, TRUE) : FALSE;
    case 'f':
      return strncmp (*p, "false", 5) == 0 ? (*p += 5, TRUE) : FALSE;
    case 'n':
      return strncmp (*p, "null", 4) == 0 ? (*p += 4, TRUE) : FALSE;
    default:
      return json_number (p);
    }
}

gboolean
kinema_json_object_is_wellformed (const char *text)
{
  const char *p = text;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  json_space (&p);
  if (*p != '{' || !json_value (&p, 0))
    return FALSE;
  json_space (&p);
  return *p == '\0';
}
