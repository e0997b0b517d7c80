/* kinema-cli-providers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kinema-cli providers [list|add|remove|set-key|clear-key]
 *
 * Keys are read from standard input (never from the command line, where
 * other users and shell history could see them) and go to the keyring.
 */
#define G_LOG_DOMAIN "kinema-cli"

#include "config.h"

#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "kinema-cli.h"
#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-library.h"
#include "kinema-presets.h"
#include "kinema-provider-registry.h"
#include "kinema-secrets.h"

static int
providers_list (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("- list presets and your provider instances"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  gboolean as_json = FALSE;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kinema-cli providers: %s\n", error->message);
      return KINEMA_CLI_EXIT_USAGE;
    }
  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  configs = kinema_provider_registry_list_configs (library, &error);
  if (configs == NULL)
    {
      g_printerr ("kinema-cli providers: %s\n", error->message);
      return KINEMA_CLI_EXIT_FAILURE;
    }

  /* Presets that still need a base URL are listed too, so users know they exist. */
  for (guint i = 0; i < kinema_presets_get_n (); i++)
    {
      const KinemaProviderConfig *preset = kinema_presets_get (i);
      gboolean listed = FALSE;

      for (guint j = 0; j < configs->len && !listed; j++)
        listed = g_strcmp0 (((KinemaProviderConfig *) g_ptr_array_index (configs, j))->id, preset->id) == 0;
      if (!listed)
        g_ptr_array_add (configs, kinema_provider_config_copy (preset));
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < configs->len; i++)
    {
      KinemaProviderConfig *cfg = g_ptr_array_index (configs, i);
      gboolean simulator = g_strcmp0 (cfg->dialect, "simulator") == 0;
      const char *key_state;
      char *key = NULL;

      if (simulator)
        key_state = "not needed";
      else
        {
          key = kinema_secrets_lookup_sync (cfg->id, NULL, NULL);
          key_state = key ? "in keyring" : "none";
          kinema_secrets_free (key);
        }
      if (as_json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, cfg->id);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, cfg->name ? cfg->name : cfg->id);
          json_builder_set_member_name (b, "dialect");
          json_builder_add_string_value (b, cfg->dialect);
          json_builder_set_member_name (b, "profile");
          cfg->profile ? json_builder_add_string_value (b, cfg->profile) : json_builder_add_null_value (b);
          json_builder_set_member_name (b, "base_url");
          cfg->base_url && *cfg->base_url ? json_builder_add_string_value (b, cfg->base_url)
                                          : json_builder_add_null_value (b);
          json_builder_set_member_name (b, "model");
          cfg->model ? json_builder_add_string_value (b, cfg->model) : json_builder_add_null_value (b);
          json_builder_set_member_name (b, "preset");
          json_builder_add_boolean_value (b, kinema_presets_lookup (cfg->id) != NULL);
          json_builder_set_member_name (b, "key");
          json_builder_add_string_value (b, key_state);
          json_builder_end_object (b);
        }
      else
        g_print ("%-14s %-12s %-40s key: %s\n", cfg->id, cfg->dialect,
                 cfg->base_url && *cfg->base_url ? cfg->base_url
                                                  : (simulator ? _("(on this computer)") : _("(needs a base URL)")),
                 key_state);
    }
  json_builder_end_array (b);
  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autofree char *text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  return KINEMA_CLI_EXIT_OK;
}

