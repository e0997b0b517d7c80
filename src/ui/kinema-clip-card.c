/* kinema-clip-card.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-clip-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-clip-card.h"
#include "kinema-ui-util.h"
#include "kinema-error.h"
#include "kinema-library.h"

/* How often an indeterminate progress bar moves, in microseconds. */
#define PULSE_INTERVAL_US (G_USEC_PER_SEC / 8)
/* Width of the thumbnails asked for; the card is about 240 px wide. */
#define THUMBNAIL_WIDTH   320
/* Decoded thumbnails kept in memory (about 230 kB each), so that scrolling
 * back does not read the PNGs again. */
#define MAX_CACHED_TEXTURES 96
/* A request dropped from the thumbnailer's full queue is asked again. */
#define MAX_THUMBNAIL_RETRIES 3

struct _KinemaClipCard
{
  GtkWidget          parent_instance;

  KinemaJob         *job;
  char              *provider_name;
  guint              typical_seconds;
  GSignalGroup      *job_signals;
  guint              tick_id;
  gint64             last_pulse;
  gint64             last_clock;       /* the wall-clock second last shown */

  KinemaThumbnailer *thumbnailer;
  GCancellable      *thumb_cancellable;
  char              *thumb_for;         /* the clip path the thumbnail shows or is loading */
  char              *broken_reason;
  gboolean           has_thumbnail;
  gboolean           updating;
  guint              retry_id;
  guint              n_retries;

  /* What set_state_style and show_status last set (static strings): a card
   * is updated on every poll and every second, and re-setting the same
   * classes and icons restyles and relayouts it each time. */
  const char        *shown_style;
  const char        *shown_state_icon;
  const char        *shown_status_icon;
  gboolean           styled;
  gboolean           built;            /* the template is in place */

  /* Template children */
  GtkStack          *thumb_stack;
  GtkPicture        *thumb_picture;
  GtkImage          *status_icon;
  GtkLabel          *status_label;
  GtkToggleButton   *star_button;
  GtkLabel          *duration_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *prompt_label;
  GtkLabel          *details_label;
  GtkImage          *state_icon;
  GtkLabel          *state_label;
  GtkButton         *action_button;
  GtkMenuButton     *menu_button;
};

G_DEFINE_FINAL_TYPE (KinemaClipCard, kinema_clip_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  PROP_PROVIDER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The texture cache: PNG path -> GdkTexture, dropped wholesale when full. */
static GHashTable *texture_cache;
/* Clips found broken: path -> BrokenEntry. Decoding a broken file can take
 * the thumbnailer seconds; scrolling past it again should not. */
static GHashTable *broken_cache;

#define BROKEN_CACHE_LIFETIME_US (2 * 60 * G_USEC_PER_SEC)

/* Cards made with kinema_clip_card_new_deferred() that wait to be built,
 * oldest first. A card leaves the queue when it is built or disposed. */
static GQueue deferred_cards = G_QUEUE_INIT;

typedef struct
{
  char   *reason;
  gint64  when;      /* monotonic */
} BrokenEntry;

static void
broken_entry_free (BrokenEntry *entry)
{
  g_free (entry->reason);
  g_free (entry);
}

static void card_update    (KinemaClipCard *self);
static void card_build     (KinemaClipCard *self);
static void schedule_retry (KinemaClipCard *self);

/* Auxiliary methods */

static gboolean
state_is_active (KinemaJobState state)
{
  return kinema_job_state_get_group (state) == KINEMA_JOB_GROUP_RUNNING;
}

static char *
format_clock (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static char *
format_when (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (unix_seconds <= 0)
    return NULL;
  when = g_date_time_new_from_unix_local (unix_seconds);
  if (when == NULL)
    return NULL;

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: a time today, see the GDateTime format codes */
    return g_date_time_format (when, _("%H:%M"));
  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: a date this year, see the GDateTime format codes */
    return g_date_time_format (when, _("%e %b, %H:%M"));
  /* Translators: a date in another year, see the GDateTime format codes */
  return g_date_time_format (when, _("%e %b %Y"));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  /* Pulses on a shared beat (the frame time is the same for every card in
   * a frame): all running cards move in the same frame, eight frames a
   * second, instead of each on its own and the window redrawn every frame. */
  if (self->job != NULL && kinema_job_get_progress (self->job) < 0 &&
      now / PULSE_INTERVAL_US != self->last_pulse)
    {
      self->last_pulse = now / PULSE_INTERVAL_US;
      gtk_progress_bar_pulse (self->progress_bar);
    }

  /* The elapsed time moves on once a second: on the wall clock's second,
   * so that every running card changes in the same frame (a new text is a
   * relayout of the window, and each relayout asks X11 about the screen). */
  {
    gint64 second = g_get_real_time () / G_USEC_PER_SEC;

    if (second != self->last_clock)
      {
        self->last_clock = second;
        card_update (self);
      }
  }

  return G_SOURCE_CONTINUE;
}

static void
set_ticking (KinemaClipCard *self,
             gboolean        ticking)
{
  if (ticking && self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!ticking && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
set_state_style (KinemaClipCard *self,
                 const char     *icon_name,
                 const char     *style)
{
  GtkWidget *icon = GTK_WIDGET (self->state_icon);

  if (self->styled && g_strcmp0 (icon_name, self->shown_state_icon) == 0 &&
      g_strcmp0 (style, self->shown_style) == 0)
    return;

  if (self->shown_style != NULL)
    {
      gtk_widget_remove_css_class (icon, self->shown_style);
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), self->shown_style);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), self->shown_style);
    }

  if (g_strcmp0 (icon_name, self->shown_state_icon) != 0 || !self->styled)
    {
      gtk_image_set_from_icon_name (self->state_icon, icon_name);
      gtk_widget_set_visible (icon, icon_name != NULL);
    }

  if (style != NULL)
    {
      gtk_widget_add_css_class (icon, style);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
      if (g_strcmp0 (style, "success") != 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->state_label), style);
    }

  self->shown_state_icon = icon_name;
  self->shown_style = style;
  self->styled = TRUE;
}

