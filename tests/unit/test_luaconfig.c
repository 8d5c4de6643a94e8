/* Prosody *.cfg.lua: the Debian template, Prosody's directives, lines, and hostile input. */
#include <time.h>
#include <unistd.h>
#include "testutil.h"
#include "core/err.h"
#include "parsers/luaconfig.h"

#define CANARY "/tmp/vcaudit-luaconfig-canary"

static int eval_str(json_t **doc, json_t **lines, const char *text)
{
	return vc_luaconfig_eval(doc, lines, text, strlen(text));
}

/* Evaluate, expecting failure `code`; the message must not quote `secret`. */
static const char *eval_fails(int code, const char *text, const char *secret)
{
	json_t *doc = NULL, *lines = NULL;

	assert_int_equal(eval_str(&doc, &lines, text), code);
	assert_null(doc);
	assert_null(lines);
	if (secret && strstr(vc_error_last(), secret))
		fail_msg("the message quotes the input: %s", vc_error_last());
	return vc_error_last();
}

static json_t *get2(const json_t *doc, const char *section, const char *name)
{
	return json_object_get(json_object_get(doc, section), name);
}

static json_t *vhost(const json_t *doc, const char *host, const char *key)
{
	return json_object_get(get2(doc, "virtualhosts", host), key);
}

static json_t *component(const json_t *doc, const char *name, const char *key)
{
	return json_object_get(get2(doc, "components", name), key);
}

/* Does line `n` (1-based) of s start with `want` after its indentation? */
static void assert_line_starts(const char *s, const json_t *line, const char *want)
{
	json_int_t n = json_integer_value(line);
	const char *p = s;

	if (!json_is_integer(line) || n < 1)
		fail_msg("no line for \"%s\"", want);
	while (--n > 0) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	p += strspn(p, " \t");
	if (strncmp(p, want, strlen(want)) != 0)
		fail_msg("line %lld does not start with \"%s\"",
			 (long long)json_integer_value(line), want);
}

static void test_corpus_jvb_example(void **state)
{
	const char *main_host = "jitmeet.example.com";
	const char *conf = "conference.jitmeet.example.com";
	json_t *doc = NULL, *lines = NULL, *mods, *ext;
	size_t len, i;
	char *text;
	int has_token_verification = 0;

	(void)state;
	text = vc_test_corpus_file("jitsi", "prosody.cfg.lua-jvb.example", &len);
	assert_int_equal(vc_luaconfig_eval(&doc, &lines, text, len), 0);

	/* authentication per VirtualHost */
	assert_string_equal(json_string_value(vhost(doc, main_host, "authentication")),
			    "jitsi-anonymous");
	assert_string_equal(json_string_value(vhost(doc, "auth.jitmeet.example.com",
						    "authentication")), "internal_hashed");
	assert_string_equal(json_string_value(vhost(doc, "jigasi.meet.jitsi", "authentication")),
			    "token");
	assert_true(json_is_false(vhost(doc, "jigasi.meet.jitsi", "enabled")));
	assert_null(vhost(doc, main_host, "app_secret"));   /* commented out */
	/* c2s_require_encryption belongs to the main host, not to the global section */
	assert_true(json_is_false(vhost(doc, main_host, "c2s_require_encryption")));
	assert_null(get2(doc, "global", "c2s_require_encryption"));
	assert_null(vhost(doc, "auth.jitmeet.example.com", "c2s_require_encryption"));
	/* `;`-separated list; the commented "token_verification" is not in it */
	mods = vhost(doc, main_host, "modules_enabled");
	assert_int_equal(json_array_size(mods), 10);
	assert_string_equal(json_string_value(json_array_get(mods, 0)), "bosh");
	json_array_foreach(component(doc, conf, "modules_enabled"), i, ext)
		has_token_verification |= !strcmp(json_string_value(ext), "token_verification");
	assert_false(has_token_verification);
	assert_string_equal(json_string_value(json_object_get(vhost(doc, main_host, "ssl"),
							      "certificate")),
			    "/etc/prosody/certs/jitmeet.example.com.crt");

	/* components with their types and options */
	assert_int_equal(json_object_size(json_object_get(doc, "components")), 9);
	assert_string_equal(json_string_value(component(doc, conf, "type")), "muc");
	assert_string_equal(json_string_value(component(doc, conf, "storage")), "memory");
	assert_true(json_is_false(component(doc, conf, "muc_room_locking")));
	assert_true(json_is_true(component(doc, conf, "restrict_room_creation")));
	assert_string_equal(json_string_value(component(doc, "focus.jitmeet.example.com",
							"type")), "client_proxy");
	assert_int_equal(json_array_size(component(doc, "internal.auth.jitmeet.example.com",
						   "admins")), 2);

	/* the global section */
	assert_string_equal(json_string_value(json_object_get(
		get2(doc, "global", "ssl"), "protocol")), "tlsv1_2+");
	ext = get2(doc, "global", "external_services");
	assert_int_equal(json_array_size(ext), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ext, 0), "type")),
			    "stun");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(ext, 0), "port")),
			 3478);
	assert_true(json_is_true(json_object_get(json_array_get(ext, 1), "secret")));
	assert_int_equal(json_array_size(json_object_get(doc, "includes")), 0);

	/* lines: statements, and multi-line values at their `key =` line */
	assert_line_starts(text, vhost(lines, main_host, ""), "VirtualHost \"jitmeet.example.com\"");
	assert_line_starts(text, vhost(lines, main_host, "authentication"),
			   "authentication = \"jitsi-anonymous\"");
	assert_line_starts(text, vhost(lines, main_host, "c2s_require_encryption"),
			   "c2s_require_encryption = false");
	assert_line_starts(text, vhost(lines, main_host, "ssl"), "ssl = {");
	assert_line_starts(text, vhost(lines, main_host, "modules_enabled"), "modules_enabled = {");
	assert_line_starts(text, get2(lines, "global", "external_services"),
			   "external_services = {");
	assert_line_starts(text, component(lines, conf, "type"),
			   "Component \"conference.jitmeet.example.com\" \"muc\"");
	assert_line_starts(text, component(lines, conf, "storage"), "storage = \"memory\"");
	assert_int_equal(json_integer_value(vhost(lines, main_host, "authentication")), 39);
	json_decref(doc);
	json_decref(lines);
	free(text);
}

