/* kinema-job.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One generation: the frozen request, where it was sent, what came back.
 * A KinemaClip is the verified video a finished job produced.
 */
#pragma once

#include <glib-object.h>

#include "kinema-request.h"

G_BEGIN_DECLS

typedef enum
{
  KINEMA_JOB_PENDING,       /* written, not yet sent */
  KINEMA_JOB_SUBMITTING,    /* request on the wire */
  KINEMA_JOB_QUEUED,
  KINEMA_JOB_RUNNING,
  KINEMA_JOB_DOWNLOADING,
  KINEMA_JOB_DONE,
  KINEMA_JOB_FAILED,
  KINEMA_JOB_CANCELLED,
  KINEMA_JOB_UNKNOWN,       /* sent, outcome unknown: never resubmitted by itself */
} KinemaJobState;

const char *kinema_job_state_to_string   (KinemaJobState state);
gboolean    kinema_job_state_from_string (const char *str, KinemaJobState *out);
gboolean    kinema_job_state_is_final    (KinemaJobState state);
const char *kinema_job_state_to_label    (KinemaJobState state);   /* translated, for users */

#define KINEMA_TYPE_CLIP (kinema_clip_get_type ())

G_DECLARE_FINAL_TYPE (KinemaClip, kinema_clip, KINEMA, CLIP, GObject)

KinemaClip *kinema_clip_new (void);

/* Plain fields; the library and the engine fill them. */
struct _KinemaClip
{
  GObject   parent_instance;

  gint64    id;            /* 0 until stored */
  char     *job_id;
  char     *path;
  gint64    duration_ms;
  guint64   size;
  int       width;
  int       height;
  double    fps;
  gboolean  has_audio;
  char     *warnings;      /* newline-separated, NULL if none */
  gboolean  favourite;
  gint64    created;       /* unix seconds */
};

#define KINEMA_TYPE_JOB (kinema_job_get_type ())

G_DECLARE_FINAL_TYPE (KinemaJob, kinema_job, KINEMA, JOB, GObject)

KinemaJob      *kinema_job_new                (const char     *provider_id,
                                               KinemaRequest  *request);

const char     *kinema_job_get_id             (KinemaJob *self);
const char     *kinema_job_get_provider_id    (KinemaJob *self);
KinemaRequest  *kinema_job_get_request        (KinemaJob *self);
KinemaJobState  kinema_job_get_state          (KinemaJob *self);
double          kinema_job_get_progress       (KinemaJob *self);   /* 0..1, < 0 unknown */
const char     *kinema_job_get_remote_task_id (KinemaJob *self);
const char     *kinema_job_get_poll_hint      (KinemaJob *self);
const char     *kinema_job_get_result_url     (KinemaJob *self);   /* where the finished video waits */
int             kinema_job_get_error_code     (KinemaJob *self);   /* KinemaErrorCode, -1 none */
const char     *kinema_job_get_error_message  (KinemaJob *self);
gint64          kinema_job_get_created        (KinemaJob *self);
gint64          kinema_job_get_updated        (KinemaJob *self);
gint64          kinema_job_get_submitted      (KinemaJob *self);   /* 0 if never sent */
guint           kinema_job_get_attempts       (KinemaJob *self);
double          kinema_job_get_price_estimate (KinemaJob *self);   /* < 0 unknown */
double          kinema_job_get_price_actual   (KinemaJob *self);   /* < 0 unknown */
KinemaClip     *kinema_job_get_clip           (KinemaJob *self);

void            kinema_job_set_state          (KinemaJob *self, KinemaJobState state);
void            kinema_job_set_progress       (KinemaJob *self, double progress);
void            kinema_job_set_remote_task    (KinemaJob *self, const char *task_id, const char *poll_hint);
void            kinema_job_set_result_url     (KinemaJob *self, const char *url);
void            kinema_job_set_error          (KinemaJob *self, int code, const char *message);
void            kinema_job_set_submitted      (KinemaJob *self, gint64 unix_seconds);
void            kinema_job_set_attempts       (KinemaJob *self, guint attempts);
void            kinema_job_set_price_estimate (KinemaJob *self, double usd);
void            kinema_job_set_price_actual   (KinemaJob *self, double usd);
void            kinema_job_set_clip           (KinemaJob *self, KinemaClip *clip);

/* For the library when loading rows. */
KinemaJob      *kinema_job_new_full           (const char     *id,
                                               const char     *provider_id,
                                               KinemaRequest  *request,
                                               KinemaJobState  state,
                                               gint64          created,
                                               gint64          updated);
/* Like kinema_job_new_full() with the request as the library stores it
 * (kinema_request_to_json): it is parsed the first time it is asked for,
 * so that listing a page of jobs does not parse requests nobody shows.
 * The caller has checked that @request_json is well-formed JSON; if it
 * still cannot be read as a request, a warning is logged and the job has
 * an empty request. */
KinemaJob      *kinema_job_new_stored         (const char     *id,
                                               const char     *provider_id,
                                               const char     *request_json,
                                               KinemaJobState  state,
                                               gint64          created,
                                               gint64          updated);

G_END_DECLS
