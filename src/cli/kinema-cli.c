/* kinema-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kinema-cli: the same core as the app, without GTK. The subcommand table
 * below dispatches; each subcommand lives in kinema-cli-<name>.c.
 */
#define G_LOG_DOMAIN "kinema-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "kinema-cli.h"
#include "kinema-presets.h"
#include "kinema-provider-registry.h"

typedef struct
{
  const char           *name;
  const char           *summary;   /* N_() */
  KinemaCliCommandFunc  run;
} KinemaCliCommand;

static const KinemaCliCommand commands[] = {
  { "generate", N_("Generate a video (prints the job id; --wait for the clip)"), kinema_cli_generate },
  { "jobs", N_("List jobs, newest first"), kinema_cli_jobs },
  { "show", N_("Show one job"), kinema_cli_show },
  { "resume", N_("Poll and download every unfinished job, then exit"), kinema_cli_resume },
  { "forget", N_("Remove a job from the library"), kinema_cli_forget },
  { "providers", N_("List, add or remove providers and set their keys"), kinema_cli_providers },
  { "request", N_("Show the HTTP request a generation would send, without sending it"), kinema_cli_request },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: kinema-cli COMMAND [OPTIONS…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “kinema-cli COMMAND --help” for a command's options."));
}

/* Request options */

void
kinema_cli_request_options_init (KinemaCliRequestOptions *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->cfg = -1.0;
}

void
kinema_cli_request_options_clear (KinemaCliRequestOptions *opts)
{
  g_clear_pointer (&opts->prompt, g_free);
  g_clear_pointer (&opts->negative, g_free);
  g_clear_pointer (&opts->aspect, g_free);
  g_clear_pointer (&opts->quality, g_free);
  g_clear_pointer (&opts->first_frame, g_free);
  g_clear_pointer (&opts->last_frame, g_free);
  g_clear_pointer (&opts->references, g_strfreev);
  g_clear_pointer (&opts->shots, g_strfreev);
  g_clear_pointer (&opts->shot_type, g_free);
  g_clear_pointer (&opts->elements, g_strfreev);
}

void
kinema_cli_request_options_add (KinemaCliRequestOptions *opts,
                                GOptionContext          *context)
{
  const GOptionEntry entries[] = {
    { "prompt", 0, 0, G_OPTION_ARG_STRING, &opts->prompt, N_("The prompt"), N_("TEXT") },
    { "negative", 0, 0, G_OPTION_ARG_STRING, &opts->negative, N_("What to avoid"), N_("TEXT") },
    { "duration", 0, 0, G_OPTION_ARG_INT, &opts->duration, N_("Length in seconds, 3 to 15 (default 5, or the sum of the shots)"), N_("SECONDS") },
    { "aspect", 0, 0, G_OPTION_ARG_STRING, &opts->aspect, N_("16:9, 9:16 or 1:1"), N_("RATIO") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &opts->quality, N_("std (720p) or pro (1080p)"), N_("std|pro") },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &opts->audio, N_("Generate sound"), NULL },
    { "no-audio", 0, 0, G_OPTION_ARG_NONE, &opts->no_audio, N_("Generate silent video (default)"), NULL },
    { "cfg", 0, 0, G_OPTION_ARG_DOUBLE, &opts->cfg, N_("Prompt adherence, 0 to 1 (default 0.5)"), N_("SCALE") },
    { "watermark", 0, 0, G_OPTION_ARG_NONE, &opts->watermark, N_("Ask for a watermarked result too"), NULL },
    { "first-frame", 0, 0, G_OPTION_ARG_FILENAME, &opts->first_frame, N_("First frame: a file or an https URL"), N_("PATH|URL") },
    { "last-frame", 0, 0, G_OPTION_ARG_FILENAME, &opts->last_frame, N_("Last frame: a file or an https URL"), N_("PATH|URL") },
    { "reference", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts->references, N_("A reference image, <<<image_N>>> in the prompt (repeatable)"), N_("PATH|URL") },
    { "shot", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->shots, N_("A shot of a multi-shot video (repeatable)"), N_("SECONDS:PROMPT") },
    { "shot-type", 0, 0, G_OPTION_ARG_STRING, &opts->shot_type, N_("customize (your shots) or intelligence (the model's)"), N_("TYPE") },
    { "element", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->elements, N_("An element referenced in the prompt (repeatable)"), N_("NAME:DESCRIPTION:IMG[,IMG…]") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
parse_seconds (const char *s,
               guint      *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (s, 10, 1, 60, &v, NULL))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

KinemaRequest *
kinema_cli_request_options_build (KinemaCliRequestOptions *opts,
                                  GPtrArray               *problems)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  guint n_problems = problems->len;
  gboolean frames = opts->first_frame != NULL || opts->last_frame != NULL;
  gboolean references = opts->references != NULL && opts->references[0] != NULL;

  if (opts->prompt != NULL)
    kinema_request_set_prompt (request, opts->prompt);
  if (opts->negative != NULL)
    kinema_request_set_negative_prompt (request, opts->negative);

  if (opts->aspect != NULL)
    {
      KinemaAspect aspect;

      if (kinema_aspect_from_string (opts->aspect, &aspect))
        kinema_request_set_aspect (request, aspect);
      else
        add_problem (problems, _("--aspect: use 16:9, 9:16 or 1:1, not “%s”."), opts->aspect);
    }

  if (opts->quality != NULL)
    {
      KinemaQuality quality;

      if (kinema_quality_from_string (opts->quality, &quality))
        kinema_request_set_quality (request, quality);
      else
        add_problem (problems, _("--mode: use std or pro, not “%s”."), opts->quality);
    }

  if (opts->audio && opts->no_audio)
    add_problem (problems, _("--audio and --no-audio: choose one."));
  kinema_request_set_audio (request, opts->audio);

  if (opts->cfg != -1.0)   /* given */
    {
      if (opts->cfg >= 0.0 && opts->cfg <= 1.0)
        kinema_request_set_cfg_scale (request, opts->cfg);
      else
        add_problem (problems, _("--cfg: use a number from 0 to 1, not %g."), opts->cfg);
    }

  kinema_request_set_watermark (request, opts->watermark);

  if (frames && references)
    add_problem (problems, _("--reference cannot be combined with --first-frame or --last-frame: "
                             "a video is made from frames or from references, not both."));
  if (references)
    {
      kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
      for (guint i = 0; opts->references[i] != NULL; i++)
        kinema_request_add_reference_image (request, opts->references[i]);
    }
  else if (frames)
    kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, opts->first_frame);
  kinema_request_set_last_frame (request, opts->last_frame);

  for (guint i = 0; opts->shots != NULL && opts->shots[i] != NULL; i++)
    {
      const char *colon = strchr (opts->shots[i], ':');
      g_autofree char *secs = colon ? g_strndup (opts->shots[i], colon - opts->shots[i]) : NULL;
      guint seconds;

      if (colon == NULL || !parse_seconds (secs, &seconds))
        {
          add_problem (problems, _("--shot: write SECONDS:PROMPT, e.g. 4:A wide shot of the harbour, not “%s”."),
                       opts->shots[i]);
          continue;
        }
      kinema_request_add_shot (request, seconds, colon + 1);
    }

  if (opts->shot_type != NULL)
    {
      KinemaMultiShot ms;

      if (kinema_multi_shot_from_string (opts->shot_type, &ms) && ms != KINEMA_MULTI_SHOT_NONE)
        kinema_request_set_multi_shot (request, ms);
      else
        add_problem (problems, _("--shot-type: use customize or intelligence, not “%s”."), opts->shot_type);
    }
  else if (kinema_request_get_n_shots (request) > 0)
    kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);

  if (opts->duration != 0)
    {
      if (opts->duration < 1 || opts->duration > 60)
        add_problem (problems, _("--duration: use 3 to 15 seconds, not %d."), opts->duration);
      else
        kinema_request_set_duration (request, (guint) opts->duration);
    }
  else if (kinema_request_get_n_shots (request) > 0)
    kinema_request_set_duration (request, MIN (kinema_request_get_shots_total (request), 60));

  for (guint i = 0; opts->elements != NULL && opts->elements[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (opts->elements[i], ":", 3);
      g_auto(GStrv) images = NULL;

      if (g_strv_length (parts) != 3 || *parts[0] == '\0' || *parts[2] == '\0')
        {
          add_problem (problems, _("--element: write NAME:DESCRIPTION:IMAGE[,IMAGE…], not “%s”."),
                       opts->elements[i]);
          continue;
        }
      images = g_strsplit (parts[2], ",", -1);
      kinema_request_add_element (request, parts[0], parts[1], (const char * const *) images);
    }

  if (problems->len > n_problems)
    return NULL;
  return g_steal_pointer (&request);
}

KinemaProviderConfig *
kinema_cli_lookup_provider (const char *id)
{
  const KinemaProviderConfig *preset = kinema_presets_lookup (id);
  g_autoptr(KinemaLibrary) library = NULL;
  GString *known;

  if (preset != NULL)
    return kinema_provider_config_copy (preset);

  /* A user instance, from the library. */
  library = kinema_cli_open_library ();
  if (library != NULL)
    {
      KinemaProviderConfig *cfg = kinema_provider_registry_lookup (library, id, NULL);

      if (cfg != NULL)
        return cfg;
    }

  known = g_string_new (NULL);
  for (guint i = 0; i < kinema_presets_get_n (); i++)
    g_string_append_printf (known, "%s%s", i ? ", " : "", kinema_presets_get (i)->id);
  g_printerr (_("kinema-cli: unknown provider “%s” (presets: %s; “kinema-cli providers” lists yours)\n"),
              id ? id : "", known->str);
  g_string_free (known, TRUE);
  return NULL;
}

void
kinema_cli_print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("kinema-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return KINEMA_CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return KINEMA_CLI_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      g_print ("kinema-cli %s\n", PACKAGE_VERSION);
      return KINEMA_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("kinema-cli: unknown command “%s”\n\n"), name);
  print_usage (stderr);
  return KINEMA_CLI_EXIT_USAGE;
}
