/* kinema-gallery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-gallery"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-clip-card.h"
#include "kinema-gallery-private.h"
#include "kinema-window-private.h"
#include "kinema-ui-util.h"

/* How long a generation usually takes, for cards of providers that report
 * no progress. */
#define TYPICAL_SECONDS            120
#define TYPICAL_SECONDS_SIMULATOR  10

G_DEFINE_FINAL_TYPE (KinemaGallery, kinema_gallery, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SELECTED_JOB,
  PROP_SELECTED_CLIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static gboolean
filters_active (KinemaGallery *self)
{
  KinemaJobList *jobs = self->jobs;

  return jobs != NULL &&
         (kinema_job_list_get_query (jobs) != NULL ||
          kinema_job_list_get_provider_id (jobs) != NULL ||
          kinema_job_list_get_state_group (jobs) != KINEMA_JOB_GROUP_ANY ||
          kinema_job_list_get_favourites_only (jobs) ||
          kinema_job_list_get_date_range (jobs) != KINEMA_DATE_RANGE_ALL);
}

/* The first frame. GTK 4.8's GtkGridView makes a card for about 30 rows
 * as soon as it has a model (see below), and building them took as long
 * as the rest of the window's first frame. The cards the first frame can
 * show, as many rows as the window's height holds, are built at once; the
 * others wait (kinema_clip_card_new_deferred) and are built one a frame
 * in the frames that follow, where a creator does not see them: a card
 * and its first layout take a few ms, two or more in one frame made it
 * late. */

#define CARD_HEIGHT_ESTIMATE 230  /* px: a card's thumbnail, two lines of prompt, state */

static guint
first_frame_cards (KinemaGallery *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width = 0, height = 0;

  /* (GTK 4.8 does not take NULL for the width.) */
  if (GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  if (height <= 0)
    height = 1080;
  return gtk_grid_view_get_max_columns (self->grid) * (guint) (height / CARD_HEIGHT_ESTIMATE + 1);
}

static void
count_built_cards (GtkWidget     *widget,
                   KinemaGallery *self)
{
  if (KINEMA_IS_CLIP_CARD (widget))
    {
      graphene_rect_t bounds;
      GtkWidget *grid = GTK_WIDGET (self->grid);

      if (kinema_clip_card_is_built (KINEMA_CLIP_CARD (widget)))
        self->first_frame_built++;
      else
        {
          self->first_frame_deferred++;
          /* One the frame showed blank (a window taller than its default). */
          if (gtk_widget_compute_bounds (widget, grid, &bounds) &&
              bounds.origin.y < gtk_widget_get_height (grid) &&
              bounds.origin.y + bounds.size.height > 0)
            self->first_frame_blank++;
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    count_built_cards (child, self);
}

static gboolean
build_deferred_cards_cb (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data)
{
  KinemaGallery *self = KINEMA_GALLERY (widget);

  if (kinema_clip_card_build_deferred (1))
    return G_SOURCE_CONTINUE;
  self->build_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolled before they were all built: the creator wants to see them. */
static void
grid_scrolled_cb (KinemaGallery *self)
{
  if (self->build_tick_id == 0)
    return;
  kinema_clip_card_build_deferred (G_MAXUINT);
  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->build_tick_id);
  self->build_tick_id = 0;
}

static void
first_frame_painted_cb (GtkWidget *widget)
{
  KinemaGallery *self = KINEMA_GALLERY (widget);

  self->drawn = TRUE;
  count_built_cards (GTK_WIDGET (self->grid), self);
  /* Whatever waits (the queue, not the count above, says): one a frame. */
  if (self->build_tick_id == 0 && kinema_clip_card_build_deferred (0))
    self->build_tick_id = gtk_widget_add_tick_callback (widget, build_deferred_cards_cb, NULL, NULL);
  g_debug ("first frame: %u cards built, %u built after it, %u of them in view",
           self->first_frame_built, self->first_frame_deferred, self->first_frame_blank);
}

/* Columns.  GTK 4.8's GtkGridView keeps about 30 rows of cards alive,
 * each max-columns wide, whatever the height: with max-columns 8 a gallery
 * of 10,000 clips built 257 cards (and loaded their thumbnails) to show a
 * dozen, which took most of the startup time. So max-columns follows the
 * width: as many columns as fit, which is what the grid shows anyway. */

#define GALLERY_MAX_COLUMNS 8

static void
update_columns_idle_cb (gpointer user_data)
{
  KinemaGallery *self = user_data;
  GtkWidget *grid = GTK_WIDGET (self->grid);
  int width = gtk_widget_get_width (grid);
  int column_min = 0;
  guint columns;

  self->columns_idle_id = 0;
  if (width <= 0)
    return;
  /* With min-columns 1, the grid's minimum width is one column's. */
  gtk_widget_measure (grid, GTK_ORIENTATION_HORIZONTAL, -1, &column_min, NULL, NULL, NULL);
  columns = (guint) CLAMP (width / MAX (column_min, 1), 1, GALLERY_MAX_COLUMNS);
  if (columns != gtk_grid_view_get_max_columns (self->grid))
    gtk_grid_view_set_max_columns (self->grid, columns);
}

/* The width is known while the grid is being allocated, and changing its
 * columns then breaks GtkGridView's layout (an assertion in GTK 4.8): it
 * is done once the frame is over. */
static void
update_columns (KinemaGallery *self)
{
  if (self->columns_idle_id == 0)
    self->columns_idle_id = g_idle_add_once (update_columns_idle_cb, self);
}

static void
update_page (KinemaGallery *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *count = NULL;

  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "clips");
  else if (filters_active (self))
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");

  /* Translators: how many clips the gallery shows */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clip", "%u clips", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.clear-filters", filters_active (self));
}

static void
update_selected_clip (KinemaGallery *self)
{
  KinemaJob *job = self->selected_job;
  KinemaClip *clip = NULL;

  if (job != NULL && kinema_job_get_state (job) == KINEMA_JOB_DONE)
    clip = kinema_job_get_clip (job);

  if (g_set_object (&self->selected_clip, clip))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CLIP]);
}

