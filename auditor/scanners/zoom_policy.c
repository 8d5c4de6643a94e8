/* Zoom client policy keys and their mapping onto facts (see zoom_policy.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zoom_policy.h"
#include "scan_util.h"
#include "../parsers/plist.h"

#define ZOOM "zoom"

/* Raw keys read (matched case-insensitively); everything else is ignored. */
static const struct {
	const char *name;
	enum vc_ztype type;
} zkeys[VC_ZK_N] = {
	[VC_ZK_NO_LOCAL_REC] = { "zDisableLocalRecord", VC_ZT_BOOL },
	[VC_ZK_NO_CMR] = { "zDisableCMR", VC_ZT_BOOL },
	[VC_ZK_RECORD_PATH] = { "RecordPath", VC_ZT_STR },
	[VC_ZK_NO_CHAT] = { "zDisableChat", VC_ZT_BOOL },
	[VC_ZK_AU2] = { "AU2_EnableAutoUpdate", VC_ZT_BOOL },
	[VC_ZK_SILENT_AU] = { "EnableSilentAutoUpdate", VC_ZT_BOOL },
	[VC_ZK_BLOCK_SSL] = { "BlockUntrustedSSLCert", VC_ZT_BOOL },
	[VC_ZK_NO_CERT_PIN] = { "DisableCertPin", VC_ZT_BOOL },
	[VC_ZK_AUTO_SSO] = { "ZAutoSSOLogin", VC_ZT_BOOL },
	[VC_ZK_FORCE_SSO_URL] = { "ForceSSOURL", VC_ZT_STR },
	[VC_ZK_LOGIN_DOMAIN] = { "Login_Domain", VC_ZT_STR },
	[VC_ZK_NO_3RD_STORAGE] = { "DisableMeeting3rdPartyFileStorage", VC_ZT_BOOL },
	[VC_ZK_ENROLL_TOKEN] = { "SetEnrollToken4CloudMDM", VC_ZT_SECRET },
};

const char *vc_zkey_name(int k)
{
	return k >= 0 && k < VC_ZK_N ? zkeys[k].name : NULL;
}

enum vc_ztype vc_zkey_type(int k)
{
	return k >= 0 && k < VC_ZK_N ? zkeys[k].type : VC_ZT_STR;
}

int vc_zkey_find(const char *name)
{
	int i;

	for (i = 0; name && i < VC_ZK_N; i++)
		if (!strcasecmp(name, zkeys[i].name))
			return i;
	return -1;
}

void vc_zlayer_free(struct vc_zlayer *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < VC_ZK_N; i++)
		free(l->v[i].s);
	free(l->display);
	memset(l, 0, sizeof(*l));
}

void vc_zlayer_put(struct vc_zlayer *l, int k, int cls, int b, char *s, int line)
{
	struct vc_zval *v = &l->v[k];

	if (v->set && v->cls > cls) {
		free(s);
		return;
	}
	free(v->s);
	v->set = 1;
	v->cls = cls;
	v->b = b;
	v->s = s;
	v->line = line;
	v->layer = l;
}

int vc_zlayer_put_json(struct vc_scan_ctx *ctx, struct vc_zlayer *l, int k, int cls,
		       const json_t *value, int line)
{
	char *s = NULL;
	int b = 0;

	switch (zkeys[k].type) {
	case VC_ZT_BOOL:
		if (vc_plist_bool(&b, value) < 0) {
			vc_diag_add(&ctx->diags, ZOOM, l->display, line, 0,
				    "%s: value is not a boolean, ignored", zkeys[k].name);
			return 0;
		}
		break;
	case VC_ZT_SECRET:
		if (json_is_string(value)) {
			const char *t = json_string_value(value);

			while (isspace((unsigned char)*t))
				t++;
			b = *t != 0;
		} else if (json_is_null(value)) {
			b = 0;
		} else {
			vc_diag_add(&ctx->diags, ZOOM, l->display, line, 0,
				    "%s: value is not a string, ignored", zkeys[k].name);
			return 0;
		}
		break;
	case VC_ZT_STR:
		if (!json_is_string(value)) {
			vc_diag_add(&ctx->diags, ZOOM, l->display, line, 0,
				    "%s: value is not a string, ignored", zkeys[k].name);
			return 0;
		}
		if (json_string_length(value) > VC_ZSTR_MAX) {
			vc_diag_add(&ctx->diags, ZOOM, l->display, line, 0,
				    "%s: value longer than %d bytes, ignored", zkeys[k].name,
				    VC_ZSTR_MAX);
			return 0;
		}
		if (!(s = vc_strndup(json_string_value(value), json_string_length(value))))
			return VC_ENOMEM;
		break;
	}
	vc_zlayer_put(l, k, cls, b, s, line);
	return 0;
}

