/*
 * HTML reporter: the document an organisation files and hands to the
 * data-protection authority, in English or Danish. One self-contained
 * HTML5 file that is also well-formed XML: no external CSS, fonts, images
 * or links, no JavaScript; a print stylesheet repeats the title and target
 * at the top of every page and starts each main section on a new page.
 *
 * Layout: title and target; 1. summary (scope, scores before and after
 * waivers, counts by status and severity, the five most important things to
 * fix, order.h); 2. per product a configuration statement from its facts
 * (absent facts are "unknown" and left for the reader to confirm); 3. the
 * data-flow map (flowmap.c, inline SVG); 4. findings grouped by the first
 * GDPR article of each rule (as md.c); 5. the Art. 30 record for "video
 * meetings and recordings", gaps marked; 6. breach readiness (Art. 33/34);
 * 7. appendix: sources with SHA-256, versions, profile parameters,
 * diagnostics.
 *
 * Safety: every string that is not one of the fixed words is cleaned
 * (clean.h) and escaped (& < > " ' as character references,
 * vc_report_xml_put); no attribute value is ever taken from the audit.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "clean.h"
#include "flowmap.h"
#include "order.h"
#include "words.h"

#define HTML_TOP 5          /* entries of "the five most important things to fix" */
#define HTML_REC_MAX 50     /* recordings listed one by one in the breach section */

struct h {
	FILE *f;
	const struct vc_report_words *w;
	const struct vc_report_doc_words *d;
	const char *lang;
	const struct vc_audit *a;
	int oom;
	int skip_no_sync;    /* list_facts: leave out `.cloud_sync` facts that say "none" */
};

static const enum vc_status count_order[] = {
	VC_ST_FAIL, VC_ST_ERROR, VC_ST_MANUAL, VC_ST_WAIVED, VC_ST_PASS, VC_ST_NA
};

static const char *const status_class[VC_ST__COUNT] = {
	[VC_ST_PASS] = "pass", [VC_ST_FAIL] = "fail", [VC_ST_MANUAL] = "manual",
	[VC_ST_NA] = "na", [VC_ST_ERROR] = "error", [VC_ST_WAIVED] = "waived",
};

static const char style[] =
	"body{font-family:\"DejaVu Sans\",Arial,sans-serif;font-size:11pt;line-height:1.4;"
	"color:#1a1a1a;max-width:60em;margin:0 auto;padding:1em}\n"
	"h1{font-size:1.6em}h2{border-bottom:2px solid #4a6785;margin-top:2em}\n"
	"table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;"
	"padding:.2em .5em;text-align:left;vertical-align:top}\n"
	"code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.9em;word-break:break-all}\n"
	".runhead,.pagehead{color:#555;font-size:.85em;border-bottom:1px solid #ccc}\n"
	".pagehead{display:none}\n"
	".tag{font-weight:bold;padding:0 .3em;border-radius:3px}\n"
	".fail,.error{background:#fde2e2;color:#8a1c12}.manual{background:#fff3d6}\n"
	".waived{background:#e8e8f8}.pass{background:#e3f4e3}.na{background:#eee}\n"
	".gap{color:#8a1c12;font-style:italic}.unknown{color:#8a5a00;font-style:italic}\n"
	".finding{border-left:4px solid #ccc;padding-left:.6em;margin:.8em 0}\n"
	".flowmap{max-width:100%;height:auto}\n"
	"@page{margin:15mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	".pagehead{display:block;page-break-before:always;break-before:page}"
	"h2.sec{margin-top:.5em;page-break-after:avoid;break-after:avoid}"
	".finding,tr,svg{page-break-inside:avoid;break-inside:avoid}}\n";

static void t(struct h *h, const char *s)
{
	vc_report_xml_put(h->f, s, 0, &h->oom);
}

/* An evidence or fact value: compact JSON, cleaned, cut, escaped. */
static void jvalue(struct h *h, const json_t *v)
{
	char *s;
	int oom;

	s = vc_report_value(v, VC_REPORT_VALUE_MAX, &oom);
	if (oom) {
		h->oom = 1;
		return;
	}
	t(h, s ? s : h->w->absent);
	free(s);
}

