/* kinema-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-request"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-error.h"
#include "kinema-request.h"

struct _KinemaRequest
{
  GObject          parent_instance;

  KinemaMode       mode;
  char            *prompt;
  char            *negative_prompt;
  guint            duration;
  KinemaAspect     aspect;
  KinemaQuality    quality;
  gboolean         audio;
  double           cfg_scale;
  gboolean         watermark;
  char            *first_frame;
  char            *last_frame;
  GPtrArray       *reference_images;   /* char* */
  KinemaMultiShot  multi_shot;
  GArray          *shots;              /* KinemaShot */
  GArray          *elements;           /* KinemaElement */
};

G_DEFINE_FINAL_TYPE (KinemaRequest, kinema_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODE,
  PROP_PROMPT,
  PROP_NEGATIVE_PROMPT,
  PROP_DURATION,
  PROP_ASPECT,
  PROP_QUALITY,
  PROP_AUDIO,
  PROP_CFG_SCALE,
  PROP_WATERMARK,
  PROP_FIRST_FRAME,
  PROP_LAST_FRAME,
  PROP_MULTI_SHOT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Enum <-> string tables */

static const char *mode_names[] = { "text", "image", "reference" };
static const char *aspect_names[] = { "16:9", "9:16", "1:1" };
static const char *quality_names[] = { "std", "pro" };
static const char *multi_shot_names[] = { "none", "customize", "intelligence" };

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str,
             int                *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (names[i], str) == 0)
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, type, names)                              \
  const char *                                                              \
  kinema_##type##_to_string (Type value)                                    \
  {                                                                         \
    if ((guint) value >= G_N_ELEMENTS (names))                              \
      return names[0];                                                      \
    return names[value];                                                    \
  }                                                                         \
  gboolean                                                                  \
  kinema_##type##_from_string (const char *str,                             \
                               Type       *out)                             \
  {                                                                         \
    int v;                                                                  \
    if (!lookup_name (names, G_N_ELEMENTS (names), str, &v))                \
      return FALSE;                                                         \
    *out = (Type) v;                                                        \
    return TRUE;                                                            \
  }

DEFINE_ENUM_STRINGS (KinemaMode, mode, mode_names)
DEFINE_ENUM_STRINGS (KinemaAspect, aspect, aspect_names)
DEFINE_ENUM_STRINGS (KinemaQuality, quality, quality_names)
DEFINE_ENUM_STRINGS (KinemaMultiShot, multi_shot, multi_shot_names)

gboolean
kinema_image_is_url (const char *path_or_url)
{
  if (path_or_url == NULL)
    return FALSE;
  return g_str_has_prefix (path_or_url, "https://") || g_str_has_prefix (path_or_url, "http://");
}

/* Shot and element helpers */

static void
shot_clear (gpointer data)
{
  KinemaShot *shot = data;

  g_clear_pointer (&shot->prompt, g_free);
}

static void
element_clear (gpointer data)
{
  KinemaElement *element = data;

  g_clear_pointer (&element->name, g_free);
  g_clear_pointer (&element->description, g_free);
  g_clear_pointer (&element->images, g_strfreev);
}

