/*
 * Zoom tenant settings from the REST API (PRODUCTS §1.3, §1.4), product
 * "zoom", scopes "account" and "user:<pseudonym>". Two kinds of input:
 *
 *  - single API replies, one per file: GET /accounts/{id}/settings (plain,
 *    ?option=meeting_security, security, meeting_authentication,
 *    recording_authentication), GET /accounts/{id}/lock_settings (same
 *    shapes, every leaf a boolean meaning "locked") and
 *    GET /users/{id}/settings (plain and the three options). Kind, lock and
 *    level are told from the content; where the content cannot tell, the
 *    file name decides ("lock", "user"), see docs/zoom-export.md;
 *  - the export "vcaudit.zoom-export/1" (docs/zoom-export.md): the account
 *    replies, loaded whole (each member at most 16 MiB), then "users", read
 *    one element at a time from the stream (each at most 4 MiB), so memory
 *    does not grow with the number of users.
 *
 * Aggregation: a user is compared with the account. Only users whose
 * effective value of some fact is *weaker* than the account's (local
 * recording on where the account has it off, a shorter retention made
 * longer, the waiting room switched off, ...) get facts of their own, and
 * only for the weakened facts, plus "settings.level" = "user"; the first
 * ZS_LISTED_MAX such users are listed, all are counted. The account gets
 * counts (users.*) and the list of weakened fact keys (users.weaker), and
 * "policy.locked" lists the fact keys whose account value is locked. A
 * user whose value cannot be read, where the account value is not locked,
 * makes the account's rules reading that fact `error` when they would
 * pass (vc_scan_error_keys): nobody knows whether that user weakened it.
 *
 * E-mail addresses, names and user ids are never printed: a user's scope is
 * "user:" + vc_pseudo_value(&ctx->pseudo, "email", email) (the id when
 * there is no e-mail), messages name users by their index ("users[12]").
 * Passcodes in the replies (pmi_password strings) are never read.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "../core/buf.h"
#include "../core/fsroot.h"
#include "../parsers/jsonlines.h"
#include "../scanners/scan_util.h"

#define ZOOM "zoom"
#define ZS_SCHEMA "vcaudit.zoom-export/1"
#define ZS_PART_MAX ((size_t)16 << 20)    /* one account-level member of an export */
#define ZS_USER_MAX ((size_t)4 << 20)     /* one element of "users" */
#define ZS_LISTED_MAX 100                 /* users listed with facts of their own */
#define ZS_USER_DIAGS_MAX 20              /* diagnostics about user elements */
#define ZS_DEPTH_MAX 512                  /* nesting the stream scanner follows */
#define ZS_KEY_MAX 128                    /* longest export member name */
#define ZS_PATH_MAX 512                   /* member paths for line look-ups */
#define ZS_BLOCK 65536

/* The facts a broken tenant source leaves uncertain. */
#define TENANT_FACTS "recording.*,encryption.*,access.*,chat.*,datacenter.*,settings.*," \
	"policy.locked,users.*"

/* The parts of a reply set: the plain reply and the ?option= variants. */
enum zpk { ZP_PLAIN, ZP_MSEC, ZP_SECURITY, ZP_MAUTH, ZP_RAUTH, ZP_N };

static const char *const zp_option[ZP_N] = {
	[ZP_PLAIN] = NULL, [ZP_MSEC] = "meeting_security", [ZP_SECURITY] = "security",
	[ZP_MAUTH] = "meeting_authentication", [ZP_RAUTH] = "recording_authentication",
};

enum zf {
	F_LOCAL, F_CLOUD, F_AUTO, F_RETENTION, F_DOWNLOAD, F_PUBLIC, F_CONSENT, F_TRANSCRIPT,
	F_STORAGE, F_STORAGE_LOC, F_DC, F_DC_ENTRIES, F_E2EE, F_TRANSPORT, F_LOBBY, F_PASSCODE,
	F_PASSCODE_LINK, F_ANON, F_AUTHN, F_CHAT, F_N
};

/* How a user's value is weaker than the account's. */
enum zcmp {
	Z_NONE,        /* not compared (travels with another fact) */
	Z_TRUE_RISK,   /* true is the riskier value */
	Z_FALSE_RISK,  /* false is the riskier value */
	Z_AUTO,        /* recording.auto: anything but the account's, when not "none" */
	Z_DAYS,        /* retention: never (-1), or more days */
	Z_CONSENT,     /* none < notice < explicit */
	Z_E2EE,        /* unavailable < available < default < enforced */
	Z_DIFF         /* any difference */
};

static const struct {
	const char *key;
	enum zcmp cmp;
	int with;             /* per user, emitted together with this fact (-1: none) */
	const char *count;    /* users.* count of users in the risky state */
	const char *lock[4];  /* lock_settings paths that must all be true ('|': either) */
} zf[F_N] = {
	[F_LOCAL] = { "recording.local.allowed", Z_TRUE_RISK, -1, "users.local_recording_enabled",
		      { "recording.local_recording" } },
	[F_CLOUD] = { "recording.cloud.allowed", Z_TRUE_RISK, -1, "users.cloud_recording_enabled",
		      { "recording.cloud_recording" } },
	[F_AUTO] = { "recording.auto", Z_AUTO, -1, "users.auto_recording",
		     { "recording.auto_recording" } },
	[F_RETENTION] = { "recording.retention_days", Z_DAYS, -1, "users.retention_never",
			  { "recording.auto_delete_cmr" } },
	[F_DOWNLOAD] = { "recording.download_allowed", Z_TRUE_RISK, -1, "users.download_allowed",
			 { "recording.cloud_recording_download" } },
	[F_PUBLIC] = { "recording.public_links", Z_TRUE_RISK, -1, "users.public_links",
		       { "recording.account_user_access_recording",
			 "recording.recording_authentication|recording_authentication",
			 "recording.required_password_for_shared_cloud_recordings" } },
	[F_CONSENT] = { "recording.consent", Z_CONSENT, -1, "users.consent_none",
			{ "recording.recording_disclaimer" } },
	[F_TRANSCRIPT] = { "recording.transcription", Z_TRUE_RISK, -1,
			   "users.transcription_enabled",
			   { "recording.recording_audio_transcript", "in_meeting.closed_captioning" } },
	[F_STORAGE] = { "recording.storage_region", Z_NONE, F_STORAGE_LOC, NULL, { NULL } },
	[F_STORAGE_LOC] = { "recording.storage_location", Z_DIFF, -1, NULL, { NULL } },
	[F_DC] = { "datacenter.regions", Z_DIFF, -1, NULL,
		   { "in_meeting.custom_data_center_regions" } },
	[F_DC_ENTRIES] = { "datacenter.region_entries", Z_NONE, F_DC, NULL,
			   { "in_meeting.custom_data_center_regions" } },
	[F_E2EE] = { "encryption.e2ee", Z_E2EE, -1, "users.e2ee_unavailable",
		     { "meeting_security.end_to_end_encrypted_meetings",
		       "meeting_security.encryption_type" } },
	[F_TRANSPORT] = { "encryption.transport_required", Z_FALSE_RISK, -1, NULL,
			  { "in_meeting.e2e_encryption" } },
	[F_LOBBY] = { "access.lobby", Z_FALSE_RISK, -1, "users.lobby_disabled",
		      { "meeting_security.waiting_room|in_meeting.waiting_room" } },
	[F_PASSCODE] = { "access.passcode", Z_FALSE_RISK, -1, "users.passcode_disabled",
			 { "meeting_security.meeting_password", "meeting_security.pmi_password" } },
	[F_PASSCODE_LINK] = { "access.passcode_in_link", Z_TRUE_RISK, -1, NULL,
			      { "meeting_security.embed_password_in_join_link" } },
	[F_ANON] = { "access.anonymous_join", Z_TRUE_RISK, -1, "users.anonymous_join_allowed",
		     { "meeting_authentication|schedule_meeting.enforce_login" } },
	[F_AUTHN] = { "access.authentication", Z_NONE, F_ANON, NULL,
		      { "meeting_authentication|schedule_meeting.enforce_login" } },
	[F_CHAT] = { "chat.save_local", Z_TRUE_RISK, -1, "users.chat_save_local",
		     { "in_meeting.auto_saving_chat", "in_meeting.allow_users_save_chats" } },
};

/* ---- views: the replies of one account or user, with their lines ---- */

struct zpart {
	const json_t *doc;     /* the reply, NULL when absent */
	const json_t *lines;   /* vc_json_lines of the text holding it, or NULL */
	const char *prefix;    /* member path of the reply in `lines` ("" or "settings.") */
	int line0;             /* file line of that text's first line, minus one */
};

