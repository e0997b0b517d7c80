/* test-price.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The price table: defaults from providers.md §7, estimates, and the JSON
 * the preferences store in GSettings.
 */
#define G_LOG_DOMAIN "test-price"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "kinema-price.h"

static void
test_defaults (void)
{
  KinemaPriceRates rates;

  kinema_price_rates_get_default ("simulator", "simulator", &rates);
  g_assert_true (kinema_price_rates_is_free (&rates));

  kinema_price_rates_get_default ("linkmodel", "linkmodel", &rates);
  g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.061, 1e-9);
  g_assert_false (kinema_price_rates_is_free (&rates));
  g_assert_cmpfloat (rates.std_audio, >, rates.std_silent);
  g_assert_cmpfloat (rates.pro_audio, >, rates.pro_silent);

  kinema_price_rates_get_default ("kling", "kling", &rates);
  g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.084, 1e-9);

  /* A gateway without published figures gets the EvoLink-like default. */
  for (guint i = 0; i < 4; i++)
    {
      const char *ids[] = { "modelstream", "market", "kie", "uniall" };

      kinema_price_rates_get_default (ids[i], NULL, &rates);
      g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.075, 1e-9);
      g_assert_cmpfloat_with_epsilon (rates.std_audio, 0.113, 1e-9);
      g_assert_cmpfloat_with_epsilon (rates.pro_silent, 0.100, 1e-9);
      g_assert_cmpfloat_with_epsilon (rates.pro_audio, 0.150, 1e-9);
    }

  /* A user's instance follows its dialect. */
  kinema_price_rates_get_default ("my-linkmodel-2", "linkmodel", &rates);
  g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.061, 1e-9);
  kinema_price_rates_get_default ("offline", "simulator", &rates);
  g_assert_true (kinema_price_rates_is_free (&rates));
  kinema_price_rates_get_default (NULL, NULL, &rates);
  g_assert_cmpfloat_with_epsilon (rates.pro_audio, 0.150, 1e-9);
}

static void
test_estimate (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  KinemaPriceRates rates = { 0.075, 0.113, 0.100, 0.150 };

  kinema_request_set_duration (request, 10);
  kinema_request_set_quality (request, KINEMA_QUALITY_STD);
  kinema_request_set_audio (request, FALSE);
  g_assert_cmpfloat_with_epsilon (kinema_price_estimate (&rates, request), 0.75, 1e-9);

  kinema_request_set_audio (request, TRUE);
  g_assert_cmpfloat_with_epsilon (kinema_price_estimate (&rates, request), 1.13, 1e-9);

  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  g_assert_cmpfloat_with_epsilon (kinema_price_estimate (&rates, request), 1.50, 1e-9);

  kinema_request_set_audio (request, FALSE);
  kinema_request_set_duration (request, 3);
  g_assert_cmpfloat_with_epsilon (kinema_price_estimate (&rates, request), 0.30, 1e-9);

  g_assert_cmpfloat_with_epsilon (kinema_price_rates_per_second (&rates, KINEMA_QUALITY_PRO, TRUE), 0.150, 1e-9);
  g_assert_cmpfloat_with_epsilon (kinema_price_rates_per_second (&rates, KINEMA_QUALITY_STD, TRUE), 0.113, 1e-9);
}

static void
test_table_lookup (void)
{
  g_autoptr(KinemaPriceTable) table = kinema_price_table_new ();
  KinemaPriceRates custom = { 0.05, 0.06, 0.07, 0.08 };
  KinemaPriceRates negative = { -1.0, 0.1, 0.2, 0.3 };
  KinemaPriceRates rates;

  g_assert_false (kinema_price_table_get_override (table, "linkmodel", &rates));
  kinema_price_table_lookup (table, "linkmodel", "linkmodel", &rates);
  g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.061, 1e-9);

  kinema_price_table_set (table, "linkmodel", &custom);
  g_assert_true (kinema_price_table_get_override (table, "linkmodel", &rates));
  kinema_price_table_lookup (table, "linkmodel", "linkmodel", &rates);
  g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (rates.pro_audio, 0.08, 1e-9);

  /* Other providers keep their defaults. */
  kinema_price_table_lookup (table, "kie", "market", &rates);
  g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.075, 1e-9);

  /* Nonsense is clamped, never negative. */
  kinema_price_table_set (table, "kie", &negative);
  kinema_price_table_lookup (table, "kie", "market", &rates);
  g_assert_cmpfloat (rates.std_silent, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (rates.std_audio, 0.1, 1e-9);

  kinema_price_table_reset (table, "linkmodel");
  kinema_price_table_lookup (table, "linkmodel", "linkmodel", &rates);
  g_assert_cmpfloat_with_epsilon (rates.std_silent, 0.061, 1e-9);

  /* A NULL table is the defaults. */
  kinema_price_table_lookup (NULL, "simulator", NULL, &rates);
  g_assert_true (kinema_price_rates_is_free (&rates));
}

