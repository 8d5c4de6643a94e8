/* vcaudit merge: one fleet report from many host reports (fleet/merge.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../engine/rule.h"
#include "../fleet/merge.h"

enum { OPT_FORMAT = 256, OPT_LANG, OPT_PREVIOUS, OPT_FAIL_ON, OPT_HELP };

static const struct option merge_opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "output", required_argument, NULL, 'o' },
	{ "previous", required_argument, NULL, OPT_PREVIOUS },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

#define MERGE_USAGE "usage: vcaudit merge REPORT|DIR|ARCHIVE... " \
		    "[--format text|json|csv|html] [--lang en|da] [-o FILE] " \
		    "[--previous FLEET.json] [--fail-on SEVERITY]\n"

static int merge_usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "vcaudit merge: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, MERGE_USAGE);
	return VC_EXIT_USAGE;
}

static int render(const struct vc_fleet_doc *d, const char *format, const char *lang,
		  const char *output)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	int rc;

	if (!f)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (!strcmp(format, "json"))
		rc = vc_fleet_json_write(f, d);
	else if (!strcmp(format, "csv"))
		rc = vc_fleet_csv_write(f, d, lang);
	else if (!strcmp(format, "html"))
		rc = vc_fleet_html_write(f, d, lang);
	else
		rc = vc_fleet_text_write(f, d, lang);
	if (fclose(f) != 0 && rc == 0)
		rc = vc_error_set(VC_ENOMEM, "out of memory");
	if (rc == 0)
		rc = vc_write_output(output, mem, len);
	free(mem);
	return rc;
}

int vc_cmd_merge(int argc, char **argv)
{
	const char *format = "text", *lang = "en", *output = NULL, *previous = NULL;
	enum vc_severity fail_on = VC_SEV_LOW;
	struct vc_fleet fl;
	struct vc_fleet_doc doc = { 0 };
	int c, i, rc = VC_EXIT_ERROR, worst;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", merge_opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT: format = optarg; break;
		case OPT_LANG: lang = optarg; break;
		case 'o': output = optarg; break;
		case OPT_PREVIOUS: previous = optarg; break;
		case OPT_FAIL_ON:
			if (vc_severity_parse(&fail_on, optarg) < 0)
				return merge_usage_error("--fail-on takes info, low, medium, high "
							 "or critical", optarg);
			break;
		case OPT_HELP:
			printf(MERGE_USAGE);
			return VC_EXIT_OK;
		default:
			return merge_usage_error("unknown or incomplete option", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return merge_usage_error("at least one report, folder or archive is required",
					 NULL);
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv") &&
	    strcmp(format, "html"))
		return merge_usage_error("--format takes text, json, csv or html", format);
	if (strcmp(lang, "en") && strcmp(lang, "da"))
		return merge_usage_error("--lang takes en or da", lang);
	vc_fleet_init(&fl, lang);
	if (previous && vc_fleet_load_previous(&fl, previous) < 0) {
		fprintf(stderr, "vcaudit: --previous %s\n", vc_error_last());
		goto out;
	}
	for (i = optind; i < argc; i++) {
		if (vc_fleet_read(&fl, argv[i]) < 0) {
			fprintf(stderr, "vcaudit: %s\n", vc_error_last());
			goto out;
		}
	}
	/* Diagnostics also go to stderr so scripts see them without parsing
	 * (always when there is no report to show them in). */
	if (strcmp(format, "text") || (output && strcmp(output, "-")) || !fl.nhosts)
		vc_print_diags(&fl.diags);
	if (!fl.nhosts) {
		fprintf(stderr, "vcaudit: no host report could be read, nothing written\n");
		goto out;
	}
	if (vc_fleet_doc_build(&doc, &fl, vc_cli_now()) < 0 ||
	    render(&doc, format, lang, output) < 0) {
		fprintf(stderr, "vcaudit: %s\n", vc_error_last());
		goto out;
	}
	worst = vc_fleet_worst_severity(&fl);
	rc = worst >= 0 && worst >= (int)fail_on ? VC_EXIT_FAIL : VC_EXIT_OK;
out:
	vc_fleet_doc_free(&doc);
	vc_fleet_free(&fl);
	return rc;
}
