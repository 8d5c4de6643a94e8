/*
 * Prosody *.cfg.lua through a sandboxed Lua 5.4 state in a child process.
 *
 * The chunk runs with an environment table that is never written: its
 * __newindex records each assignment (value and line) into the current
 * section held in the registry, its __index reads the sections back and
 * then a table of safe functions, which also holds the Prosody directives.
 * The recorded tables are converted to JSON in the child; the parent only
 * parses JSON.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/luaconfig.h"
#include "parsers/sandbox.h"

#define CHUNK_NAME "=config"
#define HOOK_STEP 1000          /* instructions between two count hooks */
#define LINE_LOOKBACK 2000      /* lines searched back for `key =` */
#define DSL_MSG_MAX 96

/* Registry keys of the recorded tables. */
#define R_DOC "vc.doc"
#define R_LINES "vc.lines"
#define R_CUR "vc.cur"          /* the current section: its table... */
#define R_CURLINES "vc.curlines"  /* ...and its lines table */
#define R_SAFE "vc.safe"

/* Error objects raised by the sandbox itself (only their addresses matter). */
static char LIMIT_KEY, DSL_KEY, USER_KEY;

struct lctx {
	struct vc_sandbox_heap heap;
	long count;               /* instructions run, in HOOK_STEP units */
	int err_line;             /* set by the message handler */
	char dsl_msg[DSL_MSG_MAX];
	const char *text;
	size_t len;
	uint32_t *line_at;        /* offset of each line's start (1-based index) */
	size_t nlines;
};

static struct lctx *get_ctx(lua_State *L)
{
	struct lctx *c;

	memcpy(&c, lua_getextraspace(L), sizeof(c));
	return c;
}

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	(void)osize;
	if (nsize == 0) {
		vc_sandbox_free(ud, ptr);
		return NULL;
	}
	return vc_sandbox_realloc(ud, ptr, nsize);
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
	struct lctx *c = get_ctx(L);

	(void)ar;
	if (++c->count <= VC_LUACONFIG_MAX_INSTRUCTIONS / HOOK_STEP)
		return;
	lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);   /* and at once, from now on */
	lua_pushlightuserdata(L, &LIMIT_KEY);
	lua_error(L);
}

static _Noreturn void dsl_error(lua_State *L, const char *msg)
{
	struct lctx *c = get_ctx(L);

	snprintf(c->dsl_msg, sizeof(c->dsl_msg), "%s", msg);
	lua_pushlightuserdata(L, &DSL_KEY);
	lua_error(L);
	abort();   /* not reached: lua_error does not return */
}

/* error() and assert() of the file: their messages are never shown. */
static int l_error(lua_State *L)
{
	lua_pushlightuserdata(L, &USER_KEY);
	return lua_error(L);
}

static int l_assert(lua_State *L)
{
	if (lua_toboolean(L, 1))
		return lua_gettop(L);
	return l_error(L);
}

/* Remember the line of the innermost Lua function where the error arose. */
static int msgh(lua_State *L)
{
	struct lctx *c = get_ctx(L);
	lua_Debug ar;
	int level;

	for (level = 1; lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
			c->err_line = ar.currentline;
			break;
		}
	}
	return 1;
}

/* ---- lines ---- */

static int index_lines(struct lctx *c)
{
	size_t i, n = 1;

	for (i = 0; i < c->len; i++)
		n += c->text[i] == '\n';
	c->line_at = malloc((n + 1) * sizeof(*c->line_at));
	if (!c->line_at)
		return VC_ENOMEM;
	c->nlines = n;
	c->line_at[1] = 0;
	for (i = 0, n = 1; i < c->len; i++) {
		if (c->text[i] == '\n')
			c->line_at[++n] = (uint32_t)(i + 1);
	}
	return 0;
}

static int ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/* Does line `n` hold `key =` (not `==`, not `x.key =`) before any `--`? */
static int line_assigns(const struct lctx *c, size_t n, const char *key, size_t klen)
{
	const char *s = c->text + c->line_at[n];
	const char *end = n < c->nlines ? c->text + c->line_at[n + 1] : c->text + c->len;
	const char *p, *q;

	for (p = s; p + klen <= end; p++) {
		if (p + 1 < end && p[0] == '-' && p[1] == '-')
			return 0;
		if (memcmp(p, key, klen) != 0 || (p > s && (ident_char(p[-1]) || p[-1] == '.')))
			continue;
		for (q = p + klen; q < end && (*q == ' ' || *q == '\t'); q++)
			;
		if (q < end && *q == '=' && (q + 1 >= end || q[1] != '='))
			return 1;
	}
	return 0;
}