static void
emit_changed (KinemaRequest *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
notify_and_change (KinemaRequest *self,
                   guint          prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  emit_changed (self);
}

/* GObject */

static void
kinema_request_finalize (GObject *object)
{
  KinemaRequest *self = (KinemaRequest *) object;

  g_clear_pointer (&self->prompt, g_free);
  g_clear_pointer (&self->negative_prompt, g_free);
  g_clear_pointer (&self->first_frame, g_free);
  g_clear_pointer (&self->last_frame, g_free);
  g_clear_pointer (&self->reference_images, g_ptr_array_unref);
  g_clear_pointer (&self->shots, g_array_unref);
  g_clear_pointer (&self->elements, g_array_unref);

  G_OBJECT_CLASS (kinema_request_parent_class)->finalize (object);
}

static void
kinema_request_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KinemaRequest *self = KINEMA_REQUEST (object);

  switch (prop_id)
    {
    case PROP_MODE: g_value_set_int (value, self->mode); break;
    case PROP_PROMPT: g_value_set_string (value, self->prompt); break;
    case PROP_NEGATIVE_PROMPT: g_value_set_string (value, self->negative_prompt); break;
    case PROP_DURATION: g_value_set_uint (value, self->duration); break;
    case PROP_ASPECT: g_value_set_int (value, self->aspect); break;
    case PROP_QUALITY: g_value_set_int (value, self->quality); break;
    case PROP_AUDIO: g_value_set_boolean (value, self->audio); break;
    case PROP_CFG_SCALE: g_value_set_double (value, self->cfg_scale); break;
    case PROP_WATERMARK: g_value_set_boolean (value, self->watermark); break;
    case PROP_FIRST_FRAME: g_value_set_string (value, self->first_frame); break;
    case PROP_LAST_FRAME: g_value_set_string (value, self->last_frame); break;
    case PROP_MULTI_SHOT: g_value_set_int (value, self->multi_shot); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_request_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KinemaRequest *self = KINEMA_REQUEST (object);

  switch (prop_id)
    {
    case PROP_MODE: kinema_request_set_mode (self, g_value_get_int (value)); break;
    case PROP_PROMPT: kinema_request_set_prompt (self, g_value_get_string (value)); break;
    case PROP_NEGATIVE_PROMPT: kinema_request_set_negative_prompt (self, g_value_get_string (value)); break;
    case PROP_DURATION: kinema_request_set_duration (self, g_value_get_uint (value)); break;
    case PROP_ASPECT: kinema_request_set_aspect (self, g_value_get_int (value)); break;
    case PROP_QUALITY: kinema_request_set_quality (self, g_value_get_int (value)); break;
    case PROP_AUDIO: kinema_request_set_audio (self, g_value_get_boolean (value)); break;
    case PROP_CFG_SCALE: kinema_request_set_cfg_scale (self, g_value_get_double (value)); break;
    case PROP_WATERMARK: kinema_request_set_watermark (self, g_value_get_boolean (value)); break;
    case PROP_FIRST_FRAME: kinema_request_set_first_frame (self, g_value_get_string (value)); break;
    case PROP_LAST_FRAME: kinema_request_set_last_frame (self, g_value_get_string (value)); break;
    case PROP_MULTI_SHOT: kinema_request_set_multi_shot (self, g_value_get_int (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_request_class_init (KinemaRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kinema_request_finalize;
  object_class->get_property = kinema_request_get_property;
  object_class->set_property = kinema_request_set_property;

  properties[PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, 0, KINEMA_MODE_REFERENCE, 0, flags);
  properties[PROP_PROMPT] = g_param_spec_string ("prompt", NULL, NULL, NULL, flags);
  properties[PROP_NEGATIVE_PROMPT] = g_param_spec_string ("negative-prompt", NULL, NULL, NULL, flags);
  properties[PROP_DURATION] = g_param_spec_uint ("duration", NULL, NULL, 1, 60, 5, flags);
  properties[PROP_ASPECT] = g_param_spec_int ("aspect", NULL, NULL, 0, KINEMA_ASPECT_1_1, 0, flags);
  properties[PROP_QUALITY] = g_param_spec_int ("quality", NULL, NULL, 0, KINEMA_QUALITY_PRO, 0, flags);
  properties[PROP_AUDIO] = g_param_spec_boolean ("audio", NULL, NULL, FALSE, flags);
  properties[PROP_CFG_SCALE] = g_param_spec_double ("cfg-scale", NULL, NULL, 0.0, 1.0, 0.5, flags);
  properties[PROP_WATERMARK] = g_param_spec_boolean ("watermark", NULL, NULL, FALSE, flags);
  properties[PROP_FIRST_FRAME] = g_param_spec_string ("first-frame", NULL, NULL, NULL, flags);
  properties[PROP_LAST_FRAME] = g_param_spec_string ("last-frame", NULL, NULL, NULL, flags);
  properties[PROP_MULTI_SHOT] = g_param_spec_int ("multi-shot", NULL, NULL, 0, KINEMA_MULTI_SHOT_INTELLIGENCE, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after any change, including shots, elements and reference images. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kinema_request_init (KinemaRequest *self)
{
  self->mode = KINEMA_MODE_TEXT;
  self->prompt = g_strdup ("");
  self->negative_prompt = g_strdup ("");
  self->duration = 5;
  self->aspect = KINEMA_ASPECT_16_9;
  self->quality = KINEMA_QUALITY_STD;
  self->audio = FALSE;
  self->cfg_scale = 0.5;
  self->watermark = FALSE;
  self->reference_images = g_ptr_array_new_with_free_func (g_free);
  self->multi_shot = KINEMA_MULTI_SHOT_NONE;
  self->shots = g_array_new (FALSE, TRUE, sizeof (KinemaShot));
  g_array_set_clear_func (self->shots, shot_clear);
  self->elements = g_array_new (FALSE, TRUE, sizeof (KinemaElement));
  g_array_set_clear_func (self->elements, element_clear);
}

KinemaRequest *
kinema_request_new (void)
{
  return g_object_new (KINEMA_TYPE_REQUEST, NULL);
}

KinemaRequest *
kinema_request_copy (KinemaRequest *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);

  node = kinema_request_to_json_node (self);
  return kinema_request_new_from_json_node (node, NULL);
}

/* Scalar accessors */

#define DEFINE_SCALAR(type, name, PROP, check)                             \
  type                                                                     \
  kinema_request_get_##name (KinemaRequest *self)                          \
  {                                                                        \
    g_return_val_if_fail (KINEMA_IS_REQUEST (self), (type) 0);             \
    return self->name;                                                     \
  }                                                                        \
  void                                                                     \
  kinema_request_set_##name (KinemaRequest *self,                          \
                             type           value)                         \
  {                                                                        \
    g_return_if_fail (KINEMA_IS_REQUEST (self));                           \
    g_return_if_fail (check);                                              \
    if (self->name == value)                                               \
      return;                                                              \
    self->name = value;                                                    \
    notify_and_change (self, PROP);                                        \
  }

DEFINE_SCALAR (KinemaMode, mode, PROP_MODE, (guint) value <= KINEMA_MODE_REFERENCE)
DEFINE_SCALAR (KinemaAspect, aspect, PROP_ASPECT, (guint) value <= KINEMA_ASPECT_1_1)
DEFINE_SCALAR (KinemaQuality, quality, PROP_QUALITY, (guint) value <= KINEMA_QUALITY_PRO)
DEFINE_SCALAR (KinemaMultiShot, multi_shot, PROP_MULTI_SHOT, (guint) value <= KINEMA_MULTI_SHOT_INTELLIGENCE)
/* Duration is stored as given so validation can name an out-of-range value
 * instead of it being silently clamped. */
DEFINE_SCALAR (guint, duration, PROP_DURATION, value <= 60)
DEFINE_SCALAR (gboolean, audio, PROP_AUDIO, TRUE)
DEFINE_SCALAR (gboolean, watermark, PROP_WATERMARK, TRUE)
DEFINE_SCALAR (double, cfg_scale, PROP_CFG_SCALE, value >= 0.0 && value <= 1.0)

/* prompt and negative prompt are never NULL */
const char *
kinema_request_get_prompt (KinemaRequest *self)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);
  return self->prompt;
}

void
kinema_request_set_prompt (KinemaRequest *self,
                           const char    *prompt)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  if (set_string (&self->prompt, prompt ? prompt : ""))
    notify_and_change (self, PROP_PROMPT);
}

const char *
kinema_request_get_negative_prompt (KinemaRequest *self)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);
  return self->negative_prompt;
}