/* A fact value in plain language: yes/no, "365 days", lists comma-separated. */
static void fvalue(struct h *h, const char *key, const json_t *v)
{
	const json_t *it;
	size_t i;

	if (json_is_boolean(v)) {
		fputs(json_is_true(v) ? h->d->yes : h->d->no, h->f);
	} else if (json_is_integer(v) && key && strstr(key, "retention_days")) {
		if (json_integer_value(v) < 0)
			fputs(h->d->never_deleted, h->f);
		else
			fprintf(h->f, "%lld %s", (long long)json_integer_value(v), h->d->days);
	} else if (json_is_string(v) && key && strstr(key, ".cloud_sync") &&
		   !strcmp(json_string_value(v), "none")) {
		fputs(h->w->none, h->f);
	} else if (json_is_string(v)) {
		t(h, json_string_value(v));
	} else if (json_is_array(v) && !json_array_size(v)) {
		fputs(h->w->none, h->f);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, it) {
			fputs(i ? ", " : "", h->f);
			if (json_is_string(it))
				t(h, json_string_value(it));
			else
				jvalue(h, it);
		}
	} else {
		jvalue(h, v);
	}
}

static const char *pname(const struct h *h, const char *id)
{
	const char *n = vc_report_product_name(h->w, id);

	return n ? n : id;
}

/* "<li>Label: value (Zoom, user:u-1)</li>" for every fact with `key` (product NULL = any). */
static size_t list_facts(struct h *h, const char *product, const char *key)
{
	const struct vc_factset *fs = h->a->facts;
	const char *label = vc_report_fact_label(h->w, key);
	size_t i, n = 0;

	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (!f->key || strcmp(f->key, key) || (product && (!f->product ||
							     strcmp(f->product, product))))
			continue;
		if (h->skip_no_sync && strstr(key, ".cloud_sync") && json_is_string(f->value) &&
		    !strcmp(json_string_value(f->value), "none"))
			continue;
		fputs("<li>", h->f);
		t(h, label ? label : key);
		fputs(": ", h->f);
		fvalue(h, key, f->value);
		fputs(" (", h->f);
		if (!product && f->product) {
			t(h, pname(h, f->product));
			fputs(", ", h->f);
		}
		t(h, f->scope ? f->scope : "-");
		fputs(")</li>\n", h->f);
		n++;
	}
	return n;
}

static int has_fact(const struct vc_audit *a, const char *product, const char *key)
{
	size_t i;

	for (i = 0; a->facts && i < a->facts->n; i++)
		if (a->facts->v[i].key && !strcmp(a->facts->v[i].key, key) &&
		    (!product || (a->facts->v[i].product &&
				  !strcmp(a->facts->v[i].product, product))))
			return 1;
	return 0;
}

/* "Title — host ws-042" in a <div class="cls">: the running head of printed pages. */
static void run_head(struct h *h, const char *cls)
{
	fprintf(h->f, "<div class=\"%s\">%s — ", cls, h->d->doc_title);
	t(h, h->a->target_kind ? h->a->target_kind : "-");
	fputs(" ", h->f);
	t(h, h->a->target_name ? h->a->target_name : "");
	fputs("</div>\n", h->f);
}

/* A main section: in print it starts a page headed by the title and target. */
static void section(struct h *h, const char *id, int n, const char *title)
{
	if (n > 1)
		run_head(h, "pagehead");
	fprintf(h->f, "\n<h2 class=\"sec\" id=\"%s\">%d. %s</h2>\n", id, n, title);
}

/* ---- 1. summary ---- */

static void row(struct h *h, const char *label, const char *value)
{
	fprintf(h->f, "<tr><th>%s</th><td>", label);
	t(h, value && *value ? value : "-");
	fputs("</td></tr>\n", h->f);
}

static void finding_tag(struct h *h, const struct vc_finding *f)
{
	unsigned st = (unsigned)f->status < VC_ST__COUNT ? (unsigned)f->status : VC_ST_ERROR;

	fprintf(h->f, "<span class=\"tag %s\">%s</span> %s · <code>", status_class[st],
		vc_report_status_tag(h->w, f->status), vc_report_severity_word(h->w, f->severity));
	t(h, f->rule && f->rule->id ? f->rule->id : "?");
	fputs("</code>", h->f);
}

static void product_scope(struct h *h, const struct vc_finding *f)
{
	t(h, f->product ? pname(h, f->product) : "-");
	fputs(", ", h->f);
	t(h, f->scope ? f->scope : "-");
}

