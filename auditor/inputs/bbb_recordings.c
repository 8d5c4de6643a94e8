/*
 * BigBlueButton recordings as listed by the server's getRecordings API,
 * in the export `vcaudit fetch bbb` writes (vcaudit.bbb-recordings/1,
 * docs/fetch.md): product "bigbluebutton", scope "site:<host of the API>"
 * (server names are not personal data).
 *
 * Facts, all at the line of "recordings":
 *  - artifacts.recordings: one object per recording, {product, path, record_id,
 *    kind (the state), format, age_days, converted, published, public, url,
 *    participants}; `path` is the first playback URL, else the record id;
 *    `public` = published, not deleted, with a playback URL: BigBlueButton's
 *    playback pages need no login (PRODUCTS §4.7, privacy.md);
 *  - recordings.count, recordings.public: how many, and how many public;
 *  - recording.public_links: true when at least one is public (absent
 *    otherwise: no public recording does not mean the playback is protected).
 * Ages are counted from startTime to the reference time of the scan.
 * An element that cannot be read is a diagnostic (the first 20, then
 * counted) and a collection error for these facts: rules reading them then
 * cannot pass.
 */
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "../core/buf.h"
#include "../scanners/scan_util.h"

#define BBB "bigbluebutton"
#define BBB_REC_SCHEMA "vcaudit.bbb-recordings/1"
#define BBB_REC_FILE_MAX ((size_t)256 << 20)
#define BBB_REC_MAX 400000           /* as the bbb-server scanner's list */
#define BBB_REC_DIAG_MAX 20
#define BBB_REC_ID_MAX 256
#define BBB_REC_URL_MAX 2048
#define BBB_REC_FACTS "artifacts.recordings,recordings.*,recording.public_links"

static const char *skip_ws(const char *h)
{
	while (*h == ' ' || *h == '\t' || *h == '\r' || *h == '\n')
		h++;
	return h;
}

