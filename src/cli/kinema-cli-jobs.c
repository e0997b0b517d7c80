/* kinema-cli-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kinema-cli generate | jobs | show | resume | forget: the job journal
 * from the command line, through the same engine the app uses.
 */
#define G_LOG_DOMAIN "kinema-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "kinema-cli.h"
#include "kinema-engine.h"
#include "kinema-error.h"
#include "kinema-library.h"
#include "kinema-paths.h"
#include "kinema-provider-registry.h"

/* Shared set-up */

KinemaLibrary *
kinema_cli_open_library (void)
{
  g_autofree char *path = kinema_paths_library_db ();
  g_autoptr(GError) error = NULL;
  KinemaLibrary *library = kinema_library_new (path, &error);

  if (library == NULL)
    g_printerr ("kinema-cli: %s\n", error->message);
  return library;
}

static void
print_state_cb (KinemaJob  *job,
                GParamSpec *pspec,
                gpointer    user_data)
{
  g_printerr ("%s\n", kinema_job_state_to_string (kinema_job_get_state (job)));
}

static void
print_progress_cb (KinemaJob  *job,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  double progress = kinema_job_get_progress (job);

  if (progress >= 0)
    g_printerr ("%s %.0f%%\n", kinema_job_state_to_string (kinema_job_get_state (job)), progress * 100);
}

static gboolean
is_settled (KinemaJob *job,
            gboolean   until_final)
{
  KinemaJobState state = kinema_job_get_state (job);

  if (until_final)
    return kinema_job_state_is_final (state);
  /* Without --wait: once the provider has the task (its id is stored), the
   * job is safe to leave to `kinema-cli resume` or the app. */
  return kinema_job_state_is_final (state) || kinema_job_get_remote_task_id (job) != NULL;
}

static int
exit_for_job (KinemaJob *job)
{
  switch (kinema_job_get_state (job))
    {
    case KINEMA_JOB_FAILED:
    case KINEMA_JOB_CANCELLED:
    case KINEMA_JOB_UNKNOWN:
      return KINEMA_CLI_EXIT_FAILURE;
    default:
      return KINEMA_CLI_EXIT_OK;
    }
}

/* generate */

int
kinema_cli_generate (int    argc,
                     char **argv)
{
  KinemaCliRequestOptions opts;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KinemaRequest) request = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaEngine) engine = NULL;
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaJob) job = NULL;
  g_autofree char *provider_id = NULL;
  gboolean wait = FALSE;
  int ret;
  GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_id, N_("Provider or instance id (see “kinema-cli providers”)"), N_("ID") },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, N_("Wait for the clip and print its path"), NULL },
    { NULL }
  };

  kinema_cli_request_options_init (&opts);
  context = g_option_context_new (_("- generate a video"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  kinema_cli_request_options_add (&opts, context);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kinema-cli generate: %s\n", error->message);
      kinema_cli_request_options_clear (&opts);
      return KINEMA_CLI_EXIT_USAGE;
    }
  if (provider_id == NULL)
    {
      g_printerr ("%s\n", _("kinema-cli generate: --provider is required (try --provider simulator)"));
      kinema_cli_request_options_clear (&opts);
      return KINEMA_CLI_EXIT_USAGE;
    }
  request = kinema_cli_request_options_build (&opts, problems);
  kinema_cli_request_options_clear (&opts);
  if (request == NULL || problems->len > 0)
    {
      kinema_cli_print_problems (problems);
      return KINEMA_CLI_EXIT_USAGE;
    }

  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  provider = kinema_provider_registry_create_sync (library, provider_id, &error);
  if (provider == NULL)
    {
      g_printerr ("kinema-cli generate: %s\n", error->message);
      return error->code == KINEMA_ERROR_NOT_FOUND || error->code == KINEMA_ERROR_INVALID_PARAMETER
             ? KINEMA_CLI_EXIT_USAGE : KINEMA_CLI_EXIT_FAILURE;
    }

  engine = kinema_engine_new (library, kinema_paths_clips_dir ());
  kinema_engine_add_provider (engine, provider);

  /* Validation (request rules and the provider's set-up) happens here;
   * on a problem nothing is written or sent. */
  job = kinema_engine_submit (engine, provider_id, request, &error);
  if (job == NULL)
    {
      g_printerr ("%s\n", error->message);
      return KINEMA_CLI_EXIT_USAGE;
    }
  g_print ("%s\n", kinema_job_get_id (job));
  fflush (stdout);

  if (wait)
    {
      g_signal_connect (job, "notify::state", G_CALLBACK (print_state_cb), NULL);
      g_signal_connect (job, "notify::progress", G_CALLBACK (print_progress_cb), NULL);
    }
  while (!is_settled (job, wait))
    g_main_context_iteration (NULL, TRUE);

  ret = exit_for_job (job);
  if (kinema_job_get_error_message (job) != NULL && ret != KINEMA_CLI_EXIT_OK)
    g_printerr ("%s\n", kinema_job_get_error_message (job));
  if (kinema_job_get_clip (job) != NULL)
    g_print ("%s\n", kinema_job_get_clip (job)->path);
  return ret;
}

