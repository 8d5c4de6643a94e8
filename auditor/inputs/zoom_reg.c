/*
 * Zoom client policy from Windows registry exports (.reg, PRODUCTS §1.1
 * "Windows", §1.2): the values under
 *   HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Zoom\Zoom Meetings\...
 *   HKEY_CURRENT_USER\SOFTWARE\Policies\Zoom\Zoom Meetings\...
 * (General, Meetings, Chat, Updates, VDI and any other subkey), mapped by
 * the one Zoom policy mapping (scanners/zoom_policy.h), product "zoom",
 * scope "host". Policy values are enforced, so policy.recommend_only is [].
 *
 * Value names are matched case-insensitively. The recording-related
 * Windows names are unverified (§1.1): the candidate lists are
 *   zDisableLocalRecord | DisableLocalRecording | DisableLocalRecord
 *   zDisableCMR | DisableCloudRecording
 *   RecordPath | RecordingPath
 * Every name that is neither mapped nor on the list of names known to have
 * no bearing on the facts is a diagnostic ("meaning not asserted"), never
 * a guess. A machine value (HKLM) wins over a user value (HKCU); the line
 * in the evidence shows which supplied it. The export does not say whose
 * HKCU it is, so both count for the host. The .reg file says nothing about
 * whether Zoom is installed: product.installed is not set.
 * Secrets: SetEnrollToken4CloudMDM only as secrets.zdm_token_set.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "../core/buf.h"
#include "../core/fsroot.h"
#include "../parsers/boolstr.h"
#include "../parsers/regfile.h"
#include "../scanners/scan_util.h"
#include "../scanners/zoom_policy.h"

#define ZOOM "zoom"
#define REG_FACTS "recording.local.*,recording.cloud.*,chat.*,update.*,encryption.*," \
	"access.*,storage.*,secrets.*,policy.*"
#define REG_NAME_SHOWN 64      /* bytes of an unknown value name shown in a diagnostic */

static const char *const roots[] = {
	"HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings",
	"HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings",
};

/* Windows names of the policy keys; '|' separates candidates (case-insensitive). */
static const char *const rnames[VC_ZK_N] = {
	[VC_ZK_NO_LOCAL_REC] = "zDisableLocalRecord|DisableLocalRecording|DisableLocalRecord",
	[VC_ZK_NO_CMR] = "zDisableCMR|DisableCloudRecording",
	[VC_ZK_RECORD_PATH] = "RecordPath|RecordingPath",
	[VC_ZK_NO_CHAT] = "zDisableChat",
	[VC_ZK_AU2] = "AU2_EnableAutoUpdate",
	[VC_ZK_SILENT_AU] = "EnableSilentAutoUpdate",
	[VC_ZK_BLOCK_SSL] = "BlockUntrustedSSLCert",
	[VC_ZK_NO_CERT_PIN] = "DisableCertPin",
	[VC_ZK_AUTO_SSO] = "ForceLoginWithSSO|ZAutoSSOLogin",
	[VC_ZK_FORCE_SSO_URL] = "ForceSSOURL",
	[VC_ZK_LOGIN_DOMAIN] = "Login_Domain",
	[VC_ZK_NO_3RD_STORAGE] = "DisableMeeting3rdPartyFileStorage",
	[VC_ZK_ENROLL_TOKEN] = "SetEnrollToken4CloudMDM",
};

/* Names known to exist (PRODUCTS §1.1, §1.2) that no fact depends on. */
static const char *const known_other[] = {
	"EnableClientAutoUpdate", "AlwaysCheckLatestVersion", "DisableLoginWithEmail",
	"DisableFacebookLogin", "DisableGoogleLogin", "EnableCloudSwitch",
	"AlwaysShowMeetingControls", "EnableRemindMeetingTime", "MuteWhenLockScreen",
	"TurnOffVideoCameraOnJoin", "DisableLinkPreviewInChat", "EnterFullScreenWhenJoinMeeting",
	"AutoEnableDualMonitor", "DisableReceiveVideo", "MuteVoIPWhenJoinMeeting", "PluginLabel",
	"FallbackMode", "DoTComplianceMode", "UnreadViewOrder", "SetUpdatingChannel",
	"ZAutoUpdate", "NoSSO", "EnableAppleLogin", "SetWebDomain", "ProxyServer", "ProxyPAC",
	"ProxyBypass", "EmbedDeviceTag", "EmbedUserAgentString", "DisableClosedCaptioning",
	"DisableManualClosedCaptioning", "zDisableFT", "Intercloud_DisableLocalRecording",
	"KeepSignedIn", "LastLoginType", NULL
};

static int name_in(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && !strncasecmp(p, name, n))
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int rkey_find(const char *name)
{
	int i;

	for (i = 0; i < VC_ZK_N; i++)
		if (name_in(rnames[i], name))
			return i;
	return -1;
}

