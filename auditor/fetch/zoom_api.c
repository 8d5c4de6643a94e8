/*
 * `vcaudit fetch zoom`: a Zoom account's settings through the REST API
 * (PRODUCTS §1.3), written as vcaudit.zoom-export/1 (docs/zoom-export.md §2).
 *
 * Server-to-Server OAuth: POST <oauth>/oauth/token with Basic
 * client_id:client_secret and grant_type=account_credentials&account_id=…
 * The token lives an hour and there is no refresh token: a new one is
 * requested a minute before it expires, and once more when the API answers
 * 401 (Zoom code 124 "Invalid access token") to a request.
 *
 * Requests: the account settings plain and with each option, the lock
 * settings plain and with option=meeting_security, the users (status active
 * and inactive, page_size 300, next_page_token), and for each user the
 * settings plain and with the three user options. The user list is read
 * first (a next_page_token expires after 15 minutes, fetching settings for
 * a page of 300 users can take longer), then each user's replies are
 * written as they arrive: memory holds one user's replies at a time.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "fetch.h"
#include "../core/buf.h"
#include "../net/http.h"

#define ZOOM_SCHEMA "vcaudit.zoom-export/1"
#define ZOOM_API "https://api.zoom.us/v2"
#define ZOOM_OAUTH "https://zoom.us"
#define ZOOM_USERS_MAX 1000000          /* users listed before giving up */
#define ZOOM_REPLY_MAX ((size_t)16 << 20) /* the export's per-reply limit */
#define ZOOM_TOKEN_MAX 4096
#define ZOOM_ID_MAX 256

static const char *const account_options[] = {
	"meeting_security", "meeting_authentication", "recording_authentication", "security",
	NULL
};
static const char *const lock_options[] = { "meeting_security", NULL };
static const char *const user_options[] = {
	"meeting_security", "meeting_authentication", "recording_authentication", NULL
};

struct user {
	char *id, *email, *status;
};

struct zoom {
	const struct vc_zoom_fetch_opts *o;
	struct vc_fetch_stats *st;
	struct vc_http *http;
	struct vc_progress prog;
	char *auth;            /* "Bearer <token>", zeroed when dropped */
	time_t expires;
	struct user *users;
	size_t nusers, capusers;
};

static void drop_token(struct zoom *z)
{
	vc_http_secret_free(z->auth);
	z->auth = NULL;
}

/*
 * A short, printable summary of a Zoom error reply ({"code", "message"} or
 * OAuth's {"reason", "error"}), or "" when there is none. A reply that
 * contains the secret or the token (a server echoing headers) is not shown.
 */
static void reply_reason(char *out, size_t n, struct zoom *z, const struct vc_http_resp *r)
{
	json_t *j = r->body.ptr ? json_loadb(r->body.ptr, r->body.size, 0, NULL) : NULL;
	const char *msg = NULL;
	json_int_t code = 0;
	size_t i, k = 0;

	out[0] = 0;
	if (!json_is_object(j))
		goto out;
	msg = json_string_value(json_object_get(j, "message"));
	if (!msg)
		msg = json_string_value(json_object_get(j, "reason"));
	code = json_integer_value(json_object_get(j, "code"));
	if (!msg)
		goto out;
	if (strstr(msg, z->o->client_secret) || (z->auth && strstr(msg, z->auth + 7)) ||
	    strstr(msg, "Bearer ") || strstr(msg, "Basic ")) {
		snprintf(out, n, ": (the reply's message is not shown: it quotes a credential)");
		goto out;
	}
	k = (size_t)snprintf(out, n, code ? ": zoom code %lld, " : ": ", (long long)code);
	for (i = 0; msg[i] && k + 1 < n && i < 200; i++)
		out[k++] = (msg[i] >= 0x20 && msg[i] < 0x7f) ? msg[i] : '?';
	out[k < n ? k : n - 1] = 0;
out:
	json_decref(j);
}

