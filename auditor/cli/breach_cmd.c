/* `vcaudit breach`: the draft notification of a personal data breach (docs/breach.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "../core/err.h"
#include "../report/breach_draft.h"

#define VC_BREACH_REPORT_MAX ((long long)512 * 1024 * 1024)
#define VC_BREACH_ORG_MAX ((long long)1024 * 1024)

enum { OPT_REPORT = 256, OPT_INCIDENT, OPT_ORG, OPT_LANG, OPT_REGISTER, OPT_HELP };

static const struct option breach_opts[] = {
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "incident", required_argument, NULL, OPT_INCIDENT },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "output", required_argument, NULL, 'o' },
	{ "register", required_argument, NULL, OPT_REGISTER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

#define BREACH_USAGE "usage: vcaudit breach --report REPORT.json --incident INCIDENT.json " \
		     "[--org FILE] [--lang da|en] [-o FILE] [--register FILE]\n"

static int breach_usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "vcaudit breach: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, BREACH_USAGE);
	return VC_EXIT_USAGE;
}

static json_t *load_json(const char *path, const char *what, long long max)
{
	json_error_t jerr;
	struct stat st;
	json_t *j;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (long long)st.st_size > max) {
		fprintf(stderr, "%s: the %s is larger than %lld bytes\n", path, what, max);
		return NULL;
	}
	j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		if (jerr.line > 0)
			fprintf(stderr, "%s:%d:%d: %s\n", path, jerr.line, jerr.column,
				vc_error_cut_excerpt(jerr.text));
		else
			fprintf(stderr, "%s: cannot read the %s: %s\n", path, what,
				vc_error_cut_excerpt(jerr.text));
		return NULL;
	}
	if (!json_is_object(j)) {
		fprintf(stderr, "%s:1:1: the %s must be a JSON object\n", path, what);
		json_decref(j);
		return NULL;
	}
	return j;
}

int vc_cmd_breach(int argc, char **argv)
{
	const char *report_p = NULL, *incident_p = NULL, *org_p = NULL, *lang = "en";
	const char *output = NULL, *register_p = NULL, *schema;
	struct vc_breach_assessment a;
	struct vc_breach_in in;
	json_t *report = NULL, *incident = NULL, *org = NULL;
	char *draft = NULL, *line = NULL;
	int c, rc = VC_EXIT_ERROR;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", breach_opts, NULL)) != -1) {
		switch (c) {
		case OPT_REPORT: report_p = optarg; break;
		case OPT_INCIDENT: incident_p = optarg; break;
		case OPT_ORG: org_p = optarg; break;
		case OPT_LANG: lang = optarg; break;
		case 'o': output = optarg; break;
		case OPT_REGISTER: register_p = optarg; break;
		case OPT_HELP:
			printf(BREACH_USAGE);
			return VC_EXIT_OK;
		default:
			return breach_usage_error("unknown or incomplete option", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return breach_usage_error("unexpected argument", argv[optind]);
	if (!report_p)
		return breach_usage_error("--report REPORT.json is required", NULL);
	if (!incident_p)
		return breach_usage_error("--incident FILE is required", NULL);
	if (strcmp(lang, "en") && strcmp(lang, "da"))
		return breach_usage_error("--lang takes en or da", lang);

	report = load_json(report_p, "report", VC_BREACH_REPORT_MAX);
	if (!report)
		goto out;
	schema = json_string_value(json_object_get(report, "schema"));
	if (!schema || strcmp(schema, "vcaudit.report/1")) {
		fprintf(stderr, "%s: not a vcaudit JSON report (schema vcaudit.report/1); "
			"write one with 'vcaudit scan --format json'\n", report_p);
		goto out;
	}
	if (vc_incident_load(&incident, incident_p) < 0) {
		fprintf(stderr, "%s\n", vc_error_last());
		goto out;
	}
	if (org_p && !(org = load_json(org_p, "organisation file", VC_BREACH_ORG_MAX)))
		goto out;

	memset(&in, 0, sizeof(in));
	in.report = report;
	in.incident = incident;
	in.org = org;
	in.lang = lang;
	in.now = vc_cli_now();
	if (vc_breach_draft(&draft, &a, &in) < 0) {
		fprintf(stderr, "%s: %s\n", incident_p, vc_error_last());
		goto out;
	}
	if (vc_write_output(output, draft, strlen(draft)) < 0) {
		fprintf(stderr, "vcaudit breach: %s\n", vc_error_last());
		goto out;
	}
	if (register_p) {
		line = vc_breach_register_line(&in, &a, draft, strlen(draft));
		if (!line) {
			fprintf(stderr, "vcaudit breach: out of memory\n");
			goto out;
		}
		if (vc_breach_register_append(register_p, line) < 0) {
			fprintf(stderr, "vcaudit breach: %s\n", vc_error_last());
			goto out;
		}
	}
	rc = VC_EXIT_OK;
out:
	free(draft);
	free(line);
	json_decref(report);
	json_decref(incident);
	json_decref(org);
	return rc;
}