struct zview {
	struct zpart p[ZP_N];
	const struct zview *account;   /* user views: account-wide values come from here */
};

/* One reading of a view: where problems are reported. */
struct zrd {
	struct vc_scan_ctx *ctx;
	const char *display;
	const char *scope;       /* collection errors go here; NULL: none (user elements) */
	char where[32];          /* "" or "users[12]: " */
	int quiet;               /* count problems only */
	size_t problems;
	int bad[F_N];            /* a value of this fact was of the wrong type */
};

static int zview_any(const struct zview *v)
{
	int i;

	for (i = 0; i < ZP_N; i++)
		if (v->p[i].doc)
			return 1;
	return 0;
}

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "a number";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "true/false";
	case JSON_NULL: return "null";
	}
	return "?";
}

/* A parser message without its "line N, column M: " (the diagnostic carries the place). */
static const char *problem_only(void)
{
	const char *m = vc_error_problem(), *p = m;

	if (strncmp(p, "line ", 5))
		return m;
	p += 5;
	while (isdigit((unsigned char)*p))
		p++;
	if (!strncmp(p, ", column ", 9)) {
		p += 9;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return !strncmp(p, ": ", 2) ? p + 2 : m;
}

static void zproblem(struct zrd *r, int line, int fact, const char *fmt, ...) VC_PRINTF(4, 5);

static void zproblem(struct zrd *r, int line, int fact, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	r->problems++;
	if (fact >= 0) {
		r->bad[fact] = 1;
		if (r->scope)
			vc_scan_error_keys(r->ctx, ZOOM, r->scope, r->display, zf[fact].key);
	}
	if (r->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vc_diag_add(&r->ctx->diags, ZOOM, r->display, line, 0, "%s%s", r->where, msg);
}

/* The member at dotted `path` below `doc` (no '|'), NULL when absent or null. */
static const json_t *walk(const json_t *doc, const char *path, size_t len)
{
	char seg[ZS_KEY_MAX];
	const char *p = path, *end = path + len;

	while (doc && p < end) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		size_t n = dot ? (size_t)(dot - p) : (size_t)(end - p);

		if (n >= sizeof(seg) || !json_is_object(doc))
			return NULL;
		memcpy(seg, p, n);
		seg[n] = 0;
		doc = json_object_get(doc, seg);
		p += n + (dot ? 1 : 0);
	}
	return doc && !json_is_null(doc) ? doc : NULL;
}

static int part_line(const struct zpart *pt, const char *path, size_t len)
{
	char key[ZS_PATH_MAX];
	int l;

	if (!pt->lines)
		return 0;
	if (snprintf(key, sizeof(key), "%s%.*s", pt->prefix ? pt->prefix : "", (int)len, path) >=
	    (int)sizeof(key))
		return 0;
	l = vc_json_line(pt->lines, key);
	return l > 0 ? pt->line0 + l : 0;
}

/*
 * The value at `path` ('|' separates alternatives, the first present wins)
 * in the view's parts (only part `only` when >= 0); NULL when absent.
 */
static const json_t *zlook_in(const struct zview *v, int only, const char *path, int *line)
{
	const char *alt = path;

	while (alt && *alt) {
		const char *bar = strchr(alt, '|');
		size_t len = bar ? (size_t)(bar - alt) : strlen(alt);
		int i;

		for (i = 0; i < ZP_N; i++) {
			const json_t *j;

			if ((only >= 0 && i != only) || !v->p[i].doc)
				continue;
			if ((j = walk(v->p[i].doc, alt, len))) {
				if (line)
					*line = part_line(&v->p[i], alt, len);
				return j;
			}
		}
		alt = bar ? bar + 1 : NULL;
	}
	return NULL;
}

/* As zlook_in; an account-wide value (`aw`) absent in a user view is the account's. */
static const json_t *zlook(const struct zview *v, const char *path, int aw, int *line)
{
	const json_t *j = zlook_in(v, -1, path, line);

	if (!j && aw && v->account)
		j = zlook_in(v->account, -1, path, line);
	return j;
}

/* 1/0 for true/false at `path`; -1 when absent or not a boolean (a problem). */
static int zbool(struct zrd *r, const struct zview *v, int fact, const char *path, int aw,
		 int *line)
{
	int l = 0;
	const json_t *j = zlook(v, path, aw, &l);

	if (line)
		*line = l;
	if (!j)
		return -1;
	if (json_is_boolean(j))
		return json_is_true(j);
	zproblem(r, l, fact, "%s: expected true or false, found %s; ignored", path, type_name(j));
	return -1;
}

/* 0 and *out for a whole number at `path`; -1 when absent or not one (a problem). */
static int zint(struct zrd *r, const struct zview *v, int fact, const char *path,
		long long *out, int *line)
{
	int l = 0;
	const json_t *j = zlook(v, path, 0, &l);

	if (line)
		*line = l;
	if (!j)
		return -1;
	if (json_is_integer(j)) {
		*out = json_integer_value(j);
		return 0;
	}
	zproblem(r, l, fact, "%s: expected a whole number, found %s; ignored", path, type_name(j));
	return -1;
}

/* The string at `path`; NULL when absent or not a string (a problem). */
static const char *zstr(struct zrd *r, const struct zview *v, int fact, const char *path, int aw,
			int *line)
{
	int l = 0;
	const json_t *j = zlook(v, path, aw, &l);

	if (line)
		*line = l;
	if (!j)
		return NULL;
	if (json_is_string(j))
		return json_string_value(j);
	zproblem(r, l, fact, "%s: expected a string, found %s; ignored", path, type_name(j));
	return NULL;
}

/* ---- mapping replies to facts (PRODUCTS §1.4) ---- */

struct zfact {
	json_t *v;     /* owned; NULL = absent */
	int line;
	int weak;      /* from a fallback (an older or plain reply) that the ?option= reply beats */
};

static void zfacts_clear(struct zfact f[F_N])
{
	int i;

	for (i = 0; i < F_N; i++) {
		json_decref(f[i].v);
		f[i].v = NULL;
		f[i].line = 0;
		f[i].weak = 0;
	}
}

static int zset(struct zfact f[F_N], int i, json_t *v, int line)
{
	if (!v)
		return VC_ENOMEM;
	json_decref(f[i].v);
	f[i].v = v;
	f[i].line = line;
	f[i].weak = 0;
	return 0;
}

/* As zset, for a value read from a fallback. */
static int zset_weak(struct zfact f[F_N], int i, json_t *v, int line)
{
	int rc = zset(f, i, v, line);

	f[i].weak = 1;
	return rc;
}

static int map_public_links(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	/* Any protection on: not public. All three known off: public (PRODUCTS §1.4). */
	static const struct { const char *path; int aw; int needed; } in[] = {
		{ "recording.account_user_access_recording", 1, 1 },
		{ "recording_authentication|recording.recording_authentication", 0, 1 },
		{ "recording.required_password_for_shared_cloud_recordings", 0, 1 },
		{ "recording.ip_address_access_control.enable", 1, 0 },
	};
	size_t i;
	int known = 0, first_line = 0;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		int line, b = zbool(r, v, F_PUBLIC, in[i].path, in[i].aw, &line);

		if (b == 1)
			return zset(f, F_PUBLIC, json_false(), line);
		if (b == 0 && in[i].needed) {
			known++;
			if (!first_line)
				first_line = line;
		}
	}
	return known == 3 ? zset(f, F_PUBLIC, json_true(), first_line) : 0;
}

static int map_transcription(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	int lt, le, la;
	int t = zbool(r, v, F_TRANSCRIPT, "recording.recording_audio_transcript", 0, &lt);
	int en = zbool(r, v, F_TRANSCRIPT, "in_meeting.closed_captioning.enable", 0, &le);
	int au = zbool(r, v, F_TRANSCRIPT, "in_meeting.closed_captioning.auto_transcribing", 0,
		       &la);

	if (t == 1)
		return zset(f, F_TRANSCRIPT, json_true(), lt);
	if (en == 1 && au == 1)
		return zset(f, F_TRANSCRIPT, json_true(), la);
	if (t == 0 && (en == 0 || au == 0))
		return zset(f, F_TRANSCRIPT, json_false(), lt);
	return 0;
}