static int get_token(struct zoom *z)
{
	struct vc_http_resp r;
	char *url = NULL, *acct = NULL, *body = NULL, *basic = NULL, reason[300];
	struct vc_buf cred = VC_BUF_INIT(8192);
	json_t *j = NULL;
	const char *tok;
	json_int_t exp;
	int rc;

	drop_token(z);
	memset(&r, 0, sizeof(r));
	acct = vc_http_escape(z->o->account_id);
	url = vc_asprintf("%s/oauth/token", z->o->oauth_base ? z->o->oauth_base : ZOOM_OAUTH);
	body = acct ? vc_asprintf("grant_type=account_credentials&account_id=%s", acct) : NULL;
	if (!url || !body || vc_buf_printf(&cred, "%s:%s", z->o->client_id,
					   z->o->client_secret) < 0) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	{
		/* Basic base64(client_id:client_secret) */
		static const char b64[] =
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		const unsigned char *s = (const unsigned char *)cred.ptr;
		size_t i, n = cred.size, k = 6;

		basic = malloc(6 + 4 * ((n + 2) / 3) + 1);
		if (!basic) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		memcpy(basic, "Basic ", 6);
		for (i = 0; i < n; i += 3) {
			unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
				     (i + 2 < n ? s[i + 2] : 0);

			basic[k++] = b64[v >> 18 & 63];
			basic[k++] = b64[v >> 12 & 63];
			basic[k++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
			basic[k++] = i + 2 < n ? b64[v & 63] : '=';
		}
		basic[k] = 0;
	}
	z->st->tokens++;
	z->st->requests++;
	rc = vc_http_post(&r, z->http, url, basic, "application/x-www-form-urlencoded", body,
			  strlen(body));
	if (rc == VC_ERROR && r.status) {
		reply_reason(reason, sizeof(reason), z, &r);
		rc = vc_error_set(VC_ERROR, "%s%s%s", vc_error_last(), reason,
				  r.status == 400 || r.status == 401 ?
				  " (check the account id, client id and secret of the "
				  "Server-to-Server OAuth app)" : "");
	}
	if (rc < 0)
		goto out;
	j = json_loadb(r.body.ptr, r.body.size, 0, NULL);
	tok = json_string_value(json_object_get(j, "access_token"));
	exp = json_integer_value(json_object_get(j, "expires_in"));
	if (!tok || !*tok || strlen(tok) > ZOOM_TOKEN_MAX || strpbrk(tok, "\r\n ")) {
		rc = vc_error_set(VC_EPARSE, "%s: the token reply has no usable access_token",
				  url);
		goto out;
	}
	z->auth = vc_asprintf("Bearer %s", tok);
	if (!z->auth) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	/* An hour by the documentation; renew a minute early. */
	if (exp <= 0 || exp > 86400)
		exp = 3600;
	z->expires = time(NULL) + (time_t)exp - (exp > 120 ? 60 : exp / 2);
out:
	if (j) {
		/* the token string inside the parsed reply */
		json_t *t = json_object_get(j, "access_token");

		if (json_is_string(t))
			explicit_bzero((char *)json_string_value(t), strlen(json_string_value(t)));
		json_decref(j);
	}
	if (r.body.ptr)
		explicit_bzero(r.body.ptr, r.body.size);
	vc_http_resp_free(&r);
	if (cred.ptr)
		explicit_bzero(cred.ptr, cred.size);
	vc_buf_free(&cred);
	vc_http_secret_free(basic);
	free(url);
	free(acct);
	free(body);
	return rc;
}

/*
 * GET <api><path> as a JSON object. A 401 gets one new token and one more
 * try; `*status` (may be NULL) receives the final HTTP status.
 */
static int api_get(json_t **out, long *status, struct zoom *z, const char *path)
{
	struct vc_http_resp r;
	char *url, reason[300];
	json_error_t je;
	int rc, again = 0;

	*out = NULL;
	url = vc_asprintf("%s%s", z->o->api_base ? z->o->api_base : ZOOM_API, path);
	if (!url)
		return vc_error_set(VC_ENOMEM, "out of memory");
	for (;;) {
		if ((!z->auth || time(NULL) >= z->expires) && (rc = get_token(z)) < 0)
			goto out;
		z->st->requests++;
		rc = vc_http_get(&r, z->http, url, z->auth);
		if (status)
			*status = r.status;
		if (rc == VC_ERROR && r.status == 401 && !again) {
			/* expired early or revoked: one new token, one more try */
			again = 1;
			drop_token(z);
			vc_http_resp_free(&r);
			continue;
		}
		break;
	}
	if (rc == VC_ERROR && r.status) {
		reply_reason(reason, sizeof(reason), z, &r);
		rc = vc_error_set(VC_ERROR, "%s%s", vc_error_last(), reason);
	}
	if (rc == 0) {
		*out = json_loadb(r.body.ptr, r.body.size, JSON_REJECT_DUPLICATES, &je);
		if (!*out) {
			char *shown = vc_http_url_display(url);

			rc = vc_error_set(VC_EPARSE, "%s: reply is not valid JSON "
					  "(line %d, column %d: %s)", shown ? shown : "?", je.line,
					  je.column, vc_error_cut_excerpt(je.text));
			free(shown);
		} else if (!json_is_object(*out)) {
			char *shown = vc_http_url_display(url);

			rc = vc_error_set(VC_EPARSE, "%s: reply is not a JSON object",
					  shown ? shown : "?");
			free(shown);
			json_decref(*out);
			*out = NULL;
		}
	}
	vc_http_resp_free(&r);
out:
	free(url);
	return rc;
}

/* Write `"name": <reply>` (with a leading comma unless first). */
static int put_member(struct zoom *z, FILE *f, const char *indent, const char *name,
		      json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_ENSURE_ASCII);

	if (!s)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (strlen(s) > ZOOM_REPLY_MAX) {
		free(s);
		return vc_error_set(VC_ELIMIT, "the %s reply is longer than %zu bytes, more "
				    "than the export format allows", name, ZOOM_REPLY_MAX);
	}
	fprintf(f, ",\n%s\"%s\": %s", indent, name, s);
	free(s);
	return 0;
}

