/*
 * merge: the fleet report as one self-contained HTML5 document (inline
 * CSS, no scripts, fonts or external resources). Layout: title and
 * summary (hosts, reports read, failing hosts, scores), then tables:
 * hosts (name, score, failing rules, worst findings, last seen; rows of
 * failing hosts marked), rules failing on most hosts, product versions,
 * changes against --previous, diagnostics. All text is HTML-escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "merge_words.h"
#include "../engine/rule.h"
#include "../report/clean.h"
#include "../report/words.h"

static void esc(FILE *out, const char *s)
{
	char *c = vc_report_clean(s ? s : "", 0), *p;

	for (p = c; p && *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*p, out);
		}
	}
	free(c);
}

static const char *sev_word(const char *lang, const char *name)
{
	enum vc_severity s;

	if (!name || vc_severity_parse(&s, name) < 0)
		return "";
	return vc_report_severity_word(vc_report_words(lang), s);
}

static void refs(FILE *out, const json_t *arr, const char *title, const struct vc_fleet_words *w)
{
	const json_t *o;
	size_t i;

	fputs("<h3>", out);
	esc(out, title);
	fprintf(out, " (%zu)</h3>\n", json_array_size(arr));
	if (!json_array_size(arr)) {
		fputs("<p>", out);
		esc(out, w->none);
		fputs("</p>\n", out);
		return;
	}
	fputs("<ul>\n", out);
	json_array_foreach(arr, i, o) {
		fputs("<li>", out);
		esc(out, vc_fleet_str(o, "host"));
		if (vc_fleet_str(o, "rule")) {
			fputs(": <code>", out);
			esc(out, vc_fleet_str(o, "rule"));
			fputs("</code>", out);
		}
		if (vc_fleet_str(o, "last_seen")) {
			fputs(" — ", out);
			esc(out, vc_fleet_str(o, "last_seen"));
		}
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

static void head(FILE *out, const char *const *cols, size_t n)
{
	size_t i;

	fputs("<table>\n<tr>", out);
	for (i = 0; i < n; i++) {
		fputs("<th>", out);
		esc(out, cols[i]);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
}

static const char css[] =
	"body{font-family:sans-serif;margin:2em;color:#111;max-width:75em}"
	"table{border-collapse:collapse;margin:0.5em 0 1.5em}"
	"th,td{border:1px solid #bbb;padding:0.25em 0.5em;text-align:left;vertical-align:top}"
	"th{background:#eee}td.n{text-align:right}tr.fail td:first-child{border-left:4px solid #c00}"
	"code{font-size:0.9em}.sum{font-size:1.1em}";

int vc_fleet_html_write(FILE *out, const struct vc_fleet_doc *d, const char *lang)
{
	const json_t *doc = d->doc;
	const struct vc_fleet_words *w = vc_fleet_words(lang);
	const json_t *sum = json_object_get(doc, "summary"), *in = json_object_get(doc, "inputs");
	const json_t *ch = json_object_get(doc, "changes"), *o, *v;
	const char *hcols[] = { w->host, w->score, w->failing, w->worst, w->last_seen };
	const char *rcols[] = { w->hosts, w->severity, w->rule, w->title_col };
	const char *pcols[] = { w->product, w->version, w->hosts };
	char s1[16], s2[16];
	size_t i, k;

	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		VC_HTML_CSP_META "<title>", lang && !strcmp(lang, "da") ? "da" : "en");
	esc(out, w->title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	esc(out, w->title);
	fprintf(out, "</h1>\n<p class=\"sum\">%lld ", vc_fleet_int(sum, "hosts"));
	esc(out, w->hosts_word);
	fputs(" — ", out);
	esc(out, w->generated);
	fputs(" ", out);
	esc(out, vc_fleet_str(doc, "generated_at"));
	fputs("</p>\n<p>", out);
	esc(out, w->reports_line);
	fputs(": ", out);
	vc_fleet_inputs_line(out, in, w);
	vc_fleet_score(s1, json_object_get(sum, "score_mean"), lang);
	vc_fleet_score(s2, json_object_get(sum, "score_min"), lang);
	fputs("<br/>", out);
	esc(out, w->failing_line);
	fprintf(out, ": <strong>%lld/%lld</strong>; ", vc_fleet_int(sum, "hosts_failing"),
		vc_fleet_int(sum, "hosts"));
	esc(out, w->score_mean);
	fprintf(out, " %s, ", s1);
	esc(out, w->score_min);
	fprintf(out, " %s</p>\n", s2);

	fputs("<h2>", out);
	esc(out, w->sec_hosts);
	fputs("</h2>\n", out);
	head(out, hcols, 5);
	for (i = 0; i < d->f->nhosts; i++) {
		json_t *h = vc_fleet_doc_host(d, i);
		size_t nf;

		if (!h)
			return VC_ENOMEM;
		o = h;
		nf = json_array_size(json_object_get(o, "failing"));
		vc_fleet_score(s1, json_object_get(o, "score_after_waivers"), lang);
		fprintf(out, "<tr%s><td>", nf ? " class=\"fail\"" : "");
		esc(out, vc_fleet_str(o, "name"));
		fprintf(out, "</td><td class=\"n\">%s</td><td class=\"n\">%zu</td><td>", s1, nf);
		json_array_foreach(json_object_get(o, "worst"), k, v) {
			fputs(k ? "<br/>" : "", out);
			esc(out, sev_word(lang, vc_fleet_str(v, "severity")));
			fputs(" <code>", out);
			esc(out, vc_fleet_str(v, "rule"));
			fputs("</code>", out);
		}
		fputs("</td><td>", out);
		esc(out, vc_fleet_str(o, "last_seen"));
		fputs("</td></tr>\n", out);
		json_decref(h);
	}
	fputs("</table>\n<h2>", out);
	esc(out, w->sec_rules);
	fputs("</h2>\n", out);
	head(out, rcols, 4);
	json_array_foreach(json_object_get(doc, "rules"), i, o) {
		fprintf(out, "<tr><td class=\"n\">%lld</td><td>", vc_fleet_int(o, "hosts_failing"));
		esc(out, sev_word(lang, vc_fleet_str(o, "severity")));
		fputs("</td><td><code>", out);
		esc(out, vc_fleet_str(o, "rule"));
		fputs("</code></td><td>", out);
		esc(out, vc_fleet_str(o, "title"));
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n<h2>", out);
	esc(out, w->sec_products);
	fputs("</h2>\n", out);
	head(out, pcols, 3);
	json_array_foreach(json_object_get(doc, "products"), i, o)
		json_array_foreach(json_object_get(o, "versions"), k, v) {
			fputs("<tr><td>", out);
			esc(out, vc_fleet_str(o, "id"));
			fputs("</td><td>", out);
			esc(out, vc_fleet_str(v, "version"));
			fprintf(out, "</td><td class=\"n\">%lld</td></tr>\n", vc_fleet_int(v, "hosts"));
		}
	fputs("</table>\n<h2>", out);
	esc(out, w->sec_changes);
	fputs("</h2>\n", out);
	if (!json_is_object(ch)) {
		fputs("<p>", out);
		esc(out, w->no_previous);
		fputs("</p>\n", out);
	} else {
		fputs("<p>", out);
		esc(out, w->since);
		fputs(" ", out);
		esc(out, vc_fleet_str(ch, "previous_generated_at"));
		fputs("</p>\n", out);
		refs(out, json_object_get(ch, "new_failures"), w->new_failures, w);
		refs(out, json_object_get(ch, "fixed"), w->fixed, w);
		refs(out, json_object_get(ch, "new_hosts"), w->new_hosts, w);
		refs(out, json_object_get(ch, "stopped_reporting"), w->stopped, w);
	}
	if (json_array_size(json_object_get(doc, "diagnostics"))) {
		fputs("<h2>", out);
		esc(out, w->sec_diags);
		fputs("</h2>\n<ul>\n", out);
		json_array_foreach(json_object_get(doc, "diagnostics"), i, o) {
			fputs("<li><code>", out);
			esc(out, vc_fleet_str(o, "source"));
			fputs("</code>: ", out);
			esc(out, vc_fleet_str(o, "message"));
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? vc_error_set(VC_EIO, "write failed") : 0;
}