/*
 * The line of the assignment of `key` running now. Lua reports the line
 * where the statement ends, so for a value spanning lines the nearest line
 * above holding `key =` is taken.
 */
static int assign_line(lua_State *L, const char *key, size_t klen)
{
	struct lctx *c = get_ctx(L);
	lua_Debug ar;
	size_t n, stop;
	int line = 0;

	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;
	if (line <= 0 || (size_t)line > c->nlines || klen == 0)
		return line > 0 ? line : 0;
	stop = (size_t)line > LINE_LOOKBACK ? (size_t)line - LINE_LOOKBACK : 1;
	for (n = (size_t)line; n >= stop; n--) {
		if (line_assigns(c, n, key, klen))
			return (int)n;
	}
	return line;
}

/*
 * The line of `key =` directly inside the first table constructor that
 * starts on line `from` or later (the options of VirtualHost "x" { ... }),
 * the last one when repeated; 0 when there is none.
 */
static int table_key_line(const struct lctx *c, int from, const char *key, size_t klen)
{
	const char *p, *q, *end = c->text + c->len;
	int line = from, depth = 0, found = 0;

	if (from < 1 || (size_t)from > c->nlines || klen == 0)
		return 0;
	for (p = c->text + c->line_at[from]; p < end; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '-' && p + 1 < end && p[1] == '-') {
			while (p + 1 < end && p[1] != '\n')
				p++;
		} else if (*p == '"' || *p == '\'') {
			for (q = p + 1; q < end && *q != *p && *q != '\n'; q++)
				q += *q == '\\' && q + 1 < end && q[1] != '\n';
			p = q < end && *q == *p ? q : q - 1;
		} else if (*p == '{') {
			depth++;
		} else if (*p == '}' && depth > 0) {
			if (--depth == 0)
				break;
		} else if (depth == 1 && (size_t)(end - p) >= klen && memcmp(p, key, klen) == 0 &&
			   !ident_char(p[-1]) && p[-1] != '.') {
			for (q = p + klen; q < end && (*q == ' ' || *q == '\t'); q++)
				;
			if (q < end && *q == '=' && (q + 1 >= end || q[1] != '='))
				found = line;
		}
	}
	return found;
}

/* ---- sections ---- */

/* Set key (at -2) = value (at -1) in the current section; pops both. */
static void set_option(lua_State *L, int line)
{
	lua_getfield(L, LUA_REGISTRYINDEX, R_CUR);
	lua_pushvalue(L, -3);
	lua_pushvalue(L, -3);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, R_CURLINES);
	lua_pushvalue(L, -3);
	if (lua_isnil(L, -3))
		lua_pushnil(L);
	else
		lua_pushinteger(L, line);
	lua_rawset(L, -3);
	lua_pop(L, 3);
}

/* env.__newindex(env, key, value) */
static int l_newindex(lua_State *L)
{
	size_t klen;
	const char *key;

	if (lua_type(L, 2) != LUA_TSTRING)
		return 0;   /* not a setting */
	key = lua_tolstring(L, 2, &klen);
	lua_settop(L, 3);
	lua_remove(L, 1);
	set_option(L, assign_line(L, key, klen));
	return 0;
}

/* env.__index(env, key): current section, global section, safe functions. */
static int l_index(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TSTRING && strncmp(lua_tostring(L, 2), "ENV_", 4) == 0)
		return 0;
	lua_getfield(L, LUA_REGISTRYINDEX, R_CUR);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, -2) != LUA_TNIL)
		return 1;
	lua_getfield(L, LUA_REGISTRYINDEX, R_DOC);
	lua_getfield(L, -1, "global");
	lua_pushvalue(L, 2);
	if (lua_rawget(L, -2) != LUA_TNIL)
		return 1;
	lua_getfield(L, LUA_REGISTRYINDEX, R_SAFE);
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	return 1;
}

static int call_line(lua_State *L)
{
	lua_Debug ar;

	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) && ar.currentline > 0)
		return ar.currentline;
	return 0;
}