void
kinema_request_set_negative_prompt (KinemaRequest *self,
                                    const char    *negative_prompt)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  if (set_string (&self->negative_prompt, negative_prompt ? negative_prompt : ""))
    notify_and_change (self, PROP_NEGATIVE_PROMPT);
}

static const char *
empty_to_null (const char *s)
{
  return (s != NULL && *s != '\0') ? s : NULL;
}

const char *
kinema_request_get_first_frame (KinemaRequest *self)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);
  return self->first_frame;
}

void
kinema_request_set_first_frame (KinemaRequest *self,
                                const char    *path_or_url)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  if (set_string (&self->first_frame, empty_to_null (path_or_url)))
    notify_and_change (self, PROP_FIRST_FRAME);
}

const char *
kinema_request_get_last_frame (KinemaRequest *self)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);
  return self->last_frame;
}

void
kinema_request_set_last_frame (KinemaRequest *self,
                               const char    *path_or_url)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  if (set_string (&self->last_frame, empty_to_null (path_or_url)))
    notify_and_change (self, PROP_LAST_FRAME);
}

/* Reference images */

guint
kinema_request_get_n_reference_images (KinemaRequest *self)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), 0);
  return self->reference_images->len;
}

const char *
kinema_request_get_reference_image (KinemaRequest *self,
                                    guint          index)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->reference_images->len, NULL);
  return g_ptr_array_index (self->reference_images, index);
}

