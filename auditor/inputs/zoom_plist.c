/*
 * Zoom client policy from macOS managed preferences handed over as files
 * (--input; PRODUCTS §1.1 "macOS", §1.2):
 *
 *  - a us.zoom.config plist, XML or binary: its keys are enforced, the keys
 *    of its PackageRecommend dictionary are only defaults;
 *  - an MDM configuration profile (.mobileconfig): PayloadContent is an
 *    array of payload dictionaries; one whose PayloadType is
 *    "us.zoom.config" holds the keys itself (its Payload* keys are not
 *    settings and are ignored like every unknown key);
 *  - the legacy MCX form of a profile: a payload of type
 *    com.apple.ManagedClient.preferences (or a plist that is only such a
 *    payload) with PayloadContent -> us.zoom.config -> Forced -> [ {
 *    mcx_preference_settings -> keys } ]. "Set-Once" and "Often" settings
 *    may be changed by the user afterwards, so they count as defaults, as
 *    PackageRecommend does.
 *
 * Mapped by the one Zoom policy mapping (scanners/zoom_policy.h), product
 * "zoom", scope "host": a managed preference is a policy for every device
 * (and every user on it) that receives it, not the setting of one account,
 * so its facts are the host's, as for the Windows .reg policies. The file
 * does not say whether Zoom is installed: product.installed is not set.
 * Several Zoom payloads in one profile are read in order; of two values
 * of the same strength the later one counts. policy.recommend_only lists
 * the fact keys that only a default supplied.
 *
 * Provenance: the source is the input as the user named it; the line is
 * the one vc_plist_parse() gives for a top-level key and for the keys of
 * a top-level PackageRecommend. Keys nested in a profile get the line of
 * their <key> element when "<key>NAME</key>" occurs exactly once in the
 * file outside comments; otherwise (the same key in two payloads, a key
 * written with character references, binary plists) the line is 0,
 * unknown.
 *
 * RecordPath names a place on the managed Mac, not on this machine: it is
 * shown as written with the account in /Users/<name> pseudonymised, and no
 * derived facts (cloud sync, encryption) are computed from it.
 * A plist with a DTD is read (the DTD is never fetched); one declaring
 * entities, or malformed, is a diagnostic with its line and a collection
 * error for the facts it would have given. Signed (CMS) profiles are not
 * opened: detection does not claim them, so they are reported as not
 * recognised.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "../core/buf.h"
#include "../core/fsroot.h"
#include "../parsers/plist.h"
#include "../scanners/scan_util.h"
#include "../scanners/zoom_policy.h"

#define ZOOM "zoom"
#define ZDOMAIN "us.zoom.config"
#define PLIST_FACTS "recording.local.*,recording.cloud.*,chat.*,update.*,encryption.*," \
	"access.*,storage.*,secrets.*,policy.*"
#define KEY_SEEN_MAX 1024       /* distinct Zoom key spellings whose lines are tracked */

/* Key names that only a Zoom policy carries (detection; matched case-insensitively). */
static const char *const markers[] = {
	"zDisableLocalRecord", "zDisableCMR", "zDisableChat", "zDisableFT",
	"Intercloud_DisableLocalRecording", "AU2_EnableAutoUpdate", "ZAutoUpdate",
	"BlockUntrustedSSLCert", "ZAutoSSOLogin", "ZSSOHost", "ForceSSOURL",
	"PackageRecommend", "SetEnrollToken4CloudMDM", "DisableMeeting3rdPartyFileStorage",
	NULL
};

/* MCX application states and how strongly each binds (PRODUCTS §1.1). */
static const struct {
	const char *name;
	int cls;
} mcx_states[] = {
	{ "Forced", VC_ZC_ENFORCED },
	{ "Set-Once", VC_ZC_RECOMMEND },
	{ "Often", VC_ZC_RECOMMEND },
};

