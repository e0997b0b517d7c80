/* kinema-cli-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kinema-cli request --provider ID [request options] [--format json|curl]
 *
 * A dry run: prints the HTTP request a generation would send and sends
 * nothing. The API key is shown as $KINEMA_API_KEY. Validation problems go
 * to stderr, one per line, with exit status 2.
 */
#define G_LOG_DOMAIN "kinema-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kinema-cli.h"
#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-validate.h"

/* Validation (includes reading image headers: in a worker thread) */

static void
validated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GPtrArray *
validate (KinemaRequest            *request,
          const KinemaCapabilities *caps,
          const char               *provider_name,
          GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kinema_request_validate_async (request, caps, provider_name, NULL, validated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kinema_request_validate_finish (result, error);
}

/* Output */

static JsonNode *
call_to_json (KinemaHttpCall *call)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, call->method);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, call->url);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < call->headers->len; i++)
    {
      KinemaHttpHeader *h = g_ptr_array_index (call->headers, i);

      json_builder_set_member_name (builder, h->name);
      json_builder_add_string_value (builder, h->value);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "body");
  if (call->body != NULL)
    json_builder_add_value (builder, json_node_copy (call->body));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

/* 'text' for a POSIX shell, with every $KINEMA_API_KEY left outside the
 * single quotes so that the shell expands it. */
static void
print_curl (KinemaHttpCall *call)
{
  g_autofree char *text = kinema_http_call_to_curl (call, TRUE);

  g_print ("%s\n", text);
}

/* The simulator renders on this machine: there is no HTTP request. */
static int
show_simulator (KinemaRequest *request,
                gboolean       curl)
{
  g_printerr ("%s\n", _("kinema-cli: the simulator renders on this computer; nothing would be sent."));
  if (curl)
    {
      g_print ("# %s\n", _("The simulator sends no HTTP request."));
      return KINEMA_CLI_EXIT_OK;
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "headers");
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "body");
      json_builder_add_value (builder, kinema_request_to_json_node (request));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  return KINEMA_CLI_EXIT_OK;
}

static KinemaProviderConfig *
with_base_url (KinemaProviderConfig *cfg,
               const char           *base_url)
{
  KinemaProviderConfig *copy;

  if (base_url == NULL)
    return cfg;
  copy = kinema_provider_config_new (cfg->id, cfg->name, cfg->dialect, cfg->profile, base_url, cfg->model);
  copy->upload_url = g_strdup (cfg->upload_url);
  kinema_provider_config_free (cfg);
  return copy;
}

int
kinema_cli_request (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KinemaProviderConfig) cfg = NULL;
  g_autoptr(KinemaRequest) request = NULL;
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  g_autofree char *provider_id = NULL;
  g_autofree char *format = NULL;
  g_autofree char *base_url = NULL;
  const KinemaDialect *dialect;
  KinemaCliRequestOptions opts;
  KinemaCapabilities caps;
  gboolean curl = FALSE;
  int ret = KINEMA_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_id, N_("Provider preset (simulator, kling, linkmodel, modelstream, market, kie, uniall)"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json (default) or curl"), N_("FORMAT") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("Use this base URL instead of the preset's"), N_("URL") },
    { NULL }
  };

  kinema_cli_request_options_init (&opts);
  context = g_option_context_new (_("- show the HTTP request a generation would send, without sending it"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  kinema_cli_request_options_add (&opts, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kinema-cli request: %s\n", error->message);
      ret = KINEMA_CLI_EXIT_USAGE;
      goto out;
    }
  if (argc > 1)
    {
      g_printerr (_("kinema-cli request: unexpected argument “%s”\n"), argv[1]);
      ret = KINEMA_CLI_EXIT_USAGE;
      goto out;
    }
  if (provider_id == NULL)
    {
      g_printerr ("%s\n", _("kinema-cli request: --provider is required"));
      ret = KINEMA_CLI_EXIT_USAGE;
      goto out;
    }
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "curl"))
    {
      g_printerr (_("kinema-cli request: --format: use json or curl, not “%s”\n"), format);
      ret = KINEMA_CLI_EXIT_USAGE;
      goto out;
    }
  curl = format != NULL && g_str_equal (format, "curl");

  cfg = kinema_cli_lookup_provider (provider_id);
  if (cfg == NULL)
    {
      ret = KINEMA_CLI_EXIT_USAGE;
      goto out;
    }
  cfg = with_base_url (cfg, base_url);

  request = kinema_cli_request_options_build (&opts, problems);
  if (request == NULL)
    {
      kinema_cli_print_problems (problems);
      ret = KINEMA_CLI_EXIT_USAGE;
      goto out;
    }

  if (g_strcmp0 (cfg->dialect, "simulator") == 0)
    {
      ret = show_simulator (request, curl);
      goto out;
    }

  dialect = kinema_dialect_lookup (cfg->dialect);
  if (dialect == NULL)
    {
      g_printerr (_("kinema-cli request: the provider “%s” uses an unknown dialect “%s”\n"), cfg->id, cfg->dialect);
      ret = KINEMA_CLI_EXIT_FAILURE;
      goto out;
    }

  if (cfg->base_url == NULL)
    g_ptr_array_add (problems, g_strdup_printf (_("base_url: no address is known for %s; give it with --base-url."),
                                                cfg->name));
  else if (!kinema_http_provider_check_base_url (cfg->base_url, &error))
    {
      g_ptr_array_add (problems, g_strdup_printf ("base_url: %s", error->message));
      g_clear_error (&error);
    }

  dialect->init_capabilities (cfg, &caps);
  invalid = validate (request, &caps, cfg->name, &error);
  if (invalid == NULL)
    {
      g_printerr ("kinema-cli request: %s\n", error->message);
      ret = KINEMA_CLI_EXIT_FAILURE;
      goto out;
    }
  for (guint i = 0; i < invalid->len; i++)
    {
      KinemaProblem *p = g_ptr_array_index (invalid, i);

      g_ptr_array_add (problems, g_strdup_printf ("%s: %s", p->field, p->message));
    }
  if (problems->len > 0)
    {
      kinema_cli_print_problems (problems);
      ret = KINEMA_CLI_EXIT_USAGE;
      goto out;
    }

  call = kinema_http_provider_build_submit_call (cfg, request, NULL, "dry-run", &error);
  if (call == NULL)
    {
      /* The dialect's own refusals: the request cannot be sent as it is. */
      g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          g_printerr ("%s\n", lines[i]);
      ret = error->domain == KINEMA_ERROR ? KINEMA_CLI_EXIT_USAGE : KINEMA_CLI_EXIT_FAILURE;
      goto out;
    }

  if (curl)
    print_curl (call);
  else
    {
      g_autoptr(JsonNode) root = call_to_json (call);

      print_json (root);
    }

out:
  kinema_cli_request_options_clear (&opts);
  return ret;
}