static int known_name(const char *name)
{
	int i;

	if (!strncasecmp(name, "AU2_", 4))
		return 1;
	for (i = 0; known_other[i]; i++)
		if (!strcasecmp(known_other[i], name))
			return 1;
	return 0;
}

/* The subkey below the Zoom Meetings root ("" for the root), or NULL; *hklm set. */
static const char *zoom_subkey(const char *key, int *hklm)
{
	size_t i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		size_t n = strlen(roots[i]);

		if (strncasecmp(key, roots[i], n) || (key[n] && key[n] != '\\'))
			continue;
		*hklm = i == 0;
		return key[n] ? key + n + 1 : key + n;
	}
	return NULL;
}

/* Printable, bounded copy of a value name for a message. */
static void shown(char out[REG_NAME_SHOWN + 4], const char *name)
{
	size_t i;

	for (i = 0; name[i] && i < REG_NAME_SHOWN; i++)
		out[i] = isprint((unsigned char)name[i]) ? name[i] : '?';
	if (name[i]) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = 0;
}

static int reg_bool(int *out, const json_t *v)
{
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);

		if (n != 0 && n != 1)
			return -1;
		*out = (int)n;
		return 0;
	}
	if (json_is_string(v))
		return vc_bool_parse(out, json_string_value(v)) < 0 ? -1 : 0;
	return -1;
}

/* Take one value into its hive's layer; 0 or VC_ENOMEM. */
static int take(struct vc_scan_ctx *ctx, struct vc_input *in, struct vc_zlayer *l, int k,
		const json_t *v, int line, const char *sub, const char *name)
{
	char nm[REG_NAME_SHOWN + 4];
	const char *t;
	char *s = NULL;
	int b = 0;

	if (l->v[k].set)
		return 0;               /* the first spelling in a hive counts */
	shown(nm, name);
	switch (vc_zkey_type(k)) {
	case VC_ZT_BOOL:
		if (reg_bool(&b, v) < 0) {
			vc_diag_add(&ctx->diags, ZOOM, in->display, line, 0,
				    "%s%s%s: not 0 or 1 (a REG_DWORD policy), ignored", sub,
				    *sub ? "\\" : "", nm);
			vc_scan_error_keys(ctx, ZOOM, "host", in->display, REG_FACTS);
			return 0;
		}
		break;
	case VC_ZT_SECRET:
		if (!json_is_string(v)) {
			vc_diag_add(&ctx->diags, ZOOM, in->display, line, 0,
				    "%s%s%s: not a string, ignored", sub, *sub ? "\\" : "", nm);
			return 0;
		}
		for (t = json_string_value(v); isspace((unsigned char)*t); t++)
			;
		b = *t != 0;
		break;
	case VC_ZT_STR:
		if (!json_is_string(v) || json_string_length(v) > VC_ZSTR_MAX) {
			vc_diag_add(&ctx->diags, ZOOM, in->display, line, 0,
				    "%s%s%s: not a string of at most %d bytes, ignored", sub,
				    *sub ? "\\" : "", nm, VC_ZSTR_MAX);
			return 0;
		}
		if (!(s = vc_strdup(json_string_value(v))))
			return VC_ENOMEM;
		break;
	}
	/* Policy values are enforced; HKLM outranks HKCU when merged. */
	vc_zlayer_put(l, k, VC_ZC_ENFORCED, b, s, line);
	return 0;
}

static int put(struct vc_scan_ctx *ctx, struct vc_input *in, const char *key, json_t *value,
	       int line)
{
	struct vc_prov pv = { in->display, NULL, line };
	int rc = vc_fact_add(&ctx->facts, ZOOM, "host", key, value, &pv);

	return rc == VC_ENOMEM ? rc : 0;
}

struct emitter {
	struct vc_scan_ctx *ctx;
	struct vc_input *in;
};

/* vc_zpolicy_emit's callback: a host fact at the value's line. */
static int put_policy(void *arg, const char *key, json_t *value, const struct vc_zval *from)
{
	struct emitter *e = arg;

	if (!value)
		return VC_ENOMEM;
	return put(e->ctx, e->in, key, value, from->line);
}

static int emit(struct vc_scan_ctx *ctx, struct vc_input *in, const struct vc_zlayer *hives)
{
	const struct vc_zval *best[VC_ZK_N] = { 0 }, *a;
	struct emitter e = { ctx, in };
	const char *p;
	char *disp;
	int rc;

	vc_zmerge(best, &hives[0]);
	vc_zmerge(best, &hives[1]);
	if ((rc = vc_zpolicy_emit(best, put_policy, &e)) < 0)
		return rc;
	a = best[VC_ZK_RECORD_PATH];
	for (p = a ? a->s : NULL; p && isspace((unsigned char)*p); p++)
		;
	if (p && *p) {
		/* A path on the Windows host, shown with the account pseudonymised. */
		if (!(disp = vc_pseudo_path(&ctx->pseudo, a->s)))
			return VC_ENOMEM;
		rc = put(ctx, in, "recording.local.path", json_string(disp), a->line);
		free(disp);
		if (rc < 0)
			return rc;
	}
	return put(ctx, in, "policy.recommend_only", json_array(), 0);
}