static void
show_status (KinemaClipCard *self,
             const char     *icon_name,
             const char     *text)
{
  if (g_strcmp0 (icon_name, self->shown_status_icon) != 0 || !self->styled)
    {
      gtk_image_set_from_icon_name (self->status_icon, icon_name);
      gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
      self->shown_status_icon = icon_name;
    }
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  gtk_stack_set_visible_child_name (self->thumb_stack, "status");
}

static void
set_action (KinemaClipCard *self,
            const char     *label,
            const char     *action_name,
            const char     *tooltip)
{
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), action_name != NULL);
  if (action_name == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button), NULL);
      return;
    }
  /* Unchanged (the same job, action and label): nothing to redo. */
  {
    GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (self->action_button));

    if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (self->action_button)), action_name) == 0 &&
        target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING) &&
        g_strcmp0 (g_variant_get_string (target, NULL), kinema_job_get_id (self->job)) == 0 &&
        g_strcmp0 (gtk_button_get_label (self->action_button), label) == 0)
      return;
  }
  gtk_button_set_label (self->action_button, label);
  kinema_widget_set_tooltip (GTK_WIDGET (self->action_button), tooltip);
  /* The target first: an action name without it would not match. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->action_button),
                                          g_variant_new_string (kinema_job_get_id (self->job)));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->action_button), action_name);
}

static void
set_broken (KinemaClipCard *self,
            const char     *reason)
{
  if (g_strcmp0 (self->broken_reason, reason) == 0)
    return;
  g_free (self->broken_reason);
  self->broken_reason = g_strdup (reason);
  if (reason != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "broken");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "broken");
}

static void
remember_broken (const char *path,
                 const char *reason)
{
  BrokenEntry *entry = g_new0 (BrokenEntry, 1);

  if (broken_cache == NULL)
    broken_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) broken_entry_free);
  entry->reason = g_strdup (reason);
  entry->when = g_get_monotonic_time ();
  g_hash_table_replace (broken_cache, g_strdup (path), entry);
}

static const char *
lookup_broken (const char *path)
{
  BrokenEntry *entry = broken_cache ? g_hash_table_lookup (broken_cache, path) : NULL;

  if (entry == NULL)
    return NULL;
  if (g_get_monotonic_time () - entry->when > BROKEN_CACHE_LIFETIME_US)
    {
      g_hash_table_remove (broken_cache, path);
      return NULL;
    }
  return entry->reason;
}

/* The clip behind the current request cannot be shown. */
static void
thumbnail_failed (KinemaClipCard *self,
                  const char     *reason)
{
  remember_broken (self->thumb_for, reason);
  set_broken (self, reason);
  card_update (self);
}

