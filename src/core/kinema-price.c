/* kinema-price.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-price"

#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kinema-price.h"

struct _KinemaPriceTable
{
  gatomicrefcount  ref_count;
  GHashTable      *rates;   /* provider id → KinemaPriceRates* */
};

G_DEFINE_BOXED_TYPE (KinemaPriceTable, kinema_price_table,
                     kinema_price_table_ref, kinema_price_table_unref)

/* providers.md §7. */
static const KinemaPriceRates simulator_rates = { 0.0, 0.0, 0.0, 0.0 };
static const KinemaPriceRates linkmodel_rates = { 0.061, 0.092, 0.081, 0.122 };
static const KinemaPriceRates kling_rates = { 0.084, 0.127, 0.112, 0.168 };
static const KinemaPriceRates gateway_rates = { 0.075, 0.113, 0.100, 0.150 };

static const struct {
  const char             *key;
  const KinemaPriceRates *rates;
} defaults[] = {
  { "simulator", &simulator_rates },
  { "linkmodel", &linkmodel_rates },
  { "kling", &kling_rates },
};

static const char * const json_keys[] = { "std-silent", "std-audio", "pro-silent", "pro-audio" };

/* Rates */

static double *
rate_slot (KinemaPriceRates *rates,
           guint             i)
{
  switch (i)
    {
    case 0: return &rates->std_silent;
    case 1: return &rates->std_audio;
    case 2: return &rates->pro_silent;
    case 3:
    default: return &rates->pro_audio;
    }
}

static double
sanitize (double usd)
{
  return (isfinite (usd) && usd > 0.0) ? usd : 0.0;
}

double
kinema_price_rates_per_second (const KinemaPriceRates *rates,
                               KinemaQuality           quality,
                               gboolean                audio)
{
  g_return_val_if_fail (rates != NULL, 0.0);

  if (quality == KINEMA_QUALITY_PRO)
    return audio ? rates->pro_audio : rates->pro_silent;
  return audio ? rates->std_audio : rates->std_silent;
}

gboolean
kinema_price_rates_is_free (const KinemaPriceRates *rates)
{
  g_return_val_if_fail (rates != NULL, FALSE);

  return rates->std_silent == 0.0 && rates->std_audio == 0.0 &&
         rates->pro_silent == 0.0 && rates->pro_audio == 0.0;
}

void
kinema_price_rates_get_default (const char       *provider_id,
                                const char       *dialect,
                                KinemaPriceRates *out)
{
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (provider_id != NULL && g_ascii_strcasecmp (provider_id, defaults[i].key) == 0)
      {
        *out = *defaults[i].rates;
        return;
      }

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (dialect != NULL && g_ascii_strcasecmp (dialect, defaults[i].key) == 0)
      {
        *out = *defaults[i].rates;
        return;
      }

  *out = gateway_rates;
}

double
kinema_price_estimate (const KinemaPriceRates *rates,
                       KinemaRequest          *request)
{
  g_return_val_if_fail (rates != NULL, 0.0);
  g_return_val_if_fail (KINEMA_IS_REQUEST (request), 0.0);

  return kinema_request_get_duration (request) *
         kinema_price_rates_per_second (rates,
                                        kinema_request_get_quality (request),
                                        kinema_request_get_audio (request));
}

/* Table */

KinemaPriceTable *
kinema_price_table_new (void)
{
  KinemaPriceTable *self = g_new0 (KinemaPriceTable, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

KinemaPriceTable *
kinema_price_table_ref (KinemaPriceTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kinema_price_table_unref (KinemaPriceTable *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->rates);
      g_free (self);
    }
}

static gboolean
read_rate (JsonObject  *entry,
           const char  *provider_id,
           const char  *key,
           double      *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (entry, key);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "price table: “%s” of “%s” is missing or not a number", key, provider_id);
      return FALSE;
    }

  value = json_node_get_double (node);
  if (!isfinite (value) || value < 0.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "price table: “%s” of “%s” must be a number ≥ 0", key, provider_id);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