/* JSON for jobs */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_price (JsonBuilder *b,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (b, name);
  if (value >= 0)
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
build_job_json (JsonBuilder *b,
                KinemaJob   *job,
                gboolean     with_request)
{
  KinemaClip *clip = kinema_job_get_clip (job);

  json_builder_begin_object (b);
  add_string (b, "id", kinema_job_get_id (job));
  add_string (b, "provider_id", kinema_job_get_provider_id (job));
  add_string (b, "state", kinema_job_state_to_string (kinema_job_get_state (job)));
  add_string (b, "prompt", kinema_request_get_prompt (kinema_job_get_request (job)));
  add_string (b, "remote_task_id", kinema_job_get_remote_task_id (job));
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, kinema_job_get_created (job));
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, kinema_job_get_updated (job));
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, kinema_job_get_attempts (job));
  add_string (b, "error", kinema_job_get_error_code (job) >= 0
                          ? kinema_error_code_to_string (kinema_job_get_error_code (job)) : NULL);
  add_string (b, "error_message", kinema_job_get_error_message (job));
  add_price (b, "price_estimate", kinema_job_get_price_estimate (job));
  add_price (b, "price_actual", kinema_job_get_price_actual (job));
  json_builder_set_member_name (b, "clip");
  if (clip != NULL)
    {
      json_builder_begin_object (b);
      add_string (b, "path", clip->path);
      json_builder_set_member_name (b, "duration_ms");
      json_builder_add_int_value (b, clip->duration_ms);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, clip->width);
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, clip->height);
      json_builder_set_member_name (b, "has_audio");
      json_builder_add_boolean_value (b, clip->has_audio);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, (gint64) clip->size);
      add_string (b, "warnings", clip->warnings);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  if (with_request)
    {
      json_builder_set_member_name (b, "request");
      json_builder_add_value (b, kinema_request_to_json_node (kinema_job_get_request (job)));
    }
  json_builder_end_object (b);
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  {
    g_autofree char *text = json_generator_to_data (gen, NULL);
    g_print ("%s\n", text);
  }
}

/* jobs */

int
kinema_cli_jobs (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *state_name = NULL;
  gboolean as_json = FALSE;
  KinemaJobState state = KINEMA_JOB_PENDING;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_name, N_("Only jobs in this state (pending, queued, running, done, failed, unknown, …)"), N_("STATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("- list jobs, newest first"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kinema-cli jobs: %s\n", error->message);
      return KINEMA_CLI_EXIT_USAGE;
    }
  if (state_name != NULL && !kinema_job_state_from_string (state_name, &state))
    {
      g_printerr (_("kinema-cli jobs: unknown state “%s”\n"), state_name);
      return KINEMA_CLI_EXIT_USAGE;
    }

  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  jobs = kinema_library_list_jobs (library, &error);
  if (jobs == NULL)
    {
      g_printerr ("kinema-cli jobs: %s\n", error->message);
      return KINEMA_CLI_EXIT_FAILURE;
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < jobs->len; i++)
    {
      KinemaJob *job = g_ptr_array_index (jobs, i);

      if (state_name != NULL && kinema_job_get_state (job) != state)
        continue;
      if (as_json)
        build_job_json (b, job, FALSE);
      else
        {
          g_autofree char *prompt = g_utf8_substring (kinema_request_get_prompt (kinema_job_get_request (job)), 0, 48);

          g_print ("%s  %-11s  %-12s  %s\n", kinema_job_get_id (job),
                   kinema_job_state_to_string (kinema_job_get_state (job)),
                   kinema_job_get_provider_id (job), prompt);
        }
    }
  json_builder_end_array (b);
  if (as_json)
    print_json (b);
  return KINEMA_CLI_EXIT_OK;
}

/* show */

static KinemaJob *
find_job (KinemaLibrary *library,
          const char    *id_or_prefix)
{
  g_autoptr(GPtrArray) jobs = kinema_library_list_jobs (library, NULL);
  KinemaJob *found = NULL;

  /* Any unambiguous prefix of a job id will do, like git. */
  for (guint i = 0; jobs && i < jobs->len; i++)
    {
      KinemaJob *job = g_ptr_array_index (jobs, i);

      if (g_str_has_prefix (kinema_job_get_id (job), id_or_prefix))
        {
          if (found != NULL)
            {
              g_printerr (_("kinema-cli: “%s” matches more than one job; give more of the id\n"), id_or_prefix);
              g_object_unref (found);
              return NULL;
            }
          found = g_object_ref (job);
        }
    }
  if (found == NULL)
    g_printerr (_("kinema-cli: there is no job “%s” (see kinema-cli jobs)\n"), id_or_prefix);
  return found;
}

