/* kinema-player.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays one finished clip.
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-job.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_PLAYER (kinema_player_get_type ())

G_DECLARE_FINAL_TYPE (KinemaPlayer, kinema_player, KINEMA, PLAYER, GtkWidget)

GtkWidget      *kinema_player_new        (void);
KinemaClip     *kinema_player_get_clip   (KinemaPlayer *self);
void            kinema_player_set_clip   (KinemaPlayer *self,
                                          KinemaClip   *clip);
/* The stream of the current clip, or NULL. */
GtkMediaStream *kinema_player_get_stream (KinemaPlayer *self);

G_END_DECLS