struct reader {
	struct vc_scan_ctx *ctx;
	struct vc_input *in;
	struct vc_zlayer layer;
	json_t *key_lines;      /* XML only: Zoom key as written -> line, or 0 when not unique */
	int zoom;               /* a us.zoom.config payload or plain policy was met */
};

/* ---- detection ---- */

static const char *find_ci(const char *h, size_t n, const char *w)
{
	size_t k = strlen(w), i;

	for (i = 0; k && i + k <= n; i++)
		if (!strncasecmp(h + i, w, k))
			return h + i;
	return NULL;
}

static int is_marker(const char *s, size_t n)
{
	size_t i;

	for (i = 0; markers[i]; i++)
		if (strlen(markers[i]) == n && !strncasecmp(markers[i], s, n))
			return 1;
	return 0;
}

/* The text of an element starting at p ("<key>" already matched), trimmed. */
static const char *elem_text(const char *p, const char *end, size_t *n)
{
	const char *lt = memchr(p, '<', (size_t)(end - p));

	if (!lt)
		return NULL;
	while (p < lt && isspace((unsigned char)*p))
		p++;
	*n = (size_t)(lt - p);
	while (*n && isspace((unsigned char)p[*n - 1]))
		(*n)--;
	return p;
}

/*
 * 1 when the XML head shows a Zoom policy: a <key> named like a Zoom key,
 * a <key>us.zoom.config</key> (MCX), or PayloadType us.zoom.config.
 */
static int xml_marker(const char *h, size_t n)
{
	const char *end = h + n, *p = h, *t;
	size_t tn;

	while ((p = find_ci(p, (size_t)(end - p), "<key>")) != NULL) {
		p += 5;
		if (!(t = elem_text(p, end, &tn)))
			break;
		if (is_marker(t, tn) || (tn == strlen(ZDOMAIN) && !memcmp(t, ZDOMAIN, tn)))
			return 1;
		if (tn == 11 && !memcmp(t, "PayloadType", 11)) {
			const char *q = memchr(t, '<', (size_t)(end - t));

			/* </key>, white space, <string>us.zoom.config</string> */
			if (q && (q = memchr(q + 1, '<', (size_t)(end - q - 1))) &&
			    end - q > 8 && !memcmp(q, "<string>", 8) &&
			    (t = elem_text(q + 8, end, &tn)) && tn == strlen(ZDOMAIN) &&
			    !memcmp(t, ZDOMAIN, tn))
				return 1;
		}
	}
	return 0;
}

/* 1 XML plist, 2 binary plist, 0 neither (from the head). */
static int plist_kind(const char *h, size_t n)
{
	size_t i = 0;

	if (n >= 8 && !memcmp(h, "bplist00", 8))
		return 2;
	if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && isspace((unsigned char)h[i]))
		i++;
	if (i >= n || h[i] != '<')
		return 0;
	return find_ci(h + i, n - i, "<plist") || find_ci(h + i, n - i, "<!DOCTYPE plist") ? 1 : 0;
}

static int ends_with_ci(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && !strcasecmp(s + n - k, tail);
}

static int zoom_plist_detect(const struct vc_input *in)
{
	const char *h = (const char *)in->head;
	size_t n = in->nhead, i;
	int kind = plist_kind(h, n), named = in->product && !strcmp(in->product, ZOOM);

	if (!kind)
		return 0;
	/* A ProfileCreator manifest describes the keys (pfm_name ...); it sets none. */
	if (find_ci(h, n, "pfm_domain") || find_ci(h, n, "pfm_subkeys"))
		return named ? 30 : 0;
	if (kind == 1 && xml_marker(h, n))
		return 80;
	if (kind == 2) {
		if (find_ci(h, n, ZDOMAIN))
			return 70;
		for (i = 0; markers[i]; i++)
			if (find_ci(h, n, markers[i]))
				return 70;
	}
	/* By name only: the Zoom payload may lie beyond the head. */
	if (in->name && !strcasecmp(in->name, ZDOMAIN ".plist"))
		return 50;
	if (in->name && ends_with_ci(in->name, ".mobileconfig"))
		return 20;
	return named ? 30 : 0;
}