static void
cancel_thumbnail (KinemaClipCard *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->n_retries = 0;
  if (self->thumb_cancellable != NULL)
    g_cancellable_cancel (self->thumb_cancellable);
  g_clear_object (&self->thumb_cancellable);
  g_clear_pointer (&self->thumb_for, g_free);
  self->has_thumbnail = FALSE;
  if (self->built)
    gtk_picture_set_paintable (self->thumb_picture, NULL);
}

static KinemaClip *
done_clip (KinemaClipCard *self)
{
  KinemaClip *clip;

  if (self->job == NULL || kinema_job_get_state (self->job) != KINEMA_JOB_DONE)
    return NULL;
  clip = kinema_job_get_clip (self->job);
  if (clip == NULL || clip->path == NULL || *clip->path == '\0')
    return NULL;
  return clip;
}

/* Thumbnails */

typedef struct
{
  KinemaClipCard *card;           /* owned */
  GCancellable   *cancellable;    /* owned: the request's, to tell stale answers */
  char           *png_path;
} ThumbRequest;

static void
thumb_request_free (ThumbRequest *request)
{
  g_clear_object (&request->card);
  g_clear_object (&request->cancellable);
  g_free (request->png_path);
  g_free (request);
}

static gboolean
thumb_request_is_current (ThumbRequest *request)
{
  return !g_cancellable_is_cancelled (request->cancellable) &&
         request->card->thumb_cancellable == request->cancellable;
}

static void
show_texture (KinemaClipCard *self,
              GdkTexture     *texture)
{
  gtk_picture_set_paintable (self->thumb_picture, GDK_PAINTABLE (texture));
  self->has_thumbnail = TRUE;
  card_update (self);
}

static void
load_texture_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *png_path = task_data;
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_filename (png_path, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
texture_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ThumbRequest *request = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (thumb_request_is_current (request))
    {
      if (texture != NULL)
        {
          if (texture_cache == NULL)
            texture_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
          if (g_hash_table_size (texture_cache) >= MAX_CACHED_TEXTURES)
            g_hash_table_remove_all (texture_cache);
          g_hash_table_replace (texture_cache, g_strdup (request->png_path), g_object_ref (texture));
          show_texture (request->card, texture);
        }
      else
        {
          g_debug ("Cannot load thumbnail %s: %s", request->png_path, error->message);
          set_broken (request->card, _("No preview"));
          card_update (request->card);
        }
    }
  thumb_request_free (request);
}

static void
file_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ThumbRequest *request = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (thumb_request_is_current (request))
    {
      if (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        thumbnail_failed (request->card, _("File missing"));
      else
        thumbnail_failed (request->card, _("Cannot read the file"));
    }
  thumb_request_free (request);
}

static void
thumbnail_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ThumbRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *png_path = NULL;
  KinemaClipCard *self = request->card;
  GdkTexture *cached;

  png_path = kinema_thumbnailer_request_finish (KINEMA_THUMBNAILER (source), result, &error);

  if (!thumb_request_is_current (request))
    {
      thumb_request_free (request);
      return;
    }

  if (png_path == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Dropped from a full queue while still wanted: ask again. */
          g_debug ("Thumbnail request for %s dropped; asking again", self->thumb_for);
          schedule_retry (self);
          thumb_request_free (request);
          return;
        }
      if (g_error_matches (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE))
        {
          /* Missing, or unreadable? Ask without blocking. */
          g_autoptr(GFile) file = g_file_new_for_path (self->thumb_for);

          g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                                   G_PRIORITY_DEFAULT, request->cancellable, file_checked_cb, request);
          return;
        }
      g_debug ("No thumbnail for %s: %s", self->thumb_for, error->message);
      thumbnail_failed (self, _("Not a playable video"));
      thumb_request_free (request);
      return;
    }

  cached = texture_cache ? g_hash_table_lookup (texture_cache, png_path) : NULL;
  if (cached != NULL)
    {
      show_texture (self, cached);
      thumb_request_free (request);
      return;
    }

  /* Decoding a PNG is image work: not on the main thread. */
  {
    g_autoptr(GTask) task = g_task_new (NULL, request->cancellable, texture_loaded_cb, request);

    request->png_path = g_strdup (png_path);
    g_task_set_source_tag (task, thumbnail_ready_cb);
    g_task_set_task_data (task, g_strdup (png_path), g_free);
    g_task_run_in_thread (task, load_texture_thread);
  }
}