static int map_regions(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	int ls, line, lr = 0, rc;
	const char *s = zstr(r, v, F_STORAGE_LOC, "profile.recording_storage_location.value", 1,
			     &ls);
	int custom = zbool(r, v, F_DC, "in_meeting.custom_data_center_regions", 1, &line);
	const json_t *arr, *e;
	json_t *list, *entries;
	size_t i;

	if (s) {
		if ((rc = zset(f, F_STORAGE, json_pack("[s]", s), ls)) < 0 ||
		    (rc = zset(f, F_STORAGE_LOC, json_string(s), ls)) < 0)
			return rc;
	}
	if (custom == 0) {
		/* Not restricted: Zoom may use any of its data centres ("*"). */
		if ((rc = zset(f, F_DC, json_pack("[s]", "*"), line)) < 0)
			return rc;
		return zset(f, F_DC_ENTRIES, json_pack("[{s:s}]", "code", "*"), line);
	}
	if (custom != 1)
		return 0;
	if (!(arr = zlook(v, "in_meeting.data_center_regions", 1, &lr)))
		return 0;
	if (!json_is_array(arr)) {
		zproblem(r, lr, F_DC, "in_meeting.data_center_regions: expected a list, found %s; "
			 "ignored", type_name(arr));
		return 0;
	}
	list = json_array();
	entries = json_array();
	if (!list || !entries) {
		json_decref(list);
		json_decref(entries);
		return VC_ENOMEM;
	}
	json_array_foreach(arr, i, e) {
		if (!json_is_string(e)) {
			zproblem(r, lr, F_DC, "in_meeting.data_center_regions: an element is %s, "
				 "not a region code; the list is ignored", type_name(e));
			json_decref(list);
			json_decref(entries);
			return 0;
		}
		if (json_array_append_new(list, json_string(json_string_value(e))) ||
		    json_array_append_new(entries, json_pack("{s:s}", "code",
							     json_string_value(e)))) {
			json_decref(list);
			json_decref(entries);
			return VC_ENOMEM;
		}
	}
	if ((rc = zset(f, F_DC, list, lr ? lr : line)) < 0) {
		json_decref(entries);
		return rc;
	}
	return zset(f, F_DC_ENTRIES, entries, lr ? lr : line);
}

static int map_e2ee(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	int le, lt;
	int e = zbool(r, v, F_E2EE, "meeting_security.end_to_end_encrypted_meetings", 0, &le);
	const char *t;

	/* Never in_meeting.e2e_encryption: that is SIP/H.323 encryption (§1.4). */
	if (e == 0)
		return zset(f, F_E2EE, json_string("unavailable"), le);
	if (e != 1)
		return 0;
	t = zstr(r, v, F_E2EE, "meeting_security.encryption_type", 0, &lt);
	if (t && !strcmp(t, "e2ee"))
		return zset(f, F_E2EE, json_string("default"), lt);
	if (t && strcmp(t, "enhanced_encryption"))
		zproblem(r, lt, -1, "meeting_security.encryption_type: unknown type, read as "
			 "enhanced_encryption (E2EE allowed, not the default)");
	return zset(f, F_E2EE, json_string("available"), t ? lt : le);
}

static int map_passcode(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	int lm, lp, ln, li, lpm;
	int mp = zbool(r, v, F_PASSCODE, "meeting_security.meeting_password", 0, &lm);
	int pmi = zbool(r, v, F_PASSCODE, "meeting_security.pmi_password", 0, &lp);
	int n, i;
	const char *p;

	if (mp == 0)
		return zset(f, F_PASSCODE, json_false(), lm);
	if (mp == 1)
		return pmi == 0 ? zset(f, F_PASSCODE, json_false(), lp) :
		       zset(f, F_PASSCODE, json_true(), lm);
	/* Without ?option=meeting_security: the schedule_meeting switches. */
	n = zbool(r, v, F_PASSCODE, "schedule_meeting.require_password_for_scheduling_new_meetings",
		  0, &ln);
	i = zbool(r, v, F_PASSCODE, "schedule_meeting.require_password_for_instant_meetings", 0,
		  &li);
	p = zstr(r, v, F_PASSCODE, "schedule_meeting.require_password_for_pmi_meetings", 0, &lpm);
	if (n == 0)
		return zset_weak(f, F_PASSCODE, json_false(), ln);
	if (i == 0)
		return zset_weak(f, F_PASSCODE, json_false(), li);
	if (p && !strcmp(p, "none"))
		return zset_weak(f, F_PASSCODE, json_false(), lpm);
	if (n == 1 && i == 1 && p)
		return zset_weak(f, F_PASSCODE, json_true(), ln);
	return 0;
}

static const char *authn_name(const char *type)
{
	if (!strcmp(type, "enforce_login"))
		return "login";
	if (!strcmp(type, "enforce_login_with_same_account"))
		return "internal";
	if (!strcmp(type, "enforce_login_with_domains"))
		return "domain";
	return type;
}

static int map_authentication(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	int line, lo = 0, rc;
	int ma = zbool(r, v, F_ANON, "meeting_authentication", 0, &line);
	const json_t *opts, *o;
	const char *type = NULL;
	size_t i;

	if (ma < 0) {
		/* Older replies: schedule_meeting.enforce_login. */
		int el = zbool(r, v, F_ANON, "schedule_meeting.enforce_login", 0, &line), ld;
		int dom = zbool(r, v, F_ANON, "schedule_meeting.enforce_login_with_domains", 0, &ld);

		if (el < 0)
			return 0;
		if ((rc = zset_weak(f, F_ANON, json_boolean(!el), line)) < 0)
			return rc;
		return zset_weak(f, F_AUTHN, json_string(!el ? "anonymous" : dom == 1 ? "domain" :
						    "login"), line);
	}
	if ((rc = zset(f, F_ANON, json_boolean(!ma), line)) < 0)
		return rc;
	if (!ma)
		return zset(f, F_AUTHN, json_string("anonymous"), line);
	opts = zlook_in(v, ZP_MAUTH, "authentication_options", &lo);
	json_array_foreach(opts, i, o) {
		const json_t *t = json_object_get(o, "type");

		if (json_is_true(json_object_get(o, "default_option")) && json_is_string(t))
			type = json_string_value(t);
	}
	return type ? zset(f, F_AUTHN, json_string(authn_name(type)), lo ? lo : line) : 0;
}

static int map_chat(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	int lc, la, lu;
	int chat = zbool(r, v, F_CHAT, "in_meeting.chat", 0, &lc);
	int as = zbool(r, v, F_CHAT, "in_meeting.auto_saving_chat", 0, &la);
	long long au = 0;
	int hu = zint(r, v, F_CHAT, "in_meeting.allow_users_save_chats", &au, &lu) == 0;

	if (chat == 0)
		return zset(f, F_CHAT, json_false(), lc);
	if (as == 1)
		return zset(f, F_CHAT, json_true(), la);
	if (hu && au == 3)
		return zset(f, F_CHAT, json_true(), lu);
	if (as == 0 && hu && (au == 1 || au == 2))
		return zset(f, F_CHAT, json_false(), la);
	return 0;
}

