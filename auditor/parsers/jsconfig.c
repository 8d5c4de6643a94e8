/*
 * Jitsi config.js through Duktape in a sandboxed child.
 *
 * The child evaluates the texts and sends JSON.stringify of the variable;
 * the parent maps every leaf of the result to the line of its last textual
 * assignment with a small tokenizer of its own (strings, comments, regular
 * expressions and template literals skipped; brackets tracked), which
 * never executes anything.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <duktape.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/jsconfig.h"
#include "parsers/sandbox.h"

#define PATH_MAX_LEN 1024       /* longest dotted path with a line */
#define KEY_MAX_LEN 256         /* longest key the tokenizer remembers */
#define TEMPLATE_DEPTH 16       /* `${ `...` }` nesting the tokenizer follows */
#define ERRMSG_MAX 80           /* longest engine message that may be shown */

/* ---- UTF-8 repair of Duktape's output (CESU-8, extended UTF-8) ---- */

/*
 * Decode one (possibly surrogate-encoding) sequence at s; *cp = U+FFFD on
 * malformed input. Returns the bytes used (at least 1).
 */
static size_t decode_loose(uint32_t *cp, const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < len) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
		c = 0xFFFD;
	*cp = c;
	return len;
}

/* Append `n` bytes of Duktape string data to b as valid UTF-8. */
static int put_repaired(struct vc_buf *b, const char *data, size_t n)
{
	const unsigned char *s = (const unsigned char *)data;
	uint32_t cp, lo;
	size_t i = 0, k, k2;
	int rc;

	while (i < n) {
		k = decode_loose(&cp, s + i, n - i);
		if (cp >= 0xD800 && cp <= 0xDBFF && i + k < n) {
			k2 = decode_loose(&lo, s + i + k, n - i - k);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				k += k2;
			}
		}
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		rc = vc_utf8_put(b, cp);
		if (rc != 0)
			return rc;
		i += k;
	}
	return 0;
}

/* ---- the child: Duktape ---- */

struct js_job {
	const char *const *texts;
	const size_t *lens;
	size_t ntexts;
	const char *varname;
};

struct js_err {
	int line;
	const char *name;        /* an allowlisted constructor name, or NULL */
	char msg[ERRMSG_MAX + 1];
};

enum { GOT_VALUE, NOT_DEFINED, NOT_OBJECT };

struct js_final {
	const char *varname;
	int status;
};

static const char STUBS[] =
	"var window = {};\n"
	"var document = {};\n"
	"var navigator = { userAgent: '' };\n"
	"var location = { hostname: '', host: '', href: '', origin: '', protocol: 'https:',\n"
	"\tpathname: '/', search: '', hash: '' };\n";

/* Globals that could write somewhere, load code or reach engine internals. */
static const char *const REMOVED[] = {
	"Duktape", "print", "alert", "require", "module", "exports", "console", NULL
};

static const char *const ERROR_NAMES[] = {
	"Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError",
	"URIError", NULL
};

/* Duktape's own limit messages: constants, safe to show. */
static const char *const LIMIT_MESSAGES[] = {
	"callstack limit", "C stack depth limit", "valstack limit", "alloc failed",
	"compiler recursion limit", "executor recursion limit", NULL
};

static void *js_alloc(void *udata, duk_size_t size)
{
	return vc_sandbox_alloc(udata, size);
}

static void *js_realloc(void *udata, void *ptr, duk_size_t size)
{
	return vc_sandbox_realloc(udata, ptr, size);
}

static void js_free(void *udata, void *ptr)
{
	vc_sandbox_free(udata, ptr);
}

static void js_fatal(void *udata, const char *msg)
{
	struct vc_sandbox_heap *heap = udata;

	(void)msg;   /* may describe the input */
	if (heap && heap->hit)
		vc_sandbox_child_fail(vc_error_set(VC_ELIMIT,
						   "evaluation exceeded its memory limit"));
	vc_sandbox_child_fail(vc_error_set(VC_ERROR, "evaluation failed: fatal engine error"));
}

