/*
 * merge: the fleet report as CSV, one row per host (the order of the
 * document's hosts), for a spreadsheet. Columns (headers in the report's
 * language):
 *   host, machine_id, kind, last_seen, score_before_waivers,
 *   score_after_waivers (one decimal, '.' or ','), worst_severity (empty
 *   when nothing fails), failing (rules failing), errors, manual (findings),
 *   failing_rules (rule ids joined with "; "), report (the file kept).
 * Encoding as the scan's CSV (report/csv.c): UTF-8, CRLF, RFC 4180
 * quoting, and a leading ' before = + - @ against formula injection.
 */
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "merge_words.h"
#include "../report/clean.h"

struct fcsv {
	FILE *f;
	int oom;
};

static void field(struct fcsv *c, const char *s, int first)
{
	char *clean = vc_report_clean(s ? s : "", 0), *p;
	int quote, guard;

	if (!clean) {
		c->oom = 1;
		return;
	}
	quote = strpbrk(clean, ",\"\r\n") != NULL;
	guard = *clean && strchr("=+-@\t\r", *clean);
	if (!first)
		fputc(',', c->f);
	if (quote)
		fputc('"', c->f);
	if (guard)
		fputc('\'', c->f);
	for (p = clean; *p; p++) {
		if (*p == '"')
			fputc('"', c->f);
		fputc(*p, c->f);
	}
	if (quote)
		fputc('"', c->f);
	free(clean);
}

static void num(struct fcsv *c, long long v)
{
	fprintf(c->f, ",%lld", v);
}

static void rules_field(struct fcsv *c, const json_t *arr)
{
	size_t i, len = 1;
	const json_t *v;
	char *s;

	json_array_foreach(arr, i, v)
		len += strlen(json_string_value(v) ? json_string_value(v) : "") + 2;
	s = malloc(len);
	if (!s) {
		c->oom = 1;
		return;
	}
	*s = 0;
	len = 0;
	json_array_foreach(arr, i, v) {
		const char *r = json_string_value(v) ? json_string_value(v) : "";

		if (i) {
			memcpy(s + len, "; ", 2);
			len += 2;
		}
		memcpy(s + len, r, strlen(r) + 1);
		len += strlen(r);
	}
	field(c, s, 0);
	free(s);
}

int vc_fleet_csv_write(FILE *out, const struct vc_fleet_doc *d, const char *lang)
{
	const struct vc_fleet_words *w = vc_fleet_words(lang);
	struct fcsv c = { out, 0 };
	json_t *h;
	char s[16];
	size_t i;

	for (i = 0; i < 12; i++)
		field(&c, w->csv_col[i], i == 0);
	fputs("\r\n", out);
	for (i = 0; i < d->f->nhosts; i++) {
		const json_t *counts;

		if (!(h = vc_fleet_doc_host(d, i)))
			return VC_ENOMEM;
		counts = json_object_get(h, "counts");
		field(&c, vc_fleet_str(h, "name"), 1);
		field(&c, vc_fleet_str(h, "machine_id"), 0);
		field(&c, vc_fleet_str(h, "kind"), 0);
		field(&c, vc_fleet_str(h, "last_seen"), 0);
		vc_fleet_score(s, json_object_get(h, "score_before_waivers"), lang);
		field(&c, s, 0);
		vc_fleet_score(s, json_object_get(h, "score_after_waivers"), lang);
		field(&c, s, 0);
		field(&c, vc_fleet_str(h, "worst_severity"), 0);
		num(&c, (long long)json_array_size(json_object_get(h, "failing")));
		num(&c, vc_fleet_int(counts, "error"));
		num(&c, vc_fleet_int(counts, "manual"));
		rules_field(&c, json_object_get(h, "failing"));
		field(&c, vc_fleet_str(h, "report"), 0);
		fputs("\r\n", out);
		json_decref(h);
	}
	if (c.oom)
		return vc_error_set(VC_ENOMEM, "out of memory");
	return ferror(out) ? vc_error_set(VC_EIO, "write failed") : 0;
}
