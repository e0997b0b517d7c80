/* kinema-gallery-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by kinema-gallery.c and kinema-gallery-actions.c, and accessors
 * for tests.
 */
#pragma once

#include <adwaita.h>

#include "kinema-gallery.h"
#include "kinema-thumbnailer.h"

G_BEGIN_DECLS

struct _KinemaGallery
{
  GtkWidget           parent_instance;

  KinemaEngine       *engine;
  KinemaEditor       *editor;          /* weak */
  KinemaJobList      *jobs;
  GtkMultiSelection  *selection;
  KinemaThumbnailer  *thumbnailer;
  GSimpleActionGroup *actions;
  GCancellable       *cancellable;     /* for the gallery's lifetime */

  /* The selected job, followed until it has a clip. */
  KinemaJob          *selected_job;
  GSignalGroup       *selected_job_signals;
  KinemaClip         *selected_clip;

  GPtrArray          *provider_ids;    /* char*, parallel to the provider dropdown; [0] NULL */
  GHashTable         *pending_deletes; /* job id -> AdwToast (ref) */
  char               *compare_pending; /* "Compare with…" waits for a second pick */
  GtkWindow          *compare_window;  /* weak: the last one opened */
  AdwToast           *info_toast;      /* weak: the message toast up or waiting */
  gboolean            updating_filters;
  guint               columns_idle_id; /* update_columns, after the layout */
  /* Until the grid's first frame is painted, only the cards that frame can
   * show are built at once; the others are built between the next frames. */
  gboolean            drawn;
  guint               immediate_cards; /* how many more may be built at once */
  guint               build_tick_id;   /* builds the others, one a frame */
  guint               first_frame_built;    /* cards built, and waiting, */
  guint               first_frame_deferred; /* when it was painted, */
  guint               first_frame_blank;    /* and waiting in its view */

  /* Template children */
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *favourites_button;
  GtkButton          *compare_button;
  GtkDropDown        *provider_dropdown;
  GtkDropDown        *state_dropdown;
  GtkDropDown        *date_dropdown;
  GtkDropDown        *sort_dropdown;
  GtkLabel           *count_label;
  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkGridView        *grid;
};

/* For tests: how many of the grid's cards were built, how many were
 * waiting to be, and how many of those were in view, when the grid's
 * first frame was painted (all 0 before). */
void             _kinema_gallery_get_first_frame_cards (KinemaGallery *self,
                                                        guint         *built,
                                                        guint         *deferred,
                                                        guint         *blank);

/* kinema-gallery-actions.c */
void             _kinema_gallery_init_actions     (KinemaGallery *self);
void             _kinema_gallery_update_actions   (KinemaGallery *self);
/* Called when the selection changes, for "Compare with…". */
void             _kinema_gallery_selection_picked (KinemaGallery *self,
                                                   KinemaJob     *job);
/* The selected jobs (KinemaJob*, refs), in grid order. */
GPtrArray       *_kinema_gallery_get_selected_jobs (KinemaGallery *self);
void             _kinema_gallery_select_job       (KinemaGallery *self,
                                                   const char    *job_id);

/* Test accessors */
GtkSearchEntry    *_kinema_gallery_get_search_entry      (KinemaGallery *self);
GtkToggleButton   *_kinema_gallery_get_favourites_button (KinemaGallery *self);
GtkDropDown       *_kinema_gallery_get_provider_dropdown (KinemaGallery *self);
GtkDropDown       *_kinema_gallery_get_state_dropdown    (KinemaGallery *self);
GtkDropDown       *_kinema_gallery_get_date_dropdown     (KinemaGallery *self);
GtkDropDown       *_kinema_gallery_get_sort_dropdown     (KinemaGallery *self);
AdwToastOverlay   *_kinema_gallery_get_toast_overlay     (KinemaGallery *self);
/* The last compare window opened, or NULL. */
GtkWindow         *_kinema_gallery_get_compare_window    (KinemaGallery *self);
/* The toast of a pending deletion, to dismiss it as the user would. */
AdwToast          *_kinema_gallery_get_delete_toast      (KinemaGallery *self,
                                                          const char    *job_id);

G_END_DECLS
