/* `scan --upload`: deliver the JSON report, or keep it in the spool (upload.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "upload.h"
#include "../net/http.h"

#define LOCK_WAIT_MS 30000
#define NEARLY_FULL_PERCENT 80
#define TOKEN_ENV "VCAUDIT_UPLOAD_TOKEN"

struct vc_upload {
	struct vc_http *http;
	struct vc_spool spool;
	char *url;
	char *shown;              /* url for messages: no user info, no query */
	char *auth;               /* "Bearer <token>" or NULL; secret */
};

static int is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char buf[64];
	size_t n = strlen(host);

	if (!strcasecmp(host, "localhost"))
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	/* CURLU gives IPv6 hosts in brackets */
	if (n < 3 || n >= sizeof(buf) + 2 || host[0] != '[' || host[n - 1] != ']')
		return 0;
	memcpy(buf, host + 1, n - 2);
	buf[n - 2] = 0;
	return inet_pton(AF_INET6, buf, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

int vc_upload_check_url(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL;
	int rc = 0;

	if (!u)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		rc = vc_error_set(VC_EPARSE, "not an absolute http(s) URL");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		rc = vc_error_set(VC_EPARSE, "credentials do not belong in the URL: use "
				  "--upload-token-file");
		goto out;
	}
	if (!strcasecmp(scheme, "https"))
		goto out;
	if (strcasecmp(scheme, "http"))
		rc = vc_error_set(VC_EPARSE, "only https:// URLs are accepted");
	else if (!is_loopback(host))
		rc = vc_error_set(VC_EPARSE, "http:// is accepted only for a collector on this "
				  "host (127.0.0.1, ::1, localhost); use https://");
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
	return rc;
}

int vc_upload_new(struct vc_upload **out, const struct vc_upload_opts *o)
{
	struct vc_http_opts ho = { 0 };
	struct vc_upload *u;
	char *token = NULL, *dir = NULL;
	const char *env = getenv(TOKEN_ENV);
	int rc;

	*out = NULL;
	if ((rc = vc_upload_check_url(o->url)) < 0)
		return vc_error_set(rc, "--upload %s", vc_error_last());
	u = calloc(1, sizeof(*u));
	if (!u)
		return vc_error_set(VC_ENOMEM, "out of memory");
	u->spool.fd = -1;
	u->url = vc_strdup(o->url);
	u->shown = vc_http_url_display(o->url);
	if (!u->url || !u->shown) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto fail;
	}
	if (o->token_file || (env && *env)) {
		if ((rc = vc_http_read_secret(&token, o->token_file, TOKEN_ENV)) < 0) {
			rc = vc_error_set(rc, "upload token: %s", vc_error_last());
			goto fail;
		}
		u->auth = vc_asprintf("Bearer %s", token);
		vc_http_secret_free(token);
		if (!u->auth) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto fail;
		}
	}
	ho.cafile = o->cafile;
	ho.timeout_s = o->timeout_s > 0 ? o->timeout_s : 60;
	ho.connect_timeout_s = ho.timeout_s < 15 ? ho.timeout_s : 15;
	ho.retries = o->retries;
	ho.max_body = 1024 * 1024;   /* the collector's reply is not used */
	ho.max_wait_s = 30;
	ho.allow_http = 1;           /* vc_upload_check_url() allowed loopback only */
	if ((rc = vc_http_new(&u->http, &ho)) < 0)
		goto fail;
	dir = o->spool_dir ? vc_strdup(o->spool_dir) : vc_spool_default_dir();
	if (!dir) {
		rc = vc_error_set(VC_ERROR, "no home directory for the spool: give --spool DIR");
		goto fail;
	}
	rc = vc_spool_open(&u->spool, dir, o->spool_max ? o->spool_max : VC_SPOOL_MAX_DEFAULT);
	free(dir);
	if (rc < 0)
		goto fail;
	*out = u;
	return 0;
fail:
	vc_upload_free(u);
	return rc;
}

void vc_upload_free(struct vc_upload *u)
{
	if (!u)
		return;
	vc_http_free(u->http);
	vc_spool_close(&u->spool);
	vc_http_secret_free(u->auth);
	free(u->url);
	free(u->shown);
	free(u);
}

/* One POST; 0 on a 2xx, else negative with the reason in vc_error_last(). */
static int post(struct vc_upload *u, const char *body, size_t len)
{
	struct vc_http_resp resp;
	int rc = vc_http_post(&resp, u->http, u->url, u->auth, "application/json", body, len);

	vc_http_resp_free(&resp);
	return rc;
}

