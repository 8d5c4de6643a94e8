/* HTTPS requests on libcurl with retries, caps and secret hygiene (http.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "http.h"

#ifndef VC_VERSION
#define VC_VERSION "0.0.0"
#endif

#define AUTH_MAX 8192         /* longest Authorization value accepted */
#define SECRET_FILE_MAX 4096

struct vc_http {
	CURL *curl;
	char *cafile;
	char *user_agent;
	long connect_timeout_s, timeout_s, backoff_ms, max_wait_s;
	size_t max_body;
	int retries;
	int allow_http;
	vc_http_wait_cb wait_cb;
	void *wait_ctx;
};

/* Per-attempt state shared with the curl callbacks. */
struct attempt {
	struct vc_buf *body;
	int over_cap;
	char retry_after[64];
};

int vc_http_new(struct vc_http **out, const struct vc_http_opts *opts)
{
	struct vc_http_opts def = { 0 };
	struct vc_http *h;

	*out = NULL;
	if (!opts)
		opts = &def;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return vc_error_set(VC_ERROR, "libcurl could not be initialised");
	h = calloc(1, sizeof(*h));
	if (!h)
		return vc_error_set(VC_ENOMEM, "out of memory");
	h->curl = curl_easy_init();
	h->cafile = vc_strdup(opts->cafile);
	h->user_agent = opts->user_agent ? vc_strdup(opts->user_agent)
					 : vc_strdup("vcaudit/" VC_VERSION);
	if (!h->curl || (opts->cafile && !h->cafile) || !h->user_agent) {
		vc_http_free(h);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	h->connect_timeout_s = opts->connect_timeout_s > 0 ? opts->connect_timeout_s : 15;
	h->timeout_s = opts->timeout_s > 0 ? opts->timeout_s : 120;
	h->max_body = opts->max_body ? opts->max_body : (size_t)64 * 1024 * 1024;
	h->retries = opts->retries < 0 ? 4 : opts->retries;
	h->backoff_ms = opts->backoff_ms > 0 ? opts->backoff_ms : 1000;
	h->max_wait_s = opts->max_wait_s > 0 ? opts->max_wait_s : 60;
	h->allow_http = opts->allow_http;
	*out = h;
	return 0;
}

void vc_http_free(struct vc_http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	free(h->cafile);
	free(h->user_agent);
	free(h);
}

void vc_http_set_wait_cb(struct vc_http *h, vc_http_wait_cb cb, void *ctx)
{
	h->wait_cb = cb;
	h->wait_ctx = ctx;
}

void vc_http_resp_free(struct vc_http_resp *r)
{
	if (!r)
		return;
	vc_buf_free(&r->body);
	free(r->content_type);
	r->content_type = NULL;
}

char *vc_http_url_display(const char *url)
{
	CURLU *u = curl_url();
	char *s = NULL, *ret;

	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		curl_url_cleanup(u);
		return vc_strdup("(bad url)");
	}
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(u, CURLUPART_OPTIONS, NULL, 0);
	curl_url_set(u, CURLUPART_QUERY, NULL, 0);
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &s, 0) != CURLUE_OK)
		s = NULL;
	ret = s ? vc_strdup(s) : vc_strdup("(bad url)");
	curl_free(s);
	curl_url_cleanup(u);
	return ret;
}

char *vc_http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct vc_buf b = VC_BUF_INIT(0);
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		int rc;

		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			rc = vc_buf_putc(&b, (char)*p);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			rc = vc_buf_put(&b, e, 3);
		}
		if (rc < 0) {
			vc_buf_free(&b);
			return NULL;
		}
	}
	return vc_buf_detach(&b);
}

