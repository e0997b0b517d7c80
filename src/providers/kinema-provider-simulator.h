/* kinema-provider-simulator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline provider: no network, no key. It queues a task for a while
 * (KINEMA_SIM_QUEUE_MS, default 2000), then renders a real MP4 with
 * GStreamer in a worker thread and reports it as a file:// URL.
 */
#pragma once

#include "kinema-provider.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_PROVIDER_SIMULATOR (kinema_provider_simulator_get_type ())

G_DECLARE_FINAL_TYPE (KinemaProviderSimulator, kinema_provider_simulator, KINEMA, PROVIDER_SIMULATOR, KinemaProvider)

KinemaProvider *kinema_provider_simulator_new (void);

G_END_DECLS
