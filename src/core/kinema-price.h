/* kinema-price.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cost estimates before submitting: output seconds times a per-provider
 * rate in USD per second (std/pro × silent/audio). The built-in defaults
 * come from providers.md §7; the user's overrides are a small JSON table
 * (GSettings "price-table"). No GTK here.
 *
 * Defaults (USD per output second: std silent, std audio, pro silent,
 * pro audio):
 *
 *   simulator           0      0      0      0      (offline, free)
 *   linkmodel           0.061  0.092  0.081  0.122  (seed "from 0.061";
 *                                                    the other three scaled
 *                                                    by EvoLink's ratios)
 *   kling (official)    0.084  0.127  0.112  0.168  (EvoLink's $0.084/s
 *                                                    claim, scaled likewise)
 *   any other gateway   0.075  0.113  0.100  0.150  (EvoLink's published
 *                                                    prices as a generic
 *                                                    default)
 *
 * A provider is matched by its id first (presets "simulator", "kling",
 * "linkmodel"), then by its dialect (a user's instance of a dialect gets
 * that dialect's defaults), then the generic gateway default applies.
 */
#pragma once

#include <glib-object.h>

#include "kinema-request.h"

G_BEGIN_DECLS

#define KINEMA_PRICE_TABLE_JSON_VERSION 1

typedef struct
{
  double std_silent;   /* USD per output second */
  double std_audio;
  double pro_silent;
  double pro_audio;
} KinemaPriceRates;

/* The rate for one combination of quality and audio. */
double            kinema_price_rates_per_second (const KinemaPriceRates *rates,
                                                 KinemaQuality           quality,
                                                 gboolean                audio);
/* TRUE when every rate is 0 (the simulator). */
gboolean          kinema_price_rates_is_free    (const KinemaPriceRates *rates);
/* The built-in rates for a provider (see above). @dialect may be NULL. */
void              kinema_price_rates_get_default (const char            *provider_id,
                                                  const char            *dialect,
                                                  KinemaPriceRates      *out);

/* Duration × rate for one job of @request, in USD. */
double            kinema_price_estimate         (const KinemaPriceRates *rates,
                                                 KinemaRequest          *request);

#define KINEMA_TYPE_PRICE_TABLE (kinema_price_table_get_type ())

typedef struct _KinemaPriceTable KinemaPriceTable;

GType             kinema_price_table_get_type   (void) G_GNUC_CONST;
/* An empty table: every lookup gives the defaults. */
KinemaPriceTable *kinema_price_table_new        (void);
KinemaPriceTable *kinema_price_table_ref        (KinemaPriceTable       *self);
void              kinema_price_table_unref      (KinemaPriceTable       *self);

/* NULL or "" give an empty table. Malformed JSON, a wrong version, or a
 * negative / non-finite rate is an error (G_IO_ERROR_INVALID_DATA). */
KinemaPriceTable *kinema_price_table_new_from_json (const char          *json,
                                                    GError             **error);
/* {"version":1,"rates":{"<provider id>":{"std-silent":…,"std-audio":…,
 *  "pro-silent":…,"pro-audio":…},…}}, providers sorted by id. */
char             *kinema_price_table_to_json    (KinemaPriceTable       *self);

/* The user's rates for @provider_id; FALSE (and @out untouched) if none. */
gboolean          kinema_price_table_get_override (KinemaPriceTable     *self,
                                                   const char           *provider_id,
                                                   KinemaPriceRates     *out);
/* Negative or non-finite rates are clamped to 0. */
void              kinema_price_table_set        (KinemaPriceTable       *self,
                                                 const char             *provider_id,
                                                 const KinemaPriceRates *rates);
/* Back to the defaults for @provider_id. */
void              kinema_price_table_reset      (KinemaPriceTable       *self,
                                                 const char             *provider_id);
/* The user's rates if set, else the defaults. */
void              kinema_price_table_lookup     (KinemaPriceTable       *self,
                                                 const char             *provider_id,
                                                 const char             *dialect,
                                                 KinemaPriceRates       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaPriceTable, kinema_price_table_unref)

G_END_DECLS
