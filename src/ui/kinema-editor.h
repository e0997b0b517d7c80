/* kinema-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits one KinemaRequest and sends it to the selected provider: the
 * provider picker, mode and input images, prompts, multi-shot storyboard,
 * elements, video settings, price estimate and Generate (with variants).
 * The element library is a second page of the editor.
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
/* How many jobs Generate submits (1..4); kept by the editor, not in the
 * request. */
guint           kinema_editor_get_variants     (KinemaEditor  *self);
void            kinema_editor_set_variants     (KinemaEditor  *self,
                                                guint          variants);
/* The estimate shown (USD, all variants), or < 0 with no provider. */
double          kinema_editor_get_price_estimate (KinemaEditor *self);
/* Submits one copy of the request per variant, sets each job's price
 * estimate; emits "generated" per job or "generate-failed". */
void            kinema_editor_generate         (KinemaEditor  *self);
/* Swaps the first and last frame. */
void            kinema_editor_swap_frames      (KinemaEditor  *self);
/* Resets what the selected provider cannot take to what it can. */
void            kinema_editor_remove_unsupported (KinemaEditor *self);
/* Shows the element library page (TRUE) or the request (FALSE). */
void            kinema_editor_show_library     (KinemaEditor  *self,
                                                gboolean       show);

/* "Remix": replaces the edited request with a copy of @request and selects
 * the provider @provider_id when it exists (otherwise the selection stays). */
void            kinema_editor_load_request     (KinemaEditor  *self,
                                                KinemaRequest *request,
                                                const char    *provider_id);
/* "Continue from the last frame": switches to image mode and makes @path
 * (a local file or an https URL) the first frame. */
void            kinema_editor_set_first_frame  (KinemaEditor  *self,
                                                const char    *path);

G_END_DECLS