static const char *title_of(const struct h *h, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->title, h->lang) : "";
}

static const char *remediation_of(const struct h *h, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->remediation, h->lang) : "";
}

static void write_summary(struct h *h, const struct vc_finding *const *plan, size_t nplan)
{
	const struct vc_audit *a = h->a;
	const struct vc_summary *s = &a->summary;
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at)), i;
	char when[sizeof(a->generated_at) + 1];
	int sev, any = 0;

	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	section(h, "summary", 1, h->d->sec_summary);
	fprintf(h->f, "<table>\n<tr><th>%s</th><td>", h->w->target);
	t(h, a->target_kind ? a->target_kind : "-");
	fputs(" ", h->f);
	t(h, a->target_name ? a->target_name : "");
	if (a->target_root) {
		fprintf(h->f, " (%s: <code>", h->d->scope_root);
		t(h, a->target_root);
		fputs("</code>)", h->f);
	}
	fputs("</td></tr>\n", h->f);
	row(h, h->d->time, when);
	row(h, h->w->profile, a->profile_id);
	fprintf(h->f, "<tr><th>%s</th><td>", h->w->score);
	vc_report_put_score(h->f, h->w, s->score_before_waivers);
	fprintf(h->f, " %s, ", h->w->before);
	vc_report_put_score(h->f, h->w, s->score_after_waivers);
	fprintf(h->f, " %s</td></tr>\n<tr><th>%s</th><td>", h->w->after, h->w->results);
	for (i = 0; i < sizeof(count_order) / sizeof(count_order[0]); i++)
		fprintf(h->f, "%s%s %zu", i ? ", " : "", vc_report_status_word(h->w, count_order[i]),
			s->by_status[count_order[i]]);
	fprintf(h->f, "</td></tr>\n<tr><th>%s</th><td>", h->w->by_severity);
	for (sev = VC_SEV_CRITICAL; sev >= VC_SEV_INFO; sev--) {
		if (!s->by_severity[sev])
			continue;
		fprintf(h->f, "%s%s %zu", any ? ", " : "", h->w->sev[sev], s->by_severity[sev]);
		any = 1;
	}
	fprintf(h->f, "%s</td></tr>\n</table>\n", any ? "" : h->w->none);
	if (!a->pseudonyms_stable)
		fprintf(h->f, "<p>%s</p>\n", h->w->pseudo_note);

	fprintf(h->f, "<h3>%s</h3>\n", h->w->top_five);
	if (!nplan) {
		fprintf(h->f, "<p>%s</p>\n", h->w->nothing_to_fix);
		return;
	}
	fputs("<ol>\n", h->f);
	for (i = 0; i < nplan && i < HTML_TOP; i++) {
		fputs("<li>", h->f);
		finding_tag(h, plan[i]);
		fputs(" (", h->f);
		product_scope(h, plan[i]);
		fputs(")", h->f);
		if (*title_of(h, plan[i])) {
			fputs(": ", h->f);
			t(h, title_of(h, plan[i]));
		}
		if (*remediation_of(h, plan[i])) {
			fprintf(h->f, ". <em>%s:</em> ", h->w->remediation);
			t(h, remediation_of(h, plan[i]));
		}
		fputs("</li>\n", h->f);
	}
	fputs("</ol>\n", h->f);
	if (nplan > HTML_TOP)
		fprintf(h->f, "<p>%zu %s</p>\n", nplan - HTML_TOP, h->w->more_below);
}

/* ---- 2. configuration statement ---- */

/* The facts behind each topic of the statement (words.h topic[]). */
static const char *const topic_keys[7][6] = {
	{ "recording.local.path", "recording.local.path.cloud_sync",
	  "recording.local.path.encrypted", "recording.cloud.allowed", "recording.server.path",
	  "recording.auto" },
	{ "recording.local.allowed", "recording.local.notify", "recording.consent" },
	{ "recording.retention_days" },
	{ "recording.storage_region", "datacenter.regions" },
	{ "encryption.e2ee", "encryption.transport_required" },
	{ "access.anonymous_join", "access.lobby", "access.passcode", "access.external",
	  "access.authentication" },
	{ "storage.thirdparty", "telemetry.thirdparty" },
};

static int self_hosted(const char *product)
{
	return !strcmp(product, "jitsi") || !strcmp(product, "bigbluebutton");
}