static void test_directives(void **state)
{
	static const char src[] =
		"admins = { }\n"                                               /* 1 */
		"Include \"conf.d/*.cfg.lua\"\n"                               /* 2 */
		"VirtualHost \"a.example\"\n"                                  /* 3 */
		"    authentication = \"internal_hashed\"\n"                   /* 4 */
		"    copy = admins\n"                                          /* 5 */
		"    home = ENV_HOME\n"                                        /* 6 */
		"Host \"b.example\" { authentication = \"anonymous\" }\n"      /* 7 */
		"    still_a = true\n"                                         /* 8 */
		"Component \"muc.a.example\" \"muc\" {\n"                      /* 9 */
		"    storage = \"memory\";\n"                                  /* 10 */
		"}\n"                                                          /* 11 */
		"back_to_a = 1\n"                                              /* 12 */
		"Component \"ext.a.example\"\n"                                /* 13 */
		"    component_secret = \"s\"\n"                               /* 14 */
		"VirtualHost \"a.example\"\n"                                  /* 15 */
		"    authentication = \"token\"\n"                             /* 16 */
		"include \"other.cfg.lua\"\n";                                 /* 17 */
	json_t *doc = NULL, *lines = NULL, *inc;

	(void)state;
	assert_int_equal(eval_str(&doc, &lines, src), 0);
	assert_true(json_is_array(get2(doc, "global", "admins")));
	assert_int_equal(json_object_size(json_object_get(doc, "global")), 1);
	/* the later assignment in a repeated section wins */
	assert_string_equal(json_string_value(vhost(doc, "a.example", "authentication")), "token");
	assert_int_equal(json_integer_value(vhost(lines, "a.example", "authentication")), 16);
	assert_int_equal(json_integer_value(vhost(lines, "a.example", "")), 3);
	/* reading a global gives the global value; ENV_ is not read */
	assert_true(json_is_array(vhost(doc, "a.example", "copy")));
	assert_null(vhost(doc, "a.example", "home"));
	/* VirtualHost "b" { ... } sets options without switching */
	assert_string_equal(json_string_value(vhost(doc, "b.example", "authentication")),
			    "anonymous");
	assert_int_equal(json_integer_value(vhost(lines, "b.example", "authentication")), 7);
	assert_true(json_is_true(vhost(doc, "a.example", "still_a")));
	assert_null(vhost(doc, "b.example", "still_a"));
	/* Component "x" "type" { ... }: options, then back to the section before */
	assert_string_equal(json_string_value(component(doc, "muc.a.example", "type")), "muc");
	assert_string_equal(json_string_value(component(doc, "muc.a.example", "storage")),
			    "memory");
	assert_int_equal(json_integer_value(component(lines, "muc.a.example", "storage")), 10);
	assert_int_equal(json_integer_value(vhost(doc, "a.example", "back_to_a")), 1);
	/* an external component has no type */
	assert_null(component(doc, "ext.a.example", "type"));
	assert_string_equal(json_string_value(component(doc, "ext.a.example",
							"component_secret")), "s");
	inc = json_object_get(doc, "includes");
	assert_int_equal(json_array_size(inc), 2);
	assert_string_equal(json_string_value(json_array_get(inc, 0)), "conf.d/*.cfg.lua");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(lines, "includes"), 1)),
			 17);
	json_decref(doc);
	json_decref(lines);
}

