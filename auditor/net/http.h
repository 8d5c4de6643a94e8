#ifndef VC_HTTP_H
#define VC_HTTP_H
/*
 * A small HTTPS client on libcurl for live pulls (`vcaudit fetch`) and
 * report uploads (`scan --upload`).
 *
 * Contract:
 * - TLS peer and host verification are always on. `cafile` adds nothing
 *   but a different trust anchor; there is no switch to turn checks off.
 * - Only https:// URLs are accepted, unless `allow_http` is set (meant for
 *   a collector on the same host; the fetch commands never set it).
 * - Redirects are not followed (an Authorization header must not travel to
 *   another host).
 * - The secret (`struct vc_http_req.auth`) is sent as the Authorization
 *   header value and never copied into an error message, a diagnostic or
 *   a log; libcurl's verbose mode is never switched on. Error messages
 *   name the URL without user info, query string and fragment.
 * - Retries: connection failures, timeouts, HTTP 429 and 5xx are retried
 *   up to `retries` times with exponential backoff (backoff_ms, doubled
 *   each time, capped at max_wait_s). A 429 or 503 with Retry-After
 *   (seconds or an HTTP date) waits that long instead, capped at
 *   max_wait_s. Other 4xx, TLS verification failures and an over-long body
 *   are never retried. POST requests are retried too: a caller whose POST
 *   is not idempotent sets retries to 0 and does its own.
 * - The response body is kept in memory up to `max_body` bytes; a longer
 *   one fails with VC_ELIMIT (never truncated silently).
 *
 * Thread use: one struct vc_http per thread (it owns a curl easy handle
 * and reuses its connection). vc_http_new() initialises libcurl once
 * (curl_global_init is thread-safe from libcurl 7.84 on).
 */
#include <stddef.h>

#include "../core/buf.h"

struct vc_http_opts {
	const char *cafile;      /* PEM bundle to trust instead of the system's; NULL = system */
	long connect_timeout_s;  /* 0 = 15 */
	long timeout_s;          /* whole transfer, per attempt; 0 = 120 */
	size_t max_body;         /* response body cap in bytes; 0 = 64 MiB */
	int retries;             /* further attempts after the first; < 0 = 4; 0 = none */
	long backoff_ms;         /* first backoff; 0 = 1000 */
	long max_wait_s;         /* cap on one wait (backoff or Retry-After); 0 = 60 */
	int allow_http;          /* accept http:// as well (not for secrets over networks) */
	const char *user_agent;  /* NULL = "vcaudit/<version>" */
};

struct vc_http_req {
	const char *method;            /* "GET" or "POST"; NULL = GET, or POST if body set */
	const char *url;               /* absolute https:// URL, query string included */
	const char *const *headers;    /* NULL-terminated "Name: value" lines; no secrets */
	const char *auth;              /* Authorization value ("Bearer …", "Basic …"); secret;
					* NULL = none. Borrowed, not copied. */
	const void *body;              /* POST body, borrowed; may be NULL with body_len 0 */
	size_t body_len;
	const char *content_type;      /* POST Content-Type; NULL = application/json */
};

struct vc_http_resp {
	long status;          /* HTTP status of the last attempt, 0 when none arrived */
	struct vc_buf body;   /* the last attempt's body, NUL-terminated; owned by the
			       * response, release with vc_http_resp_free() */
	char *content_type;   /* NULL when absent; owned */
	int attempts;         /* requests sent (1 + retries used) */
};

struct vc_http;

/* Create a client. `opts` may be NULL (defaults); its strings are copied. */
int vc_http_new(struct vc_http **out, const struct vc_http_opts *opts);
void vc_http_free(struct vc_http *h);   /* NULL is a no-op */

/*
 * Send `req`, retrying as above. `out` is initialised here (any previous
 * content is NOT freed: pass a fresh or freed response).
 *   0           a 2xx reply arrived; body in out->body
 *   VC_ERROR    a non-2xx reply after the retries ("URL: HTTP 404 …");
 *               out->status and out->body hold it (e.g. for a 401 check)
 *   VC_EIO      no reply (connection, TLS, timeout), message says which
 *   VC_ELIMIT   the body exceeded max_body
 *   VC_EPARSE   the URL is malformed or not https
 *   VC_ENOMEM
 * out must be released with vc_http_resp_free() in every case.
 */
int vc_http_request(struct vc_http_resp *out, struct vc_http *h, const struct vc_http_req *req);
void vc_http_resp_free(struct vc_http_resp *r);   /* NULL is a no-op */

/* Convenience forms of vc_http_request. */
int vc_http_get(struct vc_http_resp *out, struct vc_http *h, const char *url,
		const char *auth);
int vc_http_post(struct vc_http_resp *out, struct vc_http *h, const char *url,
		 const char *auth, const char *content_type, const void *body, size_t len);

/*
 * Called before each wait between attempts (e.g. to show "retrying in 4 s"
 * on a terminal); `url` is already stripped of its query. NULL = quiet.
 */
typedef void (*vc_http_wait_cb)(void *ctx, const char *url, long status, long wait_ms,
				int attempt);
void vc_http_set_wait_cb(struct vc_http *h, vc_http_wait_cb cb, void *ctx);

/*
 * `url` without user info, query string and fragment, for messages;
 * caller frees. Never NULL unless out of memory ("(bad url)" when unparsable).
 */
char *vc_http_url_display(const char *url);

/*
 * Percent-encode `s` for a query string value (RFC 3986 unreserved kept).
 * Caller frees; NULL when out of memory.
 */
char *vc_http_escape(const char *s);

/*
 * Parse a Retry-After value: delta seconds or an HTTP date (relative to
 * `now`). Returns seconds >= 0, or -1 when unparsable. Exposed for tests.
 */
long vc_http_parse_retry_after(const char *v, long long now);

/* Read a secret from a file (first line, trailing CR/LF and blanks cut,
 * at most 4 KiB, must not be empty) or, when `path` is NULL, from the
 * environment variable `env`. Caller frees with vc_http_secret_free(). */
int vc_http_read_secret(char **out, const char *path, const char *env);
void vc_http_secret_free(char *s);   /* zeroes, then frees; NULL is a no-op */

#endif