/* Whether `key` is asked about for `product` (derived facts only beside their path). */
static int applies(const struct h *h, const char *product, const char *key)
{
	if (!strcmp(key, "recording.server.path"))
		return self_hosted(product);
	if (strstr(key, ".cloud_sync") || strstr(key, ".encrypted"))
		return has_fact(h->a, product, "recording.local.path");
	return 1;
}

static void write_statement(struct h *h)
{
	const char *ids[32], *label;
	size_t n = vc_report_products_present(h->a, ids, 32), i, tp, k;

	section(h, "statement", 2, h->d->sec_statement);
	if (!n)
		fprintf(h->f, "<p>%s</p>\n", h->d->no_products);
	for (i = 0; i < n; i++) {
		fputs("<h3>", h->f);
		t(h, pname(h, ids[i]));
		fputs("</h3>\n<dl>\n", h->f);
		for (tp = 0; tp < 7; tp++) {
			fprintf(h->f, "<dt>%s</dt>\n<dd><ul>\n", h->d->topic[tp]);
			for (k = 0; k < 6 && topic_keys[tp][k]; k++) {
				if (!applies(h, ids[i], topic_keys[tp][k]))
					continue;
				if (list_facts(h, ids[i], topic_keys[tp][k]))
					continue;
				label = vc_report_fact_label(h->w, topic_keys[tp][k]);
				fputs("<li>", h->f);
				t(h, label ? label : topic_keys[tp][k]);
				fprintf(h->f, ": <span class=\"unknown\">%s; %s</span></li>\n",
					h->d->unknown, h->d->confirm);
			}
			fputs("</ul></dd>\n", h->f);
		}
		fputs("</dl>\n", h->f);
	}
}

/* ---- 4. findings by article ---- */

static void write_evidence(struct h *h, const struct vc_evidence *e)
{
	fputs("<li>", h->f);
	if (e->source) {
		fputs("<code>", h->f);
		t(h, e->source);
		if (e->line > 0)
			fprintf(h->f, ":%d", e->line);
		fputs("</code>: ", h->f);
	}
	fputs("<code>", h->f);
	t(h, e->fact ? e->fact : "?");
	fputs("</code> = <code>", h->f);
	jvalue(h, e->value);
	fputs("</code></li>\n", h->f);
}

static void write_finding(struct h *h, const struct vc_finding *f)
{
	const struct vc_report_words *w = h->w;
	const char *rem = remediation_of(h, f);
	size_t i;

	fputs("<div class=\"finding\">\n<p>", h->f);
	finding_tag(h, f);
	if (*title_of(h, f)) {
		fputs(": <strong>", h->f);
		t(h, title_of(h, f));
		fputs("</strong>", h->f);
	}
	fputs(" (", h->f);
	product_scope(h, f);
	fputs(")</p>\n", h->f);
	if (f->status == VC_ST_PASS || f->status == VC_ST_NA) {
		fputs("</div>\n", h->f);
		return;
	}
	fputs("<ul>\n", h->f);
	if (f->status == VC_ST_WAIVED)
		fprintf(h->f, "<li><em>%s:</em> %s</li>\n", w->real,
			vc_report_status_word(w, f->real_status));
	if (f->rule && f->rule->ngdpr) {
		fprintf(h->f, "<li><em>%s:</em> ", w->gdpr);
		for (i = 0; i < f->rule->ngdpr; i++) {
			fputs(i ? ", " : "", h->f);
			t(h, f->rule->gdpr[i] ? f->rule->gdpr[i] : "?");
		}
		fputs("</li>\n", h->f);
	}
	if (f->message && *f->message) {
		fprintf(h->f, "<li><em>%s:</em> ", w->detail);
		t(h, f->message);
		fputs("</li>\n", h->f);
	}
	if (f->nev) {
		fprintf(h->f, "<li><em>%s:</em>\n<ul>\n", w->evidence);
		for (i = 0; i < f->nev; i++)
			write_evidence(h, &f->ev[i]);
		fputs("</ul></li>\n", h->f);
	}
	if ((vc_report_in_plan(f->status) || f->status == VC_ST_MANUAL) && *rem) {
		fprintf(h->f, "<li><em>%s:</em> ", w->remediation);
		t(h, rem);
		fputs("</li>\n", h->f);
	}
	if (f->waiver) {
		fprintf(h->f, "<li><em>%s:</em> %s ", w->waiver, w->approved_by);
		t(h, f->waiver->approver ? f->waiver->approver : "?");
		fprintf(h->f, ", %s ", w->valid_until);
		t(h, f->waiver->expires ? f->waiver->expires : "?");
		if (f->waiver->expired)
			fprintf(h->f, " (%s)", w->expired);
		fprintf(h->f, "; %s: ", w->justification);
		t(h, f->waiver->justification ? f->waiver->justification : "-");
		fputs("</li>\n", h->f);
	}
	fputs("</ul>\n</div>\n", h->f);
}

