/*
 * `vcaudit fetch bbb`: the recordings a BigBlueButton server lists through
 * getRecordings (PRODUCTS §4.7), written as vcaudit.bbb-recordings/1
 * (docs/fetch.md).
 *
 * Checksum: hex(H("getRecordings" + query + secret)), the query without
 * the checksum parameter. The server tells the algorithm from the length
 * and accepts those in its supportedChecksumAlgorithms: SHA-256 first; only
 * when the server answers checksumError to it (an old server) is SHA-1
 * tried, unless --checksum names one.
 *
 * Paging: state=any&offset=N&limit=100 until a page is short. A server
 * that ignores offset (before 2.6?) returns the first page again: a record
 * id met twice ends the listing instead of looping.
 *
 * Kept per recording: id, state, published, start/end time, age, number of
 * participants, playback types and URLs. Meeting names, meeting ids and
 * metadata (which hold names) are not copied.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "bbb_xml.h"
#include "fetch.h"
#include "../net/http.h"

#define BBB_SCHEMA "vcaudit.bbb-recordings/1"
#define BBB_LIMIT 100                 /* the API's maximum page */
#define BBB_RECORDINGS_MAX 1000000

struct seen {                     /* record ids already written */
	char **v;
	size_t n, cap;
};

static int seen_has(const struct seen *s, const char *id)
{
	size_t i;

	/* linear in the last page only: see the caller */
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], id))
			return 1;
	return 0;
}

static int checksum(char *hex, size_t hexlen, const char *algo, const char *query,
		    const char *secret)
{
	const EVP_MD *md = !strcmp(algo, "sha1") ? EVP_sha1() : EVP_sha256();
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0, i;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok;

	ok = c && EVP_DigestInit_ex(c, md, NULL) &&
	     EVP_DigestUpdate(c, "getRecordings", 13) &&
	     EVP_DigestUpdate(c, query, strlen(query)) &&
	     EVP_DigestUpdate(c, secret, strlen(secret)) && EVP_DigestFinal_ex(c, d, &n);
	EVP_MD_CTX_free(c);
	if (!ok || 2 * n + 1 > hexlen)
		return vc_error_set(VC_ERROR, "checksum could not be computed");
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	explicit_bzero(d, sizeof(d));
	return 0;
}

/* The API base "https://host/bigbluebutton/api" from what the user gave. */
static char *api_base(const char *url)
{
	size_t n = strlen(url);
	char *b;

	while (n && url[n - 1] == '/')
		n--;
	if (n >= 4 && !strncmp(url + n - 4, "/api", 4))
		return vc_strndup(url, n);
	b = vc_asprintf("%.*s/api", (int)n, url);
	return b;
}

/* A printable, short copy of a server message for an error text. */
static void clean(char *out, size_t n, const char *s, const char *secret)
{
	size_t i, k = 0;

	if (!s || strstr(s, secret)) {
		snprintf(out, n, "%s", s ? "(message quotes the secret, not shown)" : "");
		return;
	}
	for (i = 0; s[i] && k + 1 < n && i < 200; i++)
		out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[k] = 0;
}

static void write_recording(FILE *f, const struct vc_bbb_recording *r, int first, time_t now)
{
	size_t i;

	fputs(first ? "\n    {\"record_id\": " : ",\n    {\"record_id\": ", f);
	vc_export_put_string(f, r->record_id);
	if (r->state) {
		fputs(", \"state\": ", f);
		vc_export_put_string(f, r->state);
	}
	if (r->published >= 0)
		fprintf(f, ", \"published\": %s", r->published ? "true" : "false");
	if (r->start_ms >= 0) {
		fprintf(f, ", \"start_time\": %lld", r->start_ms);
		if (r->start_ms / 1000 <= (long long)now)
			fprintf(f, ", \"age_days\": %lld",
				((long long)now - r->start_ms / 1000) / 86400);
	}
	if (r->end_ms >= 0)
		fprintf(f, ", \"end_time\": %lld", r->end_ms);
	if (r->participants >= 0)
		fprintf(f, ", \"participants\": %lld", r->participants);
	fputs(", \"playback\": [", f);
	for (i = 0; i < r->nplayback; i++) {
		fputs(i ? ", {" : "{", f);
		fputs("\"type\": ", f);
		vc_export_put_string(f, r->playback[i].type ? r->playback[i].type : "");
		if (r->playback[i].url) {
			fputs(", \"url\": ", f);
			vc_export_put_string(f, r->playback[i].url);
		}
		fputs("}", f);
	}
	fputs("]}", f);
}