void
kinema_request_add_reference_image (KinemaRequest *self,
                                    const char    *path_or_url)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  g_return_if_fail (path_or_url != NULL && *path_or_url != '\0');
  g_ptr_array_add (self->reference_images, g_strdup (path_or_url));
  emit_changed (self);
}

void
kinema_request_clear_reference_images (KinemaRequest *self)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  if (self->reference_images->len == 0)
    return;
  g_ptr_array_set_size (self->reference_images, 0);
  emit_changed (self);
}

/* Shots */

guint
kinema_request_get_n_shots (KinemaRequest *self)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), 0);
  return self->shots->len;
}

const KinemaShot *
kinema_request_get_shot (KinemaRequest *self,
                         guint          index)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->shots->len, NULL);
  return &g_array_index (self->shots, KinemaShot, index);
}

void
kinema_request_add_shot (KinemaRequest *self,
                         guint          duration,
                         const char    *prompt)
{
  KinemaShot shot;

  g_return_if_fail (KINEMA_IS_REQUEST (self));
  shot.duration = duration;
  shot.prompt = g_strdup (prompt ? prompt : "");
  g_array_append_val (self->shots, shot);
  emit_changed (self);
}

void
kinema_request_set_shot (KinemaRequest *self,
                         guint          index,
                         guint          duration,
                         const char    *prompt)
{
  KinemaShot *shot;

  g_return_if_fail (KINEMA_IS_REQUEST (self));
  g_return_if_fail (index < self->shots->len);
  shot = &g_array_index (self->shots, KinemaShot, index);
  if (shot->duration == duration && g_strcmp0 (shot->prompt, prompt ? prompt : "") == 0)
    return;
  shot->duration = duration;
  set_string (&shot->prompt, prompt ? prompt : "");
  emit_changed (self);
}

void
kinema_request_remove_shot (KinemaRequest *self,
                            guint          index)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  g_return_if_fail (index < self->shots->len);
  g_array_remove_index (self->shots, index);
  emit_changed (self);
}

void
kinema_request_move_shot (KinemaRequest *self,
                          guint          from,
                          guint          to)
{
  KinemaShot shot;

  g_return_if_fail (KINEMA_IS_REQUEST (self));
  g_return_if_fail (from < self->shots->len && to < self->shots->len);
  if (from == to)
    return;
  /* Move the struct without running the clear func on it. */
  shot = g_array_index (self->shots, KinemaShot, from);
  g_array_set_clear_func (self->shots, NULL);
  g_array_remove_index (self->shots, from);
  g_array_insert_val (self->shots, to, shot);
  g_array_set_clear_func (self->shots, shot_clear);
  emit_changed (self);
}

