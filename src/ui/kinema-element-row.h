/* kinema-element-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One element of the library: its thumbnail, name and description; when
 * expanded, fields to rename and describe it, its images (add, remove),
 * whether the selected provider has it registered, and Delete.
 *
 * The row edits nothing itself; it asks through signals, and the library
 * panel writes to the KinemaLibrary and gives the row the new record.
 *
 * Signals:
 *   use          ()                     insert @name into the prompt
 *   rename       (const char *name)
 *   describe     (const char *description)
 *   add-images   (GStrv paths)          files picked or dropped
 *   remove-image (guint index)
 *   delete       ()                     the user asked to delete it
 */
#pragma once

#include <adwaita.h>

#include "kinema-library.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_ELEMENT_ROW (kinema_element_row_get_type ())

G_DECLARE_FINAL_TYPE (KinemaElementRow, kinema_element_row, KINEMA, ELEMENT_ROW, AdwExpanderRow)

GtkWidget                 *kinema_element_row_new         (const KinemaElementRecord *record);
const KinemaElementRecord *kinema_element_row_get_record  (KinemaElementRow          *self);
void                       kinema_element_row_set_record  (KinemaElementRow          *self,
                                                           const KinemaElementRecord *record);
/* Whether and how the selected provider uses the element; NULL hides it. */
void                       kinema_element_row_set_status  (KinemaElementRow          *self,
                                                           const char                *status);
/* A problem to show in the row (a failed rename or import); NULL clears. */
void                       kinema_element_row_set_problem (KinemaElementRow          *self,
                                                           const char                *problem);
void                       kinema_element_row_set_busy    (KinemaElementRow          *self,
                                                           gboolean                   busy);

G_END_DECLS