int vc_bbb_fetch(struct vc_fetch_stats *st, const struct vc_bbb_fetch_opts *o)
{
	struct vc_http_opts ho = { .cafile = o->cafile, .retries = 5, .max_wait_s = o->max_wait_s };
	struct vc_http *http = NULL;
	struct vc_export_file x = { 0 };
	struct vc_progress prog;
	struct seen page_ids = { 0 }, prev_ids = { 0 };
	struct vc_bbb_page page;
	struct vc_http_resp r;
	char *base = NULL, *url = NULL, *shown = NULL, hex[2 * EVP_MAX_MD_SIZE + 1];
	char query[128], key[64], msg[256];
	const char *algo = o->checksum ? o->checksum : "sha256";
	time_t now = time(NULL);
	size_t offset = 0, i, total = 0;
	int rc, fallback = !o->checksum, done = 0;

	memset(st, 0, sizeof(*st));
	memset(&page, 0, sizeof(page));
	memset(&r, 0, sizeof(r));
	vc_progress_init(&prog);
	if (!(base = api_base(o->url)))
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (!(shown = vc_http_url_display(base))) {
		free(base);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	if ((rc = vc_http_new(&http, &ho)) < 0)
		goto out;
	if ((rc = vc_export_open(&x, o->out_path)) < 0)
		goto out;
	fputs("{\n  \"schema\": \"" BBB_SCHEMA "\",\n  \"server\": ", x.f);
	vc_export_put_string(x.f, shown);
	fprintf(x.f, ",\n  \"fetched_at\": %lld", (long long)now);
	while (!done) {
		snprintf(query, sizeof(query), "state=any&offset=%zu&limit=%d", offset, BBB_LIMIT);
		if ((rc = checksum(hex, sizeof(hex), algo, query, o->secret)) < 0)
			goto out;
		free(url);
		url = vc_asprintf("%s/getRecordings?%s&checksum=%s", base, query, hex);
		if (!url) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		vc_progress_show(&prog, 0, "bigbluebutton: recordings %zu", total);
		vc_http_resp_free(&r);
		st->requests++;
		if ((rc = vc_http_get(&r, http, url, NULL)) < 0)
			goto out;
		vc_bbb_page_free(&page);
		if ((rc = vc_bbb_recordings_parse(&page, r.body.ptr, r.body.size)) < 0) {
			rc = vc_error_set(rc, "%s/getRecordings: %s", shown, vc_error_last());
			goto out;
		}
		if (!page.success) {
			if (fallback && offset == 0 && page.message_key &&
			    !strcmp(page.message_key, "checksumError") && !strcmp(algo, "sha256")) {
				/* a server that knows only SHA-1 (or lists it alone) */
				algo = "sha1";
				fallback = 0;
				continue;
			}
			clean(key, sizeof(key), page.message_key, o->secret);
			clean(msg, sizeof(msg), page.message, o->secret);
			rc = vc_error_set(VC_ERROR, "%s/getRecordings: the server answered FAILED: "
					  "%s%s%s%s", shown, key, *msg ? " (" : "", msg,
					  *msg ? ")" : "");
			if (page.message_key && !strcmp(page.message_key, "checksumError"))
				rc = vc_error_set(VC_ERROR, "%s; check the secret (bbb-conf "
						  "--secret) and --checksum", vc_error_last());
			goto out;
		}
		fallback = 0;
		for (i = 0; i < page.n; i++) {
			const char *id = page.v[i].record_id;

			/* the same ids again: the server ignores offset, the list is complete */
			if (seen_has(&prev_ids, id) || seen_has(&page_ids, id)) {
				done = 1;
				break;
			}
			if (total >= BBB_RECORDINGS_MAX) {
				rc = vc_error_set(VC_ELIMIT, "%s: more than %d recordings", shown,
						  BBB_RECORDINGS_MAX);
				goto out;
			}
			if (total == 0)
				fputs(",\n  \"recordings\": [", x.f);
			write_recording(x.f, &page.v[i], total == 0, now);
			total++;
			if (page_ids.n == page_ids.cap) {
				size_t cap = page_ids.cap ? page_ids.cap * 2 : 128;
				char **nv = realloc(page_ids.v, cap * sizeof(*nv));

				if (!nv) {
					rc = vc_error_set(VC_ENOMEM, "out of memory");
					goto out;
				}
				page_ids.v = nv;
				page_ids.cap = cap;
			}
			if (!(page_ids.v[page_ids.n] = vc_strdup(id))) {
				rc = vc_error_set(VC_ENOMEM, "out of memory");
				goto out;
			}
			page_ids.n++;
		}
		if (page.n < BBB_LIMIT)
			done = 1;
		offset += page.n;
		/* ids of the previous page only: a repeat shows at the first id */
		for (i = 0; i < prev_ids.n; i++)
			free(prev_ids.v[i]);
		free(prev_ids.v);
		prev_ids = page_ids;
		memset(&page_ids, 0, sizeof(page_ids));
	}
	fputs(total ? "\n  ]\n}\n" : ",\n  \"recordings\": []\n}\n", x.f);
	st->recordings = total;
	st->checksum = !strcmp(algo, "sha1") ? "sha1" : "sha256";
	rc = vc_export_commit(&x);
out:
	vc_progress_end(&prog);
	if (rc < 0)
		vc_export_abort(&x);
	for (i = 0; i < prev_ids.n; i++)
		free(prev_ids.v[i]);
	free(prev_ids.v);
	for (i = 0; i < page_ids.n; i++)
		free(page_ids.v[i]);
	free(page_ids.v);
	vc_bbb_page_free(&page);
	vc_http_resp_free(&r);
	vc_http_free(http);
	explicit_bzero(hex, sizeof(hex));
	free(url);
	free(base);
	free(shown);
	return rc;
}
