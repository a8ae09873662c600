/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-error"

#include "config.h"

#include "mutual-error.h"

G_DEFINE_QUARK (mutual-error-quark, mutual_error)