/* Push doc[kind][name] and lines[kind][name], creating them. */
static void push_section(lua_State *L, const char *kind, int name_idx, int line)
{
	int i;

	for (i = 0; i < 2; i++) {
		lua_getfield(L, LUA_REGISTRYINDEX, i == 0 ? R_DOC : R_LINES);
		lua_getfield(L, -1, kind);
		lua_pushvalue(L, name_idx);
		if (lua_rawget(L, -2) == LUA_TNIL) {
			lua_pop(L, 1);
			lua_newtable(L);
			if (i == 1) {
				lua_pushinteger(L, line);
				lua_setfield(L, -2, "");
			}
			lua_pushvalue(L, name_idx);
			lua_pushvalue(L, -2);
			lua_rawset(L, -4);
		}
		lua_replace(L, -3);
		lua_pop(L, 1);
	}
}

static int declared_as(lua_State *L, const char *kind, int name_idx)
{
	int t;

	lua_getfield(L, LUA_REGISTRYINDEX, R_DOC);
	lua_getfield(L, -1, kind);
	lua_pushvalue(L, name_idx);
	t = lua_rawget(L, -2);
	lua_pop(L, 3);
	return t != LUA_TNIL;
}

/* Make the section at -2 (its lines at -1) current; pops both. */
static void make_current(lua_State *L)
{
	lua_setfield(L, LUA_REGISTRYINDEX, R_CURLINES);
	lua_setfield(L, LUA_REGISTRYINDEX, R_CUR);
}

/*
 * The options function returned by the directives: upvalues 1-2 are the
 * section and its lines, 3-4 the section current before the directive.
 * Sets each string key of the table argument, then restores the section.
 */
static int l_options(lua_State *L)
{
	int line = call_line(L), kline;
	const char *key;
	size_t klen;

	if (!lua_istable(L, 1))
		dsl_error(L, "the options of a VirtualHost or Component must be a table");
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, lua_upvalueindex(2));
	make_current(L);
	lua_pushnil(L);
	while (lua_next(L, 1) != 0) {
		if (lua_type(L, -2) != LUA_TSTRING) {
			lua_pop(L, 1);
			continue;
		}
		key = lua_tolstring(L, -2, &klen);
		kline = table_key_line(get_ctx(L), line, key, klen);
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		set_option(L, kline > 0 ? kline : line);
	}
	lua_pushvalue(L, lua_upvalueindex(3));
	lua_pushvalue(L, lua_upvalueindex(4));
	make_current(L);
	return 0;
}

/* Push l_options for the section at -2 / lines at -1 (kept on the stack). */
static void push_options(lua_State *L)
{
	lua_pushvalue(L, -2);
	lua_pushvalue(L, -2);
	lua_getfield(L, LUA_REGISTRYINDEX, R_CUR);
	lua_getfield(L, LUA_REGISTRYINDEX, R_CURLINES);
	lua_pushcclosure(L, l_options, 4);
}

static int l_virtualhost(lua_State *L)
{
	int line = call_line(L);

	if (lua_type(L, 1) != LUA_TSTRING)
		dsl_error(L, "VirtualHost needs a name");
	lua_settop(L, 1);
	if (declared_as(L, "components", 1))
		dsl_error(L, "a name is declared both as Component and as VirtualHost");
	push_section(L, "virtualhosts", 1, line);
	push_options(L);          /* name section lines options */
	lua_insert(L, 2);         /* name options section lines */
	make_current(L);
	return 1;
}

/* Component "name" "type": upvalues 1-2 section and lines, 3-4 previous. */
static int l_component_type(lua_State *L)
{
	int line = call_line(L);

	if (lua_istable(L, 1))
		return l_options(L);
	if (lua_type(L, 1) != LUA_TSTRING)
		dsl_error(L, "the type of a Component must be a string");
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "type");
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushinteger(L, line);
	lua_setfield(L, -2, "type");
	lua_pop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushvalue(L, lua_upvalueindex(3));
	lua_pushvalue(L, lua_upvalueindex(4));
	lua_pushcclosure(L, l_options, 4);
	return 1;
}

