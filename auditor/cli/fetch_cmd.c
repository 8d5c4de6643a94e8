/*
 * `vcaudit fetch zoom|bbb …`: live pulls into export files (docs/fetch.md).
 * Exit 0 written, 1 the pull failed (nothing written at -o), 64 usage.
 *
 * Secrets come from files or environment variables only. An option that
 * would take a secret on the command line (--client-secret, --secret) is
 * refused, and since getopt_long accepts abbreviations and "--opt=value",
 * every long option is checked by its full name first and a message never
 * repeats what followed '='.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "../core/err.h"
#include "../fetch/fetch.h"
#include "../net/http.h"

#define FETCH_USAGE \
	"usage: vcaudit fetch zoom --account-id ID --client-id ID " \
	"[--client-secret-file FILE] -o EXPORT\n" \
	"                          [--api-base URL] [--oauth-base URL] [--cacert FILE] " \
	"[--max-wait SECONDS]\n" \
	"       vcaudit fetch bbb --url URL [--secret-file FILE] -o EXPORT " \
	"[--checksum sha256|sha1]\n" \
	"                         [--cacert FILE] [--max-wait SECONDS]\n" \
	"Secrets: --client-secret-file or VCAUDIT_ZOOM_CLIENT_SECRET; --secret-file or " \
	"VCAUDIT_BBB_SECRET.\n"

enum {
	O_ACCOUNT = 256, O_CLIENT, O_SECRET_FILE, O_API, O_OAUTH, O_CACERT, O_URL,
	O_CHECKSUM, O_MAXWAIT, O_HELP, O_SECRET_ON_CLI
};

static const struct option fetch_opts[] = {
	{ "account-id", required_argument, NULL, O_ACCOUNT },
	{ "client-id", required_argument, NULL, O_CLIENT },
	{ "client-secret-file", required_argument, NULL, O_SECRET_FILE },
	{ "secret-file", required_argument, NULL, O_SECRET_FILE },
	{ "api-base", required_argument, NULL, O_API },
	{ "oauth-base", required_argument, NULL, O_OAUTH },
	{ "cacert", required_argument, NULL, O_CACERT },
	{ "url", required_argument, NULL, O_URL },
	{ "checksum", required_argument, NULL, O_CHECKSUM },
	{ "max-wait", required_argument, NULL, O_MAXWAIT },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, O_HELP },
	{ "client-secret", required_argument, NULL, O_SECRET_ON_CLI },
	{ "secret", required_argument, NULL, O_SECRET_ON_CLI },
	{ NULL, 0, NULL, 0 }
};

/* Print an option's name only, never a value glued to it with '='. */
static int usage_error(const char *what, const char *arg)
{
	int n = arg ? (int)strcspn(arg, "=") : 0;

	if (arg)
		fprintf(stderr, "vcaudit fetch: %s: %.*s\n\n%s", what, n > 80 ? 80 : n, arg,
			FETCH_USAGE);
	else
		fprintf(stderr, "vcaudit fetch: %s\n\n%s", what, FETCH_USAGE);
	return VC_EXIT_USAGE;
}

/* Refuse abbreviated and unknown long options before getopt_long sees them. */
static int check_long_names(int argc, char **argv)
{
	int i, k;

	for (i = 1; i < argc; i++) {
		size_t n;

		if (!strcmp(argv[i], "--"))
			break;
		if (strncmp(argv[i], "--", 2))
			continue;
		n = strcspn(argv[i] + 2, "=");
		for (k = 0; fetch_opts[k].name; k++)
			if (strlen(fetch_opts[k].name) == n &&
			    !strncmp(fetch_opts[k].name, argv[i] + 2, n))
				break;
		if (!fetch_opts[k].name)
			return usage_error("unknown option", argv[i]);
		if (fetch_opts[k].val == O_SECRET_ON_CLI)
			return usage_error("secrets are not accepted on the command line (they "
					   "would show in the process list and shell history); use "
					   "the -file option or the environment variable", argv[i]);
		if (fetch_opts[k].has_arg == required_argument && !argv[i][2 + n])
			i++;   /* skip its value */
	}
	return 0;
}

static int read_secret(char **out, const char *path, const char *env, const char *opt)
{
	struct stat st;

	if (path && stat(path, &st) == 0 && (st.st_mode & 077))
		fprintf(stderr, "vcaudit fetch: warning: the file given with %s can be read by "
			"others (chmod 600 it)\n", opt);
	if (vc_http_read_secret(out, path, env) == 0)
		return 0;
	/* The path is not echoed: it may be the secret itself, typed by mistake. */
	if (path)
		fprintf(stderr, "vcaudit fetch: the file given with %s cannot be read or is "
			"empty\n", opt);
	else
		fprintf(stderr, "vcaudit fetch: no secret: give %s FILE or set %s\n", opt, env);
	return VC_EXIT_ERROR;
}

static int max_wait(long *out, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || end == s || v < 1 || v > 3600)
		return -1;
	*out = v;
	return 0;
}

