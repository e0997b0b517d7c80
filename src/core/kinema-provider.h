/* kinema-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The abstract provider: what a configured service can do (capabilities)
 * and the two calls every service answers (submit, poll).
 */
#pragma once

#include <gio/gio.h>

#include "kinema-request.h"

G_BEGIN_DECLS

/* How a provider accepts images; a bitmask. */
typedef enum
{
  KINEMA_IMAGE_URL        = 1 << 0,   /* a public https URL */
  KINEMA_IMAGE_BASE64     = 1 << 1,   /* bare base64, no data: prefix */
  KINEMA_IMAGE_DATA_URI   = 1 << 2,   /* data:image/...;base64,... */
  KINEMA_IMAGE_UPLOAD     = 1 << 3,   /* the provider has an upload endpoint */
  KINEMA_IMAGE_LOCAL_FILE = 1 << 4,   /* reads local files directly (simulator) */
} KinemaImageTransport;

/* How the std/pro choice reaches the provider. */
typedef enum
{
  KINEMA_RESOLUTION_VIA_MODE,         /* "mode": "std" | "pro" */
  KINEMA_RESOLUTION_VIA_FIELD,        /* "resolution": "720P" | "1080P" */
  KINEMA_RESOLUTION_VIA_MODEL,        /* part of the model id */
} KinemaResolutionVia;

typedef struct
{
  guint                modes;                     /* bitmask of 1 << KinemaMode */
  guint                duration_min;
  guint                duration_max;
  guint                max_prompt_chars;
  guint                max_negative_chars;        /* 0: no negative prompt */
  guint                max_shot_prompt_chars;
  guint                max_shots;                 /* 0: no customize multi-shot */
  gboolean             multi_shot_intelligence;
  gboolean             frames_in_multi_shot;      /* first/last frame allowed with multi-shot */
  gboolean             last_frame_in_multi_shot;
  gboolean             audio_forced_in_multi_shot;
  guint                max_elements;              /* 0: no elements */
  guint                min_element_images;
  guint                max_element_images;
  gboolean             elements_need_image;       /* elements only with a first frame (i2v/omni) */
  guint                max_reference_images;      /* 0: no reference mode */
  gboolean             last_frame;
  gboolean             last_frame_needs_first;
  gboolean             audio;
  gboolean             cfg_scale;
  gboolean             watermark;
  gboolean             aspect;                    /* aspect choice exists (t2v) */
  gboolean             quality;                   /* std/pro choice exists */
  KinemaResolutionVia  resolution_via;
  guint                image_transports;          /* KinemaImageTransport bits */
  gboolean             reports_progress;
  gboolean             reports_price;
  gboolean             external_task_id;          /* a client-chosen id finds a lost task again */
} KinemaCapabilities;

typedef enum
{
  KINEMA_TASK_QUEUED,
  KINEMA_TASK_RUNNING,
  KINEMA_TASK_SUCCEEDED,
  KINEMA_TASK_FAILED,
  KINEMA_TASK_CANCELLED,
} KinemaTaskState;

/* What a submit or a poll learned about a remote task. */
typedef struct
{
  char            *task_id;
  char            *poll_hint;    /* dialect-private, stored with the job (e.g. path family) */
  KinemaTaskState  state;
  int              progress;     /* 0..100, or -1 when the provider does not say */
  char            *video_url;    /* set when SUCCEEDED */
  double           price;        /* actual charge reported by the provider, < 0 if none */
  GError          *error;        /* set when FAILED */
} KinemaTaskStatus;

#define KINEMA_TYPE_TASK_STATUS (kinema_task_status_get_type ())

GType             kinema_task_status_get_type (void) G_GNUC_CONST;
KinemaTaskStatus *kinema_task_status_new      (KinemaTaskState state);
KinemaTaskStatus *kinema_task_status_copy     (const KinemaTaskStatus *status);
void              kinema_task_status_free     (KinemaTaskStatus *status);
const char       *kinema_task_state_to_string (KinemaTaskState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaTaskStatus, kinema_task_status_free)

#define KINEMA_TYPE_PROVIDER (kinema_provider_get_type ())