static void
set_selected_job (KinemaGallery *self,
                  KinemaJob     *job)
{
  if (!g_set_object (&self->selected_job, job))
    return;

  g_signal_group_set_target (self->selected_job_signals, job);
  update_selected_clip (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_JOB]);
}

static char *
dup_provider_name (KinemaGallery *self,
                   const char    *provider_id)
{
  KinemaProvider *provider = NULL;

  if (self->engine != NULL && provider_id != NULL)
    provider = kinema_engine_get_provider (self->engine, provider_id);

  if (provider != NULL)
    return kinema_provider_dup_display_name (provider);

  /* A provider that has been removed since: its id is all there is. */
  return g_strdup (provider_id);
}

static guint
typical_seconds (KinemaGallery *self,
                 const char    *provider_id)
{
  KinemaProvider *provider = NULL;

  if (self->engine != NULL && provider_id != NULL)
    provider = kinema_engine_get_provider (self->engine, provider_id);

  return provider != NULL && kinema_provider_is_simulation (provider)
         ? TYPICAL_SECONDS_SIMULATOR : TYPICAL_SECONDS;
}

static void
rebuild_provider_filter (KinemaGallery *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *current = self->jobs ? kinema_job_list_get_provider_id (self->jobs) : NULL;
  guint selected = 0;

  g_ptr_array_set_size (self->provider_ids, 0);
  gtk_string_list_append (names, _("All providers"));
  g_ptr_array_add (self->provider_ids, NULL);

  if (self->engine != NULL)
    {
      GListModel *providers = kinema_engine_get_providers (self->engine);

      for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
        {
          g_autoptr(KinemaProvider) provider = g_list_model_get_item (providers, i);
          g_autofree char *name = kinema_provider_dup_display_name (provider);

          gtk_string_list_append (names, name);
          g_ptr_array_add (self->provider_ids, g_strdup (kinema_provider_get_id (provider)));
          if (g_strcmp0 (current, kinema_provider_get_id (provider)) == 0)
            selected = i + 1;
        }
    }

  self->updating_filters = TRUE;
  gtk_drop_down_set_model (self->provider_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->provider_dropdown, selected);
  self->updating_filters = FALSE;
}