static int
providers_add (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID - add or edit a provider instance"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaProviderConfig) cfg = NULL;
  g_autofree char *dialect = NULL, *base_url = NULL, *model = NULL, *profile = NULL, *name = NULL;
  const KinemaProviderConfig *preset;
  GOptionEntry entries[] = {
    { "dialect", 0, 0, G_OPTION_ARG_STRING, &dialect, N_("kling, linkmodel, modelstream, market or uniall"), N_("DIALECT") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("The API's base URL (https://)"), N_("URL") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("Model id, where the dialect sends one"), N_("MODEL") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, N_("Dialect variant (market: seed003 or kie)"), N_("PROFILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name to show"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("kinema-cli providers add: %s\n", error ? error->message : _("give one instance id"));
      return KINEMA_CLI_EXIT_USAGE;
    }

  /* Starting from a preset fills what was not given. */
  preset = kinema_presets_lookup (argv[1]);
  if (dialect == NULL && preset == NULL)
    {
      g_printerr ("%s\n", _("kinema-cli providers add: --dialect is required"));
      return KINEMA_CLI_EXIT_USAGE;
    }
  cfg = kinema_provider_config_new (argv[1],
                                    name ? name : (preset ? preset->name : argv[1]),
                                    dialect ? dialect : preset->dialect,
                                    profile ? profile : (preset ? preset->profile : NULL),
                                    base_url ? base_url : (preset ? preset->base_url : NULL),
                                    model ? model : (preset ? preset->model : NULL));
  if (g_strcmp0 (cfg->dialect, "simulator") == 0 || kinema_dialect_lookup (cfg->dialect) == NULL)
    {
      g_printerr (_("kinema-cli providers add: unknown dialect “%s”\n"), cfg->dialect);
      return KINEMA_CLI_EXIT_USAGE;
    }
  if (!kinema_http_provider_check_base_url (cfg->base_url, &error))
    {
      g_printerr ("kinema-cli providers add: %s\n", error->message);
      return KINEMA_CLI_EXIT_USAGE;
    }

  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  if (!kinema_library_save_provider (library, cfg, &error))
    {
      g_printerr ("kinema-cli providers add: %s\n", error->message);
      return KINEMA_CLI_EXIT_FAILURE;
    }
  g_print (_("Saved provider %s. Set its key with: kinema-cli providers set-key %s\n"), cfg->id, cfg->id);
  return KINEMA_CLI_EXIT_OK;
}

static int
providers_remove (int    argc,
                  char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;

  if (argc != 2)
    {
      g_printerr ("%s\n", _("Usage: kinema-cli providers remove ID"));
      return KINEMA_CLI_EXIT_USAGE;
    }
  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  if (!kinema_library_remove_provider (library, argv[1], &error))
    {
      g_printerr ("kinema-cli providers remove: %s\n", error->message);
      return error->code == KINEMA_ERROR_NOT_FOUND ? KINEMA_CLI_EXIT_USAGE : KINEMA_CLI_EXIT_FAILURE;
    }
  /* Its key goes too; a missing keyring is not worth failing over. */
  kinema_secrets_clear_sync (argv[1], NULL, NULL);
  g_print (_("Removed provider %s\n"), argv[1]);
  return KINEMA_CLI_EXIT_OK;
}

static char *
read_key_from_stdin (void)
{
  struct termios old, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char buf[4096];
  char *key;

  if (tty)
    {
      g_printerr ("%s", _("API key (for official Kling: ACCESS_KEY:SECRET_KEY): "));
      tcgetattr (STDIN_FILENO, &old);
      quiet = old;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  key = fgets (buf, sizeof buf, stdin) ? g_strstrip (g_strdup (buf)) : NULL;
  memset (buf, 0, sizeof buf);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &old);
      g_printerr ("\n");
    }
  return key;
}

static int
providers_set_key (int    argc,
                   char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaProviderConfig) cfg = NULL;
  char *key;
  gboolean ok;

  if (argc != 2)
    {
      g_printerr ("%s\n", _("Usage: kinema-cli providers set-key ID < key-file   (the key is read from standard input)"));
      return KINEMA_CLI_EXIT_USAGE;
    }
  library = kinema_cli_open_library ();
  if (library == NULL)
    return KINEMA_CLI_EXIT_FAILURE;
  cfg = kinema_provider_registry_lookup (library, argv[1], &error);
  if (cfg == NULL && kinema_presets_lookup (argv[1]) != NULL)
    {
      /* A key may be set for a preset before its base URL is known. */
      g_clear_error (&error);
      cfg = kinema_provider_config_copy (kinema_presets_lookup (argv[1]));
    }
  if (cfg == NULL)
    {
      g_printerr ("kinema-cli providers set-key: %s\n", error->message);
      return KINEMA_CLI_EXIT_USAGE;
    }

  key = read_key_from_stdin ();
  if (key == NULL || *key == '\0')
    {
      g_printerr ("%s\n", _("kinema-cli providers set-key: no key was given on standard input"));
      g_free (key);
      return KINEMA_CLI_EXIT_USAGE;
    }
  ok = kinema_secrets_store_sync (cfg->id, cfg->name, key, NULL, &error);
  memset (key, 0, strlen (key));
  g_free (key);
  if (!ok)
    {
      g_printerr ("kinema-cli providers set-key: %s\n", error->message);
      return KINEMA_CLI_EXIT_FAILURE;
    }
  g_print (_("Stored the key for %s in the keyring\n"), cfg->id);
  return KINEMA_CLI_EXIT_OK;
}

static int
providers_clear_key (int    argc,
                     char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("%s\n", _("Usage: kinema-cli providers clear-key ID"));
      return KINEMA_CLI_EXIT_USAGE;
    }
  if (!kinema_secrets_clear_sync (argv[1], NULL, &error))
    {
      g_printerr ("kinema-cli providers clear-key: %s\n", error->message);
      return KINEMA_CLI_EXIT_FAILURE;
    }
  g_print (_("Removed the key for %s from the keyring\n"), argv[1]);
  return KINEMA_CLI_EXIT_OK;
}

int
kinema_cli_providers (int    argc,
                      char **argv)
{
  const char *sub = argc > 1 ? argv[1] : "list";

  if (argc > 1 && argv[1][0] == '-')
    sub = "list";
  else if (argc > 1)
    {
      argc--;
      argv++;
    }

  if (g_str_equal (sub, "list"))
    return providers_list (argc, argv);
  if (g_str_equal (sub, "add"))
    return providers_add (argc, argv);
  if (g_str_equal (sub, "remove"))
    return providers_remove (argc, argv);
  if (g_str_equal (sub, "set-key"))
    return providers_set_key (argc, argv);
  if (g_str_equal (sub, "clear-key"))
    return providers_clear_key (argc, argv);
  g_printerr (_("kinema-cli providers: unknown action “%s” (list, add, remove, set-key, clear-key)\n"), sub);
  return KINEMA_CLI_EXIT_USAGE;
}
