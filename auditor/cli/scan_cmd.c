/* `vcaudit scan` and `vcaudit facts`: collect, evaluate, report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../core/hash.h"
#include "../core/jsonload.h"
#include "../engine/eval.h"
#include "../fleet/upload.h"
#include "../net/http.h"
#include "../inputs/input.h"
#include "../report/bundle.h"
#include "../report/report.h"
#include "../scanners/derive.h"
#include "../scanners/scanner.h"
#include "../scanners/scan_util.h"

#ifndef VC_VERSION
#define VC_VERSION "0.0.0"
#endif

#define VC_ORG_FILE_MAX (1024 * 1024)
#define VC_ATTEST_MAX 64
#define VC_INPUTS_MAX 256

struct scan_opts {
	const char *root, *profile, *org, *waivers, *format, *output, *lang, *products;
	const char *rules_dir, *profiles_dir;
	const char *bundle;      /* --bundle FILE.tar.gz|FILE.zip (scan only) */
	struct vc_upload_opts up; /* --upload and its companions (scan only) */
	int up_extras;           /* companions given; they need --upload */
	enum vc_severity fail_on;
	int reveal, deep;
	size_t file_max, max_depth, max_entries;   /* 0: the defaults */
	const char *enc_yes[VC_ATTEST_MAX], *enc_no[VC_ATTEST_MAX];
	size_t nenc_yes, nenc_no;
	const char *inputs[VC_INPUTS_MAX];
	size_t ninputs;
	int root_given;
};

enum {
	OPT_ROOT = 256, OPT_PROFILE, OPT_ORG, OPT_WAIVERS, OPT_FORMAT, OPT_LANG, OPT_FAIL_ON,
	OPT_REVEAL, OPT_DEEP, OPT_PRODUCT, OPT_RULES, OPT_PROFILES, OPT_ENC, OPT_NOENC,
	OPT_MAXFILE, OPT_INPUT, OPT_HELP, OPT_BUNDLE,
	OPT_UPLOAD, OPT_UPLOAD_TOKEN, OPT_UPLOAD_CA, OPT_UPLOAD_TIMEOUT, OPT_UPLOAD_RETRIES,
	OPT_SPOOL, OPT_SPOOL_MAX, OPT_MAXDEPTH, OPT_MAXENTRIES
};

/* Every level of a walk holds an open directory descriptor. */
#define VC_MAX_DEPTH_CAP 256

static const struct option long_opts[] = {
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "waivers", required_argument, NULL, OPT_WAIVERS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "reveal-identities", no_argument, NULL, OPT_REVEAL },
	{ "deep", no_argument, NULL, OPT_DEEP },
	{ "product", required_argument, NULL, OPT_PRODUCT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "profiles", required_argument, NULL, OPT_PROFILES },
	{ "encrypted", required_argument, NULL, OPT_ENC },
	{ "not-encrypted", required_argument, NULL, OPT_NOENC },
	{ "max-file-size", required_argument, NULL, OPT_MAXFILE },
	{ "max-depth", required_argument, NULL, OPT_MAXDEPTH },
	{ "max-entries", required_argument, NULL, OPT_MAXENTRIES },
	{ "input", required_argument, NULL, OPT_INPUT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "bundle", required_argument, NULL, OPT_BUNDLE },
	{ "upload", required_argument, NULL, OPT_UPLOAD },
	{ "upload-token-file", required_argument, NULL, OPT_UPLOAD_TOKEN },
	{ "upload-ca-file", required_argument, NULL, OPT_UPLOAD_CA },
	{ "upload-timeout", required_argument, NULL, OPT_UPLOAD_TIMEOUT },
	{ "upload-retries", required_argument, NULL, OPT_UPLOAD_RETRIES },
	{ "spool", required_argument, NULL, OPT_SPOOL },
	{ "spool-max", required_argument, NULL, OPT_SPOOL_MAX },
	{ NULL, 0, NULL, 0 }
};

static int usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "vcaudit %s: %s%s%s\n", cmd, msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "see 'vcaudit help'\n");
	return VC_EXIT_USAGE;
}