GPtrArray *
_kinema_gallery_get_selected_jobs (KinemaGallery *self)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    {
      do
        g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
      while (gtk_bitset_iter_next (&iter, &position));
    }
  return jobs;
}

void
_kinema_gallery_select_job (KinemaGallery *self,
                            const char    *job_id)
{
  guint position = self->jobs ? kinema_job_list_find (self->jobs, job_id) : G_MAXUINT;

  if (position == G_MAXUINT)
    return;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", position);
}

/* Callbacks */

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KinemaGallery            *self)
{
  GtkWidget *card;

  if (self->drawn)
    card = kinema_clip_card_new ();
  else if (self->immediate_cards > 0)
    {
      self->immediate_cards--;
      card = kinema_clip_card_new ();
    }
  else
    card = kinema_clip_card_new_deferred ();

  kinema_clip_card_set_thumbnailer (KINEMA_CLIP_CARD (card), self->thumbnailer);
  gtk_list_item_set_child (item, card);
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KinemaGallery            *self)
{
  KinemaClipCard *card = KINEMA_CLIP_CARD (gtk_list_item_get_child (item));
  KinemaJob *job = gtk_list_item_get_item (item);
  const char *provider_id = kinema_job_get_provider_id (job);
  g_autofree char *provider_name = dup_provider_name (self, provider_id);

  kinema_clip_card_set_provider_name (card, provider_name);
  kinema_clip_card_set_typical_seconds (card, typical_seconds (self, provider_id));
  kinema_clip_card_set_job (card, job);
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KinemaGallery            *self)
{
  KinemaClipCard *card = KINEMA_CLIP_CARD (gtk_list_item_get_child (item));

  /* Drops the card's handlers on the job and cancels its thumbnail. */
  kinema_clip_card_set_job (card, NULL);
}

static void
selection_changed_cb (KinemaGallery *self)
{
  g_autoptr(GPtrArray) selected = _kinema_gallery_get_selected_jobs (self);
  KinemaJob *job = NULL;

  if (selected->len == 1)
    job = g_ptr_array_index (selected, 0);
  else if (selected->len > 1)
    {
      /* Adding to the selection keeps the clip that plays. */
      for (guint i = 0; i < selected->len && job == NULL; i++)
        if (g_ptr_array_index (selected, i) == self->selected_job)
          job = self->selected_job;
      if (job == NULL)
        job = g_ptr_array_index (selected, 0);
    }

  /* A filter that hides the playing clip does not stop it; only the
   * user's choice does (selection-changed, not items-changed). */
  set_selected_job (self, job);
  if (selected->len == 1)
    _kinema_gallery_selection_picked (self, job);
  _kinema_gallery_update_actions (self);
}

static void
grid_activate_cb (KinemaGallery *self,
                  guint          position)
{
  g_autoptr(KinemaJob) job = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (job != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "clip.play", "s", kinema_job_get_id (job));
}