int
kinema_cli_show (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean as_json = FALSE;
  KinemaRequest *request;
  KinemaClip *clip;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("JOB - show one job"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("kinema-cli show: %s\n", error ? error->message : _("give one job id"));
      return KINEMA_CLI_EXIT_USAGE;
    }
  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  job = find_job (library, argv[1]);
  if (job == NULL)
    return KINEMA_CLI_EXIT_USAGE;

  if (as_json)
    {
      build_job_json (b, job, TRUE);
      print_json (b);
      return KINEMA_CLI_EXIT_OK;
    }

  request = kinema_job_get_request (job);
  clip = kinema_job_get_clip (job);
  g_print ("%s: %s\n", _("Job"), kinema_job_get_id (job));
  g_print ("%s: %s\n", _("State"), kinema_job_state_to_label (kinema_job_get_state (job)));
  g_print ("%s: %s\n", _("Provider"), kinema_job_get_provider_id (job));
  g_print ("%s: %s\n", _("Task"), kinema_job_get_remote_task_id (job) ? kinema_job_get_remote_task_id (job) : "—");
  g_print ("%s: %s\n", _("Prompt"), kinema_request_get_prompt (request));
  g_print ("%s: %u s, %s, %s, %s\n", _("Settings"), kinema_request_get_duration (request),
           kinema_aspect_to_string (kinema_request_get_aspect (request)),
           kinema_quality_to_string (kinema_request_get_quality (request)),
           kinema_request_get_audio (request) ? _("audio") : _("silent"));
  if (kinema_job_get_error_message (job))
    g_print ("%s: %s\n", _("Problem"), kinema_job_get_error_message (job));
  if (clip != NULL)
    {
      g_print ("%s: %s\n", _("Clip"), clip->path);
      g_print ("%s: %d×%d, %.1f s, %s\n", _("Video"), clip->width, clip->height, clip->duration_ms / 1000.0,
               clip->has_audio ? _("with sound") : _("silent"));
      if (clip->warnings)
        g_print ("%s: %s\n", _("Warnings"), clip->warnings);
    }
  return KINEMA_CLI_EXIT_OK;
}

/* resume */

int
kinema_cli_resume (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaEngine) engine = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GHashTable) added = g_hash_table_new (g_str_hash, g_str_equal);
  guint failed = 0;
  GListModel *jobs;

  context = g_option_context_new (_("- poll and download every unfinished job, then exit"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kinema-cli resume: %s\n", error->message);
      return KINEMA_CLI_EXIT_USAGE;
    }
  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  unfinished = kinema_library_list_unfinished_jobs (library, &error);
  if (unfinished == NULL)
    {
      g_printerr ("kinema-cli resume: %s\n", error->message);
      return KINEMA_CLI_EXIT_FAILURE;
    }

  engine = kinema_engine_new (library, kinema_paths_clips_dir ());
  for (guint i = 0; i < unfinished->len; i++)
    {
      const char *id = kinema_job_get_provider_id (g_ptr_array_index (unfinished, i));
      g_autoptr(KinemaProvider) provider = NULL;
      g_autoptr(GError) provider_error = NULL;

      if (g_hash_table_contains (added, id))
        continue;
      g_hash_table_add (added, (gpointer) id);
      provider = kinema_provider_registry_create_sync (library, id, &provider_error);
      if (provider == NULL)
        g_printerr ("kinema-cli resume: %s\n", provider_error->message);
      else
        kinema_engine_add_provider (engine, provider);
    }

  kinema_engine_resume (engine);
  while (kinema_engine_get_n_active (engine) > 0)
    g_main_context_iteration (NULL, TRUE);

  jobs = kinema_engine_get_jobs (engine);
  for (guint i = 0; i < unfinished->len; i++)
    {
      const char *id = kinema_job_get_id (g_ptr_array_index (unfinished, i));

      for (guint j = 0; j < g_list_model_get_n_items (jobs); j++)
        {
          g_autoptr(KinemaJob) job = g_list_model_get_item (jobs, j);

          if (!g_str_equal (kinema_job_get_id (job), id))
            continue;
          g_print ("%s  %s\n", id, kinema_job_state_to_string (kinema_job_get_state (job)));
          if (exit_for_job (job) != KINEMA_CLI_EXIT_OK || !kinema_job_state_is_final (kinema_job_get_state (job)))
            failed++;
        }
    }
  return failed ? KINEMA_CLI_EXIT_FAILURE : KINEMA_CLI_EXIT_OK;
}

/* forget */

int
kinema_cli_forget (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaJob) job = NULL;

  context = g_option_context_new (_("JOB - remove a job from the library (its clip file stays)"));
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("kinema-cli forget: %s\n", error ? error->message : _("give one job id"));
      return KINEMA_CLI_EXIT_USAGE;
    }
  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  job = find_job (library, argv[1]);
  if (job == NULL)
    return KINEMA_CLI_EXIT_USAGE;
  if (!kinema_job_state_is_final (kinema_job_get_state (job)))
    g_printerr (_("Note: this job was still %s; the provider may finish and charge for it.\n"),
                kinema_job_state_to_string (kinema_job_get_state (job)));
  if (!kinema_library_delete_job (library, kinema_job_get_id (job), &error))
    {
      g_printerr ("kinema-cli forget: %s\n", error->message);
      return KINEMA_CLI_EXIT_FAILURE;
    }
  g_print (_("Forgot %s\n"), kinema_job_get_id (job));
  return KINEMA_CLI_EXIT_OK;
}