static void test_directive_errors(void **state)
{
	(void)state;
	assert_string_equal(eval_fails(VC_EPARSE, "a = 1\nVirtualHost()\n", NULL),
			    "line 2: VirtualHost needs a name");
	assert_string_equal(eval_fails(VC_EPARSE, "VirtualHost \"x\"\nComponent \"x\" \"muc\"\n",
				       NULL),
			    "line 2: a name is declared both as VirtualHost and as Component");
	assert_string_equal(eval_fails(VC_EPARSE, "Component \"x\" (42)\n", NULL),
			    "line 1: the type of a Component must be a string");
}

static void test_no_escape(void **state)
{
	static const char probe[] =
		"t_io = type(io)\nt_os = type(os)\nt_require = type(require)\n"
		"t_load = type(load)\nt_loadstring = type(loadstring)\nt_dofile = type(dofile)\n"
		"t_loadfile = type(loadfile)\nt_debug = type(debug)\nt_package = type(package)\n"
		"t_collectgarbage = type(collectgarbage)\nt_print = type(print)\n"
		"t_pcall = type(pcall)\nt_setmetatable = type(setmetatable)\n"
		"t_getmetatable = type(getmetatable)\nt_coroutine = type(coroutine)\n"
		"t_rawset = type(rawset)\nt_Lua = type(Lua)\nt_dump = type(string.dump)\n"
		"upper = string.upper(\"ok\")\n";
	json_t *doc = NULL, *v;
	const char *key;

	(void)state;
	unlink(CANARY);
	assert_string_equal(eval_fails(VC_EPARSE, "a = 1\nos.execute(\"touch " CANARY "\")\n",
				       "touch"), "line 2: attempt to index a nil value");
	eval_fails(VC_EPARSE, "local f = io.open(\"" CANARY "\", \"w\")\nf:write(\"x\")\n", NULL);
	eval_fails(VC_EPARSE, "require(\"os\").execute(\"touch " CANARY "\")\n", NULL);
	eval_fails(VC_EPARSE, "load(\"os.execute('touch " CANARY "')\")()\n", NULL);
	eval_fails(VC_EPARSE, "dofile(\"/etc/passwd\")\n", NULL);
	assert_int_equal(access(CANARY, F_OK), -1);

	assert_int_equal(eval_str(&doc, NULL, probe), 0);
	json_object_foreach(json_object_get(doc, "global"), key, v) {
		if (strcmp(key, "upper") == 0)
			assert_string_equal(json_string_value(v), "OK");
		else if (strcmp(json_string_value(v), "nil") != 0)
			fail_msg("%s is %s", key, json_string_value(v));
	}
	assert_int_equal(json_object_size(json_object_get(doc, "global")), 19);
	json_decref(doc);
}

static void test_infinite_loop(void **state)
{
	struct timespec t0, t1;
	double took;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_string_equal(eval_fails(VC_ELIMIT, "a = 1\nwhile true do end\n", NULL),
			    "line 2: evaluation exceeded 20000000 instructions");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(took < 1.5);   /* the hook, well before the sandbox's 2 s */
	eval_fails(VC_ELIMIT, "local function f() return f() end\nf()\n", NULL);
	/* stuck inside one library call: the sandbox's clock ends it */
	assert_string_equal(eval_fails(VC_ELIMIT, "local s = (\"a\"):rep(40)\n"
				       "x = s:find((\"a?\"):rep(40) .. (\"a\"):rep(40) .. \"b\")\n",
				       NULL), "evaluation timed out after 2 s");
}

