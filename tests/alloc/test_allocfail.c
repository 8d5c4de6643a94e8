/*
 * Allocation-failure test (SQLite's approach): every allocation our code
 * makes goes through a hook (link-time --wrap of malloc, calloc, realloc,
 * strdup, strndup and open_memstream; Jansson and libxml2 are pointed at the
 * same hook), which refuses the Nth allocation ("once") or the Nth and every
 * later one ("from"). Each entry point runs for N = 1, 2, 3 ... until a run
 * completes without the hook firing. A run that met a refused allocation
 * must either fail cleanly (a negative VC_E* code with a message, or exit
 * status 1 for a whole command) or succeed with exactly the result of a run
 * without failures: never crash, never leak (LeakSanitizer in the ASan
 * build), never report success with data missing.
 *
 * Run from the repository top: build-allocfail/test_allocfail [CASE...]
 * Environment: VC_CORPUS (default ../shared/corpus), VC_ALLOCFAIL_RUNS
 * (most runs per case and mode before N advances in strides, default 400;
 * 0 = every N), VC_ALLOCFAIL_VERBOSE=1 (a line per case), VC_ALLOCFAIL_DIFF=DIR
 * (the first wrong result and the normal one, as DIR/got and DIR/want),
 * VC_ALLOCFAIL_N=N (only that run; with VC_ALLOCFAIL_FROM=1 failing from N on),
 * VC_ALLOCFAIL_LEAKS=each (ASan build: a leak check after every run).
 * Not linked into the unit tests: it needs the --wrap link flags
 * (mk/allocfail.mk).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <plist/plist.h>

#include "cli/cli.h"
#include "core/err.h"
#include "engine/expr.h"
#include "engine/profile.h"
#include "engine/rule.h"
#include "engine/waiver.h"
#include "inputs/input.h"
#include "parsers/envfile.h"
#include "parsers/hocon.h"
#include "parsers/ini.h"
#include "parsers/jsonlines.h"
#include "parsers/plist.h"
#include "parsers/properties.h"
#include "parsers/regfile.h"
#include "parsers/yaml.h"
#include "scanners/scan_util.h"
#include "scanners/scanner.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#ifdef HAVE_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

/* ---- the hook ---------------------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
FILE *__real_open_memstream(char **ptr, size_t *size);

static int armed;             /* count (and maybe refuse) allocations */
static long long seen;        /* allocations counted since arm() */
static long long fail_at;     /* refuse allocation number fail_at (1-based) ... */
static int fail_from;         /* ... and, when set, every one after it */
static long long refused;     /* allocations refused since arm() */
static int trace_refusal;     /* VC_ALLOCFAIL_TRACE=1 (ASan build): where N is */

static pid_t hook_pid;        /* the test itself, not a sandbox child */