static void request_thumbnail (KinemaClipCard *self);

static gboolean
retry_thumbnail_cb (gpointer user_data)
{
  KinemaClipCard *self = user_data;

  guint n_retries = self->n_retries;

  self->retry_id = 0;
  g_clear_pointer (&self->thumb_for, g_free);
  request_thumbnail (self);
  self->n_retries = n_retries;
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (KinemaClipCard *self)
{
  if (self->retry_id == 0 && self->n_retries < MAX_THUMBNAIL_RETRIES)
    {
      self->n_retries++;
      self->retry_id = g_timeout_add (250 * self->n_retries, retry_thumbnail_cb, self);
    }
}

static void
request_thumbnail (KinemaClipCard *self)
{
  KinemaClip *clip = done_clip (self);
  ThumbRequest *request;

  if (clip == NULL)
    {
      if (self->thumb_for != NULL)
        cancel_thumbnail (self);
      set_broken (self, NULL);
      return;
    }

  /* Already shown or on its way */
  if (g_strcmp0 (self->thumb_for, clip->path) == 0)
    return;

  cancel_thumbnail (self);
  set_broken (self, NULL);
  if (self->thumbnailer == NULL)
    return;

  self->thumb_for = g_strdup (clip->path);
  if (lookup_broken (clip->path) != NULL)
    {
      set_broken (self, lookup_broken (clip->path));
      return;
    }
  self->thumb_cancellable = g_cancellable_new ();

  request = g_new0 (ThumbRequest, 1);
  request->card = g_object_ref (self);
  request->cancellable = g_object_ref (self->thumb_cancellable);
  kinema_thumbnailer_request_async (self->thumbnailer, clip->path, THUMBNAIL_WIDTH,
                                    self->thumb_cancellable, thumbnail_ready_cb, request);
}

/* Everything shown comes from the job; one function puts it on screen. */
static void
card_update (KinemaClipCard *self)
{
  KinemaRequest *request;
  KinemaJobState state;
  KinemaClip *clip;
  const char *prompt;
  const char *error_message;
  double progress;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *state_text = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *when = NULL;
  g_autofree char *accessible = NULL;
  gboolean active;

  if (self->job == NULL || !self->built)
    {
      set_ticking (self, FALSE);
      return;
    }

  self->updating = TRUE;

  request = kinema_job_get_request (self->job);
  state = kinema_job_get_state (self->job);
  progress = kinema_job_get_progress (self->job);
  clip = kinema_job_get_clip (self->job);
  error_message = kinema_job_get_error_message (self->job);
  active = state_is_active (state);

  prompt = request ? kinema_request_get_prompt (request) : NULL;
  if (prompt == NULL || *prompt == '\0')
    prompt = _("No prompt");
  gtk_label_set_label (self->prompt_label, prompt);

  if (self->provider_name != NULL && *self->provider_name != '\0')
    g_string_append (details, self->provider_name);
  if (request != NULL)
    {
      if (details->len > 0)
        g_string_append (details, " · ");
      g_string_append (details, kinema_aspect_to_string (kinema_request_get_aspect (request)));
    }
  when = format_when (kinema_job_get_created (self->job));
  if (when != NULL)
    g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "", g_strstrip (when));
  gtk_label_set_label (self->details_label, details->str);

  /* The duration badge: the real length once there is a clip. */
  if (clip != NULL && clip->duration_ms > 0)
    {
      g_autofree char *length = format_clock ((clip->duration_ms + 500) / 1000);

      gtk_label_set_label (self->duration_label, length);
      gtk_widget_set_visible (GTK_WIDGET (self->duration_label), self->broken_reason == NULL);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->duration_label), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->star_button),
                          clip != NULL && state == KINEMA_JOB_DONE && self->broken_reason == NULL);
  gtk_toggle_button_set_active (self->star_button, clip != NULL && clip->favourite);
  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            clip != NULL && clip->favourite ? "starred-symbolic" : "non-starred-symbolic");
  kinema_widget_set_tooltip (GTK_WIDGET (self->star_button),
                             clip != NULL && clip->favourite ? _("Remove from Favourites") : _("Add to Favourites"));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), active);

  if (active)
    {
      gint64 started = kinema_job_get_submitted (self->job);
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      if (started <= 0)
        started = kinema_job_get_created (self->job);

      if (progress >= 0)
        {
          int percent = (int) (CLAMP (progress, 0.0, 1.0) * 100 + 0.5);

          gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (progress, 0.0, 1.0));
          /* Translators: a job's state, then how far it got, e.g. "Running · 42 %" */
          state_text = g_strdup_printf (_("%s · %d %%"), kinema_job_state_to_label (state), percent);
          status_text = g_strdup_printf (_("%d %%"), percent);
        }
      else
        {
          g_autofree char *elapsed = format_clock (now - started);
          g_autofree char *typical = format_clock (self->typical_seconds ? self->typical_seconds : 120);

          /* Translators: time since the job started, then how long one usually takes, e.g. "0:42 / ~2:00" */
          status_text = g_strdup_printf (_("%s / ~%s"), elapsed, typical);
          /* Translators: a job's state, then the elapsed and usual time, e.g. "Queued · 0:42 / ~2:00" */
          state_text = g_strdup_printf (_("%s · %s"), kinema_job_state_to_label (state), status_text);
        }
      show_status (self, "content-loading-symbolic", status_text);
      set_state_style (self, NULL, "dim-label");
      set_action (self, NULL, NULL, NULL);
      set_ticking (self, TRUE);
    }
  else
    {
      set_ticking (self, FALSE);

      switch (state)
        {
        case KINEMA_JOB_DONE:
          if (self->broken_reason != NULL)
            {
              state_text = g_strdup (self->broken_reason);
              set_state_style (self, "dialog-warning-symbolic", "error");
              show_status (self, "image-missing-symbolic", self->broken_reason);
            }
          else
            {
              state_text = g_strdup (_("Ready"));
              set_state_style (self, "emblem-ok-symbolic", "success");
              if (self->has_thumbnail)
                gtk_stack_set_visible_child_name (self->thumb_stack, "picture");
              else
                gtk_stack_set_visible_child_name (self->thumb_stack, "loading");
            }
          set_action (self, NULL, NULL, NULL);
          break;

        case KINEMA_JOB_FAILED:
          state_text = g_strdup (error_message && *error_message ? error_message
                                                                 : kinema_job_state_to_label (state));
          set_state_style (self, "dialog-error-symbolic", "error");
          show_status (self, "dialog-error-symbolic", kinema_job_state_to_label (state));
          set_action (self, _("Retry"), "clip.retry",
                      _("Generate this request again, as a new paid job"));
          break;

        case KINEMA_JOB_UNKNOWN:
          if (error_message && *error_message)
            state_text = g_strdup_printf ("%s · %s", kinema_job_state_to_label (state), error_message);
          else
            state_text = g_strdup (kinema_job_state_to_label (state));
          set_state_style (self, "dialog-warning-symbolic", "warning");
          show_status (self, "dialog-question-symbolic", kinema_job_state_to_label (state));
          if (kinema_job_get_remote_task_id (self->job) != NULL)
            set_action (self, _("Check Again"), "clip.check-again",
                        _("Ask the provider about this task again; nothing is sent or charged twice"));
          else
            set_action (self, NULL, NULL, NULL);
          break;

        case KINEMA_JOB_CANCELLED:
        default:
          state_text = g_strdup (kinema_job_state_to_label (state));
          set_state_style (self, "process-stop-symbolic", "dim-label");
          show_status (self, "process-stop-symbolic", kinema_job_state_to_label (state));
          set_action (self, _("Retry"), "clip.retry",
                      _("Generate this request again, as a new paid job"));
          break;
        }
    }

  gtk_label_set_label (self->state_label, state_text);

  accessible = g_strdup_printf ("%s. %s. %s", prompt, details->str, state_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  self->updating = FALSE;
}

