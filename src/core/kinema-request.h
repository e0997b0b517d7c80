/* kinema-request.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canonical Kling v3 request: what the editor edits, what the job
 * journal freezes as JSON, and what every provider dialect translates.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KINEMA_REQUEST_JSON_VERSION 1

#define KINEMA_DURATION_MIN 3
#define KINEMA_DURATION_MAX 15
#define KINEMA_MAX_SHOTS 6
#define KINEMA_MAX_ELEMENTS 3
#define KINEMA_MAX_ELEMENT_IMAGES 4

typedef enum
{
  KINEMA_MODE_TEXT,        /* text to video */
  KINEMA_MODE_IMAGE,       /* first frame (and optional last frame) to video */
  KINEMA_MODE_REFERENCE,   /* reference images named <<<image_N>>> in the prompt */
} KinemaMode;

typedef enum
{
  KINEMA_ASPECT_16_9,
  KINEMA_ASPECT_9_16,
  KINEMA_ASPECT_1_1,
} KinemaAspect;

typedef enum
{
  KINEMA_QUALITY_STD,   /* 720p */
  KINEMA_QUALITY_PRO,   /* 1080p */
} KinemaQuality;

typedef enum
{
  KINEMA_MULTI_SHOT_NONE,
  KINEMA_MULTI_SHOT_CUSTOMIZE,
  KINEMA_MULTI_SHOT_INTELLIGENCE,
} KinemaMultiShot;

typedef struct
{
  guint  duration;   /* whole seconds, >= 1 */
  char  *prompt;
} KinemaShot;

typedef struct
{
  char  *name;
  char  *description;
  GStrv  images;      /* local paths or https URLs, 1..4 */
} KinemaElement;

#define KINEMA_TYPE_REQUEST (kinema_request_get_type ())

G_DECLARE_FINAL_TYPE (KinemaRequest, kinema_request, KINEMA, REQUEST, GObject)

KinemaRequest   *kinema_request_new                  (void);
KinemaRequest   *kinema_request_copy                 (KinemaRequest *self);

KinemaMode       kinema_request_get_mode             (KinemaRequest *self);
void             kinema_request_set_mode             (KinemaRequest *self, KinemaMode mode);
const char      *kinema_request_get_prompt           (KinemaRequest *self);
void             kinema_request_set_prompt           (KinemaRequest *self, const char *prompt);
const char      *kinema_request_get_negative_prompt  (KinemaRequest *self);
void             kinema_request_set_negative_prompt  (KinemaRequest *self, const char *negative_prompt);
guint            kinema_request_get_duration         (KinemaRequest *self);
void             kinema_request_set_duration         (KinemaRequest *self, guint seconds);
KinemaAspect     kinema_request_get_aspect           (KinemaRequest *self);
void             kinema_request_set_aspect           (KinemaRequest *self, KinemaAspect aspect);
KinemaQuality    kinema_request_get_quality          (KinemaRequest *self);
void             kinema_request_set_quality          (KinemaRequest *self, KinemaQuality quality);
gboolean         kinema_request_get_audio            (KinemaRequest *self);
void             kinema_request_set_audio            (KinemaRequest *self, gboolean audio);
double           kinema_request_get_cfg_scale        (KinemaRequest *self);
void             kinema_request_set_cfg_scale        (KinemaRequest *self, double cfg_scale);
gboolean         kinema_request_get_watermark        (KinemaRequest *self);
void             kinema_request_set_watermark        (KinemaRequest *self, gboolean watermark);
const char      *kinema_request_get_first_frame      (KinemaRequest *self);
void             kinema_request_set_first_frame      (KinemaRequest *self, const char *path_or_url);
const char      *kinema_request_get_last_frame       (KinemaRequest *self);
void             kinema_request_set_last_frame       (KinemaRequest *self, const char *path_or_url);

/* Reference images (reference mode), in <<<image_N>>> order (N from 1). */
guint            kinema_request_get_n_reference_images (KinemaRequest *self);
const char      *kinema_request_get_reference_image  (KinemaRequest *self, guint index);
void             kinema_request_add_reference_image  (KinemaRequest *self, const char *path_or_url);
void             kinema_request_clear_reference_images (KinemaRequest *self);

KinemaMultiShot  kinema_request_get_multi_shot       (KinemaRequest *self);
void             kinema_request_set_multi_shot       (KinemaRequest *self, KinemaMultiShot multi_shot);
guint            kinema_request_get_n_shots          (KinemaRequest *self);
const KinemaShot *kinema_request_get_shot            (KinemaRequest *self, guint index);
void             kinema_request_add_shot             (KinemaRequest *self, guint duration, const char *prompt);
void             kinema_request_set_shot             (KinemaRequest *self, guint index, guint duration, const char *prompt);
void             kinema_request_remove_shot          (KinemaRequest *self, guint index);
void             kinema_request_move_shot            (KinemaRequest *self, guint from, guint to);
void             kinema_request_clear_shots          (KinemaRequest *self);
guint            kinema_request_get_shots_total      (KinemaRequest *self);

guint            kinema_request_get_n_elements       (KinemaRequest *self);
const KinemaElement *kinema_request_get_element      (KinemaRequest *self, guint index);
void             kinema_request_add_element          (KinemaRequest *self, const char *name,
                                                      const char *description, const char * const *images);
void             kinema_request_remove_element       (KinemaRequest *self, guint index);
void             kinema_request_clear_elements       (KinemaRequest *self);

/* Output geometry implied by quality and aspect (e.g. 1280x720 for std 16:9). */
void             kinema_request_get_output_size      (KinemaRequest *self, int *width, int *height);

/* JSON round trip; this is what the job journal stores. */
JsonNode        *kinema_request_to_json_node         (KinemaRequest *self);
char            *kinema_request_to_json              (KinemaRequest *self);
KinemaRequest   *kinema_request_new_from_json_node   (JsonNode *node, GError **error);
KinemaRequest   *kinema_request_new_from_json        (const char *json, GError **error);

const char      *kinema_mode_to_string               (KinemaMode mode);
gboolean         kinema_mode_from_string             (const char *str, KinemaMode *out);
const char      *kinema_aspect_to_string             (KinemaAspect aspect);   /* "16:9" */
gboolean         kinema_aspect_from_string           (const char *str, KinemaAspect *out);
const char      *kinema_quality_to_string            (KinemaQuality quality); /* "std" / "pro" */
gboolean         kinema_quality_from_string          (const char *str, KinemaQuality *out);
const char      *kinema_multi_shot_to_string         (KinemaMultiShot ms);    /* "none" / "customize" / "intelligence" */
gboolean         kinema_multi_shot_from_string       (const char *str, KinemaMultiShot *out);

/* TRUE for an http(s):// URL, FALSE for a local path. */
gboolean         kinema_image_is_url                 (const char *path_or_url);

G_END_DECLS
