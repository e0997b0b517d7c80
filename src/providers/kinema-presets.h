/* kinema-presets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The providers Kinema knows out of the box. A user instance starts as a
 * copy of one of these (then gets its own id, name, base URL and key).
 */
#pragma once

#include "kinema-dialect.h"

G_BEGIN_DECLS

guint                       kinema_presets_get_n    (void);
/* NULL if @i is out of range. */
const KinemaProviderConfig *kinema_presets_get      (guint       i);
/* By id ("simulator", "kling", "linkmodel", "modelstream", "market",
 * "kie", "uniall"), case-insensitive; NULL if unknown. */
const KinemaProviderConfig *kinema_presets_lookup   (const char *id);

G_END_DECLS
