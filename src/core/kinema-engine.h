/* kinema-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs jobs: journals them before anything is sent, submits, polls on the
 * provider's schedule, downloads the result as soon as it exists, verifies
 * it and records the clip. All of it asynchronous on the thread-default
 * main context; the UI binds to KinemaJob properties ("state",
 * "progress", "clip", "error-message").
 *
 * Signals:
 *   job-finished (KinemaJob *job)  a clip was recorded (state done)
 *   job-failed   (KinemaJob *job)  the job ended failed or unknown
 */
#pragma once

#include <gio/gio.h>

#include "kinema-job.h"
#include "kinema-library.h"
#include "kinema-provider.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_ENGINE (kinema_engine_get_type ())

G_DECLARE_FINAL_TYPE (KinemaEngine, kinema_engine, KINEMA, ENGINE, GObject)

KinemaEngine   *kinema_engine_new               (KinemaLibrary  *library,
                                                 const char     *clips_dir);
KinemaLibrary  *kinema_engine_get_library       (KinemaEngine   *self);
const char     *kinema_engine_get_clips_dir     (KinemaEngine   *self);

void            kinema_engine_add_provider      (KinemaEngine   *self,
                                                 KinemaProvider *provider);
/* Running jobs keep the provider they started with. */
void            kinema_engine_remove_provider   (KinemaEngine   *self,
                                                 const char     *provider_id);
KinemaProvider *kinema_engine_get_provider      (KinemaEngine   *self,
                                                 const char     *provider_id);
/* GListModel of KinemaProvider. */
GListModel     *kinema_engine_get_providers     (KinemaEngine   *self);

/* GListModel of KinemaJob, newest first: the jobs that were unfinished
 * when the engine started plus those submitted since. Finished jobs from
 * earlier sessions are in the library (see KinemaJobList). */
GListModel     *kinema_engine_get_jobs          (KinemaEngine   *self);

/* How many jobs of one provider may be in flight at once. */
void            kinema_engine_set_concurrency   (KinemaEngine   *self,
                                                 guint           max_jobs);

/* Checks @request against the provider, journals a new job (state
 * pending) and starts it. Returns the job (transfer full), or NULL with
 * KINEMA_ERROR_INVALID_REQUEST listing the problems; nothing is written
 * or sent then. */
KinemaJob      *kinema_engine_submit            (KinemaEngine   *self,
                                                 const char     *provider_id,
                                                 KinemaRequest  *request,
                                                 GError        **error);
/* Loads unfinished jobs and carries each on from where it stopped.
 * A job caught mid-submission becomes "unknown"; it is never resent. */
void            kinema_engine_resume            (KinemaEngine   *self);
/* Stops following a job locally (the provider may still charge). */
void            kinema_engine_cancel            (KinemaEngine   *self,
                                                 KinemaJob      *job);
/* Polls an "unknown" or stalled job's task again (if it has a task id). */
void            kinema_engine_check_again       (KinemaEngine   *self,
                                                 KinemaJob      *job);
/* Offline, nothing is sent or polled (the simulator goes on); back
 * online, held jobs continue at once. The app passes the default
 * GNetworkMonitor; tests call set_online directly. */
void            kinema_engine_watch_network     (KinemaEngine    *self,
                                                 GNetworkMonitor *monitor);
void            kinema_engine_set_online        (KinemaEngine    *self,
                                                 gboolean         online);
gboolean        kinema_engine_get_online        (KinemaEngine    *self);
/* Number of jobs currently being worked on. */
guint           kinema_engine_get_n_active      (KinemaEngine   *self);

G_END_DECLS