/* All facts a view yields, into f (cleared first). 0 or VC_ENOMEM. */
static int zmap(struct zfact f[F_N], struct zrd *r, const struct zview *v)
{
	int b, line, lc, rc = 0;
	long long days = 0;
	const char *s;

	zfacts_clear(f);
	if ((b = zbool(r, v, F_LOCAL, "recording.local_recording", 0, &line)) >= 0 &&
	    (rc = zset(f, F_LOCAL, json_boolean(b), line)) < 0)
		return rc;
	if ((b = zbool(r, v, F_CLOUD, "recording.cloud_recording", 0, &line)) >= 0 &&
	    (rc = zset(f, F_CLOUD, json_boolean(b), line)) < 0)
		return rc;
	if ((s = zstr(r, v, F_AUTO, "recording.auto_recording", 0, &line))) {
		if (strcmp(s, "none") && strcmp(s, "local") && strcmp(s, "cloud"))
			zproblem(r, line, -1, "recording.auto_recording: unknown value, kept as "
				 "it is");
		if ((rc = zset(f, F_AUTO, json_string(s), line)) < 0)
			return rc;
	}
	b = zbool(r, v, F_RETENTION, "recording.auto_delete_cmr", 0, &lc);
	if (b == 0 && (rc = zset(f, F_RETENTION, json_integer(-1), lc)) < 0)
		return rc;
	if (b == 1 && zint(r, v, F_RETENTION, "recording.auto_delete_cmr_days", &days, &line) == 0) {
		if (days < 1 || days > 36500)
			zproblem(r, line, F_RETENTION, "recording.auto_delete_cmr_days: %lld is not "
				 "a number of days; ignored", days);
		else if ((rc = zset(f, F_RETENTION, json_integer(days), line)) < 0)
			return rc;
	}
	if ((b = zbool(r, v, F_DOWNLOAD, "recording.cloud_recording_download", 0, &line)) >= 0 &&
	    (rc = zset(f, F_DOWNLOAD, json_boolean(b), line)) < 0)
		return rc;
	if ((rc = map_public_links(f, r, v)) < 0)
		return rc;
	b = zbool(r, v, F_CONSENT, "recording.recording_disclaimer", 0, &line);
	if (b >= 0) {
		int la, ask = zbool(r, v, F_CONSENT, "recording.ask_participants_to_consent_disclaimer",
				    0, &la);

		rc = zset(f, F_CONSENT, json_string(!b ? "none" : ask == 1 ? "explicit" : "notice"),
			  b && ask == 1 ? la : line);
		if (rc < 0)
			return rc;
	}
	if ((rc = map_transcription(f, r, v)) < 0 || (rc = map_regions(f, r, v)) < 0 ||
	    (rc = map_e2ee(f, r, v)) < 0)
		return rc;
	if ((b = zbool(r, v, F_TRANSPORT, "in_meeting.e2e_encryption", 0, &line)) >= 0 &&
	    (rc = zset(f, F_TRANSPORT, json_boolean(b), line)) < 0)
		return rc;
	b = zbool(r, v, F_LOBBY, "meeting_security.waiting_room", 0, &line);
	if (b >= 0 && (rc = zset(f, F_LOBBY, json_boolean(b), line)) < 0)
		return rc;
	if (b < 0 && (b = zbool(r, v, F_LOBBY, "in_meeting.waiting_room", 0, &line)) >= 0 &&
	    (rc = zset_weak(f, F_LOBBY, json_boolean(b), line)) < 0)
		return rc;
	if ((rc = map_passcode(f, r, v)) < 0)
		return rc;
	b = zbool(r, v, F_PASSCODE_LINK, "meeting_security.embed_password_in_join_link", 0, &line);
	if (b >= 0 && (rc = zset(f, F_PASSCODE_LINK, json_boolean(b), line)) < 0)
		return rc;
	if (b < 0 && (b = zbool(r, v, F_PASSCODE_LINK, "schedule_meeting.embed_password_in_join_link",
				0, &line)) >= 0 &&
	    (rc = zset_weak(f, F_PASSCODE_LINK, json_boolean(b), line)) < 0)
		return rc;
	if ((rc = map_authentication(f, r, v)) < 0)
		return rc;
	return map_chat(f, r, v);
}

/* 1 when every lock path of fact i is true in the lock view. */
static int zlocked(struct zrd *r, const struct zview *lock, int i)
{
	size_t k;
	int any = 0;

	for (k = 0; k < sizeof(zf[i].lock) / sizeof(zf[i].lock[0]) && zf[i].lock[k]; k++) {
		int line = 0;
		const json_t *j = zlook(lock, zf[i].lock[k], 0, &line);

		if (!j)
			return 0;
		if (!json_is_boolean(j)) {
			zproblem(r, line, -1, "lock settings: %s is %s, not true or false; read as "
				 "not locked", zf[i].lock[k], type_name(j));
			return 0;
		}
		if (!json_is_true(j))
			return 0;
		any = 1;
	}
	return any;
}

/* ---- comparing a user with the account ---- */

static int rank_of(const char *const *names, const json_t *v)
{
	int i;

	if (!json_is_string(v))
		return -1;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], json_string_value(v)))
			return i;
	return -1;
}

static const char *const consent_rank[] = { "none", "notice", "explicit", NULL };
static const char *const e2ee_rank[] = { "unavailable", "available", "default", "enforced", NULL };

/* 1 when the user's value u is weaker than the account's a. */
static int weaker(int i, const json_t *u, const json_t *a)
{
	long long x, y;

	switch (zf[i].cmp) {
	case Z_TRUE_RISK:
		return json_is_true(u) && json_is_false(a);
	case Z_FALSE_RISK:
		return json_is_false(u) && json_is_true(a);
	case Z_AUTO:
		return json_is_string(u) && strcmp(json_string_value(u), "none") &&
		       !json_equal(u, a);
	case Z_DAYS:
		if (!json_is_integer(u) || !json_is_integer(a))
			return 0;
		x = json_integer_value(u);
		y = json_integer_value(a);
		return y >= 0 && (x < 0 || x > y);
	case Z_CONSENT:
		return rank_of(consent_rank, u) >= 0 &&
		       rank_of(consent_rank, u) < rank_of(consent_rank, a);
	case Z_E2EE:
		return rank_of(e2ee_rank, u) >= 0 && rank_of(e2ee_rank, u) < rank_of(e2ee_rank, a);
	case Z_DIFF:
		return !json_equal(u, a);
	case Z_NONE:
		break;
	}
	return 0;
}

/* 1 when v is the state users.* counts for fact i. */
static int risky(int i, const json_t *v)
{
	switch (zf[i].cmp) {
	case Z_TRUE_RISK:
		return json_is_true(v);
	case Z_FALSE_RISK:
		return json_is_false(v);
	case Z_AUTO:
		return json_is_string(v) && strcmp(json_string_value(v), "none");
	case Z_DAYS:
		return json_is_integer(v) && json_integer_value(v) < 0;
	case Z_CONSENT:
		return rank_of(consent_rank, v) == 0;
	case Z_E2EE:
		return rank_of(e2ee_rank, v) == 0;
	default:
		return 0;
	}
}

/* ---- emitting ---- */

static int put(struct vc_scan_ctx *ctx, const char *display, const char *scope, const char *key,
	       json_t *v, int line)
{
	struct vc_prov pv = { display, NULL, line };
	int rc = vc_fact_add(&ctx->facts, ZOOM, scope, key, v, &pv);

	return rc == VC_ENOMEM ? rc : 0;
}

/* "policy.locked" at the account: the keys locked in `lock`, merged with earlier files. */
static int put_locked(struct vc_scan_ctx *ctx, struct zrd *r, const struct zview *lock,
		      int line, int locked[F_N])
{
	const struct vc_fact *old = vc_fact_find(&ctx->facts, ZOOM, "account", "policy.locked");
	json_t *list = old && json_is_array(old->value) ? json_copy(old->value) : json_array();
	const json_t *e;
	size_t k;
	int i, seen;

	if (!list)
		return VC_ENOMEM;
	for (i = 0; i < F_N; i++) {
		locked[i] = zlocked(r, lock, i);
		if (!locked[i])
			continue;
		seen = 0;
		json_array_foreach(list, k, e)
			seen |= json_is_string(e) && !strcmp(json_string_value(e), zf[i].key);
		if (!seen && json_array_append_new(list, json_string(zf[i].key))) {
			json_decref(list);
			return VC_ENOMEM;
		}
	}
	return put(ctx, r->display, "account", "policy.locked", list, line);
}

/*
 * E2EE offered as the default and locked is "enforced" (PRODUCTS §1.4). The
 * settings and the lock may come from separate files, so this is looked at
 * after every file from the facts themselves.
 */
