/* kinema-clip-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One job in the gallery: its prompt, its settings and how far it got.
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-job.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_CLIP_CARD (kinema_clip_card_get_type ())

G_DECLARE_FINAL_TYPE (KinemaClipCard, kinema_clip_card, KINEMA, CLIP_CARD, GtkWidget)

GtkWidget  *kinema_clip_card_new               (void);
KinemaJob  *kinema_clip_card_get_job           (KinemaClipCard *self);
void        kinema_clip_card_set_job           (KinemaClipCard *self,
                                                KinemaJob      *job);
const char *kinema_clip_card_get_provider_name (KinemaClipCard *self);
void        kinema_clip_card_set_provider_name (KinemaClipCard *self,
                                                const char     *provider_name);

G_END_DECLS
