/* kinema-compare.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two takes side by side, played in step: one play button, one position
 * for both; seeking one seeks the other.
 */
#pragma once

#include <adwaita.h>

#include "kinema-job.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_COMPARE (kinema_compare_get_type ())

G_DECLARE_FINAL_TYPE (KinemaCompare, kinema_compare, KINEMA, COMPARE, AdwWindow)

/* @a and @b must be done jobs with clips. The provider names label the
 * two sides and may be NULL. */
KinemaCompare  *kinema_compare_new        (GtkWindow     *parent,
                                           KinemaJob     *a,
                                           const char    *provider_a,
                                           KinemaJob     *b,
                                           const char    *provider_b);
/* @index 0 (left) or 1 (right). */
GtkMediaStream *kinema_compare_get_stream (KinemaCompare *self,
                                           guint          index);
KinemaJob      *kinema_compare_get_job    (KinemaCompare *self,
                                           guint          index);
void            kinema_compare_play       (KinemaCompare *self);
void            kinema_compare_pause      (KinemaCompare *self);
/* Seeks both streams to @timestamp_us (each within its own length). */
void            kinema_compare_seek       (KinemaCompare *self,
                                           gint64         timestamp_us);

G_END_DECLS