static void
search_changed_cb (KinemaGallery  *self,
                   GtkSearchEntry *entry)
{
  if (self->jobs != NULL)
    kinema_job_list_set_query (self->jobs, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_page (self);
}

static void
stop_search_cb (KinemaGallery  *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
filters_changed_cb (KinemaGallery *self)
{
  guint provider;

  if (self->jobs == NULL || self->updating_filters)
    return;

  provider = gtk_drop_down_get_selected (self->provider_dropdown);
  kinema_job_list_set_provider_id (self->jobs,
                                   provider < self->provider_ids->len
                                   ? g_ptr_array_index (self->provider_ids, provider) : NULL);
  kinema_job_list_set_state_group (self->jobs,
                                   MIN (gtk_drop_down_get_selected (self->state_dropdown),
                                        KINEMA_JOB_GROUP_UNKNOWN));
  kinema_job_list_set_date_range (self->jobs,
                                  MIN (gtk_drop_down_get_selected (self->date_dropdown),
                                       KINEMA_DATE_RANGE_MONTH));
  kinema_job_list_set_sort (self->jobs,
                            MIN (gtk_drop_down_get_selected (self->sort_dropdown),
                                 KINEMA_JOB_SORT_SHORTEST));
  kinema_job_list_set_favourites_only (self->jobs, gtk_toggle_button_get_active (self->favourites_button));
  update_page (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KinemaGallery *self = KINEMA_GALLERY (widget);

  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->provider_dropdown, 0);
  gtk_drop_down_set_selected (self->state_dropdown, 0);
  gtk_drop_down_set_selected (self->date_dropdown, 0);
  gtk_toggle_button_set_active (self->favourites_button, FALSE);
  self->updating_filters = FALSE;

  if (self->jobs != NULL)
    kinema_job_list_set_query (self->jobs, NULL);
  filters_changed_cb (self);
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KinemaGallery *self = KINEMA_GALLERY (widget);
  g_autoptr(GPtrArray) selected = _kinema_gallery_get_selected_jobs (self);

  for (guint i = 0; i < selected->len; i++)
    g_action_group_activate_action (G_ACTION_GROUP (self->actions), "delete",
                                    g_variant_new_string (kinema_job_get_id (g_ptr_array_index (selected, i))));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kinema_gallery_focus_search (KINEMA_GALLERY (widget));
}

/* GObject */

static void
kinema_gallery_dispose (GObject *object)
{
  KinemaGallery *self = (KinemaGallery *) object;
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->columns_idle_id, g_source_remove);
  if (self->selected_job_signals != NULL)
    g_signal_group_set_target (self->selected_job_signals, NULL);

  /* Deletions whose toast is still up are not carried out: the clips stay
   * in the library (and toasts dismissed by the overlay going away below
   * find nothing pending). */
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_GALLERY);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  self->editor = NULL;
  if (self->compare_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->compare_window), (gpointer *) &self->compare_window);
  self->compare_window = NULL;

  if (self->info_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->info_toast), (gpointer *) &self->info_toast);
  self->info_toast = NULL;
  g_clear_object (&self->selected_job_signals);
  g_clear_object (&self->selected_job);
  g_clear_object (&self->selected_clip);
  g_clear_object (&self->selection);
  g_clear_object (&self->jobs);
  g_clear_object (&self->thumbnailer);
  g_clear_object (&self->actions);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kinema_gallery_parent_class)->dispose (object);
}

static void
kinema_gallery_finalize (GObject *object)
{
  KinemaGallery *self = (KinemaGallery *) object;

  g_clear_pointer (&self->provider_ids, g_ptr_array_unref);
  g_clear_pointer (&self->compare_pending, g_free);

  G_OBJECT_CLASS (kinema_gallery_parent_class)->finalize (object);
}

