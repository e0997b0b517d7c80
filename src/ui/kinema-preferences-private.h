/* kinema-preferences-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accessors for tests, so that they drive the real widgets.
 */
#pragma once

#include "kinema-preferences.h"

G_BEGIN_DECLS

AdwComboRow   *_kinema_preferences_get_add_dialect_row  (KinemaPreferences *self);
AdwEntryRow   *_kinema_preferences_get_add_name_row     (KinemaPreferences *self);
AdwEntryRow   *_kinema_preferences_get_add_url_row      (KinemaPreferences *self);
GtkButton     *_kinema_preferences_get_add_button       (KinemaPreferences *self);
GtkLabel      *_kinema_preferences_get_add_problem      (KinemaPreferences *self);
GtkListBox    *_kinema_preferences_get_instances_list   (KinemaPreferences *self);
/* @index: 0 std silent, 1 std audio, 2 pro silent, 3 pro audio. */
GtkSpinButton *_kinema_preferences_get_price_spin       (KinemaPreferences *self,
                                                         const char        *provider_id,
                                                         guint              index);
GtkSpinButton *_kinema_preferences_get_concurrency_spin (KinemaPreferences *self);

G_END_DECLS
