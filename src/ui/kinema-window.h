/* kinema-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kinema-application.h"
#include "kinema-engine.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_WINDOW (kinema_window_get_type ())

G_DECLARE_FINAL_TYPE (KinemaWindow, kinema_window, KINEMA, WINDOW, AdwApplicationWindow)

KinemaWindow *kinema_window_new        (KinemaApplication *application,
                                        KinemaEngine      *engine);
KinemaEngine *kinema_window_get_engine (KinemaWindow      *self);
void          kinema_window_add_toast  (KinemaWindow      *self,
                                        const char        *message);

G_END_DECLS