static int fetch_member(struct zoom *z, FILE *f, const char *what, const char *path,
			const char *option)
{
	char *p = option ? vc_asprintf("%s?option=%s", path, option) : vc_strdup(path);
	char *name = option ? vc_asprintf("%s_%s", what, option) : vc_strdup(what);
	json_t *v = NULL;
	int rc;

	if (!p || !name) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	vc_progress_show(&z->prog, 0, "zoom: %s", name);
	if ((rc = api_get(&v, NULL, z, p)) == 0)
		rc = put_member(z, f, "  ", name, v);
out:
	json_decref(v);
	free(p);
	free(name);
	return rc;
}

static int add_user(struct zoom *z, json_t *u, const char *status)
{
	const char *id = json_string_value(json_object_get(u, "id"));
	const char *email = json_string_value(json_object_get(u, "email"));
	struct user *nu;

	if (!id || !*id || strlen(id) > ZOOM_ID_MAX)
		return vc_error_set(VC_EPARSE, "users list: user %zu has no usable id",
				    z->nusers + 1);
	if (z->nusers >= ZOOM_USERS_MAX)
		return vc_error_set(VC_ELIMIT, "users list: more than %d users",
				    ZOOM_USERS_MAX);
	if (z->nusers == z->capusers) {
		size_t cap = z->capusers ? z->capusers * 2 : 256;

		nu = realloc(z->users, cap * sizeof(*nu));
		if (!nu)
			return vc_error_set(VC_ENOMEM, "out of memory");
		z->users = nu;
		z->capusers = cap;
	}
	nu = &z->users[z->nusers];
	nu->id = vc_strdup(id);
	nu->email = email && strlen(email) <= 320 ? vc_strdup(email) : NULL;
	nu->status = vc_strdup(status);
	if (!nu->id || !nu->status) {
		free(nu->id);
		free(nu->email);
		free(nu->status);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	z->nusers++;
	return 0;
}

/* GET /users for one status, following next_page_token to the end. */
static int list_users(struct zoom *z, const char *status)
{
	char *token = NULL, *path = NULL, *esc = NULL;
	json_t *page = NULL, *users, *u;
	const char *next;
	size_t i, pages = 0;
	int rc = 0;

	for (;;) {
		free(path);
		path = vc_asprintf("/users?status=%s&page_size=300%s%s", status,
				   token ? "&next_page_token=" : "", token ? esc : "");
		if (!path) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			break;
		}
		vc_progress_show(&z->prog, 0, "zoom: listing %s users: %zu", status, z->nusers);
		json_decref(page);
		if ((rc = api_get(&page, NULL, z, path)) < 0)
			break;
		users = json_object_get(page, "users");
		if (!json_is_array(users)) {
			rc = vc_error_set(VC_EPARSE, "users list (%s), page %zu: no users array",
					  status, pages + 1);
			break;
		}
		json_array_foreach(users, i, u)
			if ((rc = add_user(z, u, status)) < 0)
				goto out;
		pages++;
		next = json_string_value(json_object_get(page, "next_page_token"));
		if (!next || !*next)
			break;
		if (token && !strcmp(token, next)) {
			rc = vc_error_set(VC_EPARSE, "users list (%s): the next_page_token does "
					  "not advance (page %zu)", status, pages);
			break;
		}
		if (json_array_size(users) == 0) {
			rc = vc_error_set(VC_EPARSE, "users list (%s): an empty page with a "
					  "next_page_token (page %zu)", status, pages);
			break;
		}
		free(token);
		free(esc);
		token = vc_strdup(next);
		esc = token ? vc_http_escape(token) : NULL;
		if (!esc) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			break;
		}
	}
