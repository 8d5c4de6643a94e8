/* The scanners, run in this order: later ones use what earlier ones found
 * (homes -> mounts -> sync folders -> clients -> recordings). */
#include <stddef.h>

#include "scanner.h"

extern const struct vc_scanner_entry vc_scanner_homes;
extern const struct vc_scanner_entry vc_scanner_disk_encryption;
extern const struct vc_scanner_entry vc_scanner_cloud_sync;
extern const struct vc_scanner_entry vc_scanner_zoom_client;
extern const struct vc_scanner_entry vc_scanner_recordings;
extern const struct vc_scanner_entry vc_scanner_jitsi_server;
extern const struct vc_scanner_entry vc_scanner_bbb_server;
extern const struct vc_scanner_entry vc_scanner_org;

const struct vc_scanner_entry *const vc_scanners[] = {
	&vc_scanner_homes,
	&vc_scanner_disk_encryption,
	&vc_scanner_cloud_sync,
	&vc_scanner_zoom_client,
	&vc_scanner_recordings,
	&vc_scanner_jitsi_server,
	&vc_scanner_bbb_server,
	&vc_scanner_org,
	NULL
};
