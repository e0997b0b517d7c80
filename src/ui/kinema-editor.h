/* kinema-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits one KinemaRequest and sends it to the selected provider.
 *
 * Signals:
 *   generated       (KinemaJob *job)   a job was submitted
 *   generate-failed (GError *error)    the engine refused the request
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-engine.h"
#include "kinema-request.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_EDITOR (kinema_editor_get_type ())

G_DECLARE_FINAL_TYPE (KinemaEditor, kinema_editor, KINEMA, EDITOR, GtkWidget)

GtkWidget      *kinema_editor_new              (void);
KinemaEngine   *kinema_editor_get_engine       (KinemaEditor  *self);
void            kinema_editor_set_engine       (KinemaEditor  *self,
                                                KinemaEngine  *engine);
/* The request being edited; the editor keeps it in step with its controls. */
KinemaRequest  *kinema_editor_get_request      (KinemaEditor  *self);
/* Loads a copy of @request into the controls. */
void            kinema_editor_set_request      (KinemaEditor  *self,
                                                KinemaRequest *request);
KinemaProvider *kinema_editor_get_provider     (KinemaEditor  *self);
/* Selects the provider with @provider_id, or the first one if there is none. */
void            kinema_editor_select_provider  (KinemaEditor  *self,
                                                const char    *provider_id);
gboolean        kinema_editor_get_can_generate (KinemaEditor  *self);
/* Submits a copy of the request; emits "generated" or "generate-failed". */
void            kinema_editor_generate         (KinemaEditor  *self);

G_END_DECLS