static void write_by_article(struct h *h, const struct vc_finding *const *all, size_t n)
{
	const char *title;
	int next, last = 0, other = 0;
	size_t i;

	section(h, "findings", 4, h->w->by_article);
	if (!n) {
		fprintf(h->f, "<p>%s</p>\n", h->w->no_findings);
		return;
	}
	/* Articles in ascending order. */
	while ((next = vc_report_next_article(all, n, last))) {
		title = vc_report_article_title(h->w, next);
		fprintf(h->f, "<h3>Art. %d%s%s</h3>\n", next, title ? " — " : "", title ? title : "");
		for (i = 0; i < n; i++)
			if (vc_report_article_of(all[i]) == next)
				write_finding(h, all[i]);
		last = next;
	}
	for (i = 0; i < n; i++) {
		if (vc_report_article_of(all[i]))
			continue;
		if (!other)
			fprintf(h->f, "<h3>%s</h3>\n", h->w->no_article);
		other = 1;
		write_finding(h, all[i]);
	}
}

/* ---- 5. Art. 30 ---- */

static const char *const art30_keys[7][10] = {
	{ "org.controller.name", "org.controller.cvr", "org.contact_point",
	  "org.contact_point.kind" },
	{ "org.recording.purposes", "org.recording.legal_basis" },
	{ "recording.transcription", "chat.save_local" },
	{ "org.processors", "storage.thirdparty", "telemetry.thirdparty",
	  "recording.local.path.cloud_sync", "recording.server.path.cloud_sync" },
	{ "recording.storage_region", "datacenter.regions", "recording.local.path.cloud_sync",
	  "recording.server.path.cloud_sync" },
	{ "recording.retention_days" },
	{ "encryption.e2ee", "encryption.transport_required", "access.anonymous_join",
	  "access.lobby", "access.passcode", "access.authentication",
	  "recording.local.path.encrypted", "recording.server.path.encrypted", "update.auto" },
};

static void write_art30(struct h *h)
{
	const char *ids[32];
	size_t item, k, n, np;

	section(h, "art30", 5, h->d->sec_art30);
	fprintf(h->f, "<p>%s</p>\n<table>\n", h->d->art30_intro);
	for (item = 0; item < 7; item++) {
		fprintf(h->f, "<tr><th>%s</th><td>", h->d->art30_item[item]);
		if (item == 2)
			fprintf(h->f, "<p>%s: <span class=\"gap\">%s</span></p>", h->d->art30_c_hint,
				h->d->to_complete);
		if (item == 3 && (np = vc_report_products_present(h->a, ids, 32))) {
			fprintf(h->f, "<p>%s: ", h->w->product);
			for (k = 0; k < np; k++) {
				fputs(k ? ", " : "", h->f);
				t(h, pname(h, ids[k]));
			}
			fputs("</p>", h->f);
		}
		fputs("<ul>\n", h->f);
		h->skip_no_sync = item == 3 || item == 4;   /* recipients, transfers */
		for (n = 0, k = 0; k < 10 && art30_keys[item][k]; k++)
			n += list_facts(h, NULL, art30_keys[item][k]);
		h->skip_no_sync = 0;
		fputs("</ul>", h->f);
		if (item == 4 && n)
			fprintf(h->f, "<p>%s: <span class=\"gap\">%s</span></p>", h->d->art30_e_gap,
				h->d->to_complete);
		else if (!n && item != 2)
			fprintf(h->f, "<span class=\"gap\">%s</span>", h->d->to_complete);
		fputs("</td></tr>\n", h->f);
	}
	fputs("</table>\n", h->f);
}

/* ---- 6. breach readiness ---- */