static int l_component(lua_State *L)
{
	int line = call_line(L);

	if (lua_type(L, 1) != LUA_TSTRING)
		dsl_error(L, "Component needs a name");
	lua_settop(L, 1);
	if (declared_as(L, "virtualhosts", 1))
		dsl_error(L, "a name is declared both as VirtualHost and as Component");
	push_section(L, "components", 1, line);
	lua_pushvalue(L, -2);
	lua_pushvalue(L, -2);
	lua_getfield(L, LUA_REGISTRYINDEX, R_CUR);
	lua_getfield(L, LUA_REGISTRYINDEX, R_CURLINES);
	lua_pushcclosure(L, l_component_type, 4);
	lua_insert(L, 2);
	make_current(L);
	return 1;
}

static int l_include(lua_State *L)
{
	int line = call_line(L), i;

	if (lua_type(L, 1) != LUA_TSTRING)
		dsl_error(L, "Include needs a file name");
	for (i = 0; i < 2; i++) {
		lua_getfield(L, LUA_REGISTRYINDEX, i == 0 ? R_DOC : R_LINES);
		lua_getfield(L, -1, "includes");
		if (i == 0)
			lua_pushvalue(L, 1);
		else
			lua_pushinteger(L, line);
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		lua_pop(L, 2);
	}
	return 0;
}

/* ---- the state ---- */

static const char *const BASE_SAFE[] = {
	"ipairs", "next", "pairs", "select", "tonumber", "tostring", "type", "rawequal",
	"rawlen", "_VERSION", NULL
};

static const char *const LIBS_SAFE[] = { "string", "table", "math", "utf8", NULL };

static const luaL_Reg DSL[] = {
	{ "VirtualHost", l_virtualhost },
	{ "Host", l_virtualhost },
	{ "host", l_virtualhost },
	{ "Component", l_component },
	{ "component", l_component },
	{ "Include", l_include },
	{ "include", l_include },
	{ "RunScript", l_include },
	{ "error", l_error },
	{ "assert", l_assert },
	{ NULL, NULL }
};

/* Build the registry tables, the safe table and the environment; pushes env. */
static int prepare(lua_State *L)
{
	static const char *const kinds[] = { "global", "virtualhosts", "components", "includes" };
	size_t i, k;

	luaL_requiref(L, "_G", luaopen_base, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
	lua_pop(L, 5);
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);

	lua_newtable(L);   /* safe */
	for (i = 0; BASE_SAFE[i]; i++) {
		lua_getglobal(L, BASE_SAFE[i]);
		lua_setfield(L, -2, BASE_SAFE[i]);
	}
	for (i = 0; LIBS_SAFE[i]; i++) {
		lua_getglobal(L, LIBS_SAFE[i]);
		lua_setfield(L, -2, LIBS_SAFE[i]);
	}
	luaL_setfuncs(L, DSL, 0);
	lua_setfield(L, LUA_REGISTRYINDEX, R_SAFE);

	for (k = 0; k < 2; k++) {
		lua_newtable(L);
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			lua_newtable(L);
			lua_setfield(L, -2, kinds[i]);
		}
		lua_setfield(L, LUA_REGISTRYINDEX, k == 0 ? R_DOC : R_LINES);
	}
	lua_getfield(L, LUA_REGISTRYINDEX, R_DOC);
	lua_getfield(L, -1, "global");
	lua_getfield(L, LUA_REGISTRYINDEX, R_LINES);
	lua_getfield(L, -1, "global");
	lua_remove(L, -2);
	lua_remove(L, -3);
	make_current(L);

	lua_newtable(L);   /* env */
	lua_newtable(L);
	lua_pushcfunction(L, l_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_getfield(L, LUA_REGISTRYINDEX, R_SAFE);   /* _G is the environment */
	lua_pushvalue(L, -2);
	lua_setfield(L, -2, "_G");
	lua_pop(L, 1);
	return 1;
}

/* ---- messages ---- */

static const char *const LUA_TOKENS[] = {
	"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto",
	"if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until",
	"while", "=", "(", ")", "{", "}", "[", "]", ",", ";", ":", "::", ".", "..", "...",
	"==", "~=", "<=", ">=", "<", ">", NULL
};

static const char *const LUA_TYPES[] = {
	"nil", "boolean", "number", "string", "table", "function", "userdata", "thread", NULL
};

static int quoted_in(const char *p, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++) {
		if (strlen(list[i]) == n && memcmp(list[i], p, n) == 0)
			return 1;
	}
	return 0;
}

