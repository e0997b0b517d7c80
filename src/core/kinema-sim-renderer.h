/* kinema-sim-renderer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders the simulator's real MP4: a moving test pattern with the prompt
 * and "Simulated by Kinema" burned in, H.264 (I420) at 24 fps, plus an AAC
 * tone when audio is asked for. Blocking: call it from a worker thread.
 */
#pragma once

#include <gio/gio.h>

#include "kinema-request.h"

G_BEGIN_DECLS

/* Called from the rendering thread with 0.0 .. 1.0. */
typedef void (*KinemaSimProgressFunc) (double   fraction,
                                       gpointer user_data);

gboolean kinema_sim_render (KinemaRequest          *request,
                            const char             *output_path,
                            KinemaSimProgressFunc   progress,
                            gpointer                progress_data,
                            GCancellable           *cancellable,
                            GError                **error);

G_END_DECLS