static void
kinema_gallery_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KinemaGallery *self = KINEMA_GALLERY (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_SELECTED_JOB:
      g_value_set_object (value, self->selected_job);
      break;
    case PROP_SELECTED_CLIP:
      g_value_set_object (value, self->selected_clip);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_gallery_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KinemaGallery *self = KINEMA_GALLERY (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      kinema_gallery_set_engine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_gallery_class_init (KinemaGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_gallery_dispose;
  object_class->finalize = kinema_gallery_finalize;
  object_class->get_property = kinema_gallery_get_property;
  object_class->set_property = kinema_gallery_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         KINEMA_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_JOB] =
    g_param_spec_object ("selected-job", NULL, NULL,
                         KINEMA_TYPE_JOB,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_CLIP] =
    g_param_spec_object ("selected-clip", NULL, NULL,
                         KINEMA_TYPE_CLIP,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, favourites_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, compare_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, count_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, grid);

  gtk_widget_class_install_action (widget_class, "gallery.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "gallery.search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "gallery.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "gallery.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "gallery.delete-selected", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemagallery");
}

static void
kinema_gallery_init (KinemaGallery *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->favourites_button), _("Show Favourites Only"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->compare_button), _("Compare the Two Selected Clips"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->provider_dropdown), _("Provider"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->state_dropdown), _("State"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->date_dropdown), _("Made"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->sort_dropdown), _("Sort"));

  self->cancellable = g_cancellable_new ();
  self->provider_ids = g_ptr_array_new_with_free_func (g_free);
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->thumbnailer = kinema_thumbnailer_new (NULL, 0);

  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);

  self->selected_job_signals = g_signal_group_new (KINEMA_TYPE_JOB);
  g_signal_group_connect_swapped (self->selected_job_signals, "notify::state",
                                  G_CALLBACK (update_selected_clip), self);
  g_signal_group_connect_swapped (self->selected_job_signals, "notify::clip",
                                  G_CALLBACK (update_selected_clip), self);
  g_signal_group_connect_swapped (self->selected_job_signals, "notify::state",
                                  G_CALLBACK (_kinema_gallery_update_actions), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_card_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_card_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_card_cb), self, 0);

  gtk_grid_view_set_factory (self->grid, factory);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
  /* The viewport's width is the horizontal adjustment's page size. */
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid)), "notify::page-size",
                           G_CALLBACK (update_columns), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grid, "activate", G_CALLBACK (grid_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid)), "value-changed",
                           G_CALLBACK (grid_scrolled_cb), self, G_CONNECT_SWAPPED);
  kinema_widget_after_first_frame (GTK_WIDGET (self), first_frame_painted_cb);

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (stop_search_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->favourites_button, "toggled",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->provider_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->state_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+F searches from anywhere in the window. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("gallery.search")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  _kinema_gallery_init_actions (self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "clip", G_ACTION_GROUP (self->actions));

  rebuild_provider_filter (self);
  update_page (self);
  _kinema_gallery_update_actions (self);
}

/* Public API */

GtkWidget *
kinema_gallery_new (void)
{
  return g_object_new (KINEMA_TYPE_GALLERY, NULL);
}

KinemaEngine *
kinema_gallery_get_engine (KinemaGallery *self)
{
  g_return_val_if_fail (KINEMA_IS_GALLERY (self), NULL);

  return self->engine;
}

void
kinema_gallery_set_engine (KinemaGallery *self,
                           KinemaEngine  *engine)
{
  g_return_if_fail (KINEMA_IS_GALLERY (self));
  g_return_if_fail (engine == NULL || KINEMA_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (kinema_engine_get_providers (self->engine), self);
  g_set_object (&self->engine, engine);

  set_selected_job (self, NULL);
  g_clear_object (&self->jobs);
  if (engine != NULL)
    {
      self->jobs = kinema_job_list_new (kinema_engine_get_library (engine), engine);
      g_signal_connect_object (kinema_engine_get_providers (engine), "items-changed",
                               G_CALLBACK (rebuild_provider_filter), self, G_CONNECT_SWAPPED);
    }
  rebuild_provider_filter (self);
  filters_changed_cb (self);
  if (!self->drawn)
    self->immediate_cards = first_frame_cards (self);
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->jobs));

  update_page (self);
  _kinema_gallery_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

void
kinema_gallery_set_editor (KinemaGallery *self,
                           KinemaEditor  *editor)
{
  g_return_if_fail (KINEMA_IS_GALLERY (self));
  g_return_if_fail (editor == NULL || KINEMA_IS_EDITOR (editor));

  if (self->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  self->editor = editor;
  if (editor != NULL)
    g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &self->editor);
  _kinema_gallery_update_actions (self);
}

KinemaJobList *
kinema_gallery_get_job_list (KinemaGallery *self)
{
  g_return_val_if_fail (KINEMA_IS_GALLERY (self), NULL);

  return self->jobs;
}