/* Keep an engine message only when it is made of plain lower-case words. */
static void keep_safe_message(char *dst, const char *msg)
{
	size_t n = 0;
	const char *cut;

	dst[0] = 0;
	if (!msg)
		return;
	cut = strstr(msg, " (line ");
	n = cut ? (size_t)(cut - msg) : strlen(msg);
	if (n == 0 || n > ERRMSG_MAX || strspn(msg, "abcdefghijklmnopqrstuvwxyz0123456789 ,-") < n)
		return;
	memcpy(dst, msg, n);
	dst[n] = 0;
}

/* [err] -> [err]: read line, name and message (may run getters: protected). */
static duk_ret_t read_error(duk_context *ctx, void *udata)
{
	struct js_err *e = udata;
	const char *s;
	size_t i;

	if (!duk_is_object(ctx, -1))
		return 0;
	duk_get_prop_string(ctx, -1, "lineNumber");
	if (duk_is_number(ctx, -1)) {
		double d = duk_get_number(ctx, -1);

		e->line = d >= 1 && d <= 1e9 ? (int)d : 0;
	}
	duk_pop(ctx);
	if (!duk_is_error(ctx, -1))
		return 0;
	duk_get_prop_string(ctx, -1, "name");
	s = duk_get_string(ctx, -1);
	for (i = 0; s && ERROR_NAMES[i]; i++) {
		if (strcmp(s, ERROR_NAMES[i]) == 0)
			e->name = ERROR_NAMES[i];
	}
	duk_pop(ctx);
	duk_get_prop_string(ctx, -1, "message");
	keep_safe_message(e->msg, duk_get_string(ctx, -1));
	duk_pop(ctx);
	return 0;
}

/* The error on the stack top as the thread's error; pops it. */
static int js_error(duk_context *ctx, const struct vc_sandbox_heap *heap, const struct js_job *job,
		    size_t text, int compiling)
{
	struct js_err e = { 0, NULL, "" };
	char where[64] = "", extra[ERRMSG_MAX + 4] = "";
	size_t i;

	(void)duk_safe_call(ctx, read_error, &e, 1, 1);
	duk_pop(ctx);
	if (heap->hit)
		return vc_error_set(VC_ELIMIT, "evaluation exceeded its memory limit");
	if (job->ntexts > 1)
		snprintf(where, sizeof(where), "text %zu, ", text);
	if (e.line > 0)
		snprintf(where + strlen(where), sizeof(where) - strlen(where), "line %d: ", e.line);
	if (compiling) {
		if (e.msg[0])
			snprintf(extra, sizeof(extra), " (%s)", e.msg);
		return vc_error_set(VC_EPARSE, "%ssyntax error%s", where, extra);
	}
	/* a runtime message can be chosen by the script: only known constants */
	for (i = 0; LIMIT_MESSAGES[i]; i++) {
		if (e.name && strcmp(e.name, "RangeError") == 0 && strcmp(e.msg, LIMIT_MESSAGES[i]) == 0)
			return vc_error_set(VC_ELIMIT, "%sevaluation hit the engine's %s", where,
					    e.msg);
	}
	if (e.name)
		return vc_error_set(VC_EPARSE, "%suncaught %s", where, e.name);
	return vc_error_set(VC_EPARSE, "%suncaught exception", where);
}

/* [] -> [json string or undefined]; final->status says which. */
static duk_ret_t get_json(duk_context *ctx, void *udata)
{
	struct js_final *f = udata;

	duk_push_global_object(ctx);
	if (!duk_has_prop_string(ctx, -1, f->varname)) {
		f->status = NOT_DEFINED;
		duk_push_undefined(ctx);
		return 1;
	}
	duk_get_prop_string(ctx, -1, f->varname);
	if (!duk_is_object(ctx, -1) || duk_is_array(ctx, -1) || duk_is_function(ctx, -1)) {
		f->status = duk_is_undefined(ctx, -1) ? NOT_DEFINED : NOT_OBJECT;
		duk_push_undefined(ctx);
		return 1;
	}
	duk_json_encode(ctx, -1);
	f->status = GOT_VALUE;
	return 1;
}

static duk_ret_t setup(duk_context *ctx, void *udata)
{
	size_t i;

	(void)udata;
	duk_push_global_object(ctx);
	for (i = 0; REMOVED[i]; i++)
		duk_del_prop_string(ctx, -1, REMOVED[i]);
	duk_pop(ctx);
	duk_eval_string_noresult(ctx, STUBS);
	return 0;
}

