/* kinema-dialects-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialect tables, one per kinema-dialect-<name>.c. Only
 * kinema-dialect.c (the registry) and the dialect tests need these;
 * everything else goes through kinema_dialect_lookup().
 */
#pragma once

#include "kinema-dialect.h"

G_BEGIN_DECLS

extern const KinemaDialect kinema_dialect_linkmodel;
extern const KinemaDialect kinema_dialect_modelstream;
extern const KinemaDialect kinema_dialect_uniall;
extern const KinemaDialect kinema_dialect_kling;
extern const KinemaDialect kinema_dialect_market;

G_END_DECLS