/* "config:N: text" -> text; *line = N. */
static const char *strip_where(const char *msg, int *line)
{
	const char *p = msg;
	long n = 0;

	if (strncmp(p, "config:", 7) != 0)
		return msg;
	for (p += 7; *p >= '0' && *p <= '9' && n < 100000000; p++)
		n = n * 10 + (*p - '0');
	if (*p != ':')
		return msg;
	*line = (int)n;
	return p[1] == ' ' ? p + 2 : p + 1;
}

/* A syntax message without excerpts; "" when it quotes anything but Lua tokens. */
static void safe_syntax(char *dst, size_t size, const char *msg)
{
	const char *p, *q;

	snprintf(dst, size, "%s", msg);
	vc_error_cut_excerpt(dst);
	for (p = strchr(dst, '\''); p; p = strchr(q + 1, '\'')) {
		q = strchr(p + 1, '\'');
		if (!q) {
			dst[0] = 0;
			return;
		}
		if (!quoted_in(p + 1, (size_t)(q - p - 1), LUA_TOKENS)) {
			dst[0] = 0;
			return;
		}
	}
}

/*
 * A runtime message cut before the first name or value it quotes; quoted
 * type names stay: "attempt to add a 'string' with a 'number'".
 */
static void safe_runtime(char *dst, size_t size, const char *msg)
{
	const char *p = msg, *q;
	size_t n;

	for (;;) {
		p += strcspn(p, "'(\"\n");
		if (*p != '\'')
			break;
		q = strchr(p + 1, '\'');
		if (!q || !quoted_in(p + 1, (size_t)(q - p - 1), LUA_TYPES))
			break;
		p = q + 1;
	}
	n = (size_t)(p - msg);
	while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == ':'))
		n--;
	if (n >= size)
		n = size - 1;
	if (n > 3 && memcmp(msg + n - 3, " to", 3) == 0)   /* "bad argument #1 to" */
		n -= 3;
	memcpy(dst, msg, n);
	dst[n] = 0;
}

/* The error at the stack top (after lua_pcall/load) as the thread's error. */
static int lua_failure(lua_State *L, struct lctx *c, int status, int syntax)
{
	char where[32] = "", text[DSL_MSG_MAX + 32];
	const char *msg;
	int line = c->err_line;
	void *key;

	if (status == LUA_ERRMEM || c->heap.hit)
		return vc_error_set(VC_ELIMIT, "evaluation exceeded its memory limit");
	if (lua_type(L, -1) == LUA_TLIGHTUSERDATA) {
		key = lua_touserdata(L, -1);
		if (line > 0)
			snprintf(where, sizeof(where), "line %d: ", line);
		if (key == &LIMIT_KEY)
			return vc_error_set(VC_ELIMIT, "%sevaluation exceeded %ld instructions",
					    where, (long)VC_LUACONFIG_MAX_INSTRUCTIONS);
		if (key == &DSL_KEY)
			return vc_error_set(VC_EPARSE, "%s%s", where, c->dsl_msg);
	}
	if (lua_type(L, -1) != LUA_TSTRING) {
		if (line > 0)
			snprintf(where, sizeof(where), "line %d: ", line);
		return vc_error_set(VC_EPARSE, "%sthe configuration raised an error", where);
	}
	msg = strip_where(lua_tostring(L, -1), &line);
	if (line > 0)
		snprintf(where, sizeof(where), "line %d: ", line);
	if (syntax) {
		safe_syntax(text, sizeof(text), msg);
		return vc_error_set(VC_EPARSE, "%ssyntax error%s%s", where, text[0] ? ": " : "",
				    text);
	}
	safe_runtime(text, sizeof(text), msg);
	if (strstr(text, "stack overflow"))
		return vc_error_set(VC_ELIMIT, "%sevaluation exceeded the stack limit", where);
	return vc_error_set(VC_EPARSE, "%s%s", where, text[0] ? text : "runtime error");
}

/* ---- conversion to JSON (in the child) ---- */

static json_t *lua_string_json(const char *s, size_t n)
{
	struct vc_buf b = VC_BUF_INIT(n * 3 + 1);
	json_t *j = NULL;

	if (vc_utf8_put_lossy(&b, s, n) == 0)
		j = json_stringn(b.ptr ? b.ptr : "", b.size);
	vc_buf_free(&b);
	return j;
}