static int js_child(struct vc_buf *result, const void *arg)
{
	const struct js_job *job = arg;
	struct vc_sandbox_heap heap = { 0, VC_JSCONFIG_HEAP, 0 };
	struct js_final fin = { job->varname, GOT_VALUE };
	duk_context *ctx;
	const char *json;
	duk_size_t n;
	size_t i;
	int rc;

	ctx = duk_create_heap(js_alloc, js_realloc, js_free, &heap, js_fatal);
	if (!ctx)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (duk_safe_call(ctx, setup, NULL, 0, 1) != 0) {
		rc = vc_error_set(VC_ERROR, "cannot prepare the evaluation");
		goto out;
	}
	duk_pop(ctx);
	for (i = 0; i < job->ntexts; i++) {
		if (duk_pcompile_lstring(ctx, 0, job->texts[i], job->lens[i]) != 0) {
			rc = js_error(ctx, &heap, job, i, 1);
			goto out;
		}
		if (duk_pcall(ctx, 0) != 0) {
			rc = js_error(ctx, &heap, job, i, 0);
			goto out;
		}
		duk_pop(ctx);
	}
	if (duk_safe_call(ctx, get_json, &fin, 0, 1) != 0) {
		duk_pop(ctx);
		if (heap.hit)
			rc = vc_error_set(VC_ELIMIT, "evaluation exceeded its memory limit");
		else
			rc = vc_error_set(VC_EPARSE, "'%s' cannot be converted to JSON",
					  job->varname);
		goto out;
	}
	if (fin.status == NOT_DEFINED) {
		rc = vc_error_set(VC_ENOTFOUND, "'%s' is not defined", job->varname);
		goto out;
	}
	if (fin.status == NOT_OBJECT) {
		rc = vc_error_set(VC_EPARSE, "'%s' is not an object", job->varname);
		goto out;
	}
	json = duk_get_lstring(ctx, -1, &n);
	if (!json) {   /* a toJSON() that gave undefined */
		rc = vc_error_set(VC_EPARSE, "'%s' cannot be converted to JSON", job->varname);
		goto out;
	}
	rc = put_repaired(result, json, n);
	if (rc == VC_ELIMIT)
		rc = vc_error_set(VC_ELIMIT, "evaluation result is larger than %zu bytes",
				  result->cap);
	else if (rc != 0)
		rc = vc_error_set(rc, "out of memory");
out:
	duk_destroy_heap(ctx);
	return rc;
}

/* ---- the parent: where was each key assigned? ---- */

enum tok { T_EOF, T_IDENT, T_STRING, T_NUMBER, T_PUNCT, T_REGEX, T_TEMPLATE };

struct lexer {
	const char *p, *end;
	int line;
	enum tok type;            /* the current token */
	int tline;
	char punct[5];
	char val[KEY_MAX_LEN + 1];   /* identifier or decoded string */
	size_t vlen;
	int vlong;                /* longer than KEY_MAX_LEN: not usable as a key */
	enum tok prev_type;       /* the token before, for the regex/division choice */
	char prev_punct[5];
	char prev_val[16];
};

enum frame_kind { F_CODE, F_OBJ, F_OPAQUE };

struct frame {
	enum frame_kind kind;
	char close;
	int expect_key;
	int path_ok;
	size_t plen;
	char path[PATH_MAX_LEN + 1];
};

enum chain_state { C_NONE, C_NAME, C_KEY, C_PROP, C_BSTR, C_BCLOSE };

struct rec {
	int text;
	int line;
};

struct scan {
	struct frame *st;
	size_t depth;
	const char *varname;
	int text;
	/* the value of the last assignment, if its next token opens an object */
	int pending;
	int pend_ok;
	size_t pend_len;
	char pend[PATH_MAX_LEN + 1];
	/* a key seen in key position of an object literal */
	int key_seen;
	int key_ok;
	int key_line;
	size_t key_len;
	char key[KEY_MAX_LEN + 1];
	/* NAME.a['b'] = */
	enum chain_state chain;
	int chain_ok;
	int chain_line;
	size_t chain_len;
	char chain_path[PATH_MAX_LEN + 1];
	/* results */
	json_t *last;             /* path -> index into recs of its last assignment */
	struct rec *recs;
	size_t nrecs, rcap;
};