static int is_export(const struct vc_input *in)
{
	const char *h = (const char *)in->head, *p;

	if (in->nhead >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
		h += 3;
	h = skip_ws(h);
	if (*h != '{' || !(p = strstr(h, "\"schema\"")))
		return 0;
	p = skip_ws(p + 8);
	if (*p != ':')
		return 0;
	p = skip_ws(p + 1);
	return !strncmp(p, "\"vcaudit.bbb-recordings/", 24);
}

static int bbb_rec_detect(const struct vc_input *in)
{
	return is_export(in) ? 95 : 0;
}

/* Printable ASCII only, 1..max bytes. */
static int plain(const char *s, size_t max)
{
	size_t i;

	if (!s || !*s)
		return 0;
	for (i = 0; s[i]; i++)
		if (i >= max || (unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/* "site:<host>" from the export's "server" URL; NULL when unusable. */
static char *site_scope(const char *url)
{
	const char *h, *e;
	size_t i;

	if (!url || strncmp(url, "https://", 8))
		return NULL;
	h = url + 8;
	e = h + strcspn(h, "/?#");
	if (memchr(h, '@', (size_t)(e - h)))
		return NULL;
	if (e == h || e - h > 253)
		return NULL;
	for (i = 0; h + i < e; i++) {
		char c = h[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return NULL;
	}
	return vc_asprintf("site:%.*s", (int)(e - h), h);
}

static int line_of(const char *buf, const char *needle)
{
	const char *p = strstr(buf, needle), *q;
	int line = 1;

	if (!p)
		return 0;
	for (q = buf; q < p; q++)
		if (*q == '\n')
			line++;
	return line;
}

struct bad {
	struct vc_scan_ctx *ctx;
	const char *display;
	size_t n;
};

static void bad_element(struct bad *b, size_t i, const char *problem)
{
	if (b->n++ < BBB_REC_DIAG_MAX)
		vc_diag_add(&b->ctx->diags, BBB, b->display, 0, 0, "recordings[%zu]: %s, not "
			    "counted", i, problem);
}

/* One element into an artifacts.recordings entry; NULL (and *why) when unusable. */
static json_t *entry(const json_t *r, const struct vc_scan_ctx *ctx, const char **why)
{
	const char *id = json_string_value(json_object_get(r, "record_id"));
	const char *state = json_string_value(json_object_get(r, "state"));
	json_t *pub = json_object_get(r, "published"), *start = json_object_get(r, "start_time");
	json_t *parts = json_object_get(r, "participants"), *pb = json_object_get(r, "playback");
	json_t *e, *f;
	const char *url = NULL, *type = NULL;
	size_t i;
	int published, is_public;

	*why = NULL;
	if (!json_is_object(r))
		return (*why = "not an object"), NULL;
	if (!plain(id, BBB_REC_ID_MAX))
		return (*why = "no usable record_id"), NULL;
	if (state && !plain(state, 32))
		return (*why = "state is not a short word"), NULL;
	if (pub && !json_is_boolean(pub))
		return (*why = "published is not true or false"), NULL;
	if (start && (!json_is_integer(start) || json_integer_value(start) < 0))
		return (*why = "start_time is not a time in milliseconds"), NULL;
	if (parts && (!json_is_integer(parts) || json_integer_value(parts) < 0))
		return (*why = "participants is not a count"), NULL;
	if (pb && !json_is_array(pb))
		return (*why = "playback is not a list"), NULL;
	json_array_foreach(pb, i, f) {
		const char *u = json_string_value(json_object_get(f, "url"));
		const char *t = json_string_value(json_object_get(f, "type"));

		if (u && (!plain(u, BBB_REC_URL_MAX) ||
			  (strncmp(u, "https://", 8) && strncmp(u, "http://", 7))))
			return (*why = "a playback url is not an http(s) URL"), NULL;
		if (u && !url) {
			url = u;
			type = t && plain(t, 64) ? t : NULL;
		}
	}
	published = pub ? json_is_true(pub) : -1;
	is_public = published == 1 && url && !(state && !strcmp(state, "deleted"));
	e = json_object();
	if (!e)
		return NULL;
	json_object_set_new(e, "product", json_string(BBB));
	json_object_set_new(e, "path", json_string(url ? url : id));
	json_object_set_new(e, "record_id", json_string(id));
	if (state) {
		json_object_set_new(e, "kind", json_string(state));
		json_object_set_new(e, "converted", json_boolean(strcmp(state, "processing")));
	}
	if (type)
		json_object_set_new(e, "format", json_string(type));
	if (start) {
		long long s = (long long)(json_integer_value(start) / 1000);
		long long now = (long long)ctx->now;

		json_object_set_new(e, "age_days", json_integer(s < now ? (now - s) / 86400 : 0));
	}
	if (published >= 0)
		json_object_set_new(e, "published", json_boolean(published));
	json_object_set_new(e, "public", json_boolean(is_public));
	if (url)
		json_object_set_new(e, "url", json_string(url));
	if (parts)
		json_object_set_new(e, "participants", json_integer(json_integer_value(parts)));
	return e;
}

static int add(struct vc_scan_ctx *ctx, const char *scope, const char *key, json_t *v,
	       const char *display, int line)
{
	struct vc_prov pv = { display, NULL, line };

	return vc_fact_add(&ctx->facts, BBB, scope, key, v, &pv);
}

static int bbb_rec_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct bad bad = { ctx, in->display, 0 };
	json_error_t je;
	json_t *doc = NULL, *recs, *r, *list = NULL, *e;
	const char *schema, *why;
	char *scope = NULL;
	size_t i, npublic = 0;
	int rc = 0, line;

	if ((rc = vc_input_slurp(&buf, in, BBB_REC_FILE_MAX)) < 0) {
		vc_diag_add(&ctx->diags, BBB, in->display, 0, 0, "%s", vc_error_problem());
		vc_scan_error_keys(ctx, BBB, "host", in->display, BBB_REC_FACTS);
		rc = rc == VC_ENOMEM ? rc : 0;
		goto out;
	}
	doc = json_loadb(buf.ptr + (buf.size >= 3 && !memcmp(buf.ptr, "\xEF\xBB\xBF", 3) ? 3 : 0),
			 buf.size - (buf.size >= 3 && !memcmp(buf.ptr, "\xEF\xBB\xBF", 3) ? 3 : 0),
			 JSON_REJECT_DUPLICATES, &je);
	if (!doc || !json_is_object(doc)) {
		vc_diag_add(&ctx->diags, BBB, in->display, doc ? 1 : je.line, doc ? 1 : je.column,
			    "%s", doc ? "not a JSON object" : vc_error_cut_excerpt(je.text));
		vc_scan_error_keys(ctx, BBB, "host", in->display, BBB_REC_FACTS);
		goto out;
	}
	schema = json_string_value(json_object_get(doc, "schema"));
	if (!schema || strcmp(schema, BBB_REC_SCHEMA)) {
		vc_diag_add(&ctx->diags, BBB, in->display, 0, 0, "unsupported export schema (this "
			    "vcaudit reads %s), not audited", BBB_REC_SCHEMA);
		vc_scan_error_keys(ctx, BBB, "host", in->display, BBB_REC_FACTS);
		goto out;
	}
	scope = site_scope(json_string_value(json_object_get(doc, "server")));
	if (!scope) {
		vc_diag_add(&ctx->diags, BBB, in->display, 0, 0, "\"server\" is not an https:// "
			    "URL with a host name, not audited");
		vc_scan_error_keys(ctx, BBB, "host", in->display, BBB_REC_FACTS);
		goto out;
	}
	recs = json_object_get(doc, "recordings");
	line = line_of(buf.ptr, "\"recordings\"");
	if (!json_is_array(recs)) {
		vc_diag_add(&ctx->diags, BBB, in->display, line, 0, "\"recordings\" is missing or "
			    "not a list, not audited");
		vc_scan_error_keys(ctx, BBB, scope, in->display, BBB_REC_FACTS);
		goto out;
	}
	if (!(list = json_array())) {
		rc = VC_ENOMEM;
		goto out;
	}
	json_array_foreach(recs, i, r) {
		if (i >= BBB_REC_MAX) {
			vc_diag_add(&ctx->diags, BBB, in->display, line, 0, "more than %d recordings, "
				    "the rest not read", BBB_REC_MAX);
			vc_scan_error_keys(ctx, BBB, scope, in->display, BBB_REC_FACTS);
			break;
		}
		e = entry(r, ctx, &why);
		if (!e && !why) {
			rc = VC_ENOMEM;
			goto out;
		}
		if (!e) {
			bad_element(&bad, i, why);
			continue;
		}
		if (json_is_true(json_object_get(e, "public")))
			npublic++;
		if (json_array_append_new(list, e) < 0) {
			rc = VC_ENOMEM;
			goto out;
		}
	}
	if (bad.n) {
		if (bad.n > BBB_REC_DIAG_MAX)
			vc_diag_add(&ctx->diags, BBB, in->display, 0, 0, "%zu more recordings that "
				    "could not be read", bad.n - BBB_REC_DIAG_MAX);
		vc_scan_error_keys(ctx, BBB, scope, in->display, BBB_REC_FACTS);
	}
	if ((rc = add(ctx, scope, "recordings.count", json_integer((json_int_t)json_array_size(list)),
		      in->display, line)) < 0 ||
	    (rc = add(ctx, scope, "recordings.public", json_integer((json_int_t)npublic),
		      in->display, line)) < 0)
		goto out;
	if (npublic && (rc = add(ctx, scope, "recording.public_links", json_true(), in->display,
				 line)) < 0)
		goto out;
	rc = add(ctx, scope, "artifacts.recordings", list, in->display, line);
	list = NULL;
out:
	json_decref(list);
	json_decref(doc);
	vc_buf_free(&buf);
	free(scope);
	return rc == VC_ENOMEM ? rc : 0;
}

const struct vc_input_handler_entry vc_input_bbb_recordings = {
	.name = "bbb-recordings",
	.product = BBB,
	.description = "BigBlueButton recordings listed by getRecordings "
		       "(vcaudit fetch bbb: vcaudit.bbb-recordings/1)",
	.detect = bbb_rec_detect,
	.scan = bbb_rec_scan,
};