static int zoom_reg_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_zlayer hives[2];    /* HKLM, HKCU: the machine's policy ranks higher */
	json_t *doc = NULL, *lines = NULL;
	const char *key, *name;
	json_t *vals, *val;
	int rc, err_line = 0, any = 0;

	memset(hives, 0, sizeof(hives));
	hives[0].rank = 2;
	hives[1].rank = 1;
	rc = vc_input_slurp(&buf, in, ctx->file_max ? ctx->file_max : VC_FILE_MAX_DEFAULT);
	if (rc == 0)
		rc = vc_reg_parse(&doc, &lines, buf.ptr ? buf.ptr : "", buf.size, &err_line);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0 && !doc) {
		vc_diag_add(&ctx->diags, ZOOM, in->display, err_line, 0,
			    "not a readable registry export, not audited: %s", vc_error_problem());
		vc_scan_error_keys(ctx, ZOOM, "host", in->display, REG_FACTS);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		/* Bad lines were skipped; the rest is read. */
		vc_diag_add(&ctx->diags, ZOOM, in->display, err_line, 0,
			    "registry export with unreadable lines, they are skipped: %s",
			    vc_error_problem());
		vc_scan_error_keys(ctx, ZOOM, "host", in->display, REG_FACTS);
	}
	json_object_foreach(doc, key, vals) {
		int hklm = 0;
		const char *sub = zoom_subkey(key, &hklm);

		if (!sub || !json_is_object(vals))
			continue;
		any = 1;
		json_object_foreach(vals, name, val) {
			char lk[1200], nm[REG_NAME_SHOWN + 4];
			int k, line;

			snprintf(lk, sizeof(lk), "%s\\%s", key, name);
			line = (int)json_integer_value(json_object_get(lines, lk));
			if (json_is_null(val))
				continue;   /* deleted by the file */
			if ((k = rkey_find(name)) >= 0) {
				rc = take(ctx, in, &hives[hklm ? 0 : 1], k, val, line, sub, name);
				if (rc < 0)
					goto out;
				continue;
			}
			if (known_name(name))
				continue;
			shown(nm, name);
			vc_diag_add(&ctx->diags, ZOOM, in->display, line, 0,
				    "%s%s%s: value name not known to vcaudit, its meaning is not "
				    "asserted", sub, *sub ? "\\" : "", *nm ? nm : "(default)");
		}
	}
	if (!any) {
		vc_diag_add(&ctx->diags, ZOOM, in->display, 0, 0,
			    "no values under ...\\Policies\\Zoom\\Zoom Meetings, nothing audited");
		rc = 0;
		goto out;
	}
	rc = emit(ctx, in, hives);
out:
	vc_zlayer_free(&hives[0]);
	vc_zlayer_free(&hives[1]);
	json_decref(doc);
	json_decref(lines);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* Up to `max` ASCII characters of the head, UTF-16LE narrowed, lower-cased. */
static void head_text(char *out, size_t max, const struct vc_input *in, int *utf16)
{
	const unsigned char *h = in->head;
	size_t n = in->nhead, i = 0, j = 0, step = 1;

	*utf16 = n >= 2 && h[0] == 0xFF && h[1] == 0xFE;
	if (*utf16) {
		i = 2;
		step = 2;
	} else if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3)) {
		i = 3;
	}
	for (; i < n && j + 1 < max; i += step) {
		unsigned char c = h[i];

		if (step == 2 && i + 1 < n && h[i + 1])
			c = '?';
		out[j++] = (char)tolower(c ? c : '?');
	}
	out[j] = 0;
}

static int zoom_reg_detect(const struct vc_input *in)
{
	char text[VC_INPUT_HEAD + 1];
	int utf16;

	head_text(text, sizeof(text), in, &utf16);
	if (strncmp(text, "windows registry editor version 5.00", 36) &&
	    strncmp(text, "regedit4", 8))
		return 0;
	if (strstr(text, "\\policies\\zoom\\zoom meetings"))
		return 80;
	return in->product && !strcmp(in->product, ZOOM) ? 30 : 0;
}

const struct vc_input_handler_entry vc_input_zoom_reg = {
	.name = "zoom-reg",
	.product = ZOOM,
	.description = "Zoom client policy in Windows registry exports "
		       "(HKLM/HKCU\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings)",
	.detect = zoom_reg_detect,
	.scan = zoom_reg_scan,
};