static int to_json(json_t **out, lua_State *L, int idx, int depth, size_t *nodes, int force);

/* force > 0: an object even when empty or a sequence, its members with force - 1. */
static int table_json(json_t **out, lua_State *L, int idx, int depth, size_t *nodes, int force)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx), total = 0, i;
	int is_array = 1, rc = 0;
	char num[64];
	const char *key;
	json_t *j, *v;

	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		total++;
		if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n)
			is_array = 0;
		lua_pop(L, 1);
	}
	is_array = is_array && total == n && force <= 0;
	j = is_array ? json_array() : json_object();
	if (!j)
		return VC_ENOMEM;
	if (is_array) {
		for (i = 1; i <= n && rc == 0; i++) {
			lua_rawgeti(L, idx, i);
			rc = to_json(&v, L, lua_gettop(L), depth + 1, nodes, 0);
			lua_pop(L, 1);
			if (rc == 0 && v && json_array_append_new(j, v) != 0)
				rc = VC_ENOMEM;
		}
		goto out;
	}
	lua_pushnil(L);
	while (rc == 0 && lua_next(L, idx) != 0) {
		key = NULL;
		if (lua_type(L, -2) == LUA_TSTRING) {
			key = lua_tostring(L, -2);
		} else if (lua_isinteger(L, -2)) {
			snprintf(num, sizeof(num), "%lld", (long long)lua_tointeger(L, -2));
			key = num;
		} else if (lua_type(L, -2) == LUA_TNUMBER) {
			snprintf(num, sizeof(num), "%.14g", (double)lua_tonumber(L, -2));
			key = num;
		}
		if (key) {
			rc = to_json(&v, L, lua_gettop(L), depth + 1, nodes, force - 1);
			if (rc == 0 && v) {
				json_t *ks = lua_string_json(key, strlen(key));

				if (!ks || json_object_set_new(j, json_string_value(ks), v) != 0)
					rc = VC_ENOMEM;
				json_decref(ks);
			}
		}
		lua_pop(L, 1);
	}
	if (rc != 0)
		lua_pop(L, 1);   /* the key lua_next left */
out:
	if (rc != 0) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return 0;
}

/* *out = NULL for values JSON cannot hold (functions, ...). */
static int to_json(json_t **out, lua_State *L, int idx, int depth, size_t *nodes, int force)
{
	size_t n;
	const char *s;
	lua_Number d;

	*out = NULL;
	if (++*nodes > VC_LUACONFIG_MAX_NODES)
		return vc_error_set(VC_ELIMIT, "more than %d values", VC_LUACONFIG_MAX_NODES);
	switch (lua_type(L, idx)) {
	case LUA_TBOOLEAN:
		*out = json_boolean(lua_toboolean(L, idx));
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			*out = json_integer((json_int_t)lua_tointeger(L, idx));
			break;
		}
		d = lua_tonumber(L, idx);
		*out = isfinite(d) ? json_real(d) : json_null();
		break;
	case LUA_TSTRING:
		s = lua_tolstring(L, idx, &n);
		*out = lua_string_json(s, n);
		break;
	case LUA_TTABLE:
		if (depth >= VC_LUACONFIG_MAX_DEPTH)
			return vc_error_set(VC_ELIMIT, "a value is nested deeper than %d "
					    "(or refers to itself)", VC_LUACONFIG_MAX_DEPTH);
		if (!lua_checkstack(L, 4))
			return VC_ENOMEM;
		return table_json(out, L, idx, depth, nodes, force);
	default:
		return 0;
	}
	return *out ? 0 : VC_ENOMEM;
}

/* The recorded doc or lines: sections and hosts are objects even when empty. */
static int sections_json(json_t **out, lua_State *L, const char *reg, size_t *nodes)
{
	static const char *const kinds[] = { "global", "virtualhosts", "components", "includes" };
	static const int force[] = { 1, 2, 2, 0 };
	json_t *j, *v;
	size_t i;
	int rc = 0;

	*out = j = json_object();
	if (!j)
		return VC_ENOMEM;
	lua_getfield(L, LUA_REGISTRYINDEX, reg);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && rc == 0; i++) {
		lua_getfield(L, -1, kinds[i]);
		rc = to_json(&v, L, lua_gettop(L), 1, nodes, force[i]);
		lua_pop(L, 1);
		if (rc == 0 && (!v || json_object_set_new(j, kinds[i], v) != 0))
			rc = VC_ENOMEM;
	}
	lua_pop(L, 1);
	return rc;
}

