/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test support: an NfdInjector that keeps a copy of every frame it is given and the ifindex it
 * was meant for, instead of sending it (NetworkManager's fake-platform idea), so the reply
 * path runs without a socket (test-dispatch, fuzz-packet).
 */
#pragma once

#include "nfd-inject.h"

NfdInjector *
nfd_test_injector_new(void);
/* GBytes, one per frame, in the order sent */
GPtrArray *
nfd_test_injector_get_frames(NfdInjector *self);
/* guint, the ifindex of each frame */
GArray *
nfd_test_injector_get_ifindexes(NfdInjector *self);
