/* kinema-player.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays one finished clip, with the standard media controls plus loop,
 * mute, frame stepping, speed and fullscreen, and the selected job's
 * details beside it.
 *
 * Keys (while the player has the focus): Space play/pause, Left/Right
 * seek 5 s, Home/End, "," and "." step one frame, L loop, M mute,
 * F fullscreen (Escape leaves it), I details.
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-engine.h"
#include "kinema-job.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_PLAYER (kinema_player_get_type ())

G_DECLARE_FINAL_TYPE (KinemaPlayer, kinema_player, KINEMA, PLAYER, GtkWidget)

GtkWidget      *kinema_player_new            (void);
KinemaClip     *kinema_player_get_clip       (KinemaPlayer *self);
void            kinema_player_set_clip       (KinemaPlayer *self,
                                              KinemaClip   *clip);
/* The job whose details are shown (and whose state explains why there is
 * nothing to play yet). */
KinemaJob      *kinema_player_get_job        (KinemaPlayer *self);
void            kinema_player_set_job        (KinemaPlayer *self,
                                              KinemaJob    *job);
void            kinema_player_set_engine     (KinemaPlayer *self,
                                              KinemaEngine *engine);
/* The stream of the current clip, or NULL. */
GtkMediaStream *kinema_player_get_stream     (KinemaPlayer *self);
void            kinema_player_play           (KinemaPlayer *self);

gboolean        kinema_player_get_fullscreen (KinemaPlayer *self);
void            kinema_player_set_fullscreen (KinemaPlayer *self,
                                              gboolean      fullscreen);

G_END_DECLS