void
kinema_request_clear_shots (KinemaRequest *self)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  if (self->shots->len == 0)
    return;
  g_array_set_size (self->shots, 0);
  emit_changed (self);
}

guint
kinema_request_get_shots_total (KinemaRequest *self)
{
  guint total = 0;

  g_return_val_if_fail (KINEMA_IS_REQUEST (self), 0);
  for (guint i = 0; i < self->shots->len; i++)
    total += g_array_index (self->shots, KinemaShot, i).duration;
  return total;
}

/* Elements */

guint
kinema_request_get_n_elements (KinemaRequest *self)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), 0);
  return self->elements->len;
}

const KinemaElement *
kinema_request_get_element (KinemaRequest *self,
                            guint          index)
{
  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->elements->len, NULL);
  return &g_array_index (self->elements, KinemaElement, index);
}

void
kinema_request_add_element (KinemaRequest      *self,
                            const char         *name,
                            const char         *description,
                            const char * const *images)
{
  KinemaElement element;

  g_return_if_fail (KINEMA_IS_REQUEST (self));
  g_return_if_fail (name != NULL);
  element.name = g_strdup (name);
  element.description = g_strdup (description ? description : "");
  element.images = images ? g_strdupv ((char **) images) : g_new0 (char *, 1);
  g_array_append_val (self->elements, element);
  emit_changed (self);
}

void
kinema_request_remove_element (KinemaRequest *self,
                               guint          index)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  g_return_if_fail (index < self->elements->len);
  g_array_remove_index (self->elements, index);
  emit_changed (self);
}

void
kinema_request_clear_elements (KinemaRequest *self)
{
  g_return_if_fail (KINEMA_IS_REQUEST (self));
  if (self->elements->len == 0)
    return;
  g_array_set_size (self->elements, 0);
  emit_changed (self);
}

void
kinema_request_get_output_size (KinemaRequest *self,
                                int           *width,
                                int           *height)
{
  int long_side, short_side;

  g_return_if_fail (KINEMA_IS_REQUEST (self));

  long_side = self->quality == KINEMA_QUALITY_PRO ? 1920 : 1280;
  short_side = self->quality == KINEMA_QUALITY_PRO ? 1080 : 720;

  switch (self->aspect)
    {
    case KINEMA_ASPECT_9_16:
      *width = short_side;
      *height = long_side;
      break;
    case KINEMA_ASPECT_1_1:
      *width = short_side;
      *height = short_side;
      break;
    case KINEMA_ASPECT_16_9:
    default:
      *width = long_side;
      *height = short_side;
      break;
    }
}

/* JSON */

