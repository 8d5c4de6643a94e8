#ifndef VC_ZOOM_POLICY_H
#define VC_ZOOM_POLICY_H
/*
 * Zoom client policy keys (PRODUCTS §1.1, §1.2) and how they map onto
 * facts: one vocabulary, whatever carried it. Used by the host scanner
 * (scanners/zoom_client.c: macOS plists, zoomus.conf) and the --input
 * handlers for Windows .reg exports (inputs/zoom_reg.c) and macOS
 * managed preferences handed over as files (inputs/zoom_plist.c).
 *
 * A carrier reads its files into layers (one per file), each value with
 * a class (enforced, chosen by the user, only a PackageRecommend default)
 * and its line; vc_zmerge() keeps the strongest value per key (class
 * first, then the layer's rank); vc_zpolicy_emit() turns the merged
 * values into facts. recording.local.path and policy.recommend_only stay
 * with the carrier: where a path points depends on the device, and the
 * carrier's put callback sees each value's class.
 *
 * Values chosen here (documented for rule authors):
 *  - recording.local.allowed = NOT zDisableLocalRecord,
 *    recording.cloud.allowed = NOT zDisableCMR;
 *  - chat.save_local = false when zDisableChat is true (never true);
 *  - update.auto: AU2_EnableAutoUpdate is the master switch, else
 *    EnableSilentAutoUpdate (unless that one binds more strongly);
 *    ZAutoUpdate never maps (it only controls the "Check for Updates" button);
 *  - encryption.transport_required: BlockUntrustedSSLCert=false or
 *    DisableCertPin=true give false (a weakening value wins), else
 *    BlockUntrustedSSLCert=true gives true;
 *  - access.authentication: "sso" for ZAutoSSOLogin=true or a non-blank
 *    ForceSSOURL, else "domain" for a non-blank Login_Domain;
 *  - storage.thirdparty: DisableMeeting3rdPartyFileStorage=true -> [],
 *    false -> ["zoom-chat-3rd-party-storage"] (meeting chat may attach files
 *    from Dropbox/Box/Google Drive/OneDrive through Zoom's integration);
 *  - secrets.zdm_token_set: SetEnrollToken4CloudMDM non-blank (never the value).
 */
#include <jansson.h>

#include "scanner.h"
#include "../core/hash.h"

enum vc_zkey {
	VC_ZK_NO_LOCAL_REC, VC_ZK_NO_CMR, VC_ZK_RECORD_PATH, VC_ZK_NO_CHAT, VC_ZK_AU2,
	VC_ZK_SILENT_AU, VC_ZK_BLOCK_SSL, VC_ZK_NO_CERT_PIN, VC_ZK_AUTO_SSO,
	VC_ZK_FORCE_SSO_URL, VC_ZK_LOGIN_DOMAIN, VC_ZK_NO_3RD_STORAGE, VC_ZK_ENROLL_TOKEN,
	VC_ZK_N
};

enum vc_ztype { VC_ZT_BOOL, VC_ZT_STR, VC_ZT_SECRET };

/* How strongly a value binds the client (higher wins, whatever the carrier). */
enum vc_zcls { VC_ZC_RECOMMEND = 0, VC_ZC_USER = 1, VC_ZC_ENFORCED = 2 };

#define VC_ZSTR_MAX 4096        /* longest string value kept from a policy key */

struct vc_zlayer;

struct vc_zval {
	int set;
	int cls;                     /* enum vc_zcls */
	int b;                       /* booleans; secrets: 1 = non-blank */
	char *s;                     /* VC_ZT_STR only, owned by the layer */
	int line;                    /* 0 when unknown */
	const struct vc_zlayer *layer;
};

/* One file (or hive) that was read. */
struct vc_zlayer {
	char *display;               /* owned; the source shown in evidence */
	char sha[VC_SHA256_HEX];     /* "" when not known yet */
	int rank;                    /* between values of one class, higher wins */
	struct vc_zval v[VC_ZK_N];
};

/* The macOS name of a key (the canonical spelling) and its type. */
const char *vc_zkey_name(int k);
enum vc_ztype vc_zkey_type(int k);

/* The key with this macOS name, matched case-insensitively; -1 when none. */
int vc_zkey_find(const char *name);

/*
 * Store a value in a layer, taking `s` (NULL for booleans and secrets).
 * A weaker class never replaces a stronger one; otherwise the later
 * value wins (within one file the later spelling of a key counts).
 */
void vc_zlayer_put(struct vc_zlayer *l, int k, int cls, int b, char *s, int line);

/* Free the values and display; the layer is left zeroed. NULL is a no-op. */
void vc_zlayer_free(struct vc_zlayer *l);

/*
 * A plist value (Jansson form, vc_plist_parse) for key `k`: booleans in
 * every spelling vc_plist_bool() accepts, strings of at most VC_ZSTR_MAX
 * bytes, secrets only as set / blank. A value of the wrong type is a
 * diagnostic under l->display at `line` and is ignored. 0 or VC_ENOMEM.
 */
int vc_zlayer_put_json(struct vc_scan_ctx *ctx, struct vc_zlayer *l, int k, int cls,
		       const json_t *value, int line);

/*
 * Read a us.zoom.config dictionary into `l`: its keys at class `cls`, the
 * keys of its PackageRecommend dictionary (name matched case-insensitively)
 * as VC_ZC_RECOMMEND. Unknown keys are ignored. `lines` maps key names as
 * vc_plist_parse() does ("KEY", "PackageRecommend/KEY"); NULL when the
 * lines are not known (they are then 0). 0 or VC_ENOMEM.
 */
int vc_zlayer_read_dict(struct vc_scan_ctx *ctx, struct vc_zlayer *l, const json_t *dict,
			const json_t *lines, int cls);

/* The stronger of two values (class first, then layer rank); NULLs allowed. */
const struct vc_zval *vc_zstronger(const struct vc_zval *a, const struct vc_zval *b);

/* Merge the values of `l` into `best` (borrowed pointers into the layer). */
void vc_zmerge(const struct vc_zval *best[VC_ZK_N], const struct vc_zlayer *l);

/*
 * Called for each fact: `value` is stolen (NULL only when allocation
 * failed: return VC_ENOMEM), `from` is the value it came from (its class,
 * line and layer give the provenance). Return 0 or VC_ENOMEM.
 */
typedef int (*vc_zput_fn)(void *arg, const char *key, json_t *value,
			  const struct vc_zval *from);

/*
 * The facts of a merged set (see above), in a fixed order, except
 * recording.local.path and policy.recommend_only. 0 or VC_ENOMEM.
 */
int vc_zpolicy_emit(const struct vc_zval *const best[VC_ZK_N], vc_zput_fn put, void *arg);

#endif
