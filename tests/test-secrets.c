/* test-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs against the real Secret Service: build-aux/test starts an unlocked
 * gnome-keyring under dbus-run-session. Without one the cases are skipped.
 */
#include "config.h"

#include "kinema-error.h"
#include "kinema-secrets.h"

static gboolean
have_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  char *key;

  if (!have_keyring ())
    {
      g_test_skip ("no Secret Service on the session bus");
      return;
    }

  g_assert_true (kinema_secrets_store_sync ("test-provider", "Test", "sk-round-trip-123", NULL, &error));
  g_assert_no_error (error);
  key = kinema_secrets_lookup_sync ("test-provider", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-round-trip-123");
  kinema_secrets_free (key);

  /* One secret per provider: storing again replaces it. */
  g_assert_true (kinema_secrets_store_sync ("test-provider", "Test", "sk-second", NULL, &error));
  key = kinema_secrets_lookup_sync ("test-provider", NULL, &error);
  g_assert_cmpstr (key, ==, "sk-second");
  kinema_secrets_free (key);

  /* Other providers are separate. */
  key = kinema_secrets_lookup_sync ("another-provider", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  g_assert_true (kinema_secrets_clear_sync ("test-provider", NULL, &error));
  key = kinema_secrets_lookup_sync ("test-provider", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);
}

static void
test_empty_key_refused (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kinema_secrets_store_sync ("test-provider", "Test", "", NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
}

static void
test_env_overrides (void)
{
  g_autoptr(GError) error = NULL;
  char *key;

  g_setenv ("KINEMA_API_KEY", "sk-from-env", TRUE);
  key = kinema_secrets_resolve_sync ("whatever", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-from-env");
  kinema_secrets_free (key);
  g_unsetenv ("KINEMA_API_KEY");
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kinema_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (kinema_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  gboolean stored = FALSE;
  char *key = NULL;

  if (!have_keyring ())
    {
      g_test_skip ("no Secret Service on the session bus");
      return;
    }

  kinema_secrets_store_async ("async-provider", "Async", "sk-async", NULL, store_cb, &stored);
  while (!stored)
    g_main_context_iteration (NULL, TRUE);
  kinema_secrets_lookup_async ("async-provider", NULL, lookup_cb, &key);
  while (key == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (key, ==, "sk-async");
  kinema_secrets_free (key);
  g_assert_true (kinema_secrets_clear_sync ("async-provider", NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/round-trip", test_round_trip);
  g_test_add_func ("/secrets/empty-key-refused", test_empty_key_refused);
  g_test_add_func ("/secrets/env-overrides", test_env_overrides);
  g_test_add_func ("/secrets/async", test_async);

  return g_test_run ();
}