static void test_memory_bomb(void **state)
{
	(void)state;
	assert_string_equal(eval_fails(VC_ELIMIT, "s = string.rep(\"x\", 1e9)\n", NULL),
			    "evaluation exceeded its memory limit");
	assert_string_equal(eval_fails(VC_ELIMIT, "local t = {}\n"
				       "while true do t[#t + 1] = {} end\n", NULL),
			    "evaluation exceeded its memory limit");
}

static void test_syntax_error(void **state)
{
	(void)state;
	assert_string_equal(eval_fails(VC_EPARSE, "a = 1\nb = 2\napp_secret = \"hunter2secret\n",
				       "hunter2"), "line 3: syntax error: unfinished string");
	assert_string_equal(eval_fails(VC_EPARSE, "a = 1\nhunter2secret = = 2\n", "hunter2"),
			    "line 2: syntax error: unexpected symbol");
	/* a message naming the input is cut to its kind */
	assert_string_equal(eval_fails(VC_EPARSE, "goto hunter2secret\n", "hunter2"),
			    "line 2: syntax error");   /* Lua blames the end of the block */
	/* bytecode is refused */
	eval_fails(VC_EPARSE, "\x1bLua\x54", NULL);
}

static void test_runtime_errors_never_quote_input(void **state)
{
	(void)state;
	assert_string_equal(eval_fails(VC_EPARSE, "a = 1\n\nerror(\"token hunter2secret\")\n",
				       "hunter2"), "line 3: the configuration raised an error");
	assert_string_equal(eval_fails(VC_EPARSE, "assert(false, \"hunter2secret\")\n",
				       "hunter2"), "line 1: the configuration raised an error");
	assert_string_equal(eval_fails(VC_EPARSE, "x = hunter2secret.field\n", "hunter2"),
			    "line 1: attempt to index a nil value");
	assert_string_equal(eval_fails(VC_EPARSE, "x = \"hunter2secret\" + 1\n", "hunter2"),
			    "line 1: attempt to add a 'string' with a 'number'");
	eval_fails(VC_EPARSE, "x = (\"%d\"):format(\"hunter2secret\")\n", "hunter2");
	eval_fails(VC_EPARSE, "pcall(function () while true do end end)\n", NULL);
}

static void test_values(void **state)
{
	static const char src[] =
		"int = 42\nreal = 0.5\nnan = 0/0\nstr = \"bad \\xff utf8\"\n"
		"list = { \"a\", \"b\" }\nmixed = { \"a\", k = \"v\" }\nempty = {}\n"
		"fn = function () end\nsparse = { [1] = 1, [3] = 3 }\n";
	json_t *doc = NULL, *g;

	(void)state;
	assert_int_equal(eval_str(&doc, NULL, src), 0);
	g = json_object_get(doc, "global");
	assert_int_equal(json_integer_value(json_object_get(g, "int")), 42);
	assert_true(json_is_real(json_object_get(g, "real")));
	assert_true(json_is_null(json_object_get(g, "nan")));
	assert_string_equal(json_string_value(json_object_get(g, "str")), "bad \xEF\xBF\xBD utf8");
	assert_int_equal(json_array_size(json_object_get(g, "list")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(g, "mixed"), "1")),
			    "a");
	assert_true(json_is_array(json_object_get(g, "empty")));
	assert_null(json_object_get(g, "fn"));
	assert_true(json_is_object(json_object_get(g, "sparse")));
	json_decref(doc);
	assert_string_equal(eval_fails(VC_ELIMIT, "t = {}\nt.t = t\nx = t\n", NULL),
			    "a value is nested deeper than 32 (or refers to itself)");
	assert_int_equal(vc_luaconfig_eval(&doc, NULL, "x = 1", VC_LUACONFIG_MAX_BYTES + 1),
			 VC_ELIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_jvb_example),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_directive_errors),
		cmocka_unit_test(test_no_escape),
		cmocka_unit_test(test_infinite_loop),
		cmocka_unit_test(test_memory_bomb),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_runtime_errors_never_quote_input),
		cmocka_unit_test(test_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