/* ---- lines of nested keys ---- */

static int count_lines(const char *from, const char *to)
{
	int n = 0;

	while (from < to && (from = memchr(from, '\n', (size_t)(to - from))) != NULL) {
		n++;
		from++;
	}
	return n;
}

/* Just past the first `w` in [p, end), or `end` when there is none. */
static const char *skip_to(const char *p, const char *end, const char *w)
{
	const char *e = memmem(p, (size_t)(end - p), w, strlen(w));

	return e ? e + strlen(w) : end;
}

/*
 * One pass over XML text: for every <key> whose text is a Zoom key (any
 * case), its spelling -> line of the first occurrence, or 0 once seen
 * twice. Comments and CDATA sections are skipped. NULL only on ENOMEM.
 */
static json_t *zoom_key_lines(const char *s, size_t len)
{
	const char *p = s, *end = s + len, *lt, *t, *e;
	json_t *map = json_object(), *have;
	char name[65];
	int line = 1;
	size_t tn;

	while (map && p < end && (lt = memchr(p, '<', (size_t)(end - p)))) {
		line += count_lines(p, lt);
		e = NULL;
		if (end - lt >= 4 && !memcmp(lt, "<!--", 4))
			e = skip_to(lt + 4, end, "-->");
		else if (end - lt >= 9 && !memcmp(lt, "<![CDATA[", 9))
			e = skip_to(lt + 9, end, "]]>");
		if (e) {
			line += count_lines(lt, e);
			p = e;
			continue;
		}
		p = lt + 1;
		if (end - lt < 5 || memcmp(lt, "<key>", 5))
			continue;
		t = lt + 5;
		e = memchr(t, '<', (size_t)(end - t));
		if (!e || end - e < 6 || memcmp(e, "</key>", 6))
			continue;
		tn = (size_t)(e - t);
		if (tn == 0 || tn >= sizeof(name) || memchr(t, '\n', tn) || memchr(t, 0, tn))
			continue;
		memcpy(name, t, tn);
		name[tn] = 0;
		if (vc_zkey_find(name) < 0 && strcasecmp(name, "PackageRecommend"))
			continue;
		if ((have = json_object_get(map, name)))
			json_integer_set(have, 0);   /* not unique: line unknown */
		else if (json_object_size(map) < KEY_SEEN_MAX &&
			 json_object_set_new(map, name, json_integer(line)) < 0) {
			json_decref(map);
			return NULL;
		}
	}
	return map;
}

/* Lines for the keys of a nested dict, as vc_zlayer_read_dict wants them. */
static json_t *nested_lines(const struct reader *r, const json_t *dict)
{
	json_t *out, *v, *cv, *l;
	const char *k, *ck;

	if (!r->key_lines)
		return NULL;
	out = json_object();
	json_object_foreach((json_t *)dict, k, v) {
		if (!out)
			return NULL;
		if ((l = json_object_get(r->key_lines, k)) && json_integer_value(l) > 0)
			json_object_set(out, k, l);
		if (strcasecmp(k, "PackageRecommend") || !json_is_object(v))
			continue;
		json_object_foreach(v, ck, cv) {
			char *pk;

			if (!(l = json_object_get(r->key_lines, ck)) || json_integer_value(l) <= 0)
				continue;
			if (!(pk = vc_asprintf("%s/%s", k, ck))) {
				json_decref(out);
				return NULL;
			}
			json_object_set(out, pk, l);
			free(pk);
		}
	}
	return out;
}

/* ---- reading ---- */

/* 1 when a top-level key of a plain plist is one of Zoom's policy keys. */
static int zoom_keys_in(const json_t *root)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)root, k, v) {
		if (vc_zkey_find(k) >= 0 || is_marker(k, strlen(k)))
			return 1;
	}
	return 0;
}