out:
	json_decref(page);
	free(path);
	free(token);
	free(esc);
	return rc;
}

/* One element of "users": the list entry and the user's settings replies. */
static int write_user(struct zoom *z, FILE *f, size_t k)
{
	const struct user *u = &z->users[k];
	char *esc = vc_http_escape(u->id), *path = NULL, *p = NULL;
	json_t *v = NULL;
	long status = 0;
	size_t i;
	int rc;

	if (!esc)
		return vc_error_set(VC_ENOMEM, "out of memory");
	path = vc_asprintf("/users/%s/settings", esc);
	if (!path) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	fputs(k ? ",\n    {\"id\": " : "\n    {\"id\": ", f);
	vc_export_put_string(f, u->id);
	if (u->email) {
		fputs(", \"email\": ", f);
		vc_export_put_string(f, u->email);
	}
	fputs(", \"status\": ", f);
	vc_export_put_string(f, u->status);
	for (i = 0; i == 0 || user_options[i - 1]; i++) {
		const char *opt = i ? user_options[i - 1] : NULL;
		char name[64];

		free(p);
		p = opt ? vc_asprintf("%s?option=%s", path, opt) : vc_strdup(path);
		if (!p) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		rc = api_get(&v, &status, z, p);
		if (rc == VC_ERROR && status == 404) {
			/* deleted since it was listed: the scan counts it as unreadable */
			z->st->users_missing++;
			rc = 0;
			break;
		}
		if (rc < 0) {
			rc = vc_error_set(rc, "users[%zu]: %s", k, vc_error_last());
			goto out;
		}
		snprintf(name, sizeof(name), "settings%s%s", opt ? "_" : "", opt ? opt : "");
		rc = put_member(z, f, "     ", name, v);
		json_decref(v);
		v = NULL;
		if (rc < 0)
			goto out;
	}
	fputs("}", f);
	z->st->users++;
out:
	json_decref(v);
	free(p);
	free(path);
	free(esc);
	return rc;
}

int vc_zoom_fetch(struct vc_fetch_stats *st, const struct vc_zoom_fetch_opts *o)
{
	struct vc_http_opts ho = { .cafile = o->cafile, .max_body = ZOOM_REPLY_MAX,
				   .retries = 5, .max_wait_s = o->max_wait_s };
	struct vc_export_file x = { 0 };
	struct zoom z = { .o = o, .st = st };
	size_t i;
	int rc;

	memset(st, 0, sizeof(*st));
	vc_progress_init(&z.prog);
	if ((rc = vc_http_new(&z.http, &ho)) < 0)
		return rc;
	if ((rc = vc_export_open(&x, o->out_path)) < 0)
		goto out;
	if ((rc = get_token(&z)) < 0)
		goto out;
	fputs("{\n  \"schema\": \"" ZOOM_SCHEMA "\",\n  \"account_id\": ", x.f);
	vc_export_put_string(x.f, o->account_id);
	if ((rc = fetch_member(&z, x.f, "account_settings", "/accounts/me/settings", NULL)) < 0)
		goto out;
	for (i = 0; account_options[i]; i++)
		if ((rc = fetch_member(&z, x.f, "account_settings", "/accounts/me/settings",
				       account_options[i])) < 0)
			goto out;
	if ((rc = fetch_member(&z, x.f, "lock_settings", "/accounts/me/lock_settings",
			       NULL)) < 0)
		goto out;
	for (i = 0; lock_options[i]; i++)
		if ((rc = fetch_member(&z, x.f, "lock_settings", "/accounts/me/lock_settings",
				       lock_options[i])) < 0)
			goto out;
	if ((rc = list_users(&z, "active")) < 0 || (rc = list_users(&z, "inactive")) < 0)
		goto out;
	/* users comes last (the format's rule) */
	fputs(",\n  \"users\": [", x.f);
	for (i = 0; i < z.nusers; i++) {
		vc_progress_show(&z.prog, 0, "zoom: user settings %zu/%zu", i + 1, z.nusers);
		if ((rc = write_user(&z, x.f, i)) < 0)
			goto out;
	}
	fputs(z.nusers ? "\n  ]\n}\n" : "]\n}\n", x.f);
	rc = vc_export_commit(&x);
out:
	vc_progress_end(&z.prog);
	if (rc < 0)
		vc_export_abort(&x);
	drop_token(&z);
	for (i = 0; i < z.nusers; i++) {
		free(z.users[i].id);
		free(z.users[i].email);
		free(z.users[i].status);
	}
	free(z.users);
	vc_http_free(z.http);
	return rc;
}