int vc_cmd_fetch(int argc, char **argv)
{
	const char *product, *account = getenv("VCAUDIT_ZOOM_ACCOUNT_ID");
	const char *client = getenv("VCAUDIT_ZOOM_CLIENT_ID"), *secret_file = NULL;
	const char *api = getenv("VCAUDIT_ZOOM_API_BASE");
	const char *oauth = getenv("VCAUDIT_ZOOM_OAUTH_BASE");
	const char *cacert = NULL, *url = NULL, *algo = NULL, *out = NULL;
	struct vc_fetch_stats st;
	char *secret = NULL;
	long wait_s = 0;
	int c, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(FETCH_USAGE, argc < 2 ? stderr : stdout);
		return argc < 2 ? VC_EXIT_USAGE : VC_EXIT_OK;
	}
	product = argv[1];
	if (strcmp(product, "zoom") && strcmp(product, "bbb") && strcmp(product, "bigbluebutton"))
		return usage_error("unknown product (zoom or bbb)", product);
	if ((rc = check_long_names(argc - 1, argv + 1)) != 0)
		return rc;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "o:", fetch_opts, NULL)) != -1) {
		switch (c) {
		case O_ACCOUNT: account = optarg; break;
		case O_CLIENT: client = optarg; break;
		case O_SECRET_FILE: secret_file = optarg; break;
		case O_API: api = optarg; break;
		case O_OAUTH: oauth = optarg; break;
		case O_CACERT: cacert = optarg; break;
		case O_URL: url = optarg; break;
		case O_CHECKSUM: algo = optarg; break;
		case 'o': out = optarg; break;
		case O_MAXWAIT:
			if (max_wait(&wait_s, optarg) < 0)
				return usage_error("--max-wait takes 1 to 3600 seconds", optarg);
			break;
		case O_HELP:
			fputs(FETCH_USAGE, stdout);
			return VC_EXIT_OK;
		default:
			/* the option may have swallowed a secret: not repeated */
			return usage_error("unknown or incomplete option", NULL);
		}
	}
	if (optind < argc - 1)
		return usage_error("unexpected argument (not shown)", NULL);
	if (!out)
		return usage_error("-o EXPORT is required", NULL);
	if (cacert && access(cacert, R_OK) != 0) {
		fprintf(stderr, "vcaudit fetch: %s: cannot read the CA file\n", cacert);
		return VC_EXIT_ERROR;
	}

	if (!strcmp(product, "zoom")) {
		struct vc_zoom_fetch_opts zo = { 0 };

		if (!account || !*account)
			return usage_error("--account-id ID is required", NULL);
		if (!client || !*client)
			return usage_error("--client-id ID is required", NULL);
		if (url || algo)
			return usage_error("--url and --checksum are for bbb", NULL);
		if ((rc = read_secret(&secret, secret_file, "VCAUDIT_ZOOM_CLIENT_SECRET",
				      "--client-secret-file")) != 0)
			return rc;
		zo.account_id = account;
		zo.client_id = client;
		zo.client_secret = secret;
		zo.api_base = api && *api ? api : NULL;
		zo.oauth_base = oauth && *oauth ? oauth : NULL;
		zo.cafile = cacert;
		zo.out_path = out;
		zo.max_wait_s = wait_s;
		rc = vc_zoom_fetch(&st, &zo);
		if (rc == 0)
			fprintf(stderr, "vcaudit fetch: %s: the account and %zu users written "
				"(%zu requests, %zu tokens)\n", out, st.users, st.requests, st.tokens);
		if (rc == 0 && st.users_missing)
			fprintf(stderr, "vcaudit fetch: warning: %zu users were deleted before "
				"their settings could be read; the scan counts them as unreadable\n",
				st.users_missing);
	} else {
		struct vc_bbb_fetch_opts bo = { 0 };

		if (!url || !*url)
			return usage_error("--url URL is required", NULL);
		if (algo && strcmp(algo, "sha256") && strcmp(algo, "sha1"))
			return usage_error("--checksum takes sha256 or sha1", algo);
		if ((rc = read_secret(&secret, secret_file, "VCAUDIT_BBB_SECRET",
				      "--secret-file")) != 0)
			return rc;
		bo.url = url;
		bo.secret = secret;
		bo.checksum = algo;
		bo.cafile = cacert;
		bo.out_path = out;
		bo.max_wait_s = wait_s;
		rc = vc_bbb_fetch(&st, &bo);
		if (rc == 0)
			fprintf(stderr, "vcaudit fetch: %s: %zu recordings written (%zu requests, "
				"checksum %s)\n", out, st.recordings, st.requests, st.checksum);
	}
	vc_http_secret_free(secret);
	if (rc < 0) {
		fprintf(stderr, "vcaudit fetch: %s\n", vc_error_last());
		return VC_EXIT_ERROR;
	}
	return VC_EXIT_OK;
}
