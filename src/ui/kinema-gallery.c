/* kinema-gallery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-gallery"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kinema-clip-card.h"
#include "kinema-gallery.h"
#include "kinema-window-private.h"

struct _KinemaGallery
{
  GtkWidget           parent_instance;

  KinemaEngine       *engine;
  GtkSingleSelection *selection;
  /* The selected job, followed until it has a clip. */
  GSignalGroup       *selected_job_signals;
  KinemaClip         *selected_clip;

  /* Template children */
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkGridView        *grid;
};

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

static void
update_page (KinemaGallery *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "clips");
}

static void
update_selected_clip (KinemaGallery *self)
{
  KinemaJob *job = kinema_gallery_get_selected_job (self);
  KinemaClip *clip = NULL;

  if (job != NULL && kinema_job_get_state (job) == KINEMA_JOB_DONE)
    clip = kinema_job_get_clip (job);

  if (g_set_object (&self->selected_clip, clip))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CLIP]);
}

static char *
dup_provider_name (KinemaGallery *self,
                   KinemaJob     *job)
{
  const char *provider_id = kinema_job_get_provider_id (job);
  KinemaProvider *provider = NULL;

  if (self->engine != NULL && provider_id != NULL)
    provider = kinema_engine_get_provider (self->engine, provider_id);

  if (provider != NULL)
    return kinema_provider_dup_display_name (provider);

  /* A provider that has been removed since: its id is all there is. */
  return g_strdup (provider_id);
}

/* Callbacks */

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KinemaGallery            *self)
{
  gtk_list_item_set_child (item, kinema_clip_card_new ());
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KinemaGallery            *self)
{
  KinemaClipCard *card = KINEMA_CLIP_CARD (gtk_list_item_get_child (item));
  KinemaJob *job = gtk_list_item_get_item (item);
  g_autofree char *provider_name = dup_provider_name (self, job);

  kinema_clip_card_set_provider_name (card, provider_name);
  kinema_clip_card_set_job (card, job);
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KinemaGallery            *self)
{
  KinemaClipCard *card = KINEMA_CLIP_CARD (gtk_list_item_get_child (item));

  /* Drops the card's handlers on the job, too. */
  kinema_clip_card_set_job (card, NULL);
}

static void
selected_item_changed_cb (KinemaGallery *self)
{
  g_signal_group_set_target (self->selected_job_signals, kinema_gallery_get_selected_job (self));
  update_selected_clip (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_JOB]);
}

/* GObject */

static void
kinema_gallery_dispose (GObject *object)
{
  KinemaGallery *self = (KinemaGallery *) object;
  GtkWidget *child;

  if (self->selected_job_signals != NULL)
    g_signal_group_set_target (self->selected_job_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_GALLERY);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selected_job_signals);
  g_clear_object (&self->selected_clip);
  g_clear_object (&self->selection);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (kinema_gallery_parent_class)->dispose (object);
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
      g_value_set_object (value, kinema_gallery_get_selected_job (self));
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
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KinemaGallery, grid);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemagallery");
}

static void
kinema_gallery_init (KinemaGallery *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);

  self->selected_job_signals = g_signal_group_new (KINEMA_TYPE_JOB);
  g_signal_group_connect_swapped (self->selected_job_signals, "notify::state",
                                  G_CALLBACK (update_selected_clip), self);
  g_signal_group_connect_swapped (self->selected_job_signals, "notify::clip",
                                  G_CALLBACK (update_selected_clip), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_card_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_card_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_card_cb), self, 0);

  gtk_grid_view_set_factory (self->grid, factory);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));

  update_page (self);
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

  if (!g_set_object (&self->engine, engine))
    return;

  gtk_single_selection_set_model (self->selection,
                                  engine ? kinema_engine_get_jobs (engine) : NULL);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

KinemaJob *
kinema_gallery_get_selected_job (KinemaGallery *self)
{
  g_return_val_if_fail (KINEMA_IS_GALLERY (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

KinemaClip *
kinema_gallery_get_selected_clip (KinemaGallery *self)
{
  g_return_val_if_fail (KINEMA_IS_GALLERY (self), NULL);

  return self->selected_clip;
}

/* Test accessors (kinema-window-private.h) */

GtkGridView *
_kinema_gallery_get_grid (KinemaGallery *self)
{
  return self->grid;
}

GtkSingleSelection *
_kinema_gallery_get_selection (KinemaGallery *self)
{
  return self->selection;
}