long vc_http_parse_retry_after(const char *v, long long now)
{
	char *end;
	long long n;
	time_t t;

	while (*v == ' ' || *v == '\t')
		v++;
	if (*v >= '0' && *v <= '9') {
		errno = 0;
		n = strtoll(v, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
			end++;
		if (errno || *end || n < 0)
			return -1;
		return n > 86400 * 365 ? 86400 * 365 : (long)n;
	}
	t = curl_getdate(v, NULL);
	if (t == (time_t)-1)
		return -1;
	if ((long long)t <= now)
		return 0;
	n = (long long)t - now;
	return n > 86400 * 365 ? 86400 * 365 : (long)n;
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct attempt *a = ctx;
	size_t len = size * n;

	if (a->body->size + len > a->body->cap) {
		a->over_cap = 1;
		return 0;   /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	if (vc_buf_put(a->body, data, len) < 0)
		return 0;
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct attempt *a = ctx;
	size_t len = size * n, vlen;
	static const char name[] = "retry-after:";

	if (len > sizeof(name) - 1 && !strncasecmp(data, name, sizeof(name) - 1)) {
		vlen = len - (sizeof(name) - 1);
		if (vlen >= sizeof(a->retry_after))
			vlen = sizeof(a->retry_after) - 1;
		memcpy(a->retry_after, data + sizeof(name) - 1, vlen);
		a->retry_after[vlen] = 0;
		while (vlen && (a->retry_after[vlen - 1] == '\r' ||
				a->retry_after[vlen - 1] == '\n' || a->retry_after[vlen - 1] == ' '))
			a->retry_after[--vlen] = 0;
	} else if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		a->retry_after[0] = 0;   /* a new response (after 100 Continue) */
	}
	return len;
}

static int transient_curl_error(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int check_url(struct vc_http *h, const char *url, const char *shown)
{
	if (!strncasecmp(url, "https://", 8))
		return 0;
	if (h->allow_http && !strncasecmp(url, "http://", 7))
		return 0;
	return vc_error_set(VC_EPARSE, "%s: only https:// URLs are accepted", shown);
}

/* Set up the easy handle for one request; the same for every attempt. */
static int setup(struct vc_http *h, const struct vc_http_req *req, struct curl_slist **hdrs,
		 struct attempt *a, char *authline, const char *shown)
{
	CURL *c = h->curl;
	const char *method = req->method ? req->method : (req->body ? "POST" : "GET");
	struct curl_slist *l = NULL, *t;
	size_t i;
	char ct[256];

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, h->allow_http ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->cafile)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->cafile);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout_s);
	curl_easy_setopt(c, CURLOPT_USERAGENT, h->user_agent);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->max_body);
	if (!strcmp(method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body ? (const char *)req->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
		snprintf(ct, sizeof(ct), "Content-Type: %s",
			 req->content_type ? req->content_type : "application/json");
		if (!(t = curl_slist_append(l, ct)))
			goto nomem;
		l = t;
		/* no "Expect: 100-continue" round trip */
		if (!(t = curl_slist_append(l, "Expect:")))
			goto nomem;
		l = t;
	} else if (strcmp(method, "GET")) {
		return vc_error_set(VC_ERROR, "%s: unsupported method %s", shown, method);
	}
	for (i = 0; req->headers && req->headers[i]; i++) {
		if (!(t = curl_slist_append(l, req->headers[i])))
			goto nomem;
		l = t;
	}
	if (authline) {
		if (!(t = curl_slist_append(l, authline)))
			goto nomem;
		l = t;
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, l);
	*hdrs = l;
	return 0;
nomem:
	curl_slist_free_all(l);
	return vc_error_set(VC_ENOMEM, "out of memory");
}

/* curl_slist_append copies the string: zero that copy before freeing. */
static void free_headers(struct curl_slist *l)
{
	struct curl_slist *t;

	for (t = l; t; t = t->next)
		if (!strncasecmp(t->data, "Authorization:", 14))
			explicit_bzero(t->data, strlen(t->data));
	curl_slist_free_all(l);
}

static long backoff_wait_ms(struct vc_http *h, int attempt)
{
	long ms = h->backoff_ms;
	int i;

	for (i = 1; i < attempt && ms < h->max_wait_s * 1000; i++)
		ms *= 2;
	if (ms > h->max_wait_s * 1000)
		ms = h->max_wait_s * 1000;
	return ms;
}