int vc_zlayer_read_dict(struct vc_scan_ctx *ctx, struct vc_zlayer *l, const json_t *dict,
			const json_t *lines, int cls)
{
	const char *key, *ckey;
	json_t *v, *cv;
	int rc, k, line;

	json_object_foreach((json_t *)dict, key, v) {
		line = (int)json_integer_value(json_object_get(lines, key));
		if (!strcasecmp(key, "PackageRecommend")) {
			if (!json_is_object(v)) {
				vc_diag_add(&ctx->diags, ZOOM, l->display, line, 0,
					    "PackageRecommend is not a dictionary, ignored");
				continue;
			}
			json_object_foreach(v, ckey, cv) {
				char *lk;
				int cline = 0;

				if ((k = vc_zkey_find(ckey)) < 0)
					continue;
				if (lines) {
					if (!(lk = vc_asprintf("%s/%s", key, ckey)))
						return VC_ENOMEM;
					/* the parser gives the lines of PackageRecommend's keys */
					cline = (int)json_integer_value(json_object_get(lines, lk));
					free(lk);
				}
				rc = vc_zlayer_put_json(ctx, l, k, VC_ZC_RECOMMEND, cv,
							cline ? cline : line);
				if (rc < 0)
					return rc;
			}
			continue;
		}
		if ((k = vc_zkey_find(key)) < 0)
			continue;
		if ((rc = vc_zlayer_put_json(ctx, l, k, cls, v, line)) < 0)
			return rc;
	}
	return 0;
}

const struct vc_zval *vc_zstronger(const struct vc_zval *a, const struct vc_zval *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (b->cls != a->cls)
		return b->cls > a->cls ? b : a;
	return b->layer->rank >= a->layer->rank ? b : a;
}

void vc_zmerge(const struct vc_zval *best[VC_ZK_N], const struct vc_zlayer *l)
{
	int k;

	for (k = 0; k < VC_ZK_N; k++)
		if (l->v[k].set)
			best[k] = vc_zstronger(best[k], &l->v[k]);
}

/* A string value that names something: set and not only white space. */
static const struct vc_zval *nonblank(const struct vc_zval *v)
{
	const char *s = v ? v->s : NULL;

	while (s && isspace((unsigned char)*s))
		s++;
	return s && *s ? v : NULL;
}

int vc_zpolicy_emit(const struct vc_zval *const best[VC_ZK_N], vc_zput_fn put, void *arg)
{
	const struct vc_zval *v, *w;
	int rc = 0;

	if ((v = best[VC_ZK_NO_LOCAL_REC]) &&
	    (rc = put(arg, "recording.local.allowed", json_boolean(!v->b), v)) < 0)
		return rc;
	if ((v = best[VC_ZK_NO_CMR]) &&
	    (rc = put(arg, "recording.cloud.allowed", json_boolean(!v->b), v)) < 0)
		return rc;
	if ((v = best[VC_ZK_NO_CHAT]) && v->b &&
	    (rc = put(arg, "chat.save_local", json_false(), v)) < 0)
		return rc;

	/* update.auto: AU2_EnableAutoUpdate is the master switch; ZAutoUpdate never maps. */
	v = best[VC_ZK_AU2];
	w = best[VC_ZK_SILENT_AU];
	if (v && w && w->cls > v->cls)
		v = w;
	else if (!v)
		v = w;
	if (v && (rc = put(arg, "update.auto", json_boolean(v->b), v)) < 0)
		return rc;

	/* encryption.transport_required: any weakening wins over a strict value. */
	v = best[VC_ZK_BLOCK_SSL];
	w = best[VC_ZK_NO_CERT_PIN];
	w = vc_zstronger(v && !v->b ? v : NULL, w && w->b ? w : NULL);
	if (w)
		rc = put(arg, "encryption.transport_required", json_false(), w);
	else if (v && v->b)
		rc = put(arg, "encryption.transport_required", json_true(), v);
	if (rc < 0)
		return rc;

	/* access.authentication: sso beats a login-domain restriction. */
	v = best[VC_ZK_AUTO_SSO];
	w = vc_zstronger(v && v->b ? v : NULL, nonblank(best[VC_ZK_FORCE_SSO_URL]));
	if (w)
		rc = put(arg, "access.authentication", json_string("sso"), w);
	else if ((v = nonblank(best[VC_ZK_LOGIN_DOMAIN])))
		rc = put(arg, "access.authentication", json_string("domain"), v);
	if (rc < 0)
		return rc;

	if ((v = best[VC_ZK_NO_3RD_STORAGE]) &&
	    (rc = put(arg, "storage.thirdparty",
		      v->b ? json_array() : json_pack("[s]", "zoom-chat-3rd-party-storage"),
		      v)) < 0)
		return rc;
	if ((v = best[VC_ZK_ENROLL_TOKEN]) &&
	    (rc = put(arg, "secrets.zdm_token_set", json_boolean(v->b), v)) < 0)
		return rc;
	return 0;
}
