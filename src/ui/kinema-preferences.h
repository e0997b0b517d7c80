/* kinema-preferences.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences window: providers (built-in ones and the user's own
 * instances, each with its API key in the keyring), general settings
 * (clips folder, concurrency, notifications) and the price table used
 * for estimates.
 *
 * Signals:
 *   providers-changed ()   the user added, edited or removed an instance
 *                          (they are stored in the library; whoever builds
 *                          the engine's providers can reload them)
 */
#pragma once

#include <adwaita.h>

#include "kinema-engine.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_PREFERENCES (kinema_preferences_get_type ())

G_DECLARE_FINAL_TYPE (KinemaPreferences, kinema_preferences, KINEMA, PREFERENCES, AdwPreferencesWindow)

/* @engine gives the library (the user's instances) and takes the new
 * concurrency; it may be NULL. */
GtkWidget *kinema_preferences_new          (GtkWindow         *parent,
                                            KinemaEngine      *engine);

/* What the "Add Provider" button does, with the fields' values. Refuses a
 * base address that is not https:// (http:// only for this computer). */
char      *kinema_preferences_add_provider (KinemaPreferences *self,
                                            const char        *template_id,
                                            const char        *name,
                                            const char        *base_url,
                                            const char        *model,
                                            GError           **error);

G_END_DECLS