static void size_text(char *out, size_t n, unsigned long long bytes)
{
	if (bytes >= 1024ULL * 1024)
		snprintf(out, n, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
	else if (bytes >= 1024)
		snprintf(out, n, "%.1f KiB", (double)bytes / 1024.0);
	else
		snprintf(out, n, "%llu bytes", bytes);
}

/*
 * Send the spooled reports oldest first. Returns how many were delivered;
 * *failed is set when one could not be (its reason in vc_error_last()).
 */
static size_t flush_spool(struct vc_upload *u, int *failed)
{
	struct vc_spool_list l;
	struct vc_buf b = VC_BUF_INIT(0);
	size_t i, sent = 0;
	int rc;

	*failed = 0;
	if (vc_spool_list(&l, &u->spool) < 0) {
		*failed = 1;
		return 0;
	}
	for (i = 0; i < l.n && !*failed; i++) {
		rc = vc_spool_read(&b, &u->spool, l.names[i]);
		if (rc == VC_ENOTFOUND)
			continue;
		if (rc == VC_EPARSE) {
			fprintf(stderr, "vcaudit: upload: %s; set aside as %s.corrupt, not sent\n",
				vc_error_last(), l.names[i]);
			vc_spool_set_aside(&u->spool, l.names[i]);
			continue;
		}
		if (rc < 0 || post(u, b.ptr, b.size) < 0) {
			*failed = 1;
			break;
		}
		/* Delivered: a failed removal would only send it twice, never lose it. */
		if (vc_spool_remove(&u->spool, l.names[i]) < 0)
			fprintf(stderr, "vcaudit: upload: %s\n", vc_error_last());
		sent++;
	}
	if (l.corrupt)
		fprintf(stderr, "vcaudit: upload: %zu file(s) in %s are set aside as *.corrupt; "
			"look at them and remove them\n", l.corrupt, u->spool.dir);
	vc_buf_free(&b);
	vc_spool_list_free(&l);
	return sent;
}

/* Keep the report in the spool after `why` (the failure's message). */
static int spool_report(struct vc_upload *u, const char *why, const char *report, size_t len,
			time_t when, const char *label)
{
	char name[VC_SPOOL_NAME_MAX], used_s[32], max_s[32], stamp[32];
	struct vc_spool_list l;
	unsigned long long used = 0;
	struct tm tm;
	int rc;

	rc = vc_spool_add(name, &u->spool, report, len, when, &used);
	size_text(max_s, sizeof(max_s), u->spool.max);
	if (rc == VC_ELIMIT) {
		size_text(used_s, sizeof(used_s), used);
		stamp[0] = 0;
		if (gmtime_r(&when, &tm))
			strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(stderr, "vcaudit: upload: %s\n"
			"vcaudit: upload: warning: the spool %s is full (%s of %s): this run's "
			"report (%s, generated %s, %zu bytes) is dropped, not spooled; the "
			"reports already spooled are kept\n", why, u->spool.dir, used_s, max_s,
			label, stamp, len);
		return rc;
	}
	if (rc < 0) {
		fprintf(stderr, "vcaudit: upload: %s\nvcaudit: upload: the report could not be "
			"spooled either: %s\n", why, vc_error_last());
		return rc;
	}
	if (vc_spool_list(&l, &u->spool) < 0)
		l.n = 0, l.bytes = used + len;
	size_text(used_s, sizeof(used_s), l.bytes);
	fprintf(stderr, "vcaudit: upload: %s\nvcaudit: upload: report kept in the spool %s as %s "
		"(%zu waiting, %s of %s); the next run sends it\n", why, u->spool.dir, name,
		l.n, used_s, max_s);
	if (l.bytes * 100 > u->spool.max * NEARLY_FULL_PERCENT)
		fprintf(stderr, "vcaudit: upload: warning: the spool %s is over %d%% full; "
			"when full, new reports are dropped\n", u->spool.dir, NEARLY_FULL_PERCENT);
	vc_spool_list_free(&l);
	return 0;
}

int vc_upload_send(struct vc_upload *u, const char *report, size_t len, time_t when,
		   const char *label)
{
	char *why = NULL;
	size_t sent = 0;
	int failed = 0, rc;

	/* Two runs sending the same spool would deliver reports twice. */
	if (vc_spool_lock(&u->spool, LOCK_WAIT_MS) < 0) {
		why = vc_strdup(vc_error_last());
		failed = 1;
	} else {
		sent = flush_spool(u, &failed);
		if (failed)
			why = vc_strdup(vc_error_last());
	}
	if (sent)
		fprintf(stderr, "vcaudit: upload: %zu spooled report(s) delivered to %s\n", sent,
			u->shown);
	if (!failed) {
		if (post(u, report, len) == 0) {
			fprintf(stderr, "vcaudit: upload: report delivered to %s\n", u->shown);
			return 0;
		}
		why = vc_strdup(vc_error_last());
	}
	rc = spool_report(u, why ? why : "upload failed", report, len, when, label);
	free(why);
	return rc;
}