/* A us.zoom.config dictionary nested in a profile. 0 or VC_ENOMEM. */
static int read_nested(struct reader *r, const json_t *dict, int cls)
{
	json_t *lines = nested_lines(r, dict);
	int rc;

	if (r->key_lines && !lines)
		return VC_ENOMEM;
	r->zoom = 1;
	rc = vc_zlayer_read_dict(r->ctx, &r->layer, dict, lines, cls);
	json_decref(lines);
	return rc;
}

/* MCX content: { "us.zoom.config": { "Forced": [ { mcx_preference_settings } ] } }. */
static int read_mcx(struct reader *r, const json_t *content)
{
	const json_t *dom = json_object_get(content, ZDOMAIN), *list, *item, *set;
	size_t s, i;
	int rc;

	if (!json_is_object(dom))
		return 0;
	r->zoom = 1;
	for (s = 0; s < sizeof(mcx_states) / sizeof(mcx_states[0]); s++) {
		list = json_object_get(dom, mcx_states[s].name);
		if (!json_is_array(list))
			continue;
		json_array_foreach(list, i, item) {
			set = json_object_get(item, "mcx_preference_settings");
			if (json_is_object(set) && (rc = read_nested(r, set, mcx_states[s].cls)) < 0)
				return rc;
		}
	}
	return 0;
}

static int type_is(const json_t *payload, const char *type)
{
	const json_t *t = json_object_get(payload, "PayloadType");

	return json_is_string(t) && !strcmp(json_string_value(t), type);
}