GActionGroup *
kinema_gallery_get_actions (KinemaGallery *self)
{
  g_return_val_if_fail (KINEMA_IS_GALLERY (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

KinemaJob *
kinema_gallery_get_selected_job (KinemaGallery *self)
{
  g_return_val_if_fail (KINEMA_IS_GALLERY (self), NULL);

  return self->selected_job;
}

KinemaClip *
kinema_gallery_get_selected_clip (KinemaGallery *self)
{
  g_return_val_if_fail (KINEMA_IS_GALLERY (self), NULL);

  return self->selected_clip;
}

gboolean
kinema_gallery_show_job (KinemaGallery *self,
                         const char    *job_id)
{
  g_autoptr(KinemaJob) job = NULL;

  g_return_val_if_fail (KINEMA_IS_GALLERY (self), FALSE);

  if (self->jobs == NULL || job_id == NULL)
    return FALSE;

  job = kinema_job_list_lookup (self->jobs, job_id);
  if (job == NULL || kinema_job_list_is_hidden (self->jobs, job_id))
    return FALSE;

  if (kinema_job_list_find (self->jobs, job_id) == G_MAXUINT)
    gtk_widget_activate_action (GTK_WIDGET (self), "gallery.clear-filters", NULL);
  _kinema_gallery_select_job (self, job_id);
  return kinema_job_list_find (self->jobs, job_id) != G_MAXUINT;
}

void
kinema_gallery_focus_search (KinemaGallery *self)
{
  g_return_if_fail (KINEMA_IS_GALLERY (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
info_toast_dismissed_cb (KinemaGallery *self,
                         AdwToast      *toast)
{
  if (self->info_toast == toast)
    {
      g_object_remove_weak_pointer (G_OBJECT (toast), (gpointer *) &self->info_toast);
      self->info_toast = NULL;
    }
}

void
kinema_gallery_add_toast (KinemaGallery *self,
                          const char    *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (KINEMA_IS_GALLERY (self));
  g_return_if_fail (message != NULL);

  /* Toast titles are markup; messages come from providers and files. */
  escaped = g_markup_escape_text (message, -1);

  /* A message still up (or waiting) says the new thing instead: messages
   * never pile up in front of an Undo. */
  if (self->info_toast != NULL)
    {
      adw_toast_set_title (self->info_toast, escaped);
      return;
    }

  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 3);
  self->info_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->info_toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (info_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Test accessors (kinema-window-private.h, kinema-gallery-private.h) */

GtkGridView *
_kinema_gallery_get_grid (KinemaGallery *self)
{
  return self->grid;
}

void
_kinema_gallery_get_first_frame_cards (KinemaGallery *self,
                                       guint         *built,
                                       guint         *deferred,
                                       guint         *blank)
{
  *built = self->first_frame_built;
  *deferred = self->first_frame_deferred;
  *blank = self->first_frame_blank;
}

GtkMultiSelection *
_kinema_gallery_get_selection (KinemaGallery *self)
{
  return self->selection;
}

GtkSearchEntry *
_kinema_gallery_get_search_entry (KinemaGallery *self)
{
  return self->search_entry;
}

GtkToggleButton *
_kinema_gallery_get_favourites_button (KinemaGallery *self)
{
  return self->favourites_button;
}

GtkDropDown *
_kinema_gallery_get_provider_dropdown (KinemaGallery *self)
{
  return self->provider_dropdown;
}

GtkDropDown *
_kinema_gallery_get_state_dropdown (KinemaGallery *self)
{
  return self->state_dropdown;
}

GtkDropDown *
_kinema_gallery_get_date_dropdown (KinemaGallery *self)
{
  return self->date_dropdown;
}

GtkDropDown *
_kinema_gallery_get_sort_dropdown (KinemaGallery *self)
{
  return self->sort_dropdown;
}

AdwToastOverlay *
_kinema_gallery_get_toast_overlay (KinemaGallery *self)
{
  return self->toast_overlay;
}

GtkWindow *
_kinema_gallery_get_compare_window (KinemaGallery *self)
{
  return self->compare_window;
}

AdwToast *
_kinema_gallery_get_delete_toast (KinemaGallery *self,
                                  const char    *job_id)
{
  return self->pending_deletes ? g_hash_table_lookup (self->pending_deletes, job_id) : NULL;
}
