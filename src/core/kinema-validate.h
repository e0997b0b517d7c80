/* kinema-validate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks a KinemaRequest against one provider's capabilities before any
 * network call, and reports every problem at once, each tied to the field
 * the editor shows it next to, in a sentence that says what to do.
 */
#pragma once

#include <gio/gio.h>

#include "kinema-provider.h"
#include "kinema-request.h"

G_BEGIN_DECLS

/* One thing wrong with a request.
 *
 * @field is one of:
 *
 *   "mode"                 the generation mode (text, image, reference)
 *   "prompt"               the main prompt (also <<<image_N>>> references)
 *   "negative_prompt"
 *   "duration"
 *   "aspect"
 *   "quality"
 *   "audio"
 *   "cfg_scale"
 *   "watermark"
 *   "first_frame"
 *   "last_frame"
 *   "reference_images"
 *   "shots"                multi-shot as a whole (support, count, sum of durations)
 *   "shots[N].prompt"      shot N's prompt (N counts from 0)
 *   "shots[N].duration"
 *   "elements"             elements as a whole (support, count, need a first frame)
 *   "elements[N]"          element N's name (N counts from 0)
 *   "elements[N].images"   element N's images (count, address, file)
 *
 * @message is a translated sentence for the user; it names the field in
 * words (shot and element numbers count from 1 there) and says what to do.
 */
typedef struct
{
  char *field;
  char *message;
} KinemaProblem;

#define KINEMA_TYPE_PROBLEM (kinema_problem_get_type ())

GType          kinema_problem_get_type (void) G_GNUC_CONST;
KinemaProblem *kinema_problem_new      (const char          *field,
                                        const char          *message);
KinemaProblem *kinema_problem_copy     (const KinemaProblem *problem);
void           kinema_problem_free     (KinemaProblem       *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaProblem, kinema_problem_free)

/* A new, empty GPtrArray of KinemaProblem that frees its elements. */
GPtrArray     *kinema_problems_new     (void);

/* The first problem whose field is @field, or NULL. */
const KinemaProblem *kinema_problems_find (GPtrArray  *problems,
                                           const char *field);

/* NULL when @problems is NULL or empty; otherwise a KINEMA_ERROR_INVALID_REQUEST
 * error whose message lists every problem, one per line. */
GError        *kinema_problems_to_error (GPtrArray *problems);

/* Checks @request against @caps. @provider_name is the name users see in
 * messages ("LinkModel"); NULL reads "This provider".
 *
 * Returns a new array of KinemaProblem (never NULL; empty when the request
 * can be sent), holding every problem found, never only the first.
 *
 * This does NOT touch the disk or the network: it is cheap enough to call
 * on every keystroke from the UI thread. It checks image *addresses*
 * (https only, a transport the provider accepts) but not image *files*;
 * use kinema_request_validate_async () for that before submitting.
 *
 * Images that the chosen mode does not use are ignored, as the dialects
 * ignore them: the first and last frame count only in image mode, the
 * reference images only in reference mode. Elements count in every mode.
 *
 * A limit of 0 in max_prompt_chars or max_shot_prompt_chars means "no
 * limit"; 0 in max_negative_chars, max_shots, max_elements or
 * max_reference_images means the feature is not offered. */
GPtrArray     *kinema_request_validate        (KinemaRequest            *request,
                                               const KinemaCapabilities *caps,
                                               const char               *provider_name);

/* Everything kinema_request_validate () checks, plus the header of every
 * local image file the request uses (first and last frame, reference
 * images, element images; see kinema_image_check ()), in a worker thread.
 * The request is copied first, so the caller may keep editing it. */
void           kinema_request_validate_async  (KinemaRequest            *request,
                                               const KinemaCapabilities *caps,
                                               const char               *provider_name,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data);
/* Returns the array of KinemaProblem, or NULL with @error set (cancelled). */
GPtrArray     *kinema_request_validate_finish (GAsyncResult             *result,
                                               GError                  **error);

G_END_DECLS
