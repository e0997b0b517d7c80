/* kinema-clip-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One job in the gallery: a thumbnail of its clip (or how far it got),
 * its prompt and settings, and what can be done with it. The buttons and
 * the menu activate the "clip.*" actions with the job's id as target; the
 * gallery provides them.
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-job.h"
#include "kinema-thumbnailer.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_CLIP_CARD (kinema_clip_card_get_type ())

G_DECLARE_FINAL_TYPE (KinemaClipCard, kinema_clip_card, KINEMA, CLIP_CARD, GtkWidget)

GtkWidget  *kinema_clip_card_new                  (void);
/* A card whose widgets are built later, by
 * kinema_clip_card_build_deferred(): for the cards a view makes beyond
 * what its first frame shows. Until then it holds its job and draws
 * nothing. */
GtkWidget  *kinema_clip_card_new_deferred         (void);
gboolean    kinema_clip_card_is_built             (KinemaClipCard    *self);
/* Builds up to @max_cards of the cards waiting, oldest first; TRUE while
 * others still wait (with 0, only whether any wait). */
gboolean    kinema_clip_card_build_deferred       (guint              max_cards);
KinemaJob  *kinema_clip_card_get_job              (KinemaClipCard    *self);
/* Binds the card to @job (NULL unbinds, cancelling its thumbnail). */
void        kinema_clip_card_set_job              (KinemaClipCard    *self,
                                                   KinemaJob         *job);
const char *kinema_clip_card_get_provider_name    (KinemaClipCard    *self);
void        kinema_clip_card_set_provider_name    (KinemaClipCard    *self,
                                                   const char        *provider_name);
/* How long a generation usually takes with this job's provider, for the
 * "elapsed / typical" estimate when the provider reports no progress. */
void        kinema_clip_card_set_typical_seconds  (KinemaClipCard    *self,
                                                   guint              seconds);
void        kinema_clip_card_set_thumbnailer      (KinemaClipCard    *self,
                                                   KinemaThumbnailer *thumbnailer);

/* Why the clip cannot be shown ("File missing", "Not a playable video"),
 * or NULL. */
const char *kinema_clip_card_get_broken_reason    (KinemaClipCard    *self);
/* TRUE once the thumbnail is on the card. */
gboolean    kinema_clip_card_has_thumbnail        (KinemaClipCard    *self);

/* Forgets the thumbnails kept in memory (tests; a changed clips folder). */
void        kinema_clip_card_clear_texture_cache  (void);

G_END_DECLS
