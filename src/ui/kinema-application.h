/* kinema-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kinema-engine.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_APPLICATION (kinema_application_get_type ())

G_DECLARE_FINAL_TYPE (KinemaApplication, kinema_application, KINEMA, APPLICATION, AdwApplication)

KinemaApplication *kinema_application_new          (void);
/* NULL until startup, and when the library could not be opened. */
KinemaEngine      *kinema_application_get_engine   (KinemaApplication *self);
GSettings         *kinema_application_get_settings (KinemaApplication *self);

G_END_DECLS