JsonNode *
kinema_request_to_json_node (KinemaRequest *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (KINEMA_IS_REQUEST (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, KINEMA_REQUEST_JSON_VERSION);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, kinema_mode_to_string (self->mode));
  json_builder_set_member_name (b, "prompt");
  json_builder_add_string_value (b, self->prompt);
  json_builder_set_member_name (b, "negative_prompt");
  json_builder_add_string_value (b, self->negative_prompt);
  json_builder_set_member_name (b, "duration");
  json_builder_add_int_value (b, self->duration);
  json_builder_set_member_name (b, "aspect");
  json_builder_add_string_value (b, kinema_aspect_to_string (self->aspect));
  json_builder_set_member_name (b, "quality");
  json_builder_add_string_value (b, kinema_quality_to_string (self->quality));
  json_builder_set_member_name (b, "audio");
  json_builder_add_boolean_value (b, self->audio);
  json_builder_set_member_name (b, "cfg_scale");
  json_builder_add_double_value (b, self->cfg_scale);
  json_builder_set_member_name (b, "watermark");
  json_builder_add_boolean_value (b, self->watermark);
  if (self->first_frame)
    {
      json_builder_set_member_name (b, "first_frame");
      json_builder_add_string_value (b, self->first_frame);
    }
  if (self->last_frame)
    {
      json_builder_set_member_name (b, "last_frame");
      json_builder_add_string_value (b, self->last_frame);
    }
  json_builder_set_member_name (b, "reference_images");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->reference_images->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (self->reference_images, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "multi_shot");
  json_builder_add_string_value (b, kinema_multi_shot_to_string (self->multi_shot));
  json_builder_set_member_name (b, "shots");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->shots->len; i++)
    {
      const KinemaShot *shot = &g_array_index (self->shots, KinemaShot, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "duration");
      json_builder_add_int_value (b, shot->duration);
      json_builder_set_member_name (b, "prompt");
      json_builder_add_string_value (b, shot->prompt);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "elements");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->elements->len; i++)
    {
      const KinemaElement *el = &g_array_index (self->elements, KinemaElement, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, el->name);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, el->description);
      json_builder_set_member_name (b, "images");
      json_builder_begin_array (b);
      for (guint j = 0; el->images[j]; j++)
        json_builder_add_string_value (b, el->images[j]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

char *
kinema_request_to_json (KinemaRequest *self)
{
  g_autoptr(JsonNode) node = kinema_request_to_json_node (self);

  return json_to_string (node, FALSE);
}

static gboolean
read_string (JsonObject  *obj,
             const char  *name,
             const char **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The saved request has a malformed “%s” field."), name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_int (JsonObject  *obj,
          const char  *name,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The saved request has a malformed “%s” field."), name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_bool (JsonObject  *obj,
           const char  *name,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The saved request has a malformed “%s” field."), name);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_enum (JsonObject  *obj,
           const char  *name,
           gboolean   (*parse) (const char *, int *),
           int         *out,
           GError     **error)
{
  const char *s = NULL;

  if (!read_string (obj, name, &s, error))
    return FALSE;
  if (s == NULL)
    return TRUE;
  if (!parse (s, out))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The saved request has an unknown %s “%s”."), name, s);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_mode (const char *s, int *out)
{
  return kinema_mode_from_string (s, (KinemaMode *) out);
}

static gboolean
parse_aspect (const char *s, int *out)
{
  return kinema_aspect_from_string (s, (KinemaAspect *) out);
}

static gboolean
parse_quality (const char *s, int *out)
{
  return kinema_quality_from_string (s, (KinemaQuality *) out);
}

static gboolean
parse_multi_shot (const char *s, int *out)
{
  return kinema_multi_shot_from_string (s, (KinemaMultiShot *) out);
}

static gboolean
get_array (JsonObject  *obj,
           const char  *name,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The saved request has a malformed “%s” field."), name);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
string_array (JsonArray  *array,
              const char *name,
              GPtrArray  *out,
              GError    **error)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("The saved request has a malformed “%s” field."), name);
          return FALSE;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (n)));
    }
  return TRUE;
}