static void
job_changed (KinemaClipCard *self)
{
  /* A card still waiting to be built shows the job once it is. */
  if (!self->built)
    return;
  request_thumbnail (self);
  card_update (self);
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             const char *job_id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (job_id));
  g_menu_append_item (menu, item);
}

/* The menu is made when it opens: a grid of thousands of cards makes
 * none it does not need. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (user_data);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) use = g_menu_new ();
  g_autoptr(GMenu) file = g_menu_new ();
  g_autoptr(GMenu) end = g_menu_new ();
  KinemaJobState state;
  const char *id;
  gboolean playable;

  if (self->job == NULL)
    {
      gtk_menu_button_set_menu_model (button, NULL);
      return;
    }

  id = kinema_job_get_id (self->job);
  state = kinema_job_get_state (self->job);
  playable = done_clip (self) != NULL && self->broken_reason == NULL;

  append_item (use, _("_Remix"), "clip.remix", id);
  if (playable)
    {
      append_item (use, _("Continue from _Last Frame"), "clip.continue", id);
      append_item (use, _("_Compare With…"), "clip.compare-with", id);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (use));

  if (done_clip (self) != NULL)
    {
      if (playable)
        append_item (file, _("_Export…"), "clip.export", id);
      append_item (file, _("Show in _Files"), "clip.open-folder", id);
    }
  append_item (file, _("Copy _Prompt"), "clip.copy-prompt", id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (file));

  if (state_is_active (state))
    append_item (end, _("C_ancel"), "clip.cancel", id);
  else
    append_item (end, _("_Delete"), "clip.delete", id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (end));

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* Callbacks */

