/* kinema-element-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The element library as a page of the editor: create, rename, describe,
 * add and remove images (copied into the library off the main thread),
 * delete (after asking), and "Use" to write @name into the prompt. Each
 * element says whether the selected provider has it registered (official
 * Kling) or gets it inline with each request.
 *
 * Signals:
 *   back    ()                                  leave the page
 *   insert  (KinemaElementRecord *record)       use it in the prompt
 *   renamed (const char *old, const char *new)
 *   changed ()                                  the list or an element changed
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-library.h"
#include "kinema-provider.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_ELEMENT_LIBRARY (kinema_element_library_get_type ())

G_DECLARE_FINAL_TYPE (KinemaElementLibrary, kinema_element_library, KINEMA, ELEMENT_LIBRARY, GtkWidget)

GtkWidget  *kinema_element_library_new           (void);
void        kinema_element_library_set_library   (KinemaElementLibrary  *self,
                                                  KinemaLibrary         *library);
void        kinema_element_library_set_provider  (KinemaElementLibrary  *self,
                                                  KinemaProvider        *provider);
/* Reads the elements again from the library. */
void        kinema_element_library_reload        (KinemaElementLibrary  *self);
/* KinemaElementRecord*, by name; owned by the page. */
GPtrArray  *kinema_element_library_get_elements  (KinemaElementLibrary  *self);
/* Focuses the "new element" field. */
void        kinema_element_library_focus         (KinemaElementLibrary  *self);

/* What the page's widgets do; each shows its own errors and emits "changed". */
gboolean    kinema_element_library_create        (KinemaElementLibrary  *self,
                                                  const char            *name,
                                                  GError               **error);
gboolean    kinema_element_library_rename        (KinemaElementLibrary  *self,
                                                  gint64                 element_id,
                                                  const char            *name,
                                                  GError               **error);
gboolean    kinema_element_library_describe      (KinemaElementLibrary  *self,
                                                  gint64                 element_id,
                                                  const char            *description,
                                                  GError               **error);
/* Checks and copies @paths into the library in a thread, then adds them. */
void        kinema_element_library_add_images    (KinemaElementLibrary  *self,
                                                  gint64                 element_id,
                                                  const char * const    *paths);
gboolean    kinema_element_library_remove_image  (KinemaElementLibrary  *self,
                                                  gint64                 element_id,
                                                  guint                  index,
                                                  GError               **error);
/* Asks first (an AdwMessageDialog), then deletes. */
void        kinema_element_library_ask_delete    (KinemaElementLibrary  *self,
                                                  gint64                 element_id);
gboolean    kinema_element_library_delete        (KinemaElementLibrary  *self,
                                                  gint64                 element_id,
                                                  GError               **error);

G_END_DECLS