static const char *const OPS[] = {
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "?\?=",
	"=>", "==", "!=", "<=", ">=", "+=", "-=", "*=", "%=", "&=", "|=", "^=", "&&",
	"||", "??", "?.", "++", "--", "**", "<<", ">>", NULL
};

static const char *const REGEX_AFTER[] = {
	"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw",
	"case", "do", "else", NULL
};

static int is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
	       c >= 0x80;
}

static int is_ident_char(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static void val_putc(struct lexer *lx, char c)
{
	if (lx->vlen < KEY_MAX_LEN)
		lx->val[lx->vlen++] = c;
	else
		lx->vlong = 1;
	lx->val[lx->vlen] = 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read `n` hex digits at p; -1 when they are not all there. */
static long read_hex(const char *p, const char *end, int n)
{
	long v = 0;
	int i, h;

	if (end - p < n)
		return -1;
	for (i = 0; i < n; i++) {
		h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void newline_at(struct lexer *lx, const char *p)
{
	if (*p == '\n' || (*p == '\r' && (p + 1 >= lx->end || p[1] != '\n')))
		lx->line++;
}

/* A quoted string; the decoded value goes to lx->val (simple escapes). */
static void lex_string(struct lexer *lx)
{
	char q = *lx->p++, c, enc[4];
	size_t i, n;
	long h;

	while (lx->p < lx->end && *lx->p != q) {
		c = *lx->p;
		if (c == '\n')
			return;   /* unterminated: the engine reports it */
		lx->p++;
		if (c != '\\') {
			val_putc(lx, c);
			continue;
		}
		if (lx->p >= lx->end)
			return;
		c = *lx->p++;
		if (c == '\r' || c == '\n') {   /* line continuation */
			lx->line++;
			if (c == '\r' && lx->p < lx->end && *lx->p == '\n')
				lx->p++;
			continue;
		}
		h = c == 'x' ? read_hex(lx->p, lx->end, 2) : c == 'u' ? read_hex(lx->p, lx->end, 4) : -1;
		if (h >= 0) {
			lx->p += c == 'x' ? 2 : 4;
			n = vc_utf8_encode(enc, (uint32_t)h);
			for (i = 0; i < n; i++)
				val_putc(lx, enc[i]);
			continue;
		}
		val_putc(lx, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
	}
	if (lx->p < lx->end)
		lx->p++;
}

/* A template literal, `${ ... }` included (nested ones to a depth). */
static void lex_template(struct lexer *lx, int depth)
{
	int braces;
	char c;

	lx->p++;
	while (lx->p < lx->end && *lx->p != '`') {
		newline_at(lx, lx->p);
		if (*lx->p == '\\') {
			lx->p += lx->p + 1 < lx->end ? 2 : 1;
			continue;
		}
		if (*lx->p != '$' || lx->p + 1 >= lx->end || lx->p[1] != '{') {
			lx->p++;
			continue;
		}
		lx->p += 2;
		for (braces = 1; lx->p < lx->end && braces > 0;) {
			c = *lx->p;
			if (c == '`' && depth < TEMPLATE_DEPTH) {
				lex_template(lx, depth + 1);
				continue;
			}
			if (c == '\'' || c == '"') {
				lex_string(lx);
				continue;
			}
			newline_at(lx, lx->p);
			braces += c == '{' ? 1 : c == '}' ? -1 : 0;
			lx->p++;
		}
	}
	if (lx->p < lx->end)
		lx->p++;
}

static void lex_regex(struct lexer *lx)
{
	int in_class = 0;

	lx->p++;
	while (lx->p < lx->end && *lx->p != '\n') {
		if (*lx->p == '\\') {
			lx->p += lx->p + 1 < lx->end && lx->p[1] != '\n' ? 2 : 1;
			continue;
		}
		if (*lx->p == '[')
			in_class = 1;
		else if (*lx->p == ']')
			in_class = 0;
		else if (*lx->p == '/' && !in_class)
			break;
		lx->p++;
	}
	if (lx->p < lx->end && *lx->p == '/')
		lx->p++;
	while (lx->p < lx->end && is_ident_char((unsigned char)*lx->p))
		lx->p++;
}

static int regex_allowed(const struct lexer *lx)
{
	size_t i;

	if (lx->prev_type == T_EOF)
		return 1;
	if (lx->prev_type == T_PUNCT)
		return strcmp(lx->prev_punct, ")") && strcmp(lx->prev_punct, "]") &&
		       strcmp(lx->prev_punct, "}");
	if (lx->prev_type == T_IDENT) {
		for (i = 0; REGEX_AFTER[i]; i++) {
			if (strcmp(lx->prev_val, REGEX_AFTER[i]) == 0)
				return 1;
		}
	}
	return 0;
}

/* Skip white space and comments. */
static void skip_space(struct lexer *lx)
{
	while (lx->p < lx->end) {
		char c = *lx->p;

		if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			lx->p += 2;
			while (lx->p < lx->end && !(*lx->p == '*' && lx->p + 1 < lx->end &&
						    lx->p[1] == '/')) {
				newline_at(lx, lx->p);
				lx->p++;
			}
			lx->p += lx->p < lx->end ? 2 : 0;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
			   c == '\v') {
			newline_at(lx, lx->p);
			lx->p++;
		} else {
			return;
		}
	}
}

static void next_token(struct lexer *lx)
{
	const unsigned char *u;
	size_t i, n;
	char c;

	lx->prev_type = lx->type;
	memcpy(lx->prev_punct, lx->punct, sizeof(lx->punct));
	if (lx->type == T_IDENT && lx->vlen < sizeof(lx->prev_val))
		memcpy(lx->prev_val, lx->val, lx->vlen + 1);
	else
		lx->prev_val[0] = 0;
	lx->vlen = 0;
	lx->vlong = 0;
	lx->val[0] = 0;
	lx->punct[0] = 0;
	skip_space(lx);
	lx->tline = lx->line;
	if (lx->p >= lx->end) {
		lx->type = T_EOF;
		return;
	}
	c = *lx->p;
	u = (const unsigned char *)lx->p;
	if (c == '\'' || c == '"') {
		lx->type = T_STRING;
		lex_string(lx);
	} else if (c == '`') {
		lx->type = T_TEMPLATE;
		lex_template(lx, 0);
	} else if (is_ident_start(*u)) {
		lx->type = T_IDENT;
		while (lx->p < lx->end && is_ident_char((unsigned char)*lx->p))
			val_putc(lx, *lx->p++);
	} else if ((c >= '0' && c <= '9') || (c == '.' && lx->p + 1 < lx->end &&
					       lx->p[1] >= '0' && lx->p[1] <= '9')) {
		lx->type = T_NUMBER;
		while (lx->p < lx->end) {
			char d = *lx->p;

			if (is_ident_char((unsigned char)d) || d == '.')
				val_putc(lx, *lx->p++);
			else if ((d == '+' || d == '-') && lx->vlen > 0 &&
				 (lx->val[lx->vlen - 1] == 'e' || lx->val[lx->vlen - 1] == 'E') &&
				 !(lx->vlen > 1 && (lx->val[1] == 'x' || lx->val[1] == 'X')))
				val_putc(lx, *lx->p++);
			else
				break;
		}
	} else if (c == '/' && regex_allowed(lx)) {
		lx->type = T_REGEX;
		lex_regex(lx);
	} else {
		lx->type = T_PUNCT;
		for (i = 0; OPS[i]; i++) {
			n = strlen(OPS[i]);
			if ((size_t)(lx->end - lx->p) >= n && memcmp(lx->p, OPS[i], n) == 0)
				break;
		}
		n = OPS[i] ? strlen(OPS[i]) : 1;
		memcpy(lx->punct, lx->p, n);
		lx->punct[n] = 0;
		lx->p += n;
	}
}

static int is_punct(const struct lexer *lx, const char *s)
{
	return lx->type == T_PUNCT && strcmp(lx->punct, s) == 0;
}

/* dst = prefix "." key (or key alone); 0 when it does not fit. */
static int join_path(char *dst, size_t *dlen, const char *prefix, size_t plen,
		     const char *key, size_t klen)
{
	size_t need = plen + (plen ? 1 : 0) + klen;

	if (need > PATH_MAX_LEN)
		return 0;
	if (dst != prefix)
		memmove(dst, prefix, plen);
	if (plen)
		dst[plen++] = '.';
	memcpy(dst + plen, key, klen);
	dst[need] = 0;
	*dlen = need;
	return 1;
}

static int record(struct scan *sc, const char *path, int line)
{
	struct rec *nr;
	json_t *idx;

	if (sc->nrecs >= VC_JSCONFIG_MAX_KEYS)
		return vc_error_set(VC_ELIMIT, "more than %d key assignments",
				    VC_JSCONFIG_MAX_KEYS);
	if (sc->nrecs == sc->rcap) {
		size_t ncap = sc->rcap ? sc->rcap * 2 : 256;

		nr = realloc(sc->recs, ncap * sizeof(*nr));
		if (!nr)
			return vc_error_set(VC_ENOMEM, "out of memory");
		sc->recs = nr;
		sc->rcap = ncap;
	}
	idx = json_integer((json_int_t)sc->nrecs);
	if (!idx)
		return vc_error_set(VC_ENOMEM, "out of memory");
	/* a key that is not valid UTF-8 cannot match the result: skip it */
	if (json_object_set_new(sc->last, path, idx) != 0)
		return 0;
	sc->recs[sc->nrecs].text = sc->text;
	sc->recs[sc->nrecs].line = line;
	sc->nrecs++;
	return 0;
}

static int push(struct scan *sc, enum frame_kind kind, char close, const char *path,
		size_t plen, int path_ok, int line)
{
	struct frame *f;

	if (sc->depth >= VC_JSCONFIG_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "line %d: nesting deeper than %d", line,
				    VC_JSCONFIG_MAX_DEPTH);
	f = &sc->st[sc->depth++];
	f->kind = kind;
	f->close = close;
	f->expect_key = kind == F_OBJ;
	f->path_ok = path_ok && path;
	f->plen = f->path_ok ? plen : 0;
	if (f->path_ok)
		memcpy(f->path, path, plen);
	f->path[f->plen] = 0;
	return 0;
}

/* One token of NAME.a['b'] =; 1 when it was part of the chain. */
static int chain_step(struct scan *sc, const struct lexer *lx, int *rc)
{
	size_t n;

	switch (sc->chain) {
	case C_NAME:
	case C_KEY:
		if (is_punct(lx, ".")) {
			sc->chain = C_PROP;
			return 1;
		}
		if (is_punct(lx, "[")) {
			*rc = push(sc, F_OPAQUE, ']', NULL, 0, 0, lx->tline);
			sc->chain = C_BSTR;
			return 1;
		}
		if (is_punct(lx, "=")) {
			if (sc->chain == C_KEY && sc->chain_ok)
				*rc = record(sc, sc->chain_path, sc->chain_line);
			sc->pending = 1;
			sc->pend_ok = sc->chain_ok;
			sc->pend_len = sc->chain_len;
			memcpy(sc->pend, sc->chain_path, sc->chain_len + 1);
			sc->chain = C_NONE;
			return 1;
		}
		break;
	case C_PROP:
	case C_BSTR:
		if ((sc->chain == C_PROP && lx->type == T_IDENT) ||
		    (sc->chain == C_BSTR && lx->type == T_STRING)) {
			if (lx->vlong || !join_path(sc->chain_path, &n, sc->chain_path,
						    sc->chain_len, lx->val, lx->vlen))
				sc->chain_ok = 0;
			else
				sc->chain_len = n;
			sc->chain_line = lx->tline;
			sc->chain = sc->chain == C_PROP ? C_KEY : C_BCLOSE;
			return 1;
		}
		break;
	case C_BCLOSE:
		if (is_punct(lx, "]") && sc->depth > 1 && sc->st[sc->depth - 1].close == ']') {
			sc->depth--;
			sc->chain = C_KEY;
			return 1;
		}
		break;
	case C_NONE:
		break;
	}
	sc->chain = C_NONE;
	return 0;
}

static int feed(struct scan *sc, const struct lexer *lx)
{
	struct frame *top = &sc->st[sc->depth - 1];
	size_t n;
	int rc = 0;

	if (sc->pending) {
		sc->pending = 0;
		if (is_punct(lx, "{"))
			return push(sc, F_OBJ, '}', sc->pend, sc->pend_len, sc->pend_ok, lx->tline);
	}
	if (sc->chain != C_NONE && chain_step(sc, lx, &rc))
		return rc;
	if (top->kind == F_OBJ) {
		if (top->expect_key) {
			top->expect_key = 0;
			if (lx->type == T_IDENT || lx->type == T_STRING || lx->type == T_NUMBER) {
				sc->key_seen = 1;
				sc->key_ok = !lx->vlong;
				sc->key_line = lx->tline;
				sc->key_len = lx->vlen;
				memcpy(sc->key, lx->val, lx->vlen + 1);
				return 0;
			}
		} else if (sc->key_seen) {
			sc->key_seen = 0;
			if (is_punct(lx, ":")) {
				sc->pend_ok = top->path_ok && sc->key_ok &&
					      join_path(sc->pend, &n, top->path, top->plen,
							sc->key, sc->key_len);
				sc->pend_len = sc->pend_ok ? n : 0;
				sc->pending = 1;
				if (sc->pend_ok)
					return record(sc, sc->pend, sc->key_line);
				return 0;
			}
		}
		if (is_punct(lx, ",")) {
			top->expect_key = 1;
			return 0;
		}
	}
	if (lx->type == T_PUNCT && lx->punct[1] == 0) {
		switch (lx->punct[0]) {
		case '{':
			return push(sc, F_CODE, '}', NULL, 0, 0, lx->tline);
		case '(':
			return push(sc, F_OPAQUE, ')', NULL, 0, 0, lx->tline);
		case '[':
			return push(sc, F_OPAQUE, ']', NULL, 0, 0, lx->tline);
		case '}':
		case ')':
		case ']':
			if (sc->depth > 1 && top->close == lx->punct[0])
				sc->depth--;
			return 0;
		default:
			break;
		}
	}
	if (top->kind != F_OBJ && lx->type == T_IDENT && strcmp(lx->val, sc->varname) == 0 &&
	    !(lx->prev_type == T_PUNCT && (strcmp(lx->prev_punct, ".") == 0 ||
					   strcmp(lx->prev_punct, "?.") == 0))) {
		sc->chain = C_NAME;
		sc->chain_ok = 1;
		sc->chain_len = 0;
		sc->chain_path[0] = 0;
		sc->chain_line = lx->tline;
	}
	return 0;
}

static int scan_text(struct scan *sc, const char *text, size_t len)
{
	struct lexer lx;
	int rc = 0;

	memset(&lx, 0, sizeof(lx));
	lx.p = vc_utf8_skip_bom(text, &len);
	lx.end = lx.p + len;
	lx.line = 1;
	lx.type = T_EOF;
	sc->depth = 0;
	sc->pending = 0;
	sc->key_seen = 0;
	sc->chain = C_NONE;
	rc = push(sc, F_CODE, 0, NULL, 0, 0, 1);
	for (next_token(&lx); rc == 0 && lx.type != T_EOF; next_token(&lx))
		rc = feed(sc, &lx);
	return rc;
}

/* The last assignment of `path` or of a key enclosing it; -1 if none. */
static json_int_t lookup(const struct scan *sc, char *path, size_t len)
{
	json_int_t best = -1, v;
	json_t *idx;
	size_t i;

	idx = json_object_get(sc->last, path);
	if (idx)
		best = json_integer_value(idx);
	for (i = len; i-- > 1;) {
		if (path[i] != '.')
			continue;
		path[i] = 0;
		idx = json_object_get(sc->last, path);
		path[i] = '.';
		v = idx ? json_integer_value(idx) : -1;
		if (v > best)
			best = v;
	}
	return best;
}

static int add_line(json_t *lines, const struct scan *sc, char *path, size_t len)
{
	json_int_t i = lookup(sc, path, len);
	json_t *e;

	e = json_pack("{s:I,s:I}", "text", (json_int_t)(i >= 0 ? sc->recs[i].text : -1),
		      "line", (json_int_t)(i >= 0 ? sc->recs[i].line : 0));
	if (!e || json_object_set_new(lines, path, e) != 0)
		return vc_error_set(VC_ENOMEM, "out of memory");
	return 0;
}

/*
 * Check string sizes and depth below v; with `lines`, add a member for
 * every leaf (path_ok: the path of v fits in `path`).
 */
static int walk(json_t *lines, const struct scan *sc, const json_t *v, char *path, size_t plen,
		int path_ok, int depth)
{
	const char *key;
	json_t *child;
	size_t i, n;
	int rc, ok;

	if (depth > VC_JSCONFIG_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "the result is nested deeper than %d",
				    VC_JSCONFIG_MAX_DEPTH);
	if (json_is_string(v) && json_string_length(v) > VC_JSCONFIG_MAX_STRING)
		return vc_error_set(VC_ELIMIT, "a string value is longer than %zu bytes",
				    VC_JSCONFIG_MAX_STRING);
	if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			rc = walk(NULL, sc, child, path, plen, 0, depth + 1);
			if (rc != 0)
				return rc;
		}
	}
	if (json_is_object(v) && (json_object_size(v) > 0 || depth == 0)) {
		json_object_foreach((json_t *)v, key, child) {
			ok = path_ok && join_path(path, &n, path, plen, key, strlen(key));
			rc = walk(lines, sc, child, path, ok ? n : 0, ok, depth + 1);
			path[plen] = 0;
			if (rc != 0)
				return rc;
		}
		return 0;
	}
	if (lines && path_ok && depth > 0)
		return add_line(lines, sc, path, plen);
	return 0;
}

static int valid_identifier(const char *s)
{
	size_t i;

	if (!s || !is_ident_start((unsigned char)s[0]) || (unsigned char)s[0] >= 0x80)
		return 0;
	for (i = 1; s[i]; i++) {
		if (!is_ident_char((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return 0;
	}
	return i <= KEY_MAX_LEN;
}

int vc_jsconfig_eval(json_t **doc, json_t **lines, const char *const *texts,
		     const size_t *lens, size_t ntexts, const char *varname)
{
	struct js_job job = { texts, lens, ntexts, varname };
	struct scan sc;
	json_t *result = NULL, *lout = NULL;
	char *path = NULL;
	size_t i, total = 0;
	int rc;

	*doc = NULL;
	if (lines)
		*lines = NULL;
	memset(&sc, 0, sizeof(sc));
	if (!valid_identifier(varname))
		return vc_error_set(VC_ERROR, "the variable name is not an identifier");
	if (ntexts == 0 || ntexts > VC_JSCONFIG_MAX_TEXTS)
		return vc_error_set(ntexts ? VC_ELIMIT : VC_ERROR, "%zu texts (1 to %d allowed)",
				    ntexts, VC_JSCONFIG_MAX_TEXTS);
	for (i = 0; i < ntexts; i++) {
		if (lens[i] > VC_JSCONFIG_MAX_BYTES - total)
			return vc_error_set(VC_ELIMIT, "input larger than %zu bytes",
					    VC_JSCONFIG_MAX_BYTES);
		total += lens[i];
	}

	/* the source scan first: cheap, and it bounds the nesting */
	sc.varname = varname;
	sc.st = calloc(VC_JSCONFIG_MAX_DEPTH, sizeof(*sc.st));
	sc.last = json_object();
	path = malloc(PATH_MAX_LEN + 1);
	if (!sc.st || !sc.last || !path) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < ntexts; i++) {
		sc.text = (int)i;
		rc = scan_text(&sc, texts[i], lens[i]);
		if (rc != 0) {
			if (ntexts > 1)
				vc_error_set(rc, "text %zu, %s", i, vc_error_last());
			goto out;
		}
	}

	rc = vc_sandbox_run(&result, js_child, &job, NULL);
	if (rc != 0)
		goto out;
	if (!json_is_object(result)) {
		rc = vc_error_set(VC_EPARSE, "'%s' is not an object", varname);
		goto out;
	}
	if (lines) {
		lout = json_object();
		if (!lout) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
	}
	path[0] = 0;
	rc = walk(lout, &sc, result, path, 0, 1, 0);
	if (rc != 0)
		goto out;
	*doc = result;
	result = NULL;
	if (lines) {
		*lines = lout;
		lout = NULL;
	}
out:
	json_decref(result);
	json_decref(lout);
	json_decref(sc.last);
	free(sc.recs);
	free(sc.st);
	free(path);
	return rc;
}
