/* kinema-details.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything about one job: the prompt and every setting of its request,
 * the provider, task id, times, prices and verification warnings, with
 * buttons for the "clip.*" actions.
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-engine.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_DETAILS (kinema_details_get_type ())

G_DECLARE_FINAL_TYPE (KinemaDetails, kinema_details, KINEMA, DETAILS, GtkWidget)

GtkWidget *kinema_details_new        (void);
void       kinema_details_set_engine (KinemaDetails *self,
                                      KinemaEngine  *engine);
KinemaJob *kinema_details_get_job    (KinemaDetails *self);
void       kinema_details_set_job    (KinemaDetails *self,
                                      KinemaJob     *job);

/* For tests: the value shown in the row titled @title, or NULL. */
const char *_kinema_details_get_value (KinemaDetails *self,
                                       const char    *title);

G_END_DECLS