static void
star_toggled_cb (KinemaClipCard  *self,
                 GtkToggleButton *button)
{
  if (self->updating || self->job == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "clip.favourite", "s", kinema_job_get_id (self->job));
  /* Shows what the action made of it (also when it failed). */
  card_update (self);
}

/* GtkWidget */

static void
kinema_clip_card_unmap (GtkWidget *widget)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (widget);

  /* Tick callbacks only run while mapped; card_update () adds it back. */
  set_ticking (self, FALSE);

  GTK_WIDGET_CLASS (kinema_clip_card_parent_class)->unmap (widget);
}

static void
kinema_clip_card_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kinema_clip_card_parent_class)->map (widget);

  card_update (KINEMA_CLIP_CARD (widget));
}

/* GObject */

static void
kinema_clip_card_dispose (GObject *object)
{
  KinemaClipCard *self = (KinemaClipCard *) object;
  GtkWidget *child;

  set_ticking (self, FALSE);
  cancel_thumbnail (self);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);
  g_clear_object (&self->job);
  g_clear_object (&self->thumbnailer);
  g_queue_remove (&deferred_cards, self);

  if (self->built)
    gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_CLIP_CARD);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kinema_clip_card_parent_class)->dispose (object);
}

static void
kinema_clip_card_finalize (GObject *object)
{
  KinemaClipCard *self = (KinemaClipCard *) object;

  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->broken_reason, g_free);
  g_clear_pointer (&self->thumb_for, g_free);

  G_OBJECT_CLASS (kinema_clip_card_parent_class)->finalize (object);
}