static void write_fact_or_gap(struct h *h, const char *label, const char *key, const char *gap)
{
	fprintf(h->f, "<h3>%s</h3>\n<ul>\n", label);
	if (!list_facts(h, NULL, key))
		fprintf(h->f, "<li><span class=\"gap\">%s</span></li>\n", gap);
	fputs("</ul>\n", h->f);
}

/* ", synchronised by dropbox, not encrypted" for one recording entry. */
static void rec_storage(struct h *h, const json_t *r)
{
	const char *prov = json_string_value(json_object_get(r, "cloud_sync"));
	const json_t *enc = json_object_get(r, "encrypted");

	if (prov && strcmp(prov, "none")) {
		fprintf(h->f, ", %s ", h->d->sync);
		t(h, prov);
	}
	if (json_is_boolean(enc))
		fprintf(h->f, ", %s", json_is_true(enc) ? h->d->encrypted : h->d->not_encrypted);
}

static void write_breach(struct h *h)
{
	const struct vc_factset *fs = h->a->facts;
	const json_t *r;
	size_t i, k, total = 0, shown = 0, klen;
	int yes = 0, no = 0;

	section(h, "breach", 6, h->d->sec_breach);
	fprintf(h->f, "<p>%s</p>\n", h->d->rule_72h);
	write_fact_or_gap(h, h->d->contact_point, "org.contact_point", h->d->contact_missing);
	write_fact_or_gap(h, h->d->procedure, "org.breach_procedure", h->d->procedure_missing);

	fprintf(h->f, "<h3>%s</h3>\n<ul>\n", h->d->enc_storage);
	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		klen = f->key ? strlen(f->key) : 0;
		if (klen < 10 || strcmp(f->key + klen - 10, ".encrypted") ||
		    !json_is_boolean(f->value))
			continue;
		json_is_true(f->value) ? yes++ : no++;
		list_facts(h, NULL, f->key);
	}
	for (i = 0; fs && i < fs->n; i++) {
		if (!fs->v[i].key || strcmp(fs->v[i].key, "artifacts.recordings"))
			continue;
		json_array_foreach(fs->v[i].value, k, r)
			if (json_is_boolean(json_object_get(r, "encrypted")))
				json_is_true(json_object_get(r, "encrypted")) ? yes++ : no++;
	}
	fprintf(h->f, "<li><strong>%s</strong></li>\n</ul>\n",
		no ? h->d->enc_some_not : yes ? h->d->enc_all : h->d->enc_unknown);

	for (i = 0; fs && i < fs->n; i++)
		if (fs->v[i].key && !strcmp(fs->v[i].key, "artifacts.recordings"))
			total += json_array_size(fs->v[i].value);
	fprintf(h->f, "<h3>%s: %zu</h3>\n<ul>\n", h->d->recordings_found, total);
	for (i = 0; fs && i < fs->n; i++) {
		if (!fs->v[i].key || strcmp(fs->v[i].key, "artifacts.recordings"))
			continue;
		json_array_foreach(fs->v[i].value, k, r) {
			if (shown++ >= HTML_REC_MAX)
				break;
			fputs("<li><code>", h->f);
			t(h, json_string_value(json_object_get(r, "path")));
			fputs("</code> (", h->f);
			t(h, json_is_string(json_object_get(r, "product")) ?
			  pname(h, json_string_value(json_object_get(r, "product"))) : "-");
			fputs(", ", h->f);
			t(h, fs->v[i].scope ? fs->v[i].scope : "-");
			rec_storage(h, r);
			fputs(")</li>\n", h->f);
		}
	}
	if (total > HTML_REC_MAX)
		fprintf(h->f, "<li>… %zu</li>\n", total - HTML_REC_MAX);
	fputs("</ul>\n", h->f);
}

/* ---- 7. appendix ---- */

