/*
 * merge: the fleet report as text for a terminal. Layout: a header
 * (hosts, reports read, failing hosts, scores), then hosts (one line
 * each, in the document's order), rules failing on most hosts (at most
 * 20), product versions, changes (--previous) and diagnostics.
 */
#include <string.h>

#include "merge.h"
#include "merge_words.h"
#include "../engine/rule.h"
#include "../report/clean.h"
#include "../report/words.h"

#define TEXT_RULES_MAX 20

static const char *sev_word(const char *lang, const char *name)
{
	enum vc_severity s;

	if (!name || vc_severity_parse(&s, name) < 0)
		return "-";
	return vc_report_severity_word(vc_report_words(lang), s);
}

/* `s` cleaned, then spaces up to `width` columns (Danish words are multi-byte). */
static void pad(FILE *out, const char *s, size_t width)
{
	size_t w = vc_report_clean_width(s);

	vc_report_clean_put(out, s, 0);
	for (; w < width; w++)
		fputc(' ', out);
}

static void put_refs(FILE *out, const json_t *arr, const char *title, const char *none)
{
	size_t i;
	const json_t *o;

	fprintf(out, "  %s: %s\n", title, json_array_size(arr) ? "" : none);
	json_array_foreach(arr, i, o) {
		fputs("    ", out);
		vc_report_clean_put(out, vc_fleet_str(o, "host"), 80);
		if (vc_fleet_str(o, "machine_id"))
			fprintf(out, " (%.8s)", vc_fleet_str(o, "machine_id"));
		if (vc_fleet_str(o, "rule"))
			fprintf(out, "  %s", vc_fleet_str(o, "rule"));
		if (vc_fleet_str(o, "last_seen"))
			fprintf(out, "  %s", vc_fleet_str(o, "last_seen"));
		fputc('\n', out);
	}
}

int vc_fleet_text_write(FILE *out, const struct vc_fleet_doc *d, const char *lang)
{
	const json_t *doc = d->doc;
	const struct vc_fleet_words *w = vc_fleet_words(lang);
	const json_t *sum = json_object_get(doc, "summary"), *in = json_object_get(doc, "inputs");
	const json_t *o, *ch = json_object_get(doc, "changes"), *v;
	char s1[16], s2[16];
	size_t i, k;

	fprintf(out, "%s — %lld %s\n%s: %s\n", w->title, vc_fleet_int(sum, "hosts"), w->hosts_word,
		w->generated, vc_fleet_str(doc, "generated_at"));
	fprintf(out, "%s: ", w->reports_line);
	vc_fleet_inputs_line(out, in, w);
	vc_fleet_score(s1, json_object_get(sum, "score_mean"), lang);
	vc_fleet_score(s2, json_object_get(sum, "score_min"), lang);
	fprintf(out, "\n%s: %lld/%lld; %s %s, %s %s\n", w->failing_line,
		vc_fleet_int(sum, "hosts_failing"), vc_fleet_int(sum, "hosts"), w->score_mean, s1,
		w->score_min, s2);
	fprintf(out, "%s:", w->tool_versions);
	json_array_foreach(json_object_get(sum, "tool_versions"), i, o)
		fprintf(out, "%s %s (%lld)", i ? "," : "", vc_fleet_str(o, "version"),
			vc_fleet_int(o, "hosts"));

	fprintf(out, "\n\n%s\n", w->sec_hosts);
	for (i = 0; i < d->f->nhosts; i++) {
		json_t *h = vc_fleet_doc_host(d, i);
		const json_t *worst, *x;

		if (!h)
			return VC_ENOMEM;
		o = h;
		worst = json_object_get(o, "worst");
		vc_fleet_score(s1, json_object_get(o, "score_after_waivers"), lang);
		fputs("  ", out);
		vc_report_clean_put(out, vc_fleet_str(o, "name"), 40);
		fprintf(out, "  %s %s  %s %lld  %s %s\n", w->score, s1, w->failing,
			(long long)json_array_size(json_object_get(o, "failing")), w->last_seen,
			vc_fleet_str(o, "last_seen"));
		json_array_foreach(worst, k, x) {
			fputs("      ", out);
			pad(out, sev_word(lang, vc_fleet_str(x, "severity")), 9);
			fprintf(out, "%s\n", vc_fleet_str(x, "rule"));
		}
		json_decref(h);
	}

	fprintf(out, "\n%s\n", w->sec_rules);
	if (!json_array_size(json_object_get(doc, "rules")))
		fprintf(out, "  %s\n", w->none);
	json_array_foreach(json_object_get(doc, "rules"), i, o) {
		if (i >= TEXT_RULES_MAX)
			break;
		fprintf(out, "  %5lld %s  ", vc_fleet_int(o, "hosts_failing"), w->hosts);
		pad(out, sev_word(lang, vc_fleet_str(o, "severity")), 9);
		vc_report_clean_put(out, vc_fleet_str(o, "rule"), 0);
		if (vc_fleet_str(o, "title")) {
			fputs("  ", out);
			vc_report_clean_put(out, vc_fleet_str(o, "title"), 80);
		}
		fputc('\n', out);
	}

	fprintf(out, "\n%s\n", w->sec_products);
	if (!json_array_size(json_object_get(doc, "products")))
		fprintf(out, "  %s\n", w->none);
	json_array_foreach(json_object_get(doc, "products"), i, o) {
		fprintf(out, "  %s:", vc_fleet_str(o, "id"));
		json_array_foreach(json_object_get(o, "versions"), k, v) {
			fputs(k ? ", " : " ", out);
			vc_report_clean_put(out, vc_fleet_str(v, "version"), 40);
			fprintf(out, " (%lld)", vc_fleet_int(v, "hosts"));
		}
		fputc('\n', out);
	}

	fprintf(out, "\n%s\n", w->sec_changes);
	if (!json_is_object(ch)) {
		fprintf(out, "  %s\n", w->no_previous);
	} else {
		fprintf(out, "  %s %s\n", w->since, vc_fleet_str(ch, "previous_generated_at") ?
			vc_fleet_str(ch, "previous_generated_at") : "?");
		put_refs(out, json_object_get(ch, "new_failures"), w->new_failures, w->none);
		put_refs(out, json_object_get(ch, "fixed"), w->fixed, w->none);
		put_refs(out, json_object_get(ch, "new_hosts"), w->new_hosts, w->none);
		put_refs(out, json_object_get(ch, "stopped_reporting"), w->stopped, w->none);
	}

	if (json_array_size(json_object_get(doc, "diagnostics"))) {
		fprintf(out, "\n%s\n", w->sec_diags);
		json_array_foreach(json_object_get(doc, "diagnostics"), i, o) {
			fputs("  ", out);
			vc_report_clean_put(out, vc_fleet_str(o, "source"), 0);
			fputs(": ", out);
			vc_report_clean_put(out, vc_fleet_str(o, "message"), 0);
			fputc('\n', out);
		}
	}
	return ferror(out) ? vc_error_set(VC_EIO, "write failed") : 0;
}