KinemaPriceTable *
kinema_price_table_new_from_json (const char  *json,
                                  GError     **error)
{
  g_autoptr(KinemaPriceTable) self = kinema_price_table_new ();
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;
  JsonObject *rates;
  JsonNode *node;
  g_autoptr(GList) members = NULL;

  if (json == NULL || *json == '\0')
    return g_steal_pointer (&self);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "price table: not a JSON object");
      return NULL;
    }
  root = json_node_get_object (node);

  if (json_object_get_int_member_with_default (root, "version", 0) != KINEMA_PRICE_TABLE_JSON_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "price table: unsupported version (expected %d)", KINEMA_PRICE_TABLE_JSON_VERSION);
      return NULL;
    }

  node = json_object_get_member (root, "rates");
  if (node == NULL)
    return g_steal_pointer (&self);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "price table: “rates” is not an object");
      return NULL;
    }
  rates = json_node_get_object (node);

  members = json_object_get_members (rates);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *provider_id = l->data;
      JsonNode *entry = json_object_get_member (rates, provider_id);
      KinemaPriceRates parsed;

      if (*provider_id == '\0' || !JSON_NODE_HOLDS_OBJECT (entry))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "price table: the entry “%s” is not an object", provider_id);
          return NULL;
        }

      for (guint i = 0; i < G_N_ELEMENTS (json_keys); i++)
        if (!read_rate (json_node_get_object (entry), provider_id, json_keys[i],
                        rate_slot (&parsed, i), error))
          return NULL;

      kinema_price_table_set (self, provider_id, &parsed);
    }

  return g_steal_pointer (&self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (a, b);
}

char *
kinema_price_table_to_json (KinemaPriceTable *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  keys = g_list_sort (g_hash_table_get_keys (self->rates), compare_strings);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, KINEMA_PRICE_TABLE_JSON_VERSION);
  json_builder_set_member_name (builder, "rates");
  json_builder_begin_object (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      KinemaPriceRates *rates = g_hash_table_lookup (self->rates, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (json_keys); i++)
        {
          json_builder_set_member_name (builder, json_keys[i]);
          json_builder_add_double_value (builder, *rate_slot (rates, i));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
kinema_price_table_get_override (KinemaPriceTable *self,
                                 const char       *provider_id,
                                 KinemaPriceRates *out)
{
  KinemaPriceRates *rates;

  g_return_val_if_fail (self != NULL, FALSE);

  if (provider_id == NULL)
    return FALSE;

  rates = g_hash_table_lookup (self->rates, provider_id);
  if (rates == NULL)
    return FALSE;
  if (out != NULL)
    *out = *rates;
  return TRUE;
}

void
kinema_price_table_set (KinemaPriceTable       *self,
                        const char             *provider_id,
                        const KinemaPriceRates *rates)
{
  KinemaPriceRates *copy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (provider_id != NULL && *provider_id != '\0');
  g_return_if_fail (rates != NULL);

  copy = g_new (KinemaPriceRates, 1);
  copy->std_silent = sanitize (rates->std_silent);
  copy->std_audio = sanitize (rates->std_audio);
  copy->pro_silent = sanitize (rates->pro_silent);
  copy->pro_audio = sanitize (rates->pro_audio);
  g_hash_table_replace (self->rates, g_strdup (provider_id), copy);
}

void
kinema_price_table_reset (KinemaPriceTable *self,
                          const char       *provider_id)
{
  g_return_if_fail (self != NULL);

  if (provider_id != NULL)
    g_hash_table_remove (self->rates, provider_id);
}

void
kinema_price_table_lookup (KinemaPriceTable *self,
                           const char       *provider_id,
                           const char       *dialect,
                           KinemaPriceRates *out)
{
  g_return_if_fail (out != NULL);

  if (self != NULL && kinema_price_table_get_override (self, provider_id, out))
    return;
  kinema_price_rates_get_default (provider_id, dialect, out);
}