struct lua_job {
	const char *text;
	size_t len;
};

/* Unprotected errors (memory, mostly) end the child with a clear message. */
static int l_panic(lua_State *L)
{
	struct lctx *c = get_ctx(L);

	if (c->heap.hit)
		vc_sandbox_child_fail(vc_error_set(VC_ELIMIT, "evaluation exceeded its memory limit"));
	vc_sandbox_child_fail(vc_error_set(VC_ERROR, "evaluation failed: fatal engine error"));
}

static int lua_child(struct vc_buf *result, const void *arg)
{
	const struct lua_job *in = arg;
	struct lctx c;
	lua_State *L = NULL;
	json_t *all = NULL, *doc = NULL, *lines = NULL;
	char *text = NULL;
	size_t nodes = 0;
	int status, rc;

	memset(&c, 0, sizeof(c));
	c.heap.cap = VC_LUACONFIG_HEAP;
	c.text = in->text;
	c.len = in->len;
	if (index_lines(&c) != 0)
		return vc_error_set(VC_ENOMEM, "out of memory");
	L = lua_newstate(l_alloc, &c.heap);
	if (!L) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	{
		struct lctx *cp = &c;

		memcpy(lua_getextraspace(L), &cp, sizeof(cp));
	}
	lua_atpanic(L, l_panic);
	lua_pushcfunction(L, msgh);                 /* 1 */
	lua_pushcfunction(L, prepare);
	if (lua_pcall(L, 0, 1, 0) != LUA_OK) {      /* 2: env */
		rc = lua_failure(L, &c, LUA_ERRMEM, 0);
		goto out;
	}
	status = luaL_loadbufferx(L, c.text, c.len, CHUNK_NAME, "t");
	if (status != LUA_OK) {
		rc = lua_failure(L, &c, status, 1);
		goto out;
	}
	lua_pushvalue(L, 2);
	lua_setupvalue(L, -2, 1);                   /* _ENV */
	lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
	status = lua_pcall(L, 0, 0, 1);
	lua_sethook(L, NULL, 0, 0);
	if (status != LUA_OK) {
		rc = lua_failure(L, &c, status, 0);
		goto out;
	}
	rc = sections_json(&doc, L, R_DOC, &nodes);
	if (rc == 0)
		rc = sections_json(&lines, L, R_LINES, &nodes);
	if (rc != 0)
		goto out;
	all = json_pack("{s:O,s:O}", "doc", doc, "lines", lines);
	text = all ? json_dumps(all, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (!text) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	rc = vc_buf_puts(result, text);
	if (rc == VC_ELIMIT)
		rc = vc_error_set(rc, "evaluation result is larger than %zu bytes", result->cap);
out:
	if (rc == VC_ENOMEM)
		rc = vc_error_set(VC_ELIMIT, "evaluation exceeded its memory limit");
	free(text);
	json_decref(all);
	json_decref(doc);
	json_decref(lines);
	if (L)
		lua_close(L);
	free(c.line_at);
	return rc;
}

int vc_luaconfig_eval(json_t **doc, json_t **lines, const char *text, size_t len)
{
	struct lua_job in = { text, len };
	json_t *res = NULL, *d, *l;
	int rc;

	*doc = NULL;
	if (lines)
		*lines = NULL;
	if (len > VC_LUACONFIG_MAX_BYTES)
		return vc_error_set(VC_ELIMIT, "input larger than %zu bytes",
				    VC_LUACONFIG_MAX_BYTES);
	rc = vc_sandbox_run(&res, lua_child, &in, NULL);
	if (rc != 0)
		return rc;
	d = json_object_get(res, "doc");
	l = json_object_get(res, "lines");
	if (!json_is_object(d) || !json_is_object(l)) {
		json_decref(res);
		return vc_error_set(VC_ERROR, "evaluation returned malformed JSON");
	}
	*doc = json_incref(d);
	if (lines)
		*lines = json_incref(l);
	json_decref(res);
	return 0;
}
