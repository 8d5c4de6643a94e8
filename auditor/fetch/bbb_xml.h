#ifndef VC_BBB_XML_H
#define VC_BBB_XML_H
/*
 * The XML reply of BigBlueButton's getRecordings call (PRODUCTS §4.7):
 * <response><returncode>SUCCESS|FAILED</returncode>[<messageKey/><message/>]
 * <recordings><recording>…</recording>…</recordings></response>.
 *
 * Parsed with libxml2 from memory, without network access and without
 * entity substitution or DTD loading; a reply with a DOCTYPE is refused
 * (BigBlueButton never sends one, an attacker's XXE or billion-laughs
 * attempt would). Meeting names and metadata are not kept.
 */
#include <stddef.h>

#include "../core/err.h"

#define VC_BBB_PLAYBACK_MAX 16        /* playback formats kept per recording */
#define VC_BBB_PAGE_MAX 10000         /* recordings accepted in one reply */
#define VC_BBB_TEXT_MAX 4096          /* bytes of one element's text */

struct vc_bbb_playback {
	char *type;    /* "presentation", "video", … or NULL */
	char *url;     /* or NULL */
};

struct vc_bbb_recording {
	char *record_id;          /* never NULL */
	char *state;              /* "published", "unpublished", … or NULL */
	int published;            /* 1, 0, or -1 when absent */
	long long start_ms;       /* -1 when absent */
	long long end_ms;         /* -1 when absent */
	long long participants;   /* -1 when absent */
	struct vc_bbb_playback playback[VC_BBB_PLAYBACK_MAX];
	size_t nplayback;
};

struct vc_bbb_page {
	int success;              /* returncode SUCCESS */
	char *message_key;        /* FAILED: messageKey, or NULL */
	char *message;            /* FAILED: message, or NULL */
	struct vc_bbb_recording *v;
	size_t n;
};

/*
 * Parse one reply of `len` bytes (need not be NUL-terminated). 0 with
 * `out` filled (also for FAILED replies: check out->success), or VC_EPARSE
 * ("line N: problem"), VC_ELIMIT, VC_ENOMEM. `out` is always initialised;
 * free it with vc_bbb_page_free() in every case. For fuzzing too.
 */
int vc_bbb_recordings_parse(struct vc_bbb_page *out, const char *buf, size_t len);
void vc_bbb_page_free(struct vc_bbb_page *p);   /* NULL-safe */

#endif