/* A configuration profile (or a lone MCX payload). 0 or VC_ENOMEM. */
static int read_profile(struct reader *r, const json_t *root)
{
	const json_t *content = json_object_get(root, "PayloadContent"), *p;
	size_t i;
	int rc;

	if (json_is_object(content))
		return read_mcx(r, content);
	json_array_foreach(content, i, p) {
		if (!json_is_object(p))
			continue;
		if (type_is(p, ZDOMAIN))
			rc = read_nested(r, p, VC_ZC_ENFORCED);
		else if (type_is(p, "com.apple.ManagedClient.preferences"))
			rc = read_mcx(r, json_object_get(p, "PayloadContent"));
		else
			rc = 0;
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- facts ---- */

struct emitter {
	struct reader *r;
	json_t *recommend;      /* fact keys whose value is only a default */
};

static int put(struct reader *r, const char *key, json_t *value, int line)
{
	struct vc_prov pv = { r->in->display, NULL, line };
	int rc;

	if (!value)
		return VC_ENOMEM;
	rc = vc_fact_add(&r->ctx->facts, ZOOM, "host", key, value, &pv);
	return rc == VC_ENOMEM ? rc : 0;
}

static int put_policy(void *arg, const char *key, json_t *value, const struct vc_zval *from)
{
	struct emitter *e = arg;

	if (value && from->cls == VC_ZC_RECOMMEND &&
	    json_array_append_new(e->recommend, json_string(key))) {
		json_decref(value);
		return VC_ENOMEM;
	}
	return put(e->r, key, value, from->line);
}

/* recording.local.path: a place on the managed Mac, account pseudonymised. */
static int emit_record_path(struct emitter *e, const struct vc_zval *rp)
{
	struct reader *r = e->r;
	const char *p = rp && rp->s ? rp->s : NULL;
	char *disp;
	int rc;

	while (p && isspace((unsigned char)*p))
		p++;
	if (!p || !*p)
		return 0;
	if (*p != '/' && !(p[0] == '~' && (!p[1] || p[1] == '/')) && strncmp(p, "$HOME", 5) &&
	    strncmp(p, "${HOME}", 7)) {
		vc_diag_add(&r->ctx->diags, ZOOM, r->in->display, rp->line, 0,
			    "RecordPath is not an absolute or home-relative path, ignored");
		return 0;
	}
	if (!(disp = vc_pseudo_path(&r->ctx->pseudo, p)))
		return VC_ENOMEM;
	rc = put_policy(e, "recording.local.path", json_string(disp), rp);
	free(disp);
	return rc;
}

static int emit(struct reader *r)
{
	const struct vc_zval *best[VC_ZK_N] = { 0 };
	struct emitter e = { r, json_array() };
	int rc;

	if (!e.recommend)
		return VC_ENOMEM;
	vc_zmerge(best, &r->layer);
	if ((rc = vc_zpolicy_emit(best, put_policy, &e)) < 0 ||
	    (rc = emit_record_path(&e, best[VC_ZK_RECORD_PATH])) < 0) {
		json_decref(e.recommend);
		return rc;
	}
	return put(r, "policy.recommend_only", e.recommend, 0);
}

static int zoom_plist_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct reader r;
	json_t *root = NULL, *lines = NULL;
	size_t max = ctx->file_max ? ctx->file_max : VC_FILE_MAX_DEFAULT;
	const char *problem;
	int rc, line;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.in = in;
	if (max > VC_PLIST_MAX_BYTES)
		max = VC_PLIST_MAX_BYTES;
	rc = vc_input_slurp(&buf, in, max);
	if (rc < 0 && rc != VC_ENOMEM) {
		/* "DISPLAY: larger than N bytes": the source is shown apart */
		problem = vc_error_last();
		if (!strncmp(problem, in->display, strlen(in->display)) &&
		    !strncmp(problem + strlen(in->display), ": ", 2))
			problem += strlen(in->display) + 2;
		vc_diag_add(&ctx->diags, ZOOM, in->display, 0, 0, "%s, not audited", problem);
		vc_scan_error_keys(ctx, ZOOM, "host", in->display, PLIST_FACTS);
		rc = 0;
		goto out;
	}
	if (rc == 0)
		rc = vc_plist_parse(&root, &lines, buf.ptr ? buf.ptr : "", buf.size);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		problem = vc_plist_problem(&line);
		vc_diag_add(&ctx->diags, ZOOM, in->display, line, 0,
			    "malformed property list, not audited: %s", problem);
		vc_scan_error_keys(ctx, ZOOM, "host", in->display, PLIST_FACTS);
		rc = 0;
		goto out;
	}
	if (!(r.layer.display = vc_strdup(in->display))) {
		rc = VC_ENOMEM;
		goto out;
	}
	if (json_object_get(root, "PayloadContent")) {
		if (buf.size < 8 || memcmp(buf.ptr, "bplist00", 8)) {
			if (!(r.key_lines = zoom_key_lines(buf.ptr, buf.size))) {
				rc = VC_ENOMEM;
				goto out;
			}
		}
		rc = read_profile(&r, root);
	} else if (zoom_keys_in(root)) {
		r.zoom = 1;
		rc = vc_zlayer_read_dict(ctx, &r.layer, root, lines, VC_ZC_ENFORCED);
	} else {
		/* claimed by name or as "zoom:", but nothing in it is Zoom's */
		vc_diag_add(&ctx->diags, ZOOM, in->display, 0, 0,
			    "none of the Zoom policy keys vcaudit reads is in it, nothing audited");
		goto out;
	}
	if (rc < 0)
		goto out;
	if (!r.zoom) {
		vc_diag_add(&ctx->diags, ZOOM, in->display, 0, 0,
			    "a configuration profile without a " ZDOMAIN " payload, nothing audited");
		rc = 0;
		goto out;
	}
	rc = emit(&r);
out:
	vc_zlayer_free(&r.layer);
	json_decref(r.key_lines);
	json_decref(root);
	json_decref(lines);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

const struct vc_input_handler_entry vc_input_zoom_plist = {
	.name = "zoom-plist",
	.product = ZOOM,
	.description = "Zoom client policy in macOS managed preferences: us.zoom.config "
		       "plists (XML or binary) and configuration profiles (.mobileconfig, "
		       "also the MCX form)",
	.detect = zoom_plist_detect,
	.scan = zoom_plist_scan,
};