static int refuse(void)
{
	/*
	 * A sandbox child (parsers/sandbox.c) runs under its own memory
	 * limit and reports any failed allocation as that limit: not failed here.
	 */
	if (!armed || getpid() != hook_pid)
		return 0;
	seen++;
	if (seen == fail_at || (fail_from && seen > fail_at)) {
		refused++;
#ifdef HAVE_ASAN
		if (trace_refusal && refused == 1)
			__sanitizer_print_stack_trace();   /* VC_ALLOCFAIL_TRACE=1 */
#endif
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
FILE *__wrap_open_memstream(char **ptr, size_t *size);

void *__wrap_malloc(size_t n)
{
	return refuse() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return refuse() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return refuse() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return refuse() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return refuse() ? NULL : __real_strndup(s, n);
}

FILE *__wrap_open_memstream(char **ptr, size_t *size)
{
	return refuse() ? NULL : __real_open_memstream(ptr, size);
}

static void arm(long long n, int from)
{
	seen = 0;
	refused = 0;
	fail_at = n;
	fail_from = from;
	armed = 1;
}

/* Called by a case once the entry point returned, before it inspects the result. */
static void pause_hook(void)
{
	armed = 0;
}

/* ---- crash reports ----------------------------------------------------- */

static const char *cur_case = "";
static long long cur_n;
static int cur_from;
static int saved_stderr = -1;     /* while a noisy case runs with stderr captured */
static char capture_path[64];

static void put(int fd, const char *s)
{
	ssize_t r = write(fd, s, strlen(s));

	(void)r;
}

/* Async-signal-safe: give stderr back (with what the case printed) and name the run. */
static void say_where(void)
{
	char num[32], *p = num + sizeof(num);
	long long n = cur_n;

	if (saved_stderr >= 0) {
		int fd = open(capture_path, O_RDONLY);
		char buf[4096];
		ssize_t k;

		dup2(saved_stderr, 2);
		while (fd >= 0 && (k = read(fd, buf, sizeof(buf))) > 0)
			if (write(2, buf, (size_t)k) < 0)
				break;
		if (fd >= 0)
			close(fd);
	}
	*--p = 0;
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	put(2, "allocfail: died in case ");
	put(2, cur_case);
	put(2, cur_from ? " failing allocations from N = " : " failing allocation N = ");
	put(2, p);
	put(2, "\n");
}

#ifndef HAVE_ASAN
static void on_signal(int sig)
{
	say_where();
	signal(sig, SIG_DFL);
	raise(sig);
}
#endif

static void capture_stderr(void)
{
	int fd = open(capture_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fflush(stderr);
	if (fd < 0)
		return;
	if (saved_stderr < 0)
		saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

static void release_stderr(void)
{
	fflush(stderr);
	if (saved_stderr >= 0) {
		dup2(saved_stderr, 2);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

/* ---- inputs and dumps -------------------------------------------------- */

struct blob {
	char *p;
	size_t n;
};

static char *corpus;

static struct blob slurp(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "allocfail: cannot read %s\n", path);
		exit(2);
	}
	b.p = malloc((size_t)n + 1);
	if (!b.p || fread(b.p, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	b.p[n] = 0;
	b.n = (size_t)n;
	fclose(f);
	return b;
}

static struct blob corpus_file(const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", corpus, rel);
	return slurp(path);
}

/* A JSON value (or NULL) as text with sorted keys, appended to a dump. */
static void dump_json(FILE *f, const char *label, const json_t *v)
{
	char *s = v ? json_dumps(v, JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

	fprintf(f, "%s: %s\n", label, s ? s : "(null)");
	free(s);
}

/* Start a dump: a memory stream the case writes its whole result to. */
struct dump {
	char *text;
	size_t len;
	FILE *f;
};

static void dump_open(struct dump *d)
{
	d->text = NULL;
	d->len = 0;
	d->f = open_memstream(&d->text, &d->len);
	if (!d->f)
		exit(2);
}

static char *dump_close(struct dump *d)
{
	fclose(d->f);
	return d->text;
}

/* The parts of a scan context a report could show. */
static void dump_ctx(FILE *f, const struct vc_scan_ctx *ctx)
{
	json_t *facts = vc_factset_to_json(&ctx->facts);
	size_t i;

	dump_json(f, "facts", facts);
	json_decref(facts);
	dump_json(f, "sources", ctx->sources);
	for (i = 0; i < ctx->diags.n; i++)
		fprintf(f, "diag %s %s:%d:%d %s\n", ctx->diags.v[i].product ?
			ctx->diags.v[i].product : "-", ctx->diags.v[i].source ?
			ctx->diags.v[i].source : "-", ctx->diags.v[i].line, ctx->diags.v[i].col,
			ctx->diags.v[i].message);
	for (i = 0; i < ctx->nerrors; i++)
		fprintf(f, "error %s %s %s\n", ctx->errors[i].product, ctx->errors[i].scope,
			ctx->errors[i].source);
}

/* ---- the cases --------------------------------------------------------- */

/*
 * A case runs its entry point once (the hook armed), calls pause_hook() as
 * soon as the entry point returned, writes the result to *out when the
 * entry point succeeded (malloc'd text) and frees everything. It returns
 * the entry point's code: 0 or more is success (some parsers return
 * VC_EPARSE with a partial result; that is compared as well).
 */
struct acase {
	const char *name;
	int (*run)(const struct acase *c, char **out);
	const char *path;        /* input, relative to the repository or corpus */
	int in_corpus;
	int partial_ok;          /* VC_EPARSE comes with a result to compare */
	int cmd;                 /* a whole command: exit status, not VC_E* */
	struct blob in;          /* loaded once */
};

static int c_ini(const struct acase *c, char **out)
{
	struct vc_ini ini;
	struct dump d;
	int line = 0, rc = vc_ini_parse(&ini, c->in.p, c->in.n, &line);
	size_t i;

	pause_hook();
	if (rc == 0) {
		dump_open(&d);
		for (i = 0; i < ini.n; i++)
			fprintf(d.f, "[%s] %s=%s @%d\n", ini.v[i].section, ini.v[i].key,
				ini.v[i].value, ini.v[i].line);
		*out = dump_close(&d);
	}
	vc_ini_free(&ini);
	return rc;
}

/* doc and lines of the parsers with the (doc, lines, text, len, ...) shape */
static char *dump_doc(json_t *doc, json_t *lines)
{
	struct dump d;

	dump_open(&d);
	dump_json(d.f, "doc", doc);
	dump_json(d.f, "lines", lines);
	return dump_close(&d);
}

static int c_plist(const struct acase *c, char **out)
{
	json_t *doc = NULL, *lines = NULL;
	int rc = vc_plist_parse(&doc, &lines, c->in.p, c->in.n);

	pause_hook();
	if (rc == 0)
		*out = dump_doc(doc, lines);
	json_decref(doc);
	json_decref(lines);
	return rc;
}

static int c_properties(const struct acase *c, char **out)
{
	json_t *doc = NULL, *lines = NULL;
	char *res = NULL;
	int line, rc = vc_properties_parse(&doc, &lines, c->in.p, c->in.n, &line);

	/* and expansion of a value with references, as bbb_server.c does */
	if (rc == 0)
		rc = vc_properties_resolve(&res, doc, "${bigbluebutton.web.serverURL}/x/${none:d}");
	pause_hook();
	if (rc >= 0 || (rc == VC_EPARSE && doc)) {
		*out = dump_doc(doc, lines);
		if (*out && res) {
			char *both = NULL;

			if (asprintf(&both, "%sresolved: %s\n", *out, res) < 0)
				exit(2);
			free(*out);
			*out = both;
		}
	}
	free(res);
	json_decref(doc);
	json_decref(lines);
	return rc;
}

static int c_hocon(const struct acase *c, char **out)
{
	json_t *doc = NULL, *lines = NULL, *inc = NULL, *unres = NULL;
	struct dump d;
	int line, col, rc = vc_hocon_parse(&doc, &lines, &inc, &unres, &line, &col, c->in.p,
					   c->in.n);

	pause_hook();
	if (rc == 0) {
		dump_open(&d);
		dump_json(d.f, "doc", doc);
		dump_json(d.f, "lines", lines);
		dump_json(d.f, "includes", inc);
		dump_json(d.f, "unresolved", unres);
		*out = dump_close(&d);
	}
	json_decref(doc);
	json_decref(lines);
	json_decref(inc);
	json_decref(unres);
	return rc;
}

static int c_envfile(const struct acase *c, char **out)
{
	json_t *doc = NULL, *lines = NULL;
	int line, rc = vc_envfile_parse(&doc, &lines, c->in.p, c->in.n, &line);

	pause_hook();
	if (rc == 0 || (rc == VC_EPARSE && doc))
		*out = dump_doc(doc, lines);
	json_decref(doc);
	json_decref(lines);
	return rc;
}

static int c_regfile(const struct acase *c, char **out)
{
	json_t *doc = NULL, *lines = NULL;
	int line, rc = vc_reg_parse(&doc, &lines, c->in.p, c->in.n, &line);

	pause_hook();
	if (rc == 0 || (rc == VC_EPARSE && doc))
		*out = dump_doc(doc, lines);
	json_decref(doc);
	json_decref(lines);
	return rc;
}

static int c_yaml(const struct acase *c, char **out)
{
	json_t *doc = NULL, *lines = NULL;
	int line, col, rc = vc_yaml_parse(&doc, &lines, c->in.p, c->in.n, &line, &col);

	pause_hook();
	if (rc == 0)
		*out = dump_doc(doc, lines);
	json_decref(doc);
	json_decref(lines);
	return rc;
}

static int c_json(const struct acase *c, char **out)
{
	json_t *doc = NULL, *lines = NULL;
	int line, col, rc = vc_json_parse(&doc, c->in.p, c->in.n, &line, &col);

	if (rc == 0)
		rc = vc_json_lines(&lines, c->in.p, c->in.n);
	pause_hook();
	if (rc == 0)
		*out = dump_doc(doc, lines);
	json_decref(doc);
	json_decref(lines);
	return rc;
}

/* Facts for the expression cases: a list, scalars and params. */
static json_t *expr_facts;
static char *expr_want;   /* the result of the normal run */

static const json_t *expr_lookup(const char *name, void *ctx, const char **source, int *line)
{
	(void)ctx;
	if (source)
		*source = "facts.json";
	if (line)
		*line = 1;
	return json_object_get(expr_facts, name);
}

static int c_expr(const struct acase *c, char **out)
{
	struct vc_expr *e = NULL;
	struct vc_expr_env env = { 0 };
	char *text = NULL;
	enum vc_tri t = VC_UNKNOWN;
	struct dump d;
	size_t i;
	int rc = vc_expr_parse(&e, c->path);

	env.lookup = expr_lookup;
	env.params = json_object_get(expr_facts, "params");
	if (rc == 0) {
		t = vc_expr_eval(e, &env);
		text = vc_expr_to_string(e);
		/* as vc_evaluate_unit() does: env.nomem voids the verdict */
		if (!text || env.nomem)
			rc = vc_error_set(VC_ENOMEM, "out of memory");
	}
	pause_hook();
	if (rc == 0) {
		dump_open(&d);
		fprintf(d.f, "%s -> %d\n", text, (int)t);
		for (i = 0; !env.ev_truncated && i < env.nev; i++) {
			fprintf(d.f, "  %s %d ", env.ev[i].fact, env.ev[i].offending);
			dump_json(d.f, "value", env.ev[i].value);
		}
		*out = dump_close(&d);
		/*
		 * Evidence may be cut short on ENOMEM: allowed, since the flag
		 * makes the report say so. The verdict must still be right.
		 */
		if (env.ev_truncated && refused && expr_want &&
		    !strncmp(*out, expr_want, strlen(*out))) {
			free(*out);
			*out = strdup(expr_want);
		}
		if (!refused && !expr_want)
			expr_want = strdup(*out);
	}
	free(text);
	vc_expr_env_clear(&env);
	vc_expr_free(e);
	return rc;
}

static void dump_text(FILE *f, const struct vc_text *t)
{
	fprintf(f, " en=%s da=%s\n", t->en ? t->en : "-", t->da ? t->da : "-");
}

static void dump_diags(FILE *f, const struct vc_diags *dg)
{
	size_t i;

	for (i = 0; i < dg->n; i++)
		fprintf(f, "diag %s:%d:%d %s\n", dg->v[i].source ? dg->v[i].source : "-",
			dg->v[i].line, dg->v[i].col, dg->v[i].message);
}

static int c_rules(const struct acase *c, char **out)
{
	struct vc_ruleset rs = { 0 };
	struct vc_diags dg = { 0 };
	struct dump d;
	size_t i, j;
	int rc = vc_rules_load(&rs, c->path, &dg);

	pause_hook();
	if (rc == 0) {
		dump_open(&d);
		for (i = 0; i < rs.n; i++) {
			const struct vc_rule *r = &rs.v[i];
			char *w = vc_expr_to_string(r->when), *k = vc_expr_to_string(r->check);

			fprintf(d.f, "%s %s %s %s sev=%d when=%s check=%s\n", r->id, r->path,
				r->category, r->when_src ? r->when_src : "-", (int)r->severity,
				w ? w : "-", k ? k : "-");
			free(w);
			free(k);
			dump_text(d.f, &r->title);
			dump_text(d.f, &r->rationale);
			dump_text(d.f, &r->remediation);
			for (j = 0; j < r->ngdpr; j++)
				fprintf(d.f, " gdpr %s\n", r->gdpr[j]);
			for (j = 0; j < r->nproducts; j++)
				fprintf(d.f, " product %s\n", r->products[j]);
			for (j = 0; j < r->nreferences; j++)
				fprintf(d.f, " ref %s\n", r->references[j]);
			dump_json(d.f, " params", r->params);
		}
		dump_diags(d.f, &dg);
		*out = dump_close(&d);
	}
	vc_ruleset_free(&rs);
	vc_diags_free(&dg);
	return rc;
}

static int c_waivers(const struct acase *c, char **out)
{
	struct vc_waivers w = { 0 };
	struct vc_diags dg = { 0 };
	struct dump d;
	size_t i;
	int rc = vc_waivers_load(&w, c->path, &dg);

	pause_hook();
	if (rc == 0) {
		dump_open(&d);
		fprintf(d.f, "path %s\n", w.path ? w.path : "-");
		for (i = 0; i < w.n; i++)
			fprintf(d.f, "%s|%s|%s|%s|%s|%s|%d\n", w.v[i].rule, w.v[i].scope,
				w.v[i].product, w.v[i].justification, w.v[i].approver,
				w.v[i].expires, w.v[i].line);
		dump_diags(d.f, &dg);
		*out = dump_close(&d);
	}
	vc_waivers_free(&w);
	vc_diags_free(&dg);
	return rc;
}

static int c_profile(const struct acase *c, char **out)
{
	struct vc_profile p = { 0 };
	struct vc_diags dg = { 0 };
	struct dump d;
	int rc = vc_profile_load(&p, "profiles", c->path, &dg);

	pause_hook();
	if (rc == 0) {
		dump_open(&d);
		fprintf(d.f, "%s %s\n", p.id ? p.id : "-", p.path ? p.path : "-");
		dump_text(d.f, &p.title);
		dump_text(d.f, &p.description);
		dump_json(d.f, "rules", p.rules);
		dump_json(d.f, "categories", p.categories);
		dump_json(d.f, "exclude", p.exclude);
		dump_json(d.f, "params", p.params);
		dump_json(d.f, "severity", p.severity);
		dump_diags(d.f, &dg);
		*out = dump_close(&d);
	}
	if (rc == 0)
		vc_profile_free(&p);
	vc_diags_free(&dg);
	return rc;
}

/* An --input through the handler table, as `vcaudit scan --input` reads it. */
static int c_input(const struct acase *c, char **out)
{
	struct vc_scan_ctx ctx;
	struct dump d;
	int rc;

	pause_hook();
	memset(&ctx, 0, sizeof(ctx));
	ctx.root.fd = -1;
	ctx.now = 1790000000;
	ctx.file_max = VC_FILE_MAX_DEFAULT;
	ctx.sources = json_array();
	if (!ctx.sources || vc_pseudo_init(&ctx.pseudo, "allocfail-key", 0) < 0)
		exit(2);
	armed = 1;
	rc = vc_inputs_scan(&ctx, c->path, vc_input_handlers);
	pause_hook();
	/* as `vcaudit scan` does: a diagnostic lost is an incomplete audit */
	if (rc == 0 && ctx.diags.lost)
		rc = vc_error_set(VC_ENOMEM, "out of memory: %zu diagnostics lost", ctx.diags.lost);
	if (rc == 0) {
		dump_open(&d);
		dump_ctx(d.f, &ctx);
		*out = dump_close(&d);
	}
	vc_scan_ctx_free(&ctx);
	return rc;
}

/*
 * A whole `vcaudit scan` (rules, profile, org file, waivers, every scanner,
 * evaluation, the JSON report written to a file): exit status 0 or 2 with
 * the same report as without failures, or 1 (the audit could not be done).
 */
static char out_path[64];

static int c_scan(const struct acase *c, char **out)
{
	char *argv[] = { "scan", "--root", (char *)c->path, "--org", "fixtures/org/complete.json",
			 "--waivers", "fixtures/waivers/valid.json", "--profile", "strict",
			 "--rules", "rules", "--profiles", "profiles", "--format", "json",
			 "-o", out_path, NULL };
	int rc;

	unlink(out_path);
	optind = 0;   /* getopt_long again from the start */
	rc = vc_cmd_scan((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv);
	pause_hook();
	if (rc != VC_EXIT_ERROR) {
		struct blob b = slurp(out_path);

		*out = b.p;
	}
	return rc;
}

static struct acase cases[] = {
	{ "ini", c_ini, "zoom/zoomus.conf-ai-environment", 1, 0, 0, { 0 } },
	{ "plist-xml", c_plist, "zoom/us.zoom.config.plist-parkerbxyz", 1, 0, 0, { 0 } },
	{ "plist-binary", c_plist, "zoom/us.zoom.config.plist-parkerbxyz", 1, 0, 0, { 0 } },
	{ "json", c_json, "fixtures/exports/zoom/lock_settings.json", 0, 0, 0, { 0 } },
	{ "properties", c_properties, "bigbluebutton/bigbluebutton.properties", 1, 1, 0, { 0 } },
	{ "hocon", c_hocon, "jitsi/jicofo-reference.conf", 1, 0, 0, { 0 } },
	{ "envfile", c_envfile, "jitsi/docker-jitsi-meet-env.example", 1, 1, 0, { 0 } },
	{ "regfile", c_regfile, "fixtures/exports/zoom/zoom-policy.reg", 0, 1, 0, { 0 } },
	{ "yaml", c_yaml, "bigbluebutton/bigbluebutton.yml", 1, 0, 0, { 0 } },
	{ "expr", c_expr, "recording.local.allowed == false and (count(recordings) < "
	  "params.max or any(recordings, cloud_sync != 'none' and not exists(encrypted))) "
	  "and region in ['DE', 'NL'] and name matches '^[a-z]+$'", 0, 0, 0, { 0 } },
	{ "rules", c_rules, "rules/zoom", 0, 0, 0, { 0 } },
	{ "waivers", c_waivers, "fixtures/waivers/valid.json", 0, 0, 0, { 0 } },
	{ "profile", c_profile, "strict", 0, 0, 0, { 0 } },
	{ "input-teams", c_input, "teams:fixtures/exports/teams/meeting-policies.json", 0, 0, 0,
	  { 0 } },
	{ "input-zoom-settings", c_input, "fixtures/exports/zoom/account-settings.json", 0, 0, 0,
	  { 0 } },
	{ "input-zoom-export", c_input, "fixtures/exports/zoom/export.json", 0, 0, 0, { 0 } },
	{ "input-zoom-reg", c_input, "fixtures/exports/zoom/zoom-policy.reg", 0, 0, 0, { 0 } },
	{ "scan-mac", c_scan, "fixtures/hosts/mac-clean", 0, 0, 1, { 0 } },
	{ "scan-jitsi", c_scan, "fixtures/hosts/jitsi-debian-default", 0, 0, 1, { 0 } },
	{ "scan-bbb", c_scan, "fixtures/hosts/bbb-default", 0, 0, 1, { 0 } },
};

/* The binary form of the XML plist, made with libplist before any hook runs. */
static struct blob to_binary_plist(struct blob xml)
{
	struct blob b = { NULL, 0 };
	plist_t root = NULL;
	char *bin = NULL;
	uint32_t n = 0;

	plist_from_xml(xml.p, (uint32_t)xml.n, &root);
	if (root)
		plist_to_bin(root, &bin, &n);
	plist_free(root);
	if (!bin)
		exit(2);
	b.p = malloc(n + 1);
	if (!b.p)
		exit(2);
	memcpy(b.p, bin, n);
	b.p[n] = 0;
	b.n = n;
	plist_to_bin_free(bin);
	return b;
}

static void load_inputs(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct acase *c = &cases[i];

		if (c->run == c_expr || c->run == c_rules || c->run == c_waivers ||
		    c->run == c_profile || c->run == c_input || c->run == c_scan)
			continue;
		c->in = c->in_corpus ? corpus_file(c->path) : slurp(c->path);
		if (!strcmp(c->name, "plist-binary")) {
			struct blob xml = c->in;

			c->in = to_binary_plist(xml);
			free(xml.p);
		}
	}
	expr_facts = json_pack("{s:b, s:[{s:s}, {s:s, s:b}], s:{s:i}, s:s, s:s}",
			       "recording.local.allowed", 0, "recordings", "cloud_sync", "none",
			       "cloud_sync", "dropbox", "encrypted", 0, "params", "max", 3,
			       "region", "DE", "name", "erik");
	if (!expr_facts)
		exit(2);
}

/* ---- the driver -------------------------------------------------------- */

static int verbose;
static int leak_each;      /* VC_ALLOCFAIL_LEAKS=each */
static long long only_n;   /* VC_ALLOCFAIL_N */
static int only_from;     /* VC_ALLOCFAIL_FROM */

/* VC_ALLOCFAIL_DIFF=DIR: the first differing result and the normal one, to diff. */
static void save_diff(const char *want, const char *got)
{
	static int saved;
	char path[1024];
	FILE *f;

	if (saved++)
		return;
	snprintf(path, sizeof(path), "%s/want", getenv("VC_ALLOCFAIL_DIFF"));
	if ((f = fopen(path, "w")) != NULL) {
		fputs(want, f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/got", getenv("VC_ALLOCFAIL_DIFF"));
	if ((f = fopen(path, "w")) != NULL) {
		fputs(got, f);
		fclose(f);
	}
}

/* One armed run; returns 0 when it behaved, 1 when not (printed). */
static int one_run(const struct acase *c, long long n, int from, int rc0, const char *want,
		   int *done)
{
	char *got = NULL;
	const char *msg;
	int rc, bad = 0;

	cur_n = n;
	cur_from = from;
	vc_error_clear();
	if (c->cmd && !trace_refusal)
		capture_stderr();
	arm(n, from);
	rc = c->run(c, &got);
	pause_hook();
	if (c->cmd)
		release_stderr();
	*done = refused == 0;
	msg = vc_error_last();
#ifdef HAVE_ASAN
	/* VC_ALLOCFAIL_LEAKS=each: find the run that leaked (slow) */
	if (leak_each && __lsan_do_recoverable_leak_check())
		printf("LEAK %s: %s N = %lld\n", c->name, from ? "from" : "once at", n);
#endif
	if (!refused) {
		/* the hook never fired: this must be the normal result */
		bad = rc != rc0 || !got || strcmp(got, want);
	} else if (rc == rc0 || (c->partial_ok && rc == VC_EPARSE && got)) {
		/* it claims what a run without failures claims: the data must agree */
		bad = !got || strcmp(got, want);
	} else if (c->cmd) {
		bad = rc != VC_EXIT_ERROR;
	} else {
		bad = rc >= 0 || !*msg;
	}
	if (bad) {
		printf("FAIL %s: %s N = %lld (%lld refused): rc %d (normal %d), %s: %s\n",
		       c->name, from ? "from" : "once at", n, refused, rc, rc0,
		       refused && (rc == rc0 || got) ? "result differs from a normal run" :
		       "not a clean error", *msg ? msg : "no message");
		if (got && getenv("VC_ALLOCFAIL_DIFF"))
			save_diff(want, got);
	}
	free(got);
	return bad;
}

static int run_case(const struct acase *c, long long budget)
{
	char *want = NULL;
	long long n, step = 1, total = 0, runs = 0;
	int rc0, failures = 0, from, done;

	cur_case = c->name;
	/* the normal run, counting allocations */
	arm(0, 0);
	rc0 = c->run(c, &want);
	pause_hook();
	total = seen;
	if (!want || (c->cmd ? rc0 == VC_EXIT_ERROR : rc0 < 0)) {
		printf("FAIL %s: the normal run failed (rc %d): %s\n", c->name, rc0,
		       vc_error_last());
		free(want);
		return 1;
	}
	if (budget > 0 && total > budget)
		step = (total + budget - 1) / budget;
	if (only_n > 0) {   /* VC_ALLOCFAIL_N: that one run, to debug it */
		failures += one_run(c, only_n, only_from, rc0, want, &done);
		free(want);
		return failures;
	}
	for (from = 0; from <= 1; from++) {
		done = 0;
		/* every N while small (first allocations are the delicate ones), then strides */
		for (n = 1; !done; n += n < 64 ? 1 : step) {
			if (failures > 20)
				break;
			failures += one_run(c, n, from, rc0, want, &done);
			runs++;
		}
	}
#ifdef HAVE_ASAN
	if (__lsan_do_recoverable_leak_check()) {
		printf("FAIL %s: leaks (LeakSanitizer report above)\n", c->name);
		failures++;
	}
#endif
	if (verbose || failures)
		printf("%s %s: %lld allocations, %lld runs, stride %lld\n", failures ? "----" : "ok",
		       c->name, total, runs, step);
	free(want);
	return failures;
}

int main(int argc, char **argv)
{
	const char *runs = getenv("VC_ALLOCFAIL_RUNS"), *cp = getenv("VC_CORPUS");
	long long budget = runs && *runs ? strtoll(runs, NULL, 10) : 400;
	size_t i, ncases = sizeof(cases) / sizeof(cases[0]), nrun = 0;
	int failures = 0, a;
	time_t t0 = time(NULL);

	setvbuf(stdout, NULL, _IOLBF, 0);   /* lines before a crash are kept */
	hook_pid = getpid();
	verbose = getenv("VC_ALLOCFAIL_VERBOSE") != NULL;
	if (getenv("VC_ALLOCFAIL_N"))
		only_n = strtoll(getenv("VC_ALLOCFAIL_N"), NULL, 10);
	only_from = getenv("VC_ALLOCFAIL_FROM") != NULL;
	trace_refusal = getenv("VC_ALLOCFAIL_TRACE") != NULL;
	leak_each = getenv("VC_ALLOCFAIL_LEAKS") && !strcmp(getenv("VC_ALLOCFAIL_LEAKS"), "each");
	corpus = (char *)(cp && *cp ? cp : "../shared/corpus");
	/* Jansson and libxml2 allocate through the hook too. */
	json_set_alloc_funcs(__wrap_malloc, free);
	if (xmlMemSetup(free, __wrap_malloc, __wrap_realloc, __wrap_strdup) != 0)
		return 2;
	xmlInitParser();
#ifdef HAVE_ASAN
	__asan_set_death_callback(say_where);   /* ASan keeps its own SEGV handler */
#else
	signal(SIGSEGV, on_signal);
	signal(SIGABRT, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
#endif
	setenv("SOURCE_DATE_EPOCH", "1790000000", 1);
	setenv("NO_COLOR", "1", 1);
	setenv("VCAUDIT_PSEUDONYM_KEY", "allocfail-key", 1);   /* the same pseudonyms each run */
	snprintf(capture_path, sizeof(capture_path), "/tmp/vc-allocfail-err.%ld", (long)getpid());
	snprintf(out_path, sizeof(out_path), "/tmp/vc-allocfail-out.%ld", (long)getpid());
	load_inputs();
	for (i = 0; i < ncases; i++) {
		int pick = argc < 2;

		for (a = 1; a < argc; a++)
			pick |= !strcmp(argv[a], cases[i].name);
		if (!pick)
			continue;
		failures += run_case(&cases[i], budget);
		nrun++;
	}
	unlink(capture_path);
	unlink(out_path);
	for (i = 0; i < ncases; i++)
		free(cases[i].in.p);
	json_decref(expr_facts);
	free(expr_want);
	xmlCleanupParser();
	printf("allocfail: %zu cases, %d failures, %lds\n", nrun, failures,
	       (long)(time(NULL) - t0));
	return failures ? 1 : 0;
}
