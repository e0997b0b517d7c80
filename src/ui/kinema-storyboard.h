/* kinema-storyboard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shots of a customized multi-shot video: 1 to 6 shot cards, each with
 * its own prompt and length; add, remove, reorder (drag and drop, the move
 * buttons, or Alt+Up/Alt+Down), and a budget line ("12 s of 15 s — 3 s
 * left") with a Fit button.
 *
 * The storyboard edits the shots (and, through Fit, the duration) of the
 * KinemaRequest it is given, in place, and emits "changed" after each edit.
 *
 * Fit makes the shots add up to the video's duration:
 *  1. the last shot takes up the difference, when that leaves it ≥ 1 s;
 *  2. otherwise (the other shots already fill the video) the duration
 *     becomes the sum of the shots, when the provider allows that length;
 *  3. otherwise (the sum is longer than the longest video) the duration
 *     becomes the longest allowed and shots are shortened from the last
 *     one backwards, none below 1 s, until they fit.
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-provider.h"
#include "kinema-request.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_STORYBOARD (kinema_storyboard_get_type ())

G_DECLARE_FINAL_TYPE (KinemaStoryboard, kinema_storyboard, KINEMA, STORYBOARD, GtkWidget)

GtkWidget *kinema_storyboard_new              (void);
/* The request whose shots are edited (kept, not copied); NULL for none. */
void       kinema_storyboard_set_request      (KinemaStoryboard         *self,
                                               KinemaRequest            *request);
/* Reloads the cards from the request (after it changed elsewhere). */
void       kinema_storyboard_sync             (KinemaStoryboard         *self);
/* Limits: shot count, prompt length, duration range. NULL: Kling v3's. */
void       kinema_storyboard_set_capabilities (KinemaStoryboard         *self,
                                               const KinemaCapabilities *caps);

/* What the buttons, keys and drops do. Each emits "changed". */
void       kinema_storyboard_add_shot         (KinemaStoryboard         *self);
void       kinema_storyboard_remove_shot      (KinemaStoryboard         *self,
                                               guint                     index);
/* @to is the shot's index afterwards. Drag and drop calls this. */
void       kinema_storyboard_move_shot        (KinemaStoryboard         *self,
                                               guint                     from,
                                               guint                     to);
void       kinema_storyboard_fit              (KinemaStoryboard         *self);

/* Shows the validation problems for "shots" and "shots[N].*". */
void       kinema_storyboard_set_problems     (KinemaStoryboard         *self,
                                               GPtrArray                *problems);

G_END_DECLS