static void
kinema_clip_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_PROVIDER_NAME:
      g_value_set_string (value, self->provider_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_clip_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (object);

  switch (prop_id)
    {
    case PROP_JOB:
      kinema_clip_card_set_job (self, g_value_get_object (value));
      break;
    case PROP_PROVIDER_NAME:
      kinema_clip_card_set_provider_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_clip_card_class_init (KinemaClipCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_clip_card_dispose;
  object_class->finalize = kinema_clip_card_finalize;
  object_class->get_property = kinema_clip_card_get_property;
  object_class->set_property = kinema_clip_card_set_property;

  widget_class->map = kinema_clip_card_map;
  widget_class->unmap = kinema_clip_card_unmap;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL,
                         KINEMA_TYPE_JOB,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER_NAME] =
    g_param_spec_string ("provider-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-clip-card.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, thumb_stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, thumb_picture);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, status_icon);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, star_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, duration_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, state_icon);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, state_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, action_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, menu_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaclipcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kinema_clip_card_init (KinemaClipCard *self)
{
  /* The thumbnail follows the card's rounded corners. */
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  self->typical_seconds = 120;

  self->job_signals = g_signal_group_new (KINEMA_TYPE_JOB);
  g_signal_group_connect_swapped (self->job_signals, "notify::state", G_CALLBACK (job_changed), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::progress", G_CALLBACK (card_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::error-message", G_CALLBACK (card_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::clip", G_CALLBACK (job_changed), self);
}

/* The card's widgets, from the template, and the job on them. GTK's
 * documentation asks for gtk_widget_init_template() in the instance
 * init; for a deferred card it runs later, on a card that has no children
 * yet, which GTK 4.8 handles the same way (the gallery and editor tests
 * pass with it under ASan and UBSan). */
static void
card_build (KinemaClipCard *self)
{
  if (self->built)
    return;
  g_queue_remove (&deferred_cards, self);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->built = TRUE;
  kinema_widget_set_tooltip (GTK_WIDGET (self->star_button), _("Favourite"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->menu_button), _("More Actions"));
  kinema_label_tooltip_from_text (self->prompt_label);
  kinema_label_tooltip_from_text (self->details_label);
  kinema_label_tooltip_from_text (self->state_label);

  g_signal_connect_object (self->star_button, "toggled", G_CALLBACK (star_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, self, NULL);

  job_changed (self);
}

/* Public API */

GtkWidget *
kinema_clip_card_new (void)
{
  KinemaClipCard *self = g_object_new (KINEMA_TYPE_CLIP_CARD, NULL);

  card_build (self);
  return GTK_WIDGET (self);
}

GtkWidget *
kinema_clip_card_new_deferred (void)
{
  KinemaClipCard *self = g_object_new (KINEMA_TYPE_CLIP_CARD, NULL);

  g_queue_push_tail (&deferred_cards, self);
  return GTK_WIDGET (self);
}

gboolean
kinema_clip_card_build_deferred (guint max_cards)
{
  for (guint i = 0; i < max_cards && !g_queue_is_empty (&deferred_cards); i++)
    card_build (g_queue_peek_head (&deferred_cards));
  return !g_queue_is_empty (&deferred_cards);
}

gboolean
kinema_clip_card_is_built (KinemaClipCard *self)
{
  g_return_val_if_fail (KINEMA_IS_CLIP_CARD (self), FALSE);

  return self->built;
}

KinemaJob *
kinema_clip_card_get_job (KinemaClipCard *self)
{
  g_return_val_if_fail (KINEMA_IS_CLIP_CARD (self), NULL);

  return self->job;
}

void
kinema_clip_card_set_job (KinemaClipCard *self,
                          KinemaJob      *job)
{
  g_return_if_fail (KINEMA_IS_CLIP_CARD (self));
  g_return_if_fail (job == NULL || KINEMA_IS_JOB (job));

  if (!g_set_object (&self->job, job))
    return;

  g_signal_group_set_target (self->job_signals, job);
  if (job == NULL)
    {
      set_ticking (self, FALSE);
      cancel_thumbnail (self);
      set_broken (self, NULL);
    }
  else
    job_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

const char *
kinema_clip_card_get_provider_name (KinemaClipCard *self)
{
  g_return_val_if_fail (KINEMA_IS_CLIP_CARD (self), NULL);

  return self->provider_name;
}

void
kinema_clip_card_set_provider_name (KinemaClipCard *self,
                                    const char     *provider_name)
{
  g_return_if_fail (KINEMA_IS_CLIP_CARD (self));

  if (g_strcmp0 (self->provider_name, provider_name) == 0)
    return;

  g_free (self->provider_name);
  self->provider_name = g_strdup (provider_name);
  card_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_NAME]);
}

void
kinema_clip_card_set_typical_seconds (KinemaClipCard *self,
                                      guint           seconds)
{
  g_return_if_fail (KINEMA_IS_CLIP_CARD (self));

  self->typical_seconds = seconds;
  card_update (self);
}

void
kinema_clip_card_set_thumbnailer (KinemaClipCard    *self,
                                  KinemaThumbnailer *thumbnailer)
{
  g_return_if_fail (KINEMA_IS_CLIP_CARD (self));
  g_return_if_fail (thumbnailer == NULL || KINEMA_IS_THUMBNAILER (thumbnailer));

  if (!g_set_object (&self->thumbnailer, thumbnailer))
    return;
  cancel_thumbnail (self);
  job_changed (self);
}

const char *
kinema_clip_card_get_broken_reason (KinemaClipCard *self)
{
  g_return_val_if_fail (KINEMA_IS_CLIP_CARD (self), NULL);

  return self->broken_reason;
}

gboolean
kinema_clip_card_has_thumbnail (KinemaClipCard *self)
{
  g_return_val_if_fail (KINEMA_IS_CLIP_CARD (self), FALSE);

  return self->has_thumbnail;
}

void
kinema_clip_card_clear_texture_cache (void)
{
  if (texture_cache != NULL)
    g_hash_table_remove_all (texture_cache);
  if (broken_cache != NULL)
    g_hash_table_remove_all (broken_cache);
}