int vc_http_request(struct vc_http_resp *out, struct vc_http *h, const struct vc_http_req *req)
{
	struct curl_slist *hdrs = NULL;
	struct attempt a;
	char *shown = NULL, *authline = NULL, *ctype;
	char cerr[CURL_ERROR_SIZE];
	CURLcode cc;
	int rc = 0, attempt;
	long wait_ms, ra;

	memset(out, 0, sizeof(*out));
	out->body.cap = h->max_body;
	shown = vc_http_url_display(req->url);
	if (!shown)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if ((rc = check_url(h, req->url, shown)) < 0)
		goto out;
	if (req->auth) {
		size_t n = strlen(req->auth);

		if (n > AUTH_MAX || strpbrk(req->auth, "\r\n")) {
			rc = vc_error_set(VC_EPARSE, "%s: the credential is malformed", shown);
			goto out;
		}
		authline = malloc(n + sizeof("Authorization: "));
		if (!authline) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		memcpy(authline, "Authorization: ", 15);
		memcpy(authline + 15, req->auth, n + 1);
	}
	memset(&a, 0, sizeof(a));
	a.body = &out->body;
	if ((rc = setup(h, req, &hdrs, &a, authline, shown)) < 0)
		goto out;
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, cerr);

	for (attempt = 1;; attempt++) {
		vc_buf_clear(&out->body);
		a.over_cap = 0;
		a.retry_after[0] = 0;
		cerr[0] = 0;
		out->status = 0;
		out->attempts = attempt;
		cc = curl_easy_perform(h->curl);
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &out->status);
		if (a.over_cap || cc == CURLE_FILESIZE_EXCEEDED) {
			rc = vc_error_set(VC_ELIMIT, "%s: reply longer than %zu bytes", shown,
					  h->max_body);
			goto out;
		}
		wait_ms = -1;
		if (cc != CURLE_OK) {
			if (!transient_curl_error(cc) || attempt > h->retries) {
				/* curl's messages name hosts and certificates, never headers */
				rc = vc_error_set(VC_EIO, "%s: %s", shown,
						  cerr[0] ? cerr : curl_easy_strerror(cc));
				goto out;
			}
			wait_ms = backoff_wait_ms(h, attempt);
		} else if (out->status >= 200 && out->status < 300) {
			break;
		} else if ((out->status == 429 || out->status >= 500) && attempt <= h->retries) {
			wait_ms = backoff_wait_ms(h, attempt);
			if ((out->status == 429 || out->status == 503) && a.retry_after[0]) {
				ra = vc_http_parse_retry_after(a.retry_after, (long long)time(NULL));
				if (ra >= 0)
					wait_ms = (ra > h->max_wait_s ? h->max_wait_s : ra) * 1000;
			}
		} else {
			rc = vc_error_set(VC_ERROR, "%s: HTTP %ld%s", shown, out->status,
					  out->status == 429 ? " (too many requests, retries used up)" :
					  out->status == 401 ? " (not authorised)" :
					  out->status == 403 ? " (forbidden)" :
					  out->status == 404 ? " (not found)" : "");
			goto out;
		}
		if (h->wait_cb)
			h->wait_cb(h->wait_ctx, shown, cc == CURLE_OK ? out->status : 0, wait_ms,
				   attempt);
		if (wait_ms > 0)
			sleep_ms(wait_ms);
	}
	if (curl_easy_getinfo(h->curl, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype) {
		out->content_type = vc_strdup(ctype);
		if (!out->content_type)
			rc = vc_error_set(VC_ENOMEM, "out of memory");
	}
	if (!out->body.ptr && vc_buf_puts(&out->body, "") < 0)
		rc = vc_error_set(VC_ENOMEM, "out of memory");
out:
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	free_headers(hdrs);
	if (authline) {
		explicit_bzero(authline, strlen(authline));
		free(authline);
	}
	free(shown);
	return rc;
}

int vc_http_get(struct vc_http_resp *out, struct vc_http *h, const char *url, const char *auth)
{
	struct vc_http_req r = { .method = "GET", .url = url, .auth = auth };

	return vc_http_request(out, h, &r);
}

int vc_http_post(struct vc_http_resp *out, struct vc_http *h, const char *url,
		 const char *auth, const char *content_type, const void *body, size_t len)
{
	struct vc_http_req r = { .method = "POST", .url = url, .auth = auth,
				 .content_type = content_type, .body = body, .body_len = len };

	return vc_http_request(out, h, &r);
}

int vc_http_read_secret(char **out, const char *path, const char *env)
{
	char buf[SECRET_FILE_MAX + 2];
	size_t n = 0;
	ssize_t r;
	int fd, rc = 0;
	const char *v;

	*out = NULL;
	if (!path) {
		v = env ? getenv(env) : NULL;
		if (!v || !*v)
			return vc_error_set(VC_ENOTFOUND, "no secret: give a file%s%s",
					    env ? " or set " : "", env ? env : "");
		n = strlen(v);
		if (n > SECRET_FILE_MAX)
			return vc_error_set(VC_ELIMIT, "%s: secret longer than %d bytes", env,
					    SECRET_FILE_MAX);
		memcpy(buf, v, n);
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return vc_error_set(VC_ENOTFOUND, "%s: %s", path, strerror(errno));
		while (n < sizeof(buf) - 1) {
			r = read(fd, buf + n, sizeof(buf) - 1 - n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				rc = vc_error_set(VC_EIO, "%s: %s", path, strerror(errno));
				break;
			}
			if (r == 0)
				break;
			n += (size_t)r;
		}
		close(fd);
		if (rc == 0 && n > SECRET_FILE_MAX)
			rc = vc_error_set(VC_ELIMIT, "%s: secret file longer than %d bytes",
					  path, SECRET_FILE_MAX);
		if (rc < 0)
			goto out;
	}
	buf[n] = 0;
	n = strcspn(buf, "\r\n");
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		n--;
	buf[n] = 0;
	if (n == 0) {
		rc = vc_error_set(VC_EPARSE, "%s: the secret is empty", path ? path : env);
		goto out;
	}
	*out = vc_strndup(buf, n);
	if (!*out)
		rc = vc_error_set(VC_ENOMEM, "out of memory");
out:
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

void vc_http_secret_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}
