/* kinema-element-library-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accessors for tests, so that they drive the real widgets.
 */
#pragma once

#include <adwaita.h>

#include "kinema-element-library.h"
#include "kinema-element-row.h"

G_BEGIN_DECLS

AdwEntryRow      *_kinema_element_library_get_new_row       (KinemaElementLibrary *self);
GtkListBox       *_kinema_element_library_get_list          (KinemaElementLibrary *self);
AdwMessageDialog *_kinema_element_library_get_delete_dialog (KinemaElementLibrary *self);
GtkLabel         *_kinema_element_library_get_new_problem   (KinemaElementLibrary *self);
KinemaElementRow *_kinema_element_library_find_row          (KinemaElementLibrary *self,
                                                             const char           *name);

G_END_DECLS