static void
test_json_round_trip (void)
{
  g_autoptr(KinemaPriceTable) table = kinema_price_table_new ();
  g_autoptr(KinemaPriceTable) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  KinemaPriceRates a = { 0.061, 0.092, 0.081, 0.122 };
  KinemaPriceRates b = { 0, 0.25, 1, 2.5 };
  KinemaPriceRates rates;

  kinema_price_table_set (table, "linkmodel", &a);
  kinema_price_table_set (table, "my-gateway", &b);
  json = kinema_price_table_to_json (table);
  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "\"version\":1"));

  back = kinema_price_table_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_true (kinema_price_table_get_override (back, "linkmodel", &rates));
  g_assert_cmpfloat (rates.std_silent, ==, a.std_silent);
  g_assert_cmpfloat (rates.std_audio, ==, a.std_audio);
  g_assert_cmpfloat (rates.pro_silent, ==, a.pro_silent);
  g_assert_cmpfloat (rates.pro_audio, ==, a.pro_audio);
  g_assert_true (kinema_price_table_get_override (back, "my-gateway", &rates));
  g_assert_cmpfloat (rates.std_silent, ==, 0);
  g_assert_cmpfloat (rates.pro_audio, ==, 2.5);
  g_assert_false (kinema_price_table_get_override (back, "kie", NULL));

  again = kinema_price_table_to_json (back);
  g_assert_cmpstr (json, ==, again);
}

static void
test_json_empty_and_bad (void)
{
  const char *bad[] = {
    "not json",
    "[]",
    "{\"version\":2,\"rates\":{}}",
    "{\"rates\":{}}",
    "{\"version\":1,\"rates\":[]}",
    "{\"version\":1,\"rates\":{\"x\":1}}",
    "{\"version\":1,\"rates\":{\"x\":{\"std-silent\":0.1}}}",
    "{\"version\":1,\"rates\":{\"x\":{\"std-silent\":-0.1,\"std-audio\":0,\"pro-silent\":0,\"pro-audio\":0}}}",
    "{\"version\":1,\"rates\":{\"x\":{\"std-silent\":\"0.1\",\"std-audio\":0,\"pro-silent\":0,\"pro-audio\":0}}}",
  };
  g_autoptr(KinemaPriceTable) empty = NULL;
  g_autoptr(KinemaPriceTable) ints = NULL;
  g_autoptr(GError) error = NULL;
  KinemaPriceRates rates;

  empty = kinema_price_table_new_from_json ("", &error);
  g_assert_no_error (error);
  g_assert_false (kinema_price_table_get_override (empty, "linkmodel", NULL));
  g_clear_pointer (&empty, kinema_price_table_unref);
  empty = kinema_price_table_new_from_json (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty);

  /* Whole numbers are numbers too. */
  ints = kinema_price_table_new_from_json ("{\"version\":1,\"rates\":{\"x\":{\"std-silent\":0,\"std-audio\":1,"
                                           "\"pro-silent\":2,\"pro-audio\":3}}}", &error);
  g_assert_no_error (error);
  g_assert_true (kinema_price_table_get_override (ints, "x", &rates));
  g_assert_cmpfloat (rates.pro_audio, ==, 3.0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KinemaPriceTable) table = kinema_price_table_new_from_json (bad[i], &error);

      g_test_message ("%s → %s", bad[i], error ? error->message : "(no error)");
      g_assert_null (table);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/price/defaults", test_defaults);
  g_test_add_func ("/price/estimate", test_estimate);
  g_test_add_func ("/price/table-lookup", test_table_lookup);
  g_test_add_func ("/price/json-round-trip", test_json_round_trip);
  g_test_add_func ("/price/json-empty-and-bad", test_json_empty_and_bad);

  return g_test_run ();
}
