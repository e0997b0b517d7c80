/* kinema-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accessors for tests, so that they drive the real widgets without
 * walking widget trees. Not for use by the application itself.
 */
#pragma once

#include "kinema-clip-card.h"
#include "kinema-details.h"
#include "kinema-editor.h"
#include "kinema-gallery.h"
#include "kinema-player.h"
#include "kinema-window.h"

G_BEGIN_DECLS

KinemaEditor       *_kinema_window_get_editor            (KinemaWindow  *self);
KinemaGallery      *_kinema_window_get_gallery           (KinemaWindow  *self);
KinemaPlayer       *_kinema_window_get_player            (KinemaWindow  *self);
AdwToastOverlay    *_kinema_window_get_toast_overlay     (KinemaWindow  *self);

GtkTextView        *_kinema_editor_get_prompt_view       (KinemaEditor  *self);
GtkLabel           *_kinema_editor_get_prompt_counter    (KinemaEditor  *self);
GtkSpinButton      *_kinema_editor_get_duration_spin     (KinemaEditor  *self);
GtkDropDown        *_kinema_editor_get_provider_dropdown (KinemaEditor  *self);
GtkSwitch          *_kinema_editor_get_audio_switch      (KinemaEditor  *self);
GtkButton          *_kinema_editor_get_generate_button   (KinemaEditor  *self);
GtkLabel           *_kinema_editor_get_problems_label    (KinemaEditor  *self);
/* Any child of the editor's template, by its id in kinema-editor.ui. */
GtkWidget          *_kinema_editor_get_child             (KinemaEditor  *self,
                                                          const char    *name);
GtkPopover         *_kinema_editor_get_mention_popover   (KinemaEditor  *self);
GtkListBox         *_kinema_editor_get_mention_list      (KinemaEditor  *self);

GtkGridView        *_kinema_gallery_get_grid             (KinemaGallery *self);
GtkMultiSelection  *_kinema_gallery_get_selection        (KinemaGallery *self);

GtkVideo           *_kinema_player_get_video             (KinemaPlayer  *self);
AdwStatusPage      *_kinema_player_get_status_page       (KinemaPlayer  *self);
KinemaDetails      *_kinema_player_get_details           (KinemaPlayer  *self);

G_END_DECLS