static int parse_size(size_t *out, const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (end == s || v == 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		v *= 1024ULL, end++;
	else if (*end == 'M' || *end == 'm')
		v *= 1024ULL * 1024, end++;
	else if (*end == 'G' || *end == 'g')
		v *= 1024ULL * 1024 * 1024, end++;
	if (*end || v > (1ULL << 34))
		return -1;
	*out = (size_t)v;
	return 0;
}

/* A whole number in [lo, hi]: 0, or -1. */
static int parse_long(long *out, const char *s, long lo, long hi)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (end == s || *end || v < lo || v > hi)
		return -1;
	*out = (long)v;
	return 0;
}

/* The --upload family: scan only, each needing --upload. */
static int upload_opt(struct scan_opts *o, const char *cmd, int c, const char *arg)
{
	size_t size;
	long v;

	if (strcmp(cmd, "scan"))
		return usage_error(cmd, "--upload and --spool are options of scan", NULL);
	if (c != OPT_UPLOAD)
		o->up_extras++;
	switch (c) {
	case OPT_UPLOAD:
		if (vc_upload_check_url(arg) < 0) {
			char *msg = vc_strdup(vc_error_last()), *shown = vc_http_url_display(arg);
			int rc = usage_error(cmd, msg ? msg : "bad --upload URL", shown);

			/* shown: without user info, query and fragment (they may hold secrets) */
			free(msg);
			free(shown);
			return rc;
		}
		o->up.url = arg;
		break;
	case OPT_UPLOAD_TOKEN: o->up.token_file = arg; break;
	case OPT_UPLOAD_CA: o->up.cafile = arg; break;
	case OPT_SPOOL: o->up.spool_dir = arg; break;
	case OPT_UPLOAD_TIMEOUT:
		if (parse_long(&v, arg, 1, 3600) < 0)
			return usage_error(cmd, "--upload-timeout takes seconds (1-3600)", arg);
		o->up.timeout_s = v;
		break;
	case OPT_UPLOAD_RETRIES:
		if (parse_long(&v, arg, 0, 10) < 0)
			return usage_error(cmd, "--upload-retries takes 0-10", arg);
		o->up.retries = (int)v;
		break;
	case OPT_SPOOL_MAX:
		if (parse_size(&size, arg) < 0)
			return usage_error(cmd, "--spool-max takes a size like 100M", arg);
		o->up.spool_max = size;
		break;
	}
	return -1;
}

static int check_products(const char *list)
{
	char *copy = vc_strdup(list), *save = NULL, *p;
	int rc = 0;

	if (!copy)
		return VC_ENOMEM;
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (!vc_product_known(p))
			rc = VC_ERROR;
	if (!*list || list[strlen(list) - 1] == ',')
		rc = VC_ERROR;
	free(copy);
	return rc;
}

