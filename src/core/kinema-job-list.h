/* kinema-job-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of KinemaJob over the library, for the gallery. It keeps
 * only the ordered ids of the matching jobs and reads rows in pages of
 * KINEMA_JOB_LIST_PAGE_SIZE when they are asked for, so a library of tens
 * of thousands of clips costs one id query, not a full load.
 *
 * A job the engine knows is returned as the engine's own object, so
 * bindings follow its progress. The list queries again when the engine's
 * jobs change (a new job shows at once), when a job it handed out reaches
 * a final state, and when the filter or the sort changes; each time it
 * emits one minimal items-changed.
 */
#pragma once

#include <gio/gio.h>

#include "kinema-engine.h"
#include "kinema-library.h"

G_BEGIN_DECLS

#define KINEMA_JOB_LIST_PAGE_SIZE 100

#define KINEMA_TYPE_JOB_LIST (kinema_job_list_get_type ())

G_DECLARE_FINAL_TYPE (KinemaJobList, kinema_job_list, KINEMA, JOB_LIST, GObject)

/* @engine may be NULL (then only the library is read). */
KinemaJobList       *kinema_job_list_new                (KinemaLibrary       *library,
                                                         KinemaEngine        *engine);
KinemaLibrary       *kinema_job_list_get_library        (KinemaJobList       *self);
KinemaEngine        *kinema_job_list_get_engine         (KinemaJobList       *self);

const char          *kinema_job_list_get_query          (KinemaJobList       *self);
void                 kinema_job_list_set_query          (KinemaJobList       *self,
                                                         const char          *query);
const char          *kinema_job_list_get_provider_id    (KinemaJobList       *self);
void                 kinema_job_list_set_provider_id    (KinemaJobList       *self,
                                                         const char          *provider_id);
KinemaJobStateGroup  kinema_job_list_get_state_group    (KinemaJobList       *self);
void                 kinema_job_list_set_state_group    (KinemaJobList       *self,
                                                         KinemaJobStateGroup  group);
gboolean             kinema_job_list_get_favourites_only (KinemaJobList      *self);
void                 kinema_job_list_set_favourites_only (KinemaJobList      *self,
                                                          gboolean            favourites_only);
KinemaDateRange      kinema_job_list_get_date_range     (KinemaJobList       *self);
void                 kinema_job_list_set_date_range     (KinemaJobList       *self,
                                                         KinemaDateRange      range);
KinemaJobSort        kinema_job_list_get_sort           (KinemaJobList       *self);
void                 kinema_job_list_set_sort           (KinemaJobList       *self,
                                                         KinemaJobSort        sort);

/* Queries the library again now (the list does so by itself on the
 * changes listed above; call this after changing rows behind its back). */
void                 kinema_job_list_refresh            (KinemaJobList       *self);

/* The position of @job_id, or G_MAXUINT when it is not shown. */
guint                kinema_job_list_find               (KinemaJobList       *self,
                                                         const char          *job_id);
/* The job with @job_id whether shown or not (transfer full), or NULL
 * when the library does not have it. */
KinemaJob           *kinema_job_list_lookup             (KinemaJobList       *self,
                                                         const char          *job_id);

/* Takes a job out of the list until unhidden (a deletion that can still
 * be undone); the library is not touched. */
void                 kinema_job_list_hide               (KinemaJobList       *self,
                                                         const char          *job_id);
void                 kinema_job_list_unhide             (KinemaJobList       *self,
                                                         const char          *job_id);
gboolean             kinema_job_list_is_hidden          (KinemaJobList       *self,
                                                         const char          *job_id);

/* For tests: how many job rows were read from the library, and how many
 * times the ids were queried. */
guint                kinema_job_list_get_n_rows_loaded  (KinemaJobList       *self);
guint                kinema_job_list_get_n_queries      (KinemaJobList       *self);

G_END_DECLS