KinemaRequest *
kinema_request_new_from_json_node (JsonNode  *node,
                                   GError   **error)
{
  g_autoptr(KinemaRequest) self = NULL;
  JsonObject *obj;
  JsonArray *array;
  const char *s;
  gint64 i64;
  int e;
  double cfg;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("The saved request is not a JSON object."));
      return NULL;
    }
  obj = json_node_get_object (node);

  i64 = 0;
  if (!read_int (obj, "version", 1, G_MAXINT, &i64, error))
    return NULL;
  if (i64 > KINEMA_REQUEST_JSON_VERSION)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The saved request was written by a newer Kinema (format %d); update Kinema to open it."),
                   (int) i64);
      return NULL;
    }

  self = kinema_request_new ();
  /* Keep "changed" quiet while loading: the object is not shared yet. */

  e = self->mode;
  if (!read_enum (obj, "mode", parse_mode, &e, error))
    return NULL;
  self->mode = e;

  if (!read_string (obj, "prompt", &s, error))
    return NULL;
  set_string (&self->prompt, s ? s : "");
  if (!read_string (obj, "negative_prompt", &s, error))
    return NULL;
  set_string (&self->negative_prompt, s ? s : "");

  i64 = self->duration;
  if (!read_int (obj, "duration", 0, 60, &i64, error))
    return NULL;
  self->duration = (guint) i64;

  e = self->aspect;
  if (!read_enum (obj, "aspect", parse_aspect, &e, error))
    return NULL;
  self->aspect = e;

  e = self->quality;
  if (!read_enum (obj, "quality", parse_quality, &e, error))
    return NULL;
  self->quality = e;

  if (!read_bool (obj, "audio", &self->audio, error) ||
      !read_bool (obj, "watermark", &self->watermark, error))
    return NULL;

  if (json_object_has_member (obj, "cfg_scale"))
    {
      JsonNode *n = json_object_get_member (obj, "cfg_scale");

      if (!JSON_NODE_HOLDS_VALUE (n) ||
          (json_node_get_value_type (n) != G_TYPE_DOUBLE && json_node_get_value_type (n) != G_TYPE_INT64))
        {
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("The saved request has a malformed “cfg_scale” field."));
          return NULL;
        }
      cfg = json_node_get_double (n);
      if (!(cfg >= 0.0 && cfg <= 1.0))
        {
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("The saved request has a cfg_scale outside 0–1."));
          return NULL;
        }
      self->cfg_scale = cfg;
    }

  if (!read_string (obj, "first_frame", &s, error))
    return NULL;
  set_string (&self->first_frame, empty_to_null (s));
  if (!read_string (obj, "last_frame", &s, error))
    return NULL;
  set_string (&self->last_frame, empty_to_null (s));

  if (!get_array (obj, "reference_images", &array, error))
    return NULL;
  if (!string_array (array, "reference_images", self->reference_images, error))
    return NULL;

  e = self->multi_shot;
  if (!read_enum (obj, "multi_shot", parse_multi_shot, &e, error))
    return NULL;
  self->multi_shot = e;

  if (!get_array (obj, "shots", &array, error))
    return NULL;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      KinemaShot shot = { 0, NULL };

      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("The saved request has a malformed shot."));
          return NULL;
        }
      i64 = 0;
      if (!read_int (json_node_get_object (n), "duration", 0, 60, &i64, error) ||
          !read_string (json_node_get_object (n), "prompt", &s, error))
        return NULL;
      shot.duration = (guint) i64;
      shot.prompt = g_strdup (s ? s : "");
      g_array_append_val (self->shots, shot);
    }

  if (!get_array (obj, "elements", &array, error))
    return NULL;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
      const char *name = NULL, *desc = NULL;
      KinemaElement el;
      JsonArray *imgs;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("The saved request has a malformed element."));
          return NULL;
        }
      if (!read_string (json_node_get_object (n), "name", &name, error) ||
          !read_string (json_node_get_object (n), "description", &desc, error))
        return NULL;
      if (!get_array (json_node_get_object (n), "images", &imgs, error))
        return NULL;
      if (!string_array (imgs, "images", images, error))
        return NULL;
      g_ptr_array_add (images, NULL);
      el.name = g_strdup (name ? name : "");
      el.description = g_strdup (desc ? desc : "");
      el.images = (GStrv) g_ptr_array_free (g_steal_pointer (&images), FALSE);
      g_array_append_val (self->elements, el);
    }

  return g_steal_pointer (&self);
}

KinemaRequest *
kinema_request_new_from_json (const char  *json,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The saved request is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  /* json-glib accepts empty input and gives no root. */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("The saved request is empty."));
      return NULL;
    }
  return kinema_request_new_from_json_node (json_parser_get_root (parser), error);
}