static int finalize_e2ee(struct vc_scan_ctx *ctx)
{
	const struct vc_fact *f = vc_fact_find(&ctx->facts, ZOOM, "account", "encryption.e2ee");
	const struct vc_fact *l = vc_fact_find(&ctx->facts, ZOOM, "account", "policy.locked");
	const json_t *e;
	struct vc_prov pv;
	size_t k;
	int locked = 0, rc;

	if (!f || !l || !json_is_string(f->value) || strcmp(json_string_value(f->value), "default"))
		return 0;
	json_array_foreach(l->value, k, e)
		locked |= json_is_string(e) && !strcmp(json_string_value(e), "encryption.e2ee");
	if (!locked)
		return 0;
	pv.source = f->source;
	pv.sha256 = f->sha256;
	pv.line = f->line;
	rc = vc_fact_add(&ctx->facts, ZOOM, "account", "encryption.e2ee", json_string("enforced"),
			 &pv);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- single API replies ---- */

/* Setting names whose value is not a boolean: a boolean there is a lock. */
static const char *const nonbool_names[] = {
	"auto_recording", "auto_delete_cmr_days", "encryption_type", "allow_users_save_chats",
	"allow_participants_chat_with", "data_center_regions", "audio_type", "jbh_time",
	"require_password_for_pmi_meetings", "entry_exit_chime", "who_can_share_screen",
	"meeting_capacity", "recording_storage_location", "waiting_room_settings",
	"meeting_password_requirement", "ip_address_access_control", "closed_captioning",
	"archive", "authentication_options", "signin_with_sso", "password_requirement",
	"sign_in_with_two_factor_auth", "approved_or_denied_countries_or_regions",
	"recording_password_requirement", "virtual_background_settings", "telephony_regions",
	NULL
};

static int is_nonbool_name(const char *k)
{
	int i;

	for (i = 0; nonbool_names[i]; i++)
		if (!strcmp(nonbool_names[i], k))
			return 1;
	return 0;
}

/* Leaf census: *other counts non-boolean leaves, *hint booleans where values belong. */
static void census(const json_t *j, int depth, size_t *bools, size_t *other, size_t *hint)
{
	const char *k;
	const json_t *v;
	size_t i;

	if (depth > 64)
		return;
	if (json_is_object(j)) {
		json_object_foreach((json_t *)j, k, v) {
			if (json_is_boolean(v) && is_nonbool_name(k))
				(*hint)++;
			census(v, depth + 1, bools, other, hint);
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			census(v, depth + 1, bools, other, hint);
		if (!json_array_size(j))
			(*other)++;
	} else if (json_is_boolean(j)) {
		(*bools)++;
	} else if (!json_is_null(j)) {
		(*other)++;
	}
}

static int name_has(const char *name, const char *word)
{
	size_t n = strlen(word);

	for (; name && *name; name++)
		if (!strncasecmp(name, word, n))
			return 1;
	return 0;
}

static const char *const plain_keys[] = {
	"schedule_meeting", "in_meeting", "email_notification", "recording", "telephony",
	"feature", "profile", "zoom_rooms", "tsp", "integration", "audio_conferencing",
	"other_options", "chat", NULL
};

/* Which reply `doc` is; -1 when it is none of them. */
static int reply_part(const json_t *doc)
{
	int i, plain = 0;

	if (!json_is_object(doc))
		return -1;
	for (i = 0; plain_keys[i]; i++)
		plain += json_object_get(doc, plain_keys[i]) != NULL;
	if (plain)
		return ZP_PLAIN;
	if (json_is_object(json_object_get(doc, "meeting_security")))
		return ZP_MSEC;
	if (json_object_get(doc, "meeting_authentication"))
		return ZP_MAUTH;
	if (json_object_get(doc, "recording_authentication"))
		return ZP_RAUTH;
	if (json_is_object(json_object_get(doc, "security")))
		return ZP_SECURITY;
	return -1;
}

/* Head-only guess for detection: top-level member names of a Zoom reply. */
static int head_score(const struct vc_input *in)
{
	static const char *const strong[] = {
		"\"meeting_security\"", "\"meeting_authentication\"", "\"recording_authentication\"",
		"\"local_recording\"", "\"auto_delete_cmr\"", "\"e2e_encryption\"",
		"\"waiting_room\"", "\"end_to_end_encrypted_meetings\"", "\"signin_with_sso\"",
		"\"cloud_recording\"", "\"schedule_meeting\"", "\"in_meeting\"",
		"\"sign_in_with_two_factor_auth\"", "\"admin_change_name_pic\"", NULL
	};
	const char *h = (const char *)in->head;
	size_t i, n = 0;

	if (in->nhead >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
		h += 3;
	while (*h == ' ' || *h == '\t' || *h == '\r' || *h == '\n')
		h++;
	if (*h != '{')
		return 0;
	for (i = 0; strong[i]; i++)
		n += strstr(h, strong[i]) != NULL;
	if (!n)
		return 0;
	return n >= 2 ? 70 : 50;
}

/* Member names in a plain reply that only account (a) or user (u) settings have. */
static void level_markers(const json_t *doc, int *a, int *u)
{
	static const char *const acc[] = {
		"security", "zoom_rooms", "chat", "recording.account_user_access_recording",
		"recording.archive", "recording.prevent_host_access_recording",
		"recording.allow_recovery_deleted_cloud_recordings",
		"telephony.telephony_regions.selection_values", NULL
	};
	static const char *const usr[] = {
		"recording.ask_participants_to_consent_disclaimer",
		"recording.ask_host_to_confirm_disclaimer", "recording.host_pause_stop_recording",
		"feature.large_meeting", "feature.webinar", "feature.cn_meeting", "feature.zoom_phone",
		"telephony.telephony_regions.selection_value", NULL
	};
	int i;

	*a = *u = 0;
	for (i = 0; acc[i]; i++)
		*a += walk(doc, acc[i], strlen(acc[i])) != NULL;
	for (i = 0; usr[i]; i++)
		*u += walk(doc, usr[i], strlen(usr[i])) != NULL;
}

/*
 * The user named by a per-user reply's file name: the name without ".json"
 * and from ".settings" / "-settings" / "_settings" on, e.g.
 * "alice@example.com.settings_meeting_security.json" -> "alice@example.com".
 */
static char *user_from_name(const char *name)
{
	size_t n = strlen(name), i;

	if (n > 5 && !strcasecmp(name + n - 5, ".json"))
		n -= 5;
	for (i = 1; i + 9 <= n; i++) {
		if (strchr(".-_", name[i]) && !strncasecmp(name + i + 1, "settings", 8)) {
			n = i;
			break;
		}
	}
	return vc_strndup(name, n ? n : strlen(name));
}

static char *user_scope(const struct vc_scan_ctx *ctx, const char *email, const char *id)
{
	char *p = email ? vc_pseudo_value(&ctx->pseudo, "email", email) :
		  vc_pseudo_value(&ctx->pseudo, "user", id);
	char *s = p ? vc_asprintf("user:%s", p) : NULL;

	free(p);
	return s;
}

static int emit_all(struct vc_scan_ctx *ctx, const char *display, const char *scope,
		    struct zfact f[F_N], const char *level, int level_line)
{
	int i, rc;

	for (i = 0; i < F_N; i++) {
		if (!f[i].v)
			continue;
		/* A fallback value never replaces what another reply of this set said. */
		if (f[i].weak && vc_fact_find(&ctx->facts, ZOOM, scope, zf[i].key))
			continue;
		rc = put(ctx, display, scope, zf[i].key, json_incref(f[i].v), f[i].line);
		if (rc < 0)
			return rc;
	}
	return put(ctx, display, scope, "settings.level", json_string(level), level_line);
}

static int reply_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct zrd r;
	struct zview v;
	struct zfact f[F_N];
	json_t *doc = NULL, *lines = NULL;
	size_t bools = 0, other = 0, hint = 0;
	int rc, part, is_lock, is_user, a, u, el = 0, ec = 0, locked[F_N];
	char *who = NULL, *scope = NULL;

	memset(&r, 0, sizeof(r));
	memset(&v, 0, sizeof(v));
	memset(f, 0, sizeof(f));
	r.ctx = ctx;
	r.display = in->display;
	r.scope = "account";
	rc = vc_input_slurp(&buf, in, ctx->file_max ? ctx->file_max : VC_FILE_MAX_DEFAULT);
	if (rc < 0) {
		if (rc == VC_ENOMEM)
			goto out;
		vc_diag_add(&ctx->diags, ZOOM, in->display, 0, 0, "%s", vc_error_problem());
		vc_scan_error_keys(ctx, ZOOM, "account", in->display, TENANT_FACTS);
		rc = 0;
		goto out;
	}
	rc = vc_json_parse(&doc, buf.ptr ? buf.ptr : "", buf.size, &el, &ec);
	if (rc == 0)
		rc = vc_json_lines(&lines, buf.ptr, buf.size);
	if (rc < 0) {
		if (rc == VC_ENOMEM)
			goto out;
		vc_diag_add(&ctx->diags, ZOOM, in->display, el, ec,
			    "malformed Zoom settings reply, not audited: %s", problem_only());
		vc_scan_error_keys(ctx, ZOOM, "account", in->display, TENANT_FACTS);
		rc = 0;
		goto out;
	}
	if ((part = reply_part(doc)) < 0) {
		vc_diag_add(&ctx->diags, ZOOM, in->display, 1, 0,
			    "not a Zoom settings or lock settings reply, not audited");
		rc = 0;
		goto out;
	}
	/* Lock or settings: by content; the file name only where content cannot tell. */
	census(doc, 0, &bools, &other, &hint);
	is_lock = !other && (hint || name_has(in->name, "lock"));
	if (!other && !hint && !is_lock && bools)
		vc_diag_add(&ctx->diags, ZOOM, in->display, 1, 0,
			    "every value is true or false, read as settings: if this is a "
			    "lock_settings reply, put \"lock\" in the file name");
	if (other && name_has(in->name, "lock"))
		vc_diag_add(&ctx->diags, ZOOM, in->display, 1, 0,
			    "named like lock settings but holds setting values, read as settings");
	/* Account or user: plain replies by their members, options by the name. */
	is_user = 0;
	if (!is_lock && part == ZP_PLAIN) {
		level_markers(doc, &a, &u);
		if (u && !a)
			is_user = 1;
		else if (!(a && !u))
			is_user = name_has(in->name, "user");
	} else if (!is_lock) {
		is_user = name_has(in->name, "user");
	}
	v.p[part].doc = doc;
	v.p[part].lines = lines;
	v.p[part].prefix = "";
	if (is_lock) {
		rc = put_locked(ctx, &r, &v, 1, locked);
	} else if (is_user) {
		if (!(who = user_from_name(in->name)) ||
		    !(scope = user_scope(ctx, strchr(who, '@') ? who : NULL, who))) {
			rc = VC_ENOMEM;
			goto out;
		}
		r.scope = scope;
		if ((rc = zmap(f, &r, &v)) == 0)
			rc = emit_all(ctx, in->display, scope, f, "user", 1);
	} else {
		if ((rc = zmap(f, &r, &v)) == 0)
			rc = emit_all(ctx, in->display, "account", f, "account", 1);
	}
	if (rc == 0)
		rc = finalize_e2ee(ctx);
out:
	zfacts_clear(f);
	free(who);
	free(scope);
	json_decref(doc);
	json_decref(lines);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- the export: a stream scanner that finds each value's extent ---- */

#define ZS_EOF (-1)
#define ZS_ERR (-2)

struct zs {
	struct vc_input *in;
	unsigned char buf[ZS_BLOCK];
	size_t pos, len;
	int eof;          /* 1 at the end, or a negative VC_E* after a read error */
	int line;         /* line of the next byte */
};

static int zs_peek(struct zs *s)
{
	if (s->pos < s->len)
		return s->buf[s->pos];
	if (s->eof)
		return s->eof < 0 ? ZS_ERR : ZS_EOF;
	for (;;) {
		ssize_t n = vc_input_read(s->in, s->buf, sizeof(s->buf));

		if (n < 0) {
			s->eof = (int)n;
			return ZS_ERR;
		}
		if (n == 0) {
			s->eof = 1;
			return ZS_EOF;
		}
		s->pos = 0;
		s->len = (size_t)n;
		return s->buf[0];
	}
}

static int zs_get(struct zs *s)
{
	int c = zs_peek(s);

	if (c >= 0) {
		s->pos++;
		if (c == '\n')
			s->line++;
	}
	return c;
}

static int zs_ws(struct zs *s)
{
	int c;

	while ((c = zs_peek(s)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		zs_get(s);
	return c;
}

/* A syntax problem at the current line (message in vc_error_last()). */
static int zs_bad(struct zs *s, const char *what)
{
	if (s->eof < 0)
		return s->eof;
	return vc_error_set(VC_EPARSE, "%s", what);
}

/*
 * Read one JSON value, appending its bytes to `out` (NULL: skip them). Only
 * the extent is checked here (strings, nesting, brackets); Jansson checks
 * the rest. When `out` is full the rest is skipped and *too_big set.
 */
static int zs_value(struct zs *s, struct vc_buf *out, int *too_big)
{
	char stack[ZS_DEPTH_MAX];
	int depth = 0, in_str = 0, esc = 0, c, rc;

	c = zs_ws(s);
	if (c == ZS_EOF)
		return zs_bad(s, "unexpected end of file (truncated?)");
	if (c == ZS_ERR)
		return s->eof;
	if (!strchr("{[\"", c)) {
		if (!strchr("-0123456789tfn", c))
			return zs_bad(s, "unexpected character");
		while ((c = zs_peek(s)) >= 0 && strchr("-+.0123456789eEtruefalsn", c)) {
			zs_get(s);
			if (out && !*too_big && (rc = vc_buf_putc(out, (char)c)) < 0) {
				if (rc == VC_ENOMEM)   /* not "too big": a fatal error */
					return rc;
				*too_big = 1;
			}
		}
		return c == ZS_ERR ? s->eof : 0;
	}
	for (;;) {
		c = zs_get(s);
		if (c == ZS_EOF)
			return zs_bad(s, "unexpected end of file inside a value (truncated?)");
		if (c == ZS_ERR)
			return s->eof;
		if (out && !*too_big && (rc = vc_buf_putc(out, (char)c)) < 0) {
			if (rc == VC_ENOMEM)
				return rc;
			*too_big = 1;
		}
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
			else if (c < 0x20)
				return zs_bad(s, "control character in a string");
			if (!in_str && !depth)
				return 0;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			break;
		case '{':
		case '[':
			if (depth >= ZS_DEPTH_MAX)
				return zs_bad(s, "nested too deeply");
			stack[depth++] = c == '{' ? '}' : ']';
			break;
		case '}':
		case ']':
			if (!depth || stack[depth - 1] != c)
				return zs_bad(s, c == '}' ? "unexpected '}'" : "unexpected ']'");
			if (--depth == 0)
				return 0;
			break;
		default:
			break;
		}
	}
}

/* A member name (raw bytes, escapes kept) into key[ZS_KEY_MAX]; longer names are cut. */
static int zs_key(struct zs *s, char key[ZS_KEY_MAX])
{
	size_t n = 0;
	int c, esc = 0;

	c = zs_ws(s);
	if (c == ZS_EOF)
		return zs_bad(s, "unexpected end of file (truncated?)");
	if (c != '"')
		return zs_bad(s, "expected a member name");
	zs_get(s);
	for (;;) {
		c = zs_get(s);
		if (c == ZS_EOF)
			return zs_bad(s, "unexpected end of file in a member name (truncated?)");
		if (c == ZS_ERR)
			return s->eof;
		if (c < 0x20)
			return zs_bad(s, "control character in a member name");
		if (!esc && c == '"')
			break;
		esc = !esc && c == '\\';
		if (n + 1 < ZS_KEY_MAX)
			key[n++] = (char)c;
	}
	key[n] = 0;
	if (zs_ws(s) != ':')
		return zs_bad(s, "expected ':'");
	zs_get(s);
	return 0;
}

/* One account-level member, parsed. */
struct zmember {
	json_t *doc;
	json_t *lines;
	int line0;
};

struct zx {
	struct vc_scan_ctx *ctx;
	struct vc_input *in;
	struct zs s;
	struct zmember acct[ZP_N], lock[ZP_N];
	struct zview av, lv;
	int have_acct, have_lock, first_line, lock_line, users_line;
	int account_done, broken;
	struct zfact acc[F_N];        /* the account's facts (E2EE before the lock) */
	int locked[F_N];
	/* users */
	size_t nusers, deviating, listed, unreadable, user_diags, user_issues;
	size_t count[F_N], unknown[F_N];
	int weakened[F_N];
};

static void zx_free(struct zx *x)
{
	int i;

	for (i = 0; i < ZP_N; i++) {
		json_decref(x->acct[i].doc);
		json_decref(x->acct[i].lines);
		json_decref(x->lock[i].doc);
		json_decref(x->lock[i].lines);
	}
	zfacts_clear(x->acc);
}

static void zx_diag(struct zx *x, int line, const char *fmt, ...) VC_PRINTF(3, 4);

static void zx_diag(struct zx *x, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vc_diag_add(&x->ctx->diags, ZOOM, x->in->display, line, 0, "%s", msg);
}

/* The part an export member name selects: 0 none, 1 account settings, 2 lock settings. */
static int member_part(const char *key, int *part)
{
	static const struct { const char *prefix; int which; } bases[] = {
		{ "account_settings", 1 }, { "lock_settings", 2 },
	};
	size_t b, n;
	int i;

	for (b = 0; b < 2; b++) {
		n = strlen(bases[b].prefix);
		if (strncmp(key, bases[b].prefix, n))
			continue;
		if (!key[n]) {
			*part = ZP_PLAIN;
			return bases[b].which;
		}
		if (key[n] != '_')
			continue;
		for (i = 1; i < ZP_N; i++) {
			if (!strcmp(key + n + 1, zp_option[i])) {
				*part = i;
				return bases[b].which;
			}
		}
	}
	return 0;
}

/* Parse an account-level member captured in `buf` (starting at `line`). */
static int take_member(struct zx *x, struct zmember *m, const struct vc_buf *buf, int line,
		       const char *key)
{
	int el = 0, ec = 0, rc;

	rc = vc_json_parse(&m->doc, buf->ptr ? buf->ptr : "", buf->size, &el, &ec);
	if (rc == 0 && !json_is_object(m->doc)) {
		json_decref(m->doc);
		m->doc = NULL;
		zx_diag(x, line, "%s is not an object, ignored", key);
		vc_scan_error_keys(x->ctx, ZOOM, "account", x->in->display, TENANT_FACTS);
		return 0;
	}
	if (rc == 0)
		rc = vc_json_lines(&m->lines, buf->ptr, buf->size);
	if (rc == VC_ENOMEM)
		return rc;
	if (rc < 0) {
		json_decref(m->doc);
		m->doc = NULL;
		vc_diag_add(&x->ctx->diags, ZOOM, x->in->display, el ? line + el - 1 : line, ec,
			    "%s: malformed JSON, ignored: %s", key, problem_only());
		vc_scan_error_keys(x->ctx, ZOOM, "account", x->in->display, TENANT_FACTS);
		return 0;
	}
	m->line0 = line - 1;
	return 0;
}

static void zx_views(struct zx *x)
{
	int i;

	for (i = 0; i < ZP_N; i++) {
		x->av.p[i].doc = x->acct[i].doc;
		x->av.p[i].lines = x->acct[i].lines;
		x->av.p[i].prefix = "";
		x->av.p[i].line0 = x->acct[i].line0;
		x->lv.p[i].doc = x->lock[i].doc;
		x->lv.p[i].lines = x->lock[i].lines;
		x->lv.p[i].prefix = "";
		x->lv.p[i].line0 = x->lock[i].line0;
	}
}

/* The account's facts, once, before the users (or at the end). */
static int account_facts(struct zx *x)
{
	struct zrd r;
	struct vc_scan_ctx *ctx = x->ctx;
	const char *disp = x->in->display;
	int i, rc;

	if (x->account_done)
		return 0;
	x->account_done = 1;
	zx_views(x);
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.display = disp;
	r.scope = "account";
	if (zview_any(&x->lv)) {
		x->have_lock = 1;
		if ((rc = put_locked(ctx, &r, &x->lv, x->lock_line, x->locked)) < 0)
			return rc;
	}
	if (!zview_any(&x->av))
		return 0;
	x->have_acct = 1;
	if ((rc = zmap(x->acc, &r, &x->av)) < 0)
		return rc;
	for (i = 0; i < F_N; i++) {
		json_t *v;

		if (!x->acc[i].v)
			continue;
		v = i == F_E2EE && x->locked[i] && !strcmp(json_string_value(x->acc[i].v),
							      "default") ?
		    json_string("enforced") : json_incref(x->acc[i].v);
		if ((rc = put(ctx, disp, "account", zf[i].key, v, x->acc[i].line)) < 0)
			return rc;
	}
	return put(ctx, disp, "account", "settings.level", json_string("account"), x->first_line);
}

/* Parts of a user element: "settings" and "settings_<option>". */
static void user_view(struct zview *v, const json_t *el, const json_t *lines, int line0,
		      char prefixes[ZP_N][64])
{
	char name[48];
	int i;

	for (i = 0; i < ZP_N; i++) {
		const json_t *p;

		if (i == ZP_PLAIN)
			snprintf(name, sizeof(name), "settings");
		else
			snprintf(name, sizeof(name), "settings_%s", zp_option[i]);
		snprintf(prefixes[i], 64, "%s.", name);
		p = json_object_get(el, name);
		v->p[i].doc = json_is_object(p) ? p : NULL;
		v->p[i].lines = lines;
		v->p[i].line0 = line0;
		v->p[i].prefix = prefixes[i];
	}
}

/* One element of "users": compare, count, perhaps list. */
static int user_element(struct zx *x, const struct vc_buf *buf, int line, size_t idx)
{
	struct vc_scan_ctx *ctx = x->ctx;
	struct zrd r;
	struct zview v;
	struct zfact f[F_N];
	char prefixes[ZP_N][64];
	json_t *el = NULL, *lines = NULL;
	const json_t *email, *id;
	char *scope = NULL, *idname = NULL;
	int i, rc = 0, el_line = 0, el_col = 0, weak[F_N], nweak = 0, list;

	memset(f, 0, sizeof(f));
	memset(&r, 0, sizeof(r));
	memset(&v, 0, sizeof(v));
	r.ctx = ctx;
	r.display = x->in->display;
	r.quiet = 1;
	snprintf(r.where, sizeof(r.where), "users[%zu]: ", idx);
	rc = vc_json_parse(&el, buf->ptr ? buf->ptr : "", buf->size, &el_line, &el_col);
	if (rc == VC_ENOMEM)
		return rc;
	if (rc < 0 || !json_is_object(el)) {
		x->unreadable++;
		x->user_issues++;
		if (x->user_diags < ZS_USER_DIAGS_MAX && ++x->user_diags)
			vc_diag_add(&ctx->diags, ZOOM, x->in->display,
				    rc < 0 && el_line ? line + el_line - 1 : line, rc < 0 ? el_col : 0,
				    "users[%zu]: %s, not read", idx,
				    rc < 0 ? problem_only() : "not an object");
		json_decref(el);
		return 0;
	}
	x->nusers++;
	v.account = x->have_acct ? &x->av : NULL;
	user_view(&v, el, NULL, line - 1, prefixes);
	/* First without lines or messages: most users need neither. */
	if ((rc = zmap(f, &r, &v)) < 0)
		goto out;
	for (i = 0; i < F_N; i++) {
		weak[i] = 0;
		if (f[i].v && zf[i].count && risky(i, f[i].v))
			x->count[i]++;
		if (zf[i].cmp == Z_NONE || !x->acc[i].v)
			continue;
		if (!f[i].v) {
			if (!x->locked[i])
				x->unknown[i]++;
			continue;
		}
		if (weaker(i, f[i].v, x->acc[i].v)) {
			weak[i] = 1;
			nweak++;
			x->weakened[i] = 1;
		}
	}
	list = nweak && x->listed < ZS_LISTED_MAX;
	x->deviating += nweak > 0;
	if (r.problems)
		x->user_issues++;
	if (!list && !(r.problems && x->user_diags < ZS_USER_DIAGS_MAX))
		goto out;
	/* Listed, or problems to report: again with lines (none if they cannot be had). */
	if ((rc = vc_json_lines(&lines, buf->ptr, buf->size)) == VC_ENOMEM)
		goto out;
	rc = 0;
	user_view(&v, el, lines, line - 1, prefixes);
	r.quiet = !(r.problems && x->user_diags < ZS_USER_DIAGS_MAX);
	if (!r.quiet)
		x->user_diags++;
	r.problems = 0;
	if ((rc = zmap(f, &r, &v)) < 0 || !list)
		goto out;
	email = json_object_get(el, "email");
	id = json_object_get(el, "id");
	if (json_is_string(email) && json_string_length(email))
		scope = user_scope(ctx, json_string_value(email), NULL);
	else if (json_is_string(id) && json_string_length(id))
		scope = user_scope(ctx, NULL, json_string_value(id));
	else if ((idname = vc_asprintf("users[%zu]", idx)))
		scope = vc_asprintf("user:%s", idname);
	if (!scope) {
		rc = VC_ENOMEM;
		goto out;
	}
	x->listed++;
	for (i = 0; i < F_N; i++) {
		int w = weak[i] || (zf[i].with >= 0 && weak[zf[i].with]);

		if (!w || !f[i].v)
			continue;
		if ((rc = put(ctx, x->in->display, scope, zf[i].key, json_incref(f[i].v),
			      f[i].line)) < 0)
			goto out;
	}
	rc = put(ctx, x->in->display, scope, "settings.level", json_string("user"), line);
out:
	zfacts_clear(f);
	json_decref(el);
	json_decref(lines);
	free(scope);
	free(idname);
	return rc;
}

/* "users": [ ... ], one element at a time. */
static int users_array(struct zx *x)
{
	struct zs *s = &x->s;
	struct vc_buf buf = VC_BUF_INIT(ZS_USER_MAX);
	size_t idx = 0;
	int c, rc = 0;

	if (zs_ws(s) != '[') {
		rc = zs_bad(s, "\"users\" is not a list");
		goto out;
	}
	zs_get(s);
	if (zs_ws(s) == ']') {
		zs_get(s);
		goto out;
	}
	for (;; idx++) {
		int line, too_big = 0;

		zs_ws(s);
		line = s->line;
		vc_buf_clear(&buf);
		if ((rc = zs_value(s, &buf, &too_big)) < 0)
			goto out;
		if (too_big) {
			x->unreadable++;
			x->user_issues++;
			x->user_diags++;
			zx_diag(x, line, "users[%zu]: larger than %zu MiB, not read", idx,
				ZS_USER_MAX >> 20);
		} else if ((rc = user_element(x, &buf, line, idx)) < 0) {
			goto out;
		}
		c = zs_ws(s);
		zs_get(s);
		if (c == ']')
			break;
		if (c != ',') {
			rc = c == ZS_EOF ? zs_bad(s, "unexpected end of file in \"users\" "
						   "(truncated?)") :
			     c == ZS_ERR ? s->eof : zs_bad(s, "expected ',' or ']' after a user");
			goto out;
		}
	}
out:
	vc_buf_free(&buf);
	return rc;
}

static int users_facts(struct zx *x)
{
	struct vc_scan_ctx *ctx = x->ctx;
	const char *disp = x->in->display;
	json_t *weak = json_array();
	int i, rc;

	if (!weak)
		return VC_ENOMEM;
	for (i = 0; i < F_N; i++)
		if (x->weakened[i] && json_array_append_new(weak, json_string(zf[i].key))) {
			json_decref(weak);
			return VC_ENOMEM;
		}
	if ((rc = put(ctx, disp, "account", "users.weaker", weak, x->users_line)) < 0 ||
	    (rc = put(ctx, disp, "account", "users.count", json_integer((json_int_t)x->nusers),
		      x->users_line)) < 0 ||
	    (rc = put(ctx, disp, "account", "users.deviating",
		      json_integer((json_int_t)x->deviating), x->users_line)) < 0 ||
	    (rc = put(ctx, disp, "account", "users.listed", json_integer((json_int_t)x->listed),
		      x->users_line)) < 0)
		return rc;
	for (i = 0; i < F_N; i++) {
		if (!zf[i].count)
			continue;
		if ((rc = put(ctx, disp, "account", zf[i].count,
			      json_integer((json_int_t)x->count[i]), x->users_line)) < 0)
			return rc;
	}
	if (x->deviating > x->listed)
		zx_diag(x, x->users_line, "%zu users have settings weaker than the account's; the "
			"first %zu are listed with their own facts, all are counted in users.*",
			x->deviating, x->listed);
	if (x->user_issues > x->user_diags)
		zx_diag(x, x->users_line, "%zu more user element%s with problems, not described "
			"one by one", x->user_issues - x->user_diags,
			x->user_issues - x->user_diags == 1 ? "" : "s");
	for (i = 0; i < F_N; i++) {
		if (!x->unknown[i])
			continue;
		zx_diag(x, x->users_line, "%s could not be determined for %zu user%s and the "
			"account value is not locked, so whether they weakened it is unknown",
			zf[i].key, x->unknown[i], x->unknown[i] == 1 ? "" : "s");
		vc_scan_error_keys(ctx, ZOOM, "account", disp, zf[i].key);
	}
	if (x->unreadable) {
		zx_diag(x, x->users_line, "%zu user element%s could not be read; %s settings "
			"are unknown", x->unreadable, x->unreadable == 1 ? "" : "s",
			x->unreadable == 1 ? "its" : "their");
		vc_scan_error_keys(ctx, ZOOM, "account", disp, TENANT_FACTS);
	}
	return 0;
}

static int export_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct zx *x = calloc(1, sizeof(*x));
	struct vc_buf buf = VC_BUF_INIT(ZS_PART_MAX);
	char key[ZS_KEY_MAX];
	int rc = 0, c, seen_users = 0, which, part, line;

	if (!x)
		return VC_ENOMEM;
	x->ctx = ctx;
	x->in = in;
	x->s.in = in;
	x->s.line = 1;
	x->first_line = 1;
	x->lock_line = 1;
	if (zs_peek(&x->s) == 0xEF) {   /* UTF-8 BOM */
		zs_get(&x->s);
		zs_get(&x->s);
		zs_get(&x->s);
	}
	if (zs_ws(&x->s) != '{') {
		rc = zs_bad(&x->s, "expected '{'");
		goto broken;
	}
	zs_get(&x->s);
	if (zs_ws(&x->s) == '}') {
		zs_get(&x->s);
		goto end;
	}
	for (;;) {
		int too_big = 0;

		zs_ws(&x->s);
		line = x->s.line;
		if ((rc = zs_key(&x->s, key)) < 0)
			goto broken;
		if (!strcmp(key, "users")) {
			if (seen_users) {
				rc = zs_bad(&x->s, "\"users\" appears twice");
				goto broken;
			}
			seen_users = 1;
			x->users_line = line;
			if ((rc = account_facts(x)) < 0)
				goto out;
			if ((rc = users_array(x)) < 0)
				goto broken;
		} else {
			zs_ws(&x->s);
			line = x->s.line;
			vc_buf_clear(&buf);
			which = member_part(key, &part);
			if ((rc = zs_value(&x->s, seen_users || !which ? NULL : &buf, &too_big)) < 0)
				goto broken;
			if (seen_users && which) {
				zx_diag(x, line, "%s after \"users\" ignored: account settings must "
					"come before the users", key);
				vc_scan_error_keys(ctx, ZOOM, "account", in->display, TENANT_FACTS);
			} else if (too_big) {
				zx_diag(x, line, "%s larger than %zu MiB, ignored", key,
					ZS_PART_MAX >> 20);
				vc_scan_error_keys(ctx, ZOOM, "account", in->display, TENANT_FACTS);
			} else if (which) {
				struct zmember *m = which == 1 ? &x->acct[part] : &x->lock[part];

				if (m->doc) {
					zx_diag(x, line, "%s appears twice, the second ignored", key);
				} else {
					int *fl = which == 1 ? &x->first_line : &x->lock_line;

					if (*fl <= 1)
						*fl = line;
					if ((rc = take_member(x, m, &buf, line, key)) < 0)
						goto out;
				}
			}
		}
		c = zs_ws(&x->s);
		zs_get(&x->s);
		if (c == '}')
			break;
		if (c != ',') {
			rc = c == ZS_EOF ? zs_bad(&x->s, "unexpected end of file (truncated?)") :
			     c == ZS_ERR ? x->s.eof : zs_bad(&x->s, "expected ',' or '}'");
			goto broken;
		}
	}
end:
	if (zs_ws(&x->s) != ZS_EOF) {
		rc = zs_bad(&x->s, "text after the export");
		goto broken;
	}
	if ((rc = account_facts(x)) < 0)
		goto out;
	if (seen_users)
		rc = users_facts(x);
	goto out;
broken:
	if (rc == VC_ENOMEM)
		goto out;
	vc_diag_add(&ctx->diags, ZOOM, in->display, x->s.line, 0,
		    "malformed Zoom export%s: %s", seen_users ? " in \"users\"" : "",
		    vc_error_problem());
	vc_scan_error_keys(ctx, ZOOM, "account", in->display, seen_users ? "users.*" :
			   TENANT_FACTS);
	rc = account_facts(x);
out:
	if (rc == 0)
		rc = finalize_e2ee(ctx);
	zx_free(x);
	free(x);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- the handler ---- */

static int is_export(const struct vc_input *in)
{
	const char *h = (const char *)in->head;
	const char *p;

	if (in->nhead >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
		h += 3;
	while (*h == ' ' || *h == '\t' || *h == '\r' || *h == '\n')
		h++;
	if (*h != '{' || !(p = strstr(h, "\"schema\"")))
		return 0;
	p += 8;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ':')
		p++;
	return !strncmp(p, "\"vcaudit.zoom-export/", 21);
}

static int zoom_api_detect(const struct vc_input *in)
{
	if (is_export(in))
		return 95;
	return head_score(in);
}

static int zoom_api_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	const char *h = (const char *)in->head;
	const char *p;

	if (is_export(in)) {
		p = strstr(h, "\"vcaudit.zoom-export/");
		if (strncmp(p, "\"" ZS_SCHEMA "\"", strlen(ZS_SCHEMA) + 2)) {
			vc_diag_add(&ctx->diags, ZOOM, in->display, 0, 0,
				    "unsupported export schema (this vcaudit reads %s), not "
				    "audited", ZS_SCHEMA);
			vc_scan_error(ctx, ZOOM, "account", in->display);
			return 0;
		}
		return export_scan(ctx, in);
	}
	return reply_scan(ctx, in);
}

const struct vc_input_handler_entry vc_input_zoom_api = {
	.name = "zoom-api",
	.product = ZOOM,
	.description = "Zoom REST API settings, lock settings and user settings; "
		       "vcaudit.zoom-export/1",
	.detect = zoom_api_detect,
	.scan = zoom_api_scan,
};
