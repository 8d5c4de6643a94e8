#ifndef VC_DERIVE_H
#define VC_DERIVE_H
#include "scanner.h"
/* Add <key>.cloud_sync and <key>.encrypted for facts with a local_path. */
int vc_derive_path_facts(struct vc_scan_ctx *ctx);
#endif