static void write_appendix(struct h *h)
{
	const struct vc_audit *a = h->a;
	const json_t *p, *s;
	size_t i, k, n = 0;

	section(h, "appendix", 7, h->d->sec_appendix);
	fputs("<table>\n", h->f);
	fprintf(h->f, "<tr><th>%s</th><td>vcaudit ", h->w->version);
	t(h, a->tool_version ? a->tool_version : "?");
	fputs("</td></tr>\n", h->f);
	row(h, h->w->rules, a->rules_version);
	row(h, h->w->profile, a->profile_id);
	fprintf(h->f, "<tr><th>%s</th><td><code>", h->d->parameters);
	jvalue(h, a->profile_params);
	fputs("</code></td></tr>\n</table>\n", h->f);

	fprintf(h->f, "<h3>%s</h3>\n<table>\n<tr><th>%s</th><th>%s</th><th>%s</th>"
		"<th>SHA-256</th><th>%s</th></tr>\n", h->d->sources, h->d->products_versions,
		h->d->path, h->d->kind, h->d->bytes);
	json_array_foreach(a->products, i, p) {
		json_array_foreach(json_object_get(p, "sources"), k, s) {
			fputs("<tr><td>", h->f);
			t(h, json_string_value(json_object_get(p, "id")));
			if (json_is_string(json_object_get(p, "version"))) {
				fputs(" ", h->f);
				t(h, json_string_value(json_object_get(p, "version")));
			}
			fputs("</td><td><code>", h->f);
			t(h, json_string_value(json_object_get(s, "path")));
			fputs("</code></td><td>", h->f);
			t(h, json_string_value(json_object_get(s, "kind")));
			fputs("</td><td><code>", h->f);
			t(h, json_string_value(json_object_get(s, "sha256")));
			fputs("</code></td><td>", h->f);
			if (json_is_integer(json_object_get(s, "bytes")))
				fprintf(h->f, "%lld",
					(long long)json_integer_value(json_object_get(s, "bytes")));
			fputs("</td></tr>\n", h->f);
			n++;
		}
	}
	fputs("</table>\n", h->f);
	if (!n)
		fprintf(h->f, "<p>%s</p>\n", h->d->no_sources);

	fprintf(h->f, "<h3>%s</h3>\n", h->w->diagnostics);
	if (!a->diags || !a->diags->n) {
		fprintf(h->f, "<p>%s</p>\n", h->d->no_diagnostics);
		return;
	}
	fputs("<ul>\n", h->f);
	for (i = 0; i < a->diags->n; i++) {
		const struct vc_diag *g = &a->diags->v[i];

		fputs("<li>", h->f);
		if (g->source) {
			fputs("<code>", h->f);
			t(h, g->source);
			if (g->line > 0)
				fprintf(h->f, ":%d", g->line);
			if (g->line > 0 && g->col > 0)
				fprintf(h->f, ":%d", g->col);
			fputs("</code>: ", h->f);
		} else if (g->product) {
			t(h, g->product);
			fputs(": ", h->f);
		}
		t(h, g->message ? g->message : "");
		fputs("</li>\n", h->f);
	}
	fputs("</ul>\n", h->f);
}

/* ---- the document ---- */

static void write_head(struct h *h)
{
	const struct vc_audit *a = h->a;

	fprintf(h->f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
		"<title>%s — ", h->lang, h->d->doc_title);
	t(h, a->target_name ? a->target_name : "-");
	fprintf(h->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	run_head(h, "runhead");
	fprintf(h->f, "<h1>%s</h1>\n", h->d->doc_title);
}

int vc_report_html_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	const char *lang = opts && opts->lang ? opts->lang : a->lang;
	const struct vc_finding **all = NULL, **plan = NULL;
	size_t nall = 0, nplan = 0;
	struct h h = { 0 };
	int rc;

	h.f = out;
	h.w = vc_report_words(lang);
	h.d = h.w->doc;
	h.lang = h.w->lang;
	h.a = a;
	if ((rc = vc_report_order(&all, &nall, a->findings, 0)) < 0 ||
	    (rc = vc_report_order(&plan, &nplan, a->findings, 1)) < 0)
		goto out;
	write_head(&h);
	write_summary(&h, plan, nplan);
	write_statement(&h);
	section(&h, "map", 3, h.d->sec_map);
	fprintf(out, "<p>%s</p>\n", h.d->map_intro);
	if ((rc = vc_report_flowmap_svg(out, a, h.w)) < 0)
		goto out;
	write_by_article(&h, all, nall);
	write_art30(&h);
	write_breach(&h);
	write_appendix(&h);
	fputs("</body>\n</html>\n", out);
	if (h.oom) {
		rc = vc_error_set(VC_ENOMEM, "out of memory writing the HTML report");
		goto out;
	}
	if (fflush(out) || ferror(out))
		rc = vc_error_set(VC_EIO, "cannot write the HTML report");
out:
	free(all);
	free(plan);
	return rc;
}