G_DECLARE_DERIVABLE_TYPE (KinemaProvider, kinema_provider, KINEMA, PROVIDER, GObject)

struct _KinemaProviderClass
{
  GObjectClass parent_class;

  void               (*submit_async)    (KinemaProvider       *self,
                                         KinemaRequest        *request,
                                         const char           *job_id,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  KinemaTaskStatus * (*submit_finish)   (KinemaProvider       *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void               (*poll_async)      (KinemaProvider       *self,
                                         const char           *task_id,
                                         const char           *poll_hint,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
  KinemaTaskStatus * (*poll_finish)     (KinemaProvider       *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  /* Seconds to wait before poll number @attempt (0 = first), given the
   * seconds elapsed since submission. Returns < 0 when the deadline has
   * passed and polling must stop (the job becomes "unknown"). */
  int                (*next_poll_delay) (KinemaProvider       *self,
                                         guint                 attempt,
                                         double                elapsed);

  /* The task's result is safely stored; drop anything kept for it
   * (the simulator deletes its rendered file). Optional. */
  void               (*forget_task)     (KinemaProvider       *self,
                                         const char           *task_id);
  /* For a job sent without a known outcome: TRUE with the task id and poll
   * hint to find it by the id the client gave it (@job_id), when the
   * provider supports that. Optional; FALSE by default. */
  gboolean           (*recovery_lookup) (KinemaProvider       *self,
                                         KinemaRequest        *request,
                                         const char           *job_id,
                                         char                **task_id,
                                         char                **poll_hint);

  gpointer padding[6];
};

const char               *kinema_provider_get_id           (KinemaProvider *self);
const char               *kinema_provider_get_name         (KinemaProvider *self);
const char               *kinema_provider_get_dialect      (KinemaProvider *self);
gboolean                  kinema_provider_is_simulation    (KinemaProvider *self);
const KinemaCapabilities *kinema_provider_get_capabilities (KinemaProvider *self);
void                      kinema_provider_set_capabilities (KinemaProvider           *self,
                                                            const KinemaCapabilities *caps);

/* FALSE for providers that work without the network (the simulator, a
 * server on loopback): the engine does not hold their jobs when offline. */
gboolean                  kinema_provider_get_needs_network (KinemaProvider *self);
void                      kinema_provider_set_needs_network (KinemaProvider *self,
                                                             gboolean        needs_network);
/* Why this provider cannot take jobs yet (e.g. no API key), as a sentence
 * that says what to do; NULL when it is ready. */
const char               *kinema_provider_get_setup_problem (KinemaProvider *self);
void                      kinema_provider_set_setup_problem (KinemaProvider *self,
                                                             const char     *problem);

/* The name to show users: a simulation always says so. */
char                     *kinema_provider_dup_display_name (KinemaProvider *self);

void               kinema_provider_submit_async  (KinemaProvider       *self,
                                                  KinemaRequest        *request,
                                                  const char           *job_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KinemaTaskStatus  *kinema_provider_submit_finish (KinemaProvider       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void               kinema_provider_poll_async    (KinemaProvider       *self,
                                                  const char           *task_id,
                                                  const char           *poll_hint,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KinemaTaskStatus  *kinema_provider_poll_finish   (KinemaProvider       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void               kinema_provider_forget_task   (KinemaProvider     *self,
                                                  const char         *task_id);
gboolean           kinema_provider_recovery_lookup (KinemaProvider   *self,
                                                    KinemaRequest    *request,
                                                    const char       *job_id,
                                                    char            **task_id,
                                                    char            **poll_hint);
int                kinema_provider_next_poll_delay (KinemaProvider     *self,
                                                    guint               attempt,
                                                    double              elapsed);

/* KINEMA_POLL_SCALE: a factor in (0, 1] that shortens every wait between
 * polls (tests run providers' real schedules in seconds with 0.01). 1.0
 * when unset or invalid. next_poll_delay vfuncs return documented,
 * unscaled delays; whoever actually waits applies this. */
double             kinema_poll_scale                 (void);

/* Capabilities of Kling v3 as the official API documents it; dialects
 * start from this and switch off what they lack. */
void               kinema_capabilities_init_kling_v3 (KinemaCapabilities *caps);

G_END_DECLS