static int parse_opts(struct scan_opts *o, const char *cmd, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->root = "/";
	o->profile = "baseline";
	o->format = "text";
	o->lang = "en";
	o->fail_on = VC_SEV_LOW;
	o->file_max = VC_FILE_MAX_DEFAULT;
	o->up.retries = 2;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT: o->root = optarg; o->root_given = 1; break;
		case OPT_INPUT:
			if (o->ninputs >= VC_INPUTS_MAX)
				return usage_error(cmd, "too many --input", NULL);
			o->inputs[o->ninputs++] = optarg;
			break;
		case OPT_PROFILE: o->profile = optarg; break;
		case OPT_ORG: o->org = optarg; break;
		case OPT_WAIVERS: o->waivers = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case OPT_LANG: o->lang = optarg; break;
		case OPT_REVEAL: o->reveal = 1; break;
		case OPT_DEEP: o->deep = 1; break;
		case OPT_PRODUCT: o->products = optarg; break;
		case OPT_RULES: o->rules_dir = optarg; break;
		case OPT_BUNDLE:
			if (strcmp(cmd, "scan"))
				return usage_error(cmd, "--bundle is an option of scan", NULL);
			if (vc_bundle_format_of(optarg) == VC_BUNDLE_NONE)
				return usage_error(cmd, "--bundle takes FILE.tar.gz or FILE.zip",
						   optarg);
			o->bundle = optarg;
			break;
		case OPT_PROFILES: o->profiles_dir = optarg; break;
		case OPT_UPLOAD: case OPT_UPLOAD_TOKEN: case OPT_UPLOAD_CA: case OPT_SPOOL:
		case OPT_UPLOAD_TIMEOUT: case OPT_UPLOAD_RETRIES: case OPT_SPOOL_MAX: {
			int urc = upload_opt(o, cmd, c, optarg);

			if (urc >= 0)
				return urc;
			break;
		}
		case OPT_FAIL_ON:
			if (vc_severity_parse(&o->fail_on, optarg) < 0)
				return usage_error(cmd, "--fail-on takes info, low, medium, high or "
						   "critical", optarg);
			break;
		case OPT_ENC:
		case OPT_NOENC:
			if ((c == OPT_ENC ? o->nenc_yes : o->nenc_no) >= VC_ATTEST_MAX)
				return usage_error(cmd, "too many --encrypted/--not-encrypted", NULL);
			if (optarg[0] != '/')
				return usage_error(cmd, "--encrypted/--not-encrypted take a path "
						   "inside the root starting with /", optarg);
			if (c == OPT_ENC)
				o->enc_yes[o->nenc_yes++] = optarg;
			else
				o->enc_no[o->nenc_no++] = optarg;
			break;
		case OPT_MAXFILE:
			if (parse_size(&o->file_max, optarg) < 0)
				return usage_error(cmd, "--max-file-size takes a size like 16M", optarg);
			break;
		case OPT_MAXDEPTH:
			if (parse_size(&o->max_depth, optarg) < 0 || o->max_depth > VC_MAX_DEPTH_CAP)
				return usage_error(cmd, "--max-depth takes a number of levels from 1 "
						   "to 256", optarg);
			break;
		case OPT_MAXENTRIES:
			if (parse_size(&o->max_entries, optarg) < 0)
				return usage_error(cmd, "--max-entries takes a count like 500k",
						   optarg);
			break;
		case OPT_HELP:
			printf("usage: vcaudit %s [--root DIR] [--input [PRODUCT:]PATH]...\n"
			       "       [--profile NAME|FILE] [--org FILE] [--waivers FILE]\n"
			       "       [--format text|json|md|csv|junit|html|pdf] [-o FILE] [--lang en|da]\n"
			       "       [--fail-on SEVERITY] [--reveal-identities] [--deep]\n"
			       "       [--product LIST] [--encrypted PATH] [--not-encrypted PATH]\n"
			       "       [--max-file-size SIZE] [--max-depth N] [--max-entries N]\n"
			       "       [--rules DIR] [--profiles DIR]\n"
			       "       [--bundle FILE.tar.gz|FILE.zip] (scan)\n"
			       "       [--upload URL [--upload-token-file FILE] [--upload-ca-file FILE]\n"
			       "        [--upload-timeout SECONDS] [--upload-retries N] [--spool DIR]\n"
			       "        [--spool-max SIZE]] (scan)\n", cmd);
			return VC_EXIT_OK;
		default:
			return usage_error(cmd, "unknown or incomplete option",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument", argv[optind]);
	if (!o->up.url && o->up_extras)
		return usage_error(cmd, "--upload-token-file, --upload-ca-file, --upload-timeout, "
				   "--upload-retries, --spool and --spool-max need --upload URL", NULL);
	if (o->products && check_products(o->products) < 0)
		return usage_error(cmd, "--product takes a comma-separated list of product ids "
				   "(zoom, teams, jitsi, ...)", o->products);
	if (strcmp(o->lang, "en") && strcmp(o->lang, "da"))
		return usage_error(cmd, "--lang takes en or da", o->lang);
	if (!vc_reporter_find(o->format))
		return usage_error(cmd, "unknown --format (text, json, md, csv, junit, html, pdf)",
				   o->format);
	return -1;   /* keep going */
}

/* A scanner runs when one of its products (comma-separated) is selected;
 * host scanners always run because every product's rules need them. */
static int product_selected(const char *list, const char *products)
{
	const char *p = products;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (vc_product_in_list(list, p, n))
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/*
 * The org file is the auditor's own input, outside the root. A bad file is
 * a diagnostic; returns 0, or VC_ENOMEM (the audit cannot go on).
 */
static int load_org(struct vc_scan_ctx *ctx, const char *path, const char **key)
{
	json_error_t jerr;
	FILE *f = fopen(path, "rb");
	char *buf = NULL, sha[VC_SHA256_HEX];
	size_t n;
	json_t *o;

	if (!f) {
		vc_diag_add(&ctx->diags, "host", path, 0, 0, "cannot read organisation file");
		vc_scan_error_keys(ctx, "host", "host", path, "org.*");
		return 0;
	}
	buf = malloc(VC_ORG_FILE_MAX + 1);
	n = buf ? fread(buf, 1, VC_ORG_FILE_MAX + 1, f) : 0;
	fclose(f);
	if (!buf)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (n > VC_ORG_FILE_MAX) {
		vc_diag_add(&ctx->diags, "host", path, 0, 0, "organisation file too large");
		vc_scan_error_keys(ctx, "host", "host", path, "org.*");
		free(buf);
		return 0;
	}
	if (vc_json_loadb(&o, buf, n, JSON_REJECT_DUPLICATES, &jerr) == VC_ENOMEM) {
		free(buf);
		return VC_ENOMEM;
	}
	if (!o || !json_is_object(o)) {
		vc_diag_add(&ctx->diags, "host", path, o ? 1 : jerr.line, o ? 1 : jerr.column,
			    "%s", o ? "organisation file must hold a JSON object" :
			    vc_error_cut_excerpt(jerr.text));
		vc_scan_error_keys(ctx, "host", "host", path, "org.*");
		json_decref(o);
		free(buf);
		return 0;
	}
	vc_sha256_hex(sha, buf, n);
	free(buf);
	ctx->org = o;
	if (json_object_set_new(o, "_source", json_string(path)) < 0 ||
	    json_object_set_new(o, "_sha256", json_string(sha)) < 0 ||
	    json_array_append_new(ctx->sources, json_pack("{s:s,s:s,s:s,s:I,s:s}", "path", path,
							  "kind", "org", "sha256", sha, "bytes",
							  (json_int_t)n, "product", "host")) < 0)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (json_is_string(json_object_get(o, "pseudonym_key")))
		*key = json_string_value(json_object_get(o, "pseudonym_key"));
	return 0;
}

static void progress(const char *what)
{
	static int tty = -1;

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (tty)
		fprintf(stderr, "\r\033[Kvcaudit: %s", what ? what : "");
	if (tty && !what)
		fprintf(stderr, "\r\033[K");
}

/*
 * Collect facts: 0, or VC_EXIT_ERROR when nothing can be read at all.
 * *read_from_inputs: how many sources the --input paths gave.
 */
static int collect(struct vc_scan_ctx *ctx, const struct scan_opts *o, size_t *read_from_inputs)
{
	const char *key = NULL;
	size_t i, nsources;

	memset(ctx, 0, sizeof(*ctx));
	ctx->root.fd = -1;
	ctx->now = vc_cli_now();
	ctx->file_max = o->file_max;
	ctx->max_depth = o->max_depth;
	ctx->max_entries = o->max_entries;
	ctx->deep = o->deep;
	ctx->sources = json_array();
	if (vc_root_open(&ctx->root, o->root) < 0) {
		fprintf(stderr, "vcaudit: %s\n", vc_error_last());
		return VC_EXIT_ERROR;
	}
	ctx->enc_yes = calloc(o->nenc_yes + 1, sizeof(char *));
	ctx->enc_no = calloc(o->nenc_no + 1, sizeof(char *));
	if (!ctx->sources || !ctx->enc_yes || !ctx->enc_no)
		return VC_EXIT_ERROR;
	/* Attestations name paths as the audited host sees them. */
	for (i = 0; i < o->nenc_yes; i++)
		ctx->enc_yes[ctx->nenc_yes++] = (char *)o->enc_yes[i];
	for (i = 0; i < o->nenc_no; i++)
		ctx->enc_no[ctx->nenc_no++] = (char *)o->enc_no[i];
	if (o->org && load_org(ctx, o->org, &key) < 0) {
		fprintf(stderr, "vcaudit: --org %s: %s\n", o->org, vc_error_last());
		return VC_EXIT_ERROR;
	}
	if (vc_pseudo_init(&ctx->pseudo, key, o->reveal) < 0) {
		fprintf(stderr, "vcaudit: %s\n", vc_error_last());
		return VC_EXIT_ERROR;
	}
	for (i = 0; vc_scanners[i]; i++) {
		if (!product_selected(o->products, vc_scanners[i]->product))
			continue;
		/* Only exports were given: the machine running vcaudit is not audited. */
		if (o->ninputs && !o->root_given && !vc_scanners[i]->without_root)
			continue;
		progress(vc_scanners[i]->name);
		if (vc_scanners[i]->scan(ctx) < 0) {
			progress(NULL);
			fprintf(stderr, "vcaudit: scanner %s: %s\n", vc_scanners[i]->name,
				vc_error_last());
			return VC_EXIT_ERROR;
		}
	}
	nsources = json_array_size(ctx->sources);
	for (i = 0; i < o->ninputs; i++) {
		progress(o->inputs[i]);
		if (vc_inputs_scan(ctx, o->inputs[i], vc_input_handlers) < 0) {
			progress(NULL);
			fprintf(stderr, "vcaudit: --input %s: %s\n", o->inputs[i], vc_error_last());
			return VC_EXIT_ERROR;
		}
	}
	progress(NULL);
	*read_from_inputs = json_array_size(ctx->sources) - nsources;
	if (vc_derive_path_facts(ctx) < 0)
		return VC_EXIT_ERROR;
	/* A scanner may report for several products (recordings); keep only
	 * what was asked for. */
	vc_factset_keep_products(&ctx->facts, o->products);
	return 0;
}

static char *target_name(const struct vc_scan_ctx *ctx, const char *root)
{
	struct vc_buf b = VC_BUF_INIT(4096);
	char host[256];
	const char *base;
	int rc;

	if (ctx->root.live && gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = 0;
		return vc_strdup(host);
	}
	rc = vc_root_read(&b, &ctx->root, "/etc/hostname", 256);
	if (rc == 0 && b.size) {
		char *s = vc_buf_detach(&b);

		if (!s)
			return NULL;   /* out of memory */
		s[strcspn(s, " \t\r\n")] = 0;
		if (*s)
			return s;
		free(s);
	}
	vc_buf_free(&b);
	if (rc == VC_ENOMEM)
		return NULL;   /* not the directory's name instead of the host's */
	base = strrchr(root, '/');
	return vc_strdup(base && base[1] ? base + 1 : root);
}

/*
 * <root>/etc/machine-id (systemd, machine-id(5): 32 lower-case hex digits
 * and a newline) into out, or "" when absent or not of that form.
 */
static void target_machine_id(char out[33], const struct vc_scan_ctx *ctx)
{
	struct vc_buf b = VC_BUF_INIT(64);
	size_t i;

	out[0] = 0;
	if (vc_root_read(&b, &ctx->root, "/etc/machine-id", 64) == 0 && b.size >= 32 &&
	    (b.size == 32 || b.ptr[32] == '\n')) {
		for (i = 0; i < 32 && strchr("0123456789abcdef", b.ptr[i]) && b.ptr[i]; i++)
			;
		if (i == 32) {
			memcpy(out, b.ptr, 32);
			out[32] = 0;
		}
	}
	vc_buf_free(&b);
}

/* An export audit is named after what was handed in. */
static char *export_name(const struct scan_opts *o)
{
	const char *p = o->inputs[0], *colon = strchr(p, ':'), *slash;
	char *prod = colon ? vc_strndup(p, (size_t)(colon - p)) : NULL;

	if (prod && vc_product_known(prod))
		p = colon + 1;
	free(prod);
	slash = strrchr(p, '/');
	if (slash && slash[1])
		p = slash + 1;
	return o->ninputs == 1 ? vc_strdup(p) : vc_asprintf("%s and %zu more", p, o->ninputs - 1);
}

static json_t *products_json(const struct vc_scan_ctx *ctx)
{
	json_t *arr = json_array(), *src;
	size_t i, j;

	for (i = 0; vc_products[i]; i++) {
		const char *p = vc_products[i];
		const char *version = NULL;
		json_t *sources = json_array();
		int seen = 0;

		for (j = 0; j < ctx->facts.n; j++) {
			const struct vc_fact *f = &ctx->facts.v[j];

			if (strcmp(f->product, p))
				continue;
			seen = 1;
			if (!version && !strcmp(f->key, "product.version") &&
			    json_is_string(f->value))
				version = json_string_value(f->value);
		}
		json_array_foreach(ctx->sources, j, src) {
			const char *sp = json_string_value(json_object_get(src, "product"));

			if (sp && !strcmp(sp, p)) {
				json_t *c = json_deep_copy(src);

				json_object_del(c, "product");
				if (json_array_append_new(sources, c) < 0) {
					json_decref(sources);
					goto nomem;
				}
				seen = 1;
			}
		}
		if (!seen) {
			json_decref(sources);
			continue;
		}
		/* "o" steals `sources`, also when json_pack fails */
		if (json_array_append_new(arr, json_pack("{s:s, s:s?, s:o}", "id", p, "version",
							 version, "sources", sources)) < 0)
			goto nomem;
	}
	return arr;
nomem:
	json_decref(arr);
	return NULL;   /* the caller reports out of memory */
}

static char *rules_version(const struct vc_ruleset *rs)
{
	struct vc_buf b = VC_BUF_INIT(0);
	char sha[VC_SHA256_HEX];
	size_t i;

	/* A digest over ids and expressions: changes whenever a rule's logic does. */
	for (i = 0; i < rs->n; i++)
		vc_buf_printf(&b, "%s\n%s\n%s\n", rs->v[i].id,
			      rs->v[i].when_src ? rs->v[i].when_src : "", rs->v[i].check_src);
	vc_sha256_hex(sha, b.ptr ? b.ptr : "", b.size);
	vc_buf_free(&b);
	return vc_asprintf("%zu rules, %.12s", rs->n, sha);
}

/* The `vcaudit facts` document, ending in a newline; caller frees. NULL: no memory. */
static char *facts_document(const struct vc_scan_ctx *ctx)
{
	json_t *out, *diags;
	char *text = NULL, *nl;
	size_t i, len;

	diags = json_array();
	for (i = 0; i < ctx->diags.n; i++)
		json_array_append_new(diags, json_pack("{s:s?, s:i, s:i, s:s}", "source",
						       ctx->diags.v[i].source, "line",
						       ctx->diags.v[i].line, "col",
						       ctx->diags.v[i].col,
						       "message", ctx->diags.v[i].message));
	out = json_pack("{s:s, s:o, s:o, s:o}", "schema", "vcaudit.facts/1", "facts",
			vc_factset_to_json(&ctx->facts), "sources", json_deep_copy(ctx->sources),
			"diagnostics", diags);
	text = out ? json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(out);
	if (!text)
		return NULL;
	len = strlen(text);
	nl = realloc(text, len + 2);
	if (!nl) {
		free(text);
		return NULL;
	}
	nl[len] = '\n';
	nl[len + 1] = 0;
	return nl;
}

/* The evidence bundle (report/bundle.h, docs/bundle.md). */
static int write_bundle(const struct vc_audit *a, const struct vc_scan_ctx *ctx,
			const struct scan_opts *o)
{
	struct vc_bundle b = { 0 };
	const char *inputs[VC_INPUTS_MAX];
	char *facts = facts_document(ctx), *prods[VC_INPUTS_MAX];
	size_t i;
	int rc = facts ? 0 : vc_error_set(VC_ENOMEM, "out of memory");

	/* --input as plain paths: without a known PRODUCT: prefix */
	for (i = 0; i < o->ninputs; i++) {
		const char *c = strchr(o->inputs[i], ':');

		prods[i] = c ? vc_strndup(o->inputs[i], (size_t)(c - o->inputs[i])) : NULL;
		inputs[i] = prods[i] && vc_product_known(prods[i]) ? c + 1 : o->inputs[i];
	}
	if (rc == 0)
		rc = vc_bundle_add_reports(&b, a, o->lang);
	if (rc == 0)
		rc = vc_bundle_add(&b, "facts.json", facts, strlen(facts));
	if (rc == 0)
		rc = vc_bundle_add_sources(&b, ctx->sources, ctx->sources_real, &ctx->root,
					   inputs, o->ninputs, &ctx->pseudo, ctx->file_max);
	if (rc == 0)
		rc = vc_bundle_write(o->bundle, vc_bundle_format_of(o->bundle), &b, ctx->now);
	for (i = 0; i < o->ninputs; i++)
		free(prods[i]);
	vc_bundle_free(&b);
	free(facts);
	return rc;
}

static int render(const struct vc_reporter_entry *rep, const struct vc_audit *a,
		  const struct scan_opts *o)
{
	struct vc_report_opts ro = { 0 };
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	int rc;

	if (!f)
		return VC_ENOMEM;
	ro.lang = o->lang;
	ro.color = (!o->output || !strcmp(o->output, "-")) && isatty(STDOUT_FILENO) &&
		   !getenv("NO_COLOR") && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
	rc = rep->write(f, a, &ro);
	if (fclose(f) != 0 && rc == 0)
		rc = VC_EIO;
	if (rc == 0)
		rc = vc_write_output(o->output, mem, len);
	free(mem);
	return rc;
}

/* --upload: the JSON report, whatever --format is. 0 when delivered or spooled. */
static int upload_report(struct vc_upload *up, const struct vc_audit *a,
			 const struct scan_opts *o, time_t when)
{
	struct vc_report_opts ro = { .lang = o->lang };
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	int rc;

	if (!f)
		return vc_error_set(VC_ENOMEM, "out of memory");
	rc = vc_report_json_write(f, a, &ro);
	if (fclose(f) != 0 && rc == 0)
		rc = vc_error_set(VC_EIO, "cannot write the json report");
	if (rc == 0)
		rc = vc_upload_send(up, mem, len, when, a->target_name);
	else
		fprintf(stderr, "vcaudit: upload: %s\n", vc_error_last());
	free(mem);
	return rc;
}

static int exit_status(const struct vc_findings *fs, enum vc_severity fail_on)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (fs->v[i].status == VC_ST_FAIL && fs->v[i].severity >= fail_on)
			return VC_EXIT_FAIL;
	return VC_EXIT_OK;
}

int vc_cmd_scan(int argc, char **argv)
{
	struct scan_opts o;
	struct vc_scan_ctx ctx;
	struct vc_ruleset rs = { 0 };
	struct vc_profile prof = { 0 };
	struct vc_waivers wv = { 0 };
	struct vc_findings fs = { 0 };
	struct vc_diags ldiags = { 0 };
	struct vc_eval_input in = { 0 };
	struct vc_audit a = { 0 };
	struct vc_upload *up = NULL;
	char *rules_dir = NULL, *prof_dir = NULL, *name = NULL, *rver = NULL;
	json_t *params = NULL, *products = NULL;
	size_t from_inputs = 0;
	struct tm tm;
	int rc = parse_opts(&o, "scan", argc, argv), have_prof = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.root.fd = -1;
	if (rc >= 0)
		return rc;
	/* A token or spool that cannot be used would lose the report: say so first. */
	if (o.up.url && vc_upload_new(&up, &o.up) < 0) {
		fprintf(stderr, "vcaudit: %s\n", vc_error_last());
		return VC_EXIT_ERROR;
	}
	rules_dir = o.rules_dir ? vc_strdup(o.rules_dir) : vc_data_dir("rules");
	prof_dir = o.profiles_dir ? vc_strdup(o.profiles_dir) : vc_data_dir("profiles");
	if (!rules_dir || !prof_dir) {
		fprintf(stderr, "vcaudit: out of memory\n");
		rc = VC_EXIT_ERROR;
		goto out;
	}
	/* Bad rules or profile: the audit cannot be carried out (exit 1). */
	if (vc_rules_load(&rs, rules_dir, &ldiags) != 0 || !rs.n) {
		vc_print_diags(&ldiags);
		fprintf(stderr, "vcaudit: the rule set in %s could not be loaded\n", rules_dir);
		rc = VC_EXIT_ERROR;
		goto out;
	}
	if (vc_profile_load(&prof, prof_dir, o.profile, &ldiags) < 0) {
		vc_print_diags(&ldiags);
		fprintf(stderr, "vcaudit: profile '%s' could not be loaded\n", o.profile);
		rc = VC_EXIT_ERROR;
		goto out;
	}
	have_prof = 1;
	if ((rc = collect(&ctx, &o, &from_inputs)) != 0)
		goto out;
	/* Only exports were given and not one could be read as one: there is
	 * nothing to audit (DESIGN 3.2, exit 1), not an audit where every rule
	 * is merely unknown. (`facts` still shows the diagnostics as a document.) */
	if (o.ninputs && !o.root_given && !from_inputs) {
		vc_print_diags(&ctx.diags);
		fprintf(stderr, "vcaudit: nothing could be read from the --input paths; "
			"no report written\n");
		rc = VC_EXIT_ERROR;
		goto out;
	}
	/* A bad waivers file is a diagnostic; running out of memory is not. */
	if (o.waivers && vc_waivers_load(&wv, o.waivers, &ctx.diags) == VC_ENOMEM) {
		fprintf(stderr, "vcaudit: --waivers %s: %s\n", o.waivers, vc_error_last());
		rc = VC_EXIT_ERROR;
		goto out;
	}
	in.facts = &ctx.facts;
	in.errors = ctx.errors;
	in.nerrors = ctx.nerrors;
	in.rules = &rs;
	in.profile = &prof;
	in.waivers = &wv;
	in.now = ctx.now;
	in.products = o.products;
	if (vc_evaluate(&fs, &in) < 0) {
		fprintf(stderr, "vcaudit: evaluation failed: %s\n", vc_error_last());
		rc = VC_EXIT_ERROR;
		goto out;
	}
	name = o.ninputs && !o.root_given ? export_name(&o) : target_name(&ctx, o.root);
	rver = rules_version(&rs);
	params = vc_profile_effective_params(&prof, &rs);
	products = products_json(&ctx);
	/* Out of memory on the way must not give a report with parts missing. */
	if (ctx.diags.lost || !name || !rver || !params || !products) {
		fprintf(stderr, "vcaudit: out of memory\n");
		rc = VC_EXIT_ERROR;
		goto out;
	}
	a.tool_version = VC_VERSION;
	a.rules_version = rver;
	gmtime_r(&ctx.now, &tm);
	strftime(a.generated_at, sizeof(a.generated_at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	a.target_kind = o.ninputs && !o.root_given ? "export" : "host";
	a.target_name = name;
	a.target_root = o.ninputs && !o.root_given ? NULL : o.root;
	if (a.target_root)
		target_machine_id(a.target_machine_id, &ctx);
	a.profile_id = prof.id;
	a.profile_params = params;
	a.products = products;
	a.facts = &ctx.facts;
	a.findings = &fs;
	a.diags = &ctx.diags;
	a.pseudonyms_stable = ctx.pseudo.stable || ctx.pseudo.reveal;
	a.lang = o.lang;
	vc_summarise(&a.summary, &fs);
	if (render(vc_reporter_find(o.format), &a, &o) < 0) {
		fprintf(stderr, "vcaudit: %s\n", vc_error_last());
		rc = VC_EXIT_ERROR;
		goto upload;
	}
	if (o.bundle && write_bundle(&a, &ctx, &o) < 0) {
		fprintf(stderr, "vcaudit: --bundle %s: %s\n", o.bundle, vc_error_last());
		rc = VC_EXIT_ERROR;
		goto upload;
	}
	/* Diagnostics also go to stderr so scripts see them without parsing. */
	if (strcmp(o.format, "text") || (o.output && strcmp(o.output, "-")))
		vc_print_diags(&ctx.diags);
	rc = exit_status(&fs, o.fail_on);
upload:
	/* A local output that failed does not keep the report from the collector;
	 * a report neither delivered nor spooled is lost: exit 1. */
	if (up && upload_report(up, &a, &o, ctx.now) < 0)
		rc = VC_EXIT_ERROR;
out:
	vc_upload_free(up);
	vc_findings_free(&fs);
	vc_waivers_free(&wv);
	if (have_prof)
		vc_profile_free(&prof);
	vc_ruleset_free(&rs);
	vc_diags_free(&ldiags);
	vc_scan_ctx_free(&ctx);
	json_decref(params);
	json_decref(products);
	free(rules_dir);
	free(prof_dir);
	free(name);
	free(rver);
	return rc;
}

int vc_cmd_facts(int argc, char **argv)
{
	struct scan_opts o;
	struct vc_scan_ctx ctx;
	char *text = NULL;
	size_t from_inputs;
	int rc = parse_opts(&o, "facts", argc, argv);

	memset(&ctx, 0, sizeof(ctx));
	ctx.root.fd = -1;
	if (rc >= 0)
		return rc;
	if ((rc = collect(&ctx, &o, &from_inputs)) != 0)
		goto out;
	text = ctx.diags.lost ? NULL : facts_document(&ctx);
	if (!text) {
		fprintf(stderr, "vcaudit: out of memory\n");
		rc = VC_EXIT_ERROR;
		goto out;
	}
	if (vc_write_output(o.output, text, strlen(text)) < 0) {
		fprintf(stderr, "vcaudit: %s\n", vc_error_last());
		rc = VC_EXIT_ERROR;
		goto out;
	}
	vc_print_diags(&ctx.diags);
	rc = VC_EXIT_OK;
out:
	free(text);
	vc_scan_ctx_free(&ctx);
	return rc;
}
