/* The reporters: one const entry per output format, in one NULL-terminated table. */
#include <string.h>

#include "report.h"

static const struct vc_reporter_entry text_reporter = {
	.name = "text",
	.description = "human-readable report for a terminal (English or Danish)",
	.write = vc_report_text_write,
};

static const struct vc_reporter_entry json_reporter = {
	.name = "json",
	.description = "machine-readable report, schema vcaudit.report/1",
	.write = vc_report_json_write,
};

static const struct vc_reporter_entry md_reporter = {
	.name = "md",
	.description = "Markdown report for a compliance wiki (English or Danish)",
	.write = vc_report_md_write,
};

static const struct vc_reporter_entry csv_reporter = {
	.name = "csv",
	.description = "action plan as CSV (RFC 4180), one failing finding per row",
	.write = vc_report_csv_write,
};

static const struct vc_reporter_entry junit_reporter = {
	.name = "junit",
	.description = "JUnit XML for CI dashboards, one testcase per finding",
	.write = vc_report_junit_write,
};

static const struct vc_reporter_entry html_reporter = {
	.name = "html",
	.description = "self-contained HTML document for the authority (English or Danish)",
	.write = vc_report_html_write,
};

static const struct vc_reporter_entry pdf_reporter = {
	.name = "pdf",
	.description = "PDF document for the authority, A4, cairo and pango (English or Danish)",
	.write = vc_report_pdf_write,
};

const struct vc_reporter_entry *const vc_reporters[] = {
	&text_reporter,
	&json_reporter,
	&md_reporter,
	&csv_reporter,
	&junit_reporter,
	&html_reporter,
	&pdf_reporter,
	NULL
};

const struct vc_reporter_entry *vc_reporter_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; vc_reporters[i]; i++)
		if (!strcmp(vc_reporters[i]->name, name))
			return vc_reporters[i];
	return NULL;
}
