/*
 * The rule expression language: tokenizer, recursive-descent parser into an
 * immutable tree, and a three-valued (Kleene) evaluator over Jansson values.
 * Grammar and semantics: expr.h and docs/rule-language.md.
 *
 * Rule files are untrusted: the text is capped at VC_EXPR_MAX_TEXT bytes,
 * the parser counts nesting (VC_EXPR_MAX_DEPTH) before it recurses, regular
 * expressions are vetted before regcomp(), evaluation has a step budget and
 * evidence a cap.
 */
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "../core/buf.h"
#include "../core/err.h"

#define PARAMS_PREFIX "params."
#define PARAMS_PREFIX_LEN (sizeof(PARAMS_PREFIX) - 1)

/* Regular expressions: positions after expanding {m,n}, group nesting, length. */
#define RE_MAX_SIZE 10000
#define RE_MAX_NEST 32
#define RE_MAX_COPY_DEPTH 4   /* '+' and {m,n} nested in each other */
#define RE_MAX_NULL_COPIES 256   /* positions of a copied operand that can match "" */
#define RE_MAX_LEN VC_EXPR_MAX_TEXT

#define TO_STRING_CAP ((size_t)256 * 1024)

/* ---- tokens ---- */

enum tok {
	T_END, T_NAME, T_STR, T_INT,
	T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_OR, T_NOT, T_IN, T_CONTAINS, T_MATCHES,
	T_TRUE, T_FALSE, T_EXISTS, T_ALL, T_ANY, T_COUNT
};

static const struct {
	const char *word;
	enum tok tok;
} keywords[] = {
	{ "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN },
	{ "contains", T_CONTAINS }, { "matches", T_MATCHES }, { "true", T_TRUE },
	{ "false", T_FALSE }, { "exists", T_EXISTS }, { "all", T_ALL },
	{ "any", T_ANY }, { "count", T_COUNT },
};

static const char *op_text(enum tok t)
{
	switch (t) {
	case T_EQ: return "==";
	case T_NE: return "!=";
	case T_LT: return "<";
	case T_LE: return "<=";
	case T_GT: return ">";
	case T_GE: return ">=";
	case T_IN: return "in";
	case T_CONTAINS: return "contains";
	case T_MATCHES: return "matches";
	default: return "?";
	}
}

static int is_cmp_op(enum tok t)
{
	return (t >= T_EQ && t <= T_GE) || t == T_IN || t == T_CONTAINS || t == T_MATCHES;
}

/* ---- tree ---- */

enum nkind {
	N_LIT,      /* lit: string, integer, true, false */
	N_LIST,     /* lit: array of literals */
	N_NAME,     /* name (param when it starts with "params.") */
	N_NOT,      /* kid[0] */
	N_AND,      /* kid[0..nkid) */
	N_OR,
	N_CMP,      /* op, kid[0] op kid[1]; re for "matches" 'literal' */
	N_EXISTS,   /* name */
	N_COUNT,    /* name */
	N_ALL,      /* name, kid[0] = predicate */
	N_ANY
};

struct node {
	enum nkind kind;
	enum tok op;
	char *name;
	int param;          /* name is params.<key> */
	json_t *lit;
	regex_t *re;
	int col;            /* where it starts, for static checks */
	struct node **kid;
	size_t nkid, capkid;
};

struct vc_expr {
	struct node *root;
	char **names;       /* distinct fact names, first appearance first */
	size_t nnames, capnames;
};

static void node_free(struct node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkid; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->name);
	json_decref(n->lit);
	if (n->re) {
		regfree(n->re);
		free(n->re);
	}
	free(n);
}

static struct node *node_new(enum nkind kind, int col)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->col = col;
	}
	return n;
}

/* Append `kid` to `n`; takes ownership of `kid` even on failure. */
static int node_add(struct node *n, struct node *kid)
{
	if (n->nkid == n->capkid) {
		size_t cap = n->capkid ? n->capkid * 2 : 4;
		struct node **v = realloc(n->kid, cap * sizeof(*v));

		if (!v) {
			node_free(kid);
			return vc_error_set(VC_ENOMEM, "out of memory");
		}
		n->kid = v;
		n->capkid = cap;
	}
	n->kid[n->nkid++] = kid;
	return 0;
}

void vc_expr_free(struct vc_expr *e)
{
	size_t i;

	if (!e)
		return;
	node_free(e->root);
	for (i = 0; i < e->nnames; i++)
		free(e->names[i]);
	free(e->names);
	free(e);
}

static int names_add(struct vc_expr *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nnames; i++)
		if (strcmp(e->names[i], name) == 0)
			return 0;
	if (e->nnames == e->capnames) {
		size_t cap = e->capnames ? e->capnames * 2 : 8;
		char **v = realloc(e->names, cap * sizeof(*v));

		if (!v)
			return vc_error_set(VC_ENOMEM, "out of memory");
		e->names = v;
		e->capnames = cap;
	}
	e->names[e->nnames] = vc_strdup(name);
	if (!e->names[e->nnames])
		return vc_error_set(VC_ENOMEM, "out of memory");
	e->nnames++;
	return 0;
}

/* ---- regular expressions ---- */

/* s[i] == '['; index just past the bracket expression (or the end). */
static size_t re_skip_bracket(const char *s, size_t i)
{
	i++;
	if (s[i] == '^')
		i++;
	if (s[i] == ']')
		i++;
	while (s[i] && s[i] != ']') {
		if (s[i] == '[' && (s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == '=')) {
			char d = s[i + 1];

			i += 2;
			while (s[i] && !(s[i] == d && s[i + 1] == ']'))
				i++;
			if (s[i])
				i += 2;
		} else {
			i++;
		}
	}
	return s[i] ? i + 1 : i;
}

/*
 * s[i] == '{'. When a bound {m}, {m,}, {,n} or {m,n} follows, store its
 * largest finite count in *max and return the index past '}'; else 0.
 */
static size_t re_bound(const char *s, size_t i, size_t *max)
{
	size_t j = i + 1, m = 0, n = 0;
	int have_m = 0, have_n = 0;

	for (; s[j] >= '0' && s[j] <= '9'; j++, have_m = 1)
		if (m < 1000000)
			m = m * 10 + (size_t)(s[j] - '0');
	if (s[j] == ',')
		for (j++; s[j] >= '0' && s[j] <= '9'; j++, have_n = 1)
			if (n < 1000000)
				n = n * 10 + (size_t)(s[j] - '0');
	if (s[j] != '}' || (!have_m && !have_n))
		return 0;
	*max = have_n ? n : m;
	return j + 1;
}

/*
 * Refuse patterns glibc would take exponential time or huge memory for:
 * back-references (\1..\9), nested bounds and '+' (which glibc compiles by
 * copying its operand: ((a+)+)+ doubles at every level) that expand to more
 * than RE_MAX_SIZE positions, e.g. ((a{100}){100}){100}, and a repetition
 * operator right after another (a**, a+?, a{2}*: undefined in POSIX EREs;
 * glibc needs seconds for x^f*****...+), and more than RE_MAX_COPY_DEPTH
 * '+' or {m,n} nested in each other: on an operand that can match the empty
 * string glibc's compile time grows ten-fold and more per level
 * ((((a?|)+|)+|)+ ...), whatever the size; for the same reason such an
 * operand may not be copied when it holds a copy already ((a?){4})+), nor
 * to more than RE_MAX_NULL_COPIES positions ((a?){2500}). NULL when
 * acceptable.
 */
static const char *re_vet(const char *s)
{
	size_t sum[RE_MAX_NEST + 1];
	int depth[RE_MAX_NEST + 1];   /* deepest nesting of copies in each open group */
	/* can match "": the branch so far, some finished branch, of each open group */
	int bnull[RE_MAX_NEST + 1], gnull[RE_MAX_NEST + 1];
	size_t lvl = 0, last = 0, i = 0, max, j;
	int quant = 0, was_quant, lastd = 0, lastn = 1;

	if (strlen(s) > RE_MAX_LEN)
		return "regular expression too long";
	sum[0] = 0;
	depth[0] = 0;
	bnull[0] = 1;
	gnull[0] = 0;
	while (s[i]) {
		char c = s[i];

		was_quant = quant;
		if (c != '+' && c != '{' && c != '*' && c != '?') {
			lastd = 0;
			bnull[lvl] &= lastn;   /* the operand before is complete */
			lastn = 0;
		}
		quant = 0;
		if (c == '\\' && s[i + 1] >= '1' && s[i + 1] <= '9') {
			return "back-references are not supported in regular expressions";
		} else if (c == '\\' && s[i + 1]) {
			i += 2;
			last = 1;
			sum[lvl]++;
		} else if (c == '[') {
			i = re_skip_bracket(s, i);
			last = 1;
			sum[lvl]++;
		} else if (c == '(') {
			if (lvl == RE_MAX_NEST)
				return "regular expression nested too deeply";
			sum[++lvl] = 0;
			depth[lvl] = 0;
			bnull[lvl] = 1;
			gnull[lvl] = 0;
			last = 0;
			lastn = 1;
			i++;
		} else if (c == ')' && lvl > 0) {
			/* an empty group is still a node glibc copies */
			last = sum[lvl--] ? sum[lvl + 1] : 1;
			sum[lvl] += last;
			lastd = depth[lvl + 1];
			lastn = gnull[lvl + 1] | bnull[lvl + 1];
			i++;
		} else if (c == '{' && (j = re_bound(s, i, &max)) != 0) {
			if (was_quant)
				return "a repetition operator after another one is not supported";
			if (max > 0 && last > RE_MAX_SIZE / max)
				return "regular expression too large after expanding {m,n}";
			if (lastn && max > 1 && (lastd > 0 || last * max > RE_MAX_NULL_COPIES))
				return "regular expression repeats an optional part too often";
			if (max > 0)
				sum[lvl] += last * (max - 1);
			last *= max;
			if (s[i + 1] == ',' || s[i + 1] == '0')   /* {,n} {0,n}: may be absent */
				lastn = 1;
			i = j;
			quant = 1;
			if (max > 1)
				lastd++;
		} else if (c == '*' || c == '+' || c == '?') {
			if (was_quant)
				return "a repetition operator after another one is not supported";
			if (c == '+') {
				if (last > RE_MAX_SIZE / 2)
					return "regular expression too large after expanding +";
				if (lastn && (lastd > 0 || last * 2 > RE_MAX_NULL_COPIES))
					return "regular expression repeats an optional part too often";
				sum[lvl] += last;
				last *= 2;
				lastd++;
			} else {
				lastn = 1;
			}
			i++;
			quant = 1;
		} else if (c == '|') {
			gnull[lvl] |= bnull[lvl];
			bnull[lvl] = 1;
			lastn = 1;
			last = 0;
			i++;
		} else {
			last = 1;
			lastn = c == '^' || c == '$';   /* anchors match "" */
			sum[lvl]++;
			i++;
		}
		if (sum[lvl] > RE_MAX_SIZE)
			return "regular expression too large after expanding {m,n}";
		if (lastd > RE_MAX_COPY_DEPTH)
			return "regular expression repeats + or {m,n} nested more than 4 deep";
		if (lastd > depth[lvl])
			depth[lvl] = lastd;
	}
	return NULL;
}

/*
 * Compile `pat`. Returns the regex or NULL; on NULL, `why` (size n) holds
 * the problem in lower case.
 */
static regex_t *re_compile(const char *pat, char *why, size_t n)
{
	const char *bad = re_vet(pat);
	regex_t *re;
	int rc;

	if (bad) {
		snprintf(why, n, "%s", bad);
		return NULL;
	}
	re = malloc(sizeof(*re));
	if (!re) {
		snprintf(why, n, "out of memory");
		return NULL;
	}
	rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char msg[256];

		regerror(rc, re, msg, sizeof(msg));
		if (msg[0] >= 'A' && msg[0] <= 'Z')
			msg[0] = (char)(msg[0] - 'A' + 'a');
		snprintf(why, n, "invalid regular expression: %s", msg);
		free(re);
		return NULL;
	}
	return re;
}

/* ---- tokenizer ---- */

struct parser {
	const char *text;
	size_t pos;             /* next byte to read */
	enum tok tok;           /* current token */
	size_t tstart, tlen;    /* its bytes in text */
	char sbuf[VC_EXPR_MAX_TEXT + 1];   /* decoded string literal */
	size_t slen;
	json_int_t ival;
	int depth;
	int in_pred;            /* inside the predicate of all()/any() */
	struct vc_expr *e;
};

/* 1-based column of byte `off`, counting UTF-8 characters. */
static int col_of(const struct parser *p, size_t off)
{
	int col = 1;
	size_t i;

	for (i = 0; i < off && p->text[i]; i++)
		if (((unsigned char)p->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static int perr(const struct parser *p, size_t off, const char *fmt, ...) VC_PRINTF(3, 4);

static int perr(const struct parser *p, size_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return vc_error_set(VC_EPARSE, "col %d: %s", col_of(p, off), msg);
}

static int is_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident(char c)
{
	return is_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A readable description of the current token, for messages. */
static void describe(const struct parser *p, char *buf, size_t n)
{
	switch (p->tok) {
	case T_END:
		snprintf(buf, n, "end of expression");
		break;
	case T_STR:
		snprintf(buf, n, "a string");
		break;
	default:
		snprintf(buf, n, "'%.*s%s'", (int)(p->tlen > 40 ? 40 : p->tlen),
			 p->text + p->tstart, p->tlen > 40 ? "..." : "");
		break;
	}
}

/* A readable form of a stray byte. */
static void describe_char(char c, char *buf, size_t n)
{
	if (c > ' ' && c < 127)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", (unsigned char)c);
}

static int lex_string(struct parser *p)
{
	const char *t = p->text;
	char q = t[p->pos], d[32];
	size_t i = p->pos + 1;

	p->slen = 0;
	for (;;) {
		char c = t[i];

		if (c == 0)
			return perr(p, p->pos, "unterminated string");
		if (c == q)
			break;
		if (c == '\\') {
			char e = t[i + 1];

			if (e == 0)
				return perr(p, p->pos, "unterminated string");
			if (e != '\'' && e != '"' && e != '\\') {
				describe_char(e, d, sizeof(d));
				return perr(p, i, "unknown escape: backslash before %s in string "
					    "(only \\' \\\" and \\\\ are allowed)", d);
			}
			c = e;
			i++;
		}
		p->sbuf[p->slen++] = c;
		i++;
	}
	p->tok = T_STR;
	p->pos = i + 1;
	return 0;
}

static int lex_number(struct parser *p)
{
	const char *t = p->text;
	size_t i = p->pos;
	long long v;
	char *end;

	if (t[i] == '-')
		i++;
	while (is_digit(t[i]))
		i++;
	if (is_ident(t[i]) || t[i] == '.')
		return perr(p, p->pos, "malformed number (only whole numbers are allowed)");
	errno = 0;
	v = strtoll(t + p->pos, &end, 10);
	if (errno == ERANGE || end != t + i)
		return perr(p, p->pos, "number out of range");
	p->ival = (json_int_t)v;
	p->tok = T_INT;
	p->pos = i;
	return 0;
}

static int lex_name(struct parser *p)
{
	const char *t = p->text;
	size_t i = p->pos, k;
	int dotted = 0;

	for (;;) {
		while (is_ident(t[i]))
			i++;
		if (t[i] != '.')
			break;
		i++;
		dotted = 1;
		if (!is_start(t[i]))
			return perr(p, i, "expected a name part after '.'");
	}
	p->tok = T_NAME;
	if (!dotted)
		for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
			if (strlen(keywords[k].word) == i - p->pos &&
			    memcmp(keywords[k].word, t + p->pos, i - p->pos) == 0)
				p->tok = keywords[k].tok;
	p->pos = i;
	return 0;
}

/* Read the next token into p->tok. */
static int lex(struct parser *p)
{
	const char *t = p->text;
	char c, d[32];
	int rc = 0;

	while (t[p->pos] == ' ' || t[p->pos] == '\t' || t[p->pos] == '\n' ||
	       t[p->pos] == '\r')
		p->pos++;
	p->tstart = p->pos;
	c = t[p->pos];
	if (c == 0) {
		p->tok = T_END;
	} else if (is_start(c)) {
		rc = lex_name(p);
	} else if (is_digit(c) || (c == '-' && is_digit(t[p->pos + 1]))) {
		rc = lex_number(p);
	} else if (c == '\'' || c == '"') {
		rc = lex_string(p);
	} else {
		char n = t[p->pos + 1];
		size_t len = 1;

		switch (c) {
		case '(': p->tok = T_LPAREN; break;
		case ')': p->tok = T_RPAREN; break;
		case '[': p->tok = T_LBRACK; break;
		case ']': p->tok = T_RBRACK; break;
		case ',': p->tok = T_COMMA; break;
		case '<':
			p->tok = n == '=' ? T_LE : T_LT;
			len = n == '=' ? 2 : 1;
			break;
		case '>':
			p->tok = n == '=' ? T_GE : T_GT;
			len = n == '=' ? 2 : 1;
			break;
		case '=':
			if (n != '=')
				return perr(p, p->pos, "'=' is not an operator, use '=='");
			p->tok = T_EQ;
			len = 2;
			break;
		case '!':
			if (n != '=')
				return perr(p, p->pos, "'!' is not an operator, use '!=' or 'not'");
			p->tok = T_NE;
			len = 2;
			break;
		case '&':
			return perr(p, p->pos, "unexpected character '&', use 'and'");
		case '|':
			return perr(p, p->pos, "unexpected character '|', use 'or'");
		default:
			describe_char(c, d, sizeof(d));
			return perr(p, p->pos, "unexpected character %s", d);
		}
		p->pos += len;
	}
	p->tlen = p->pos - p->tstart;
	return rc;
}

/* Consume a token of type `want` or fail with "expected WHAT, found ...". */
static int expect(struct parser *p, enum tok want, const char *what)
{
	char d[64];

	if (p->tok != want) {
		describe(p, d, sizeof(d));
		return perr(p, p->tstart, "expected %s, found %s", what, d);
	}
	return lex(p);
}

/* ---- parser ---- */

static int parse_or(struct parser *p, struct node **out);

static int depth_enter(struct parser *p)
{
	if (++p->depth > VC_EXPR_MAX_DEPTH)
		return perr(p, p->tstart, "expression nested too deeply (limit %d levels)",
			    VC_EXPR_MAX_DEPTH);
	return 0;
}

/* The current token is a name: make an N_NAME-like node of `kind` from it. */
static int take_name(struct parser *p, enum nkind kind, int col, struct node **out)
{
	struct node *n;
	int rc;

	*out = NULL;
	if (p->tok != T_NAME) {
		char d[64];

		describe(p, d, sizeof(d));
		return perr(p, p->tstart, "expected a fact name, found %s", d);
	}
	if (p->tlen == PARAMS_PREFIX_LEN - 1 &&
	    memcmp(p->text + p->tstart, PARAMS_PREFIX, PARAMS_PREFIX_LEN - 1) == 0)
		return perr(p, p->tstart, "'params' needs a parameter name, e.g. params.max_days");
	n = node_new(kind, col);
	if (!n)
		return vc_error_set(VC_ENOMEM, "out of memory");
	n->name = vc_strndup(p->text + p->tstart, p->tlen);
	if (!n->name) {
		node_free(n);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	n->param = strncmp(n->name, PARAMS_PREFIX, PARAMS_PREFIX_LEN) == 0;
	if ((!n->param && !p->in_pred && (rc = names_add(p->e, n->name)) < 0) ||
	    (rc = lex(p)) < 0) {
		node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

/* The current token is a literal: its JSON value, or NULL with *rc set. */
static json_t *take_literal(struct parser *p, int *rc)
{
	json_t *v;
	char d[64];

	switch (p->tok) {
	case T_STR: v = json_stringn_nocheck(p->sbuf, p->slen); break;
	case T_INT: v = json_integer(p->ival); break;
	case T_TRUE: v = json_true(); break;
	case T_FALSE: v = json_false(); break;
	default:
		describe(p, d, sizeof(d));
		*rc = perr(p, p->tstart, "expected a string, number, true or false, found %s", d);
		return NULL;
	}
	if (!v) {
		*rc = vc_error_set(VC_ENOMEM, "out of memory");
		return NULL;
	}
	*rc = lex(p);
	if (*rc < 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* "[" literal ("," literal)* "]", current token "[". */
static int parse_list(struct parser *p, struct node **out)
{
	struct node *n = node_new(N_LIST, col_of(p, p->tstart));
	int rc;

	if (!n || !(n->lit = json_array())) {
		node_free(n);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	if ((rc = lex(p)) < 0)
		goto out;
	for (;;) {
		json_t *v = take_literal(p, &rc);

		if (!v)
			goto out;
		if (json_array_append_new(n->lit, v) < 0) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		if (p->tok != T_COMMA)
			break;
		if ((rc = lex(p)) < 0)
			goto out;
	}
	rc = expect(p, T_RBRACK, "',' or ']'");
out:
	if (rc < 0)
		node_free(n);
	else
		*out = n;
	return rc;
}

/* exists(name), count(name), all(name, expr), any(name, expr). */
static int parse_call(struct parser *p, struct node **out)
{
	enum tok t = p->tok;
	enum nkind kind = t == T_EXISTS ? N_EXISTS : t == T_COUNT ? N_COUNT :
			  t == T_ALL ? N_ALL : N_ANY;
	int col = col_of(p, p->tstart), pred = kind == N_ALL || kind == N_ANY;
	struct node *n = NULL, *kid = NULL;
	char what[32];
	int rc;

	if (pred && (rc = depth_enter(p)) < 0)
		return rc;
	snprintf(what, sizeof(what), "'(' after '%s'", t == T_EXISTS ? "exists" :
		 t == T_COUNT ? "count" : t == T_ALL ? "all" : "any");
	if ((rc = lex(p)) < 0 || (rc = expect(p, T_LPAREN, what)) < 0)
		goto out;
	if ((rc = take_name(p, kind, col, &n)) < 0)
		goto out;
	if (pred) {
		if ((rc = expect(p, T_COMMA, "',' and a condition")) < 0)
			goto out;
		p->in_pred++;
		rc = parse_or(p, &kid);
		p->in_pred--;
		if (rc < 0 || (rc = node_add(n, kid)) < 0)
			goto out;
		p->depth--;
	}
	rc = expect(p, T_RPAREN, "')'");
out:
	if (rc < 0)
		node_free(n);
	else
		*out = n;
	return rc;
}

static int parse_primary(struct parser *p, struct node **out)
{
	struct node *n = NULL;
	size_t open;
	char d[64];
	int rc;

	*out = NULL;
	switch (p->tok) {
	case T_STR:
	case T_INT:
	case T_TRUE:
	case T_FALSE:
		n = node_new(N_LIT, col_of(p, p->tstart));
		if (!n)
			return vc_error_set(VC_ENOMEM, "out of memory");
		n->lit = take_literal(p, &rc);
		if (!n->lit) {
			node_free(n);
			return rc;
		}
		*out = n;
		return 0;
	case T_NAME:
		return take_name(p, N_NAME, col_of(p, p->tstart), out);
	case T_LBRACK:
		return parse_list(p, out);
	case T_EXISTS:
	case T_COUNT:
	case T_ALL:
	case T_ANY:
		return parse_call(p, out);
	case T_LPAREN:
		open = p->tstart;
		if ((rc = depth_enter(p)) < 0 || (rc = lex(p)) < 0 ||
		    (rc = parse_or(p, &n)) < 0)
			return rc;
		if (p->tok != T_RPAREN) {
			describe(p, d, sizeof(d));
			rc = perr(p, p->tstart, "expected ')' to close the '(' at col %d, found %s",
				  col_of(p, open), d);
			node_free(n);
			return rc;
		}
		p->depth--;
		if ((rc = lex(p)) < 0) {
			node_free(n);
			return rc;
		}
		*out = n;
		return 0;
	default:
		describe(p, d, sizeof(d));
		return perr(p, p->tstart, "expected a value, found %s", d);
	}
}

/* A literal or list that is not an integer (never valid for < <= > >=). */
static int non_number_literal(const struct node *n)
{
	return n->kind == N_LIST || (n->kind == N_LIT && !json_is_integer(n->lit));
}

/* Checks that a literal operand makes sense, and compiles a literal regex. */
static int check_cmp(struct parser *p, size_t opat, struct node *n)
{
	const struct node *l = n->kid[0], *r = n->kid[1];
	char why[320];

	switch (n->op) {
	case T_IN:
		if (r->kind == N_LIT)
			return perr(p, opat, "'in' needs a list on the right, e.g. x in ['a', 'b']");
		break;
	case T_MATCHES:
		if (r->kind == N_LIST || (r->kind == N_LIT && !json_is_string(r->lit)))
			return perr(p, opat, "'matches' needs a regular expression string "
				    "on the right");
		if (r->kind == N_LIT) {
			n->re = re_compile(json_string_value(r->lit), why, sizeof(why));
			if (!n->re)
				return vc_error_set(VC_EPARSE, "col %d: %s", r->col, why);
		}
		break;
	case T_LT:
	case T_LE:
	case T_GT:
	case T_GE:
		if (non_number_literal(l) || non_number_literal(r))
			return perr(p, opat, "'%s' compares numbers only", op_text(n->op));
		break;
	default:
		break;
	}
	return 0;
}

static int parse_cmp(struct parser *p, struct node **out)
{
	struct node *l = NULL, *r = NULL, *n = NULL;
	size_t opat;
	int rc;

	if ((rc = parse_primary(p, &l)) < 0)
		return rc;
	if (!is_cmp_op(p->tok)) {
		*out = l;
		return 0;
	}
	opat = p->tstart;
	n = node_new(N_CMP, col_of(p, opat));
	if (!n) {
		node_free(l);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	n->op = p->tok;
	if ((rc = node_add(n, l)) < 0 || (rc = lex(p)) < 0 ||
	    (rc = parse_primary(p, &r)) < 0 || (rc = node_add(n, r)) < 0)
		goto out;
	if ((rc = check_cmp(p, opat, n)) < 0)
		goto out;
	if (is_cmp_op(p->tok))
		rc = perr(p, p->tstart, "comparisons cannot be chained, use parentheses "
			  "and 'and'");
out:
	if (rc < 0)
		node_free(n);
	else
		*out = n;
	return rc;
}

static int parse_not(struct parser *p, struct node **out)
{
	struct node *n, *kid = NULL;
	int col, rc;

	if (p->tok != T_NOT)
		return parse_cmp(p, out);
	col = col_of(p, p->tstart);
	if ((rc = depth_enter(p)) < 0 || (rc = lex(p)) < 0 || (rc = parse_not(p, &kid)) < 0)
		return rc;
	p->depth--;
	n = node_new(N_NOT, col);
	if (!n) {
		node_free(kid);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	if ((rc = node_add(n, kid)) < 0) {
		node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

typedef int (*parse_fn)(struct parser *p, struct node **out);

/* and := not ("and" not)*, or := and ("or" and)*: one n-ary node per chain. */
static int parse_chain(struct parser *p, enum tok sep, parse_fn sub, struct node **out)
{
	struct node *n = NULL, *kid = NULL;
	int rc;

	if ((rc = sub(p, &kid)) < 0)
		return rc;
	if (p->tok != sep) {
		*out = kid;
		return 0;
	}
	n = node_new(sep == T_AND ? N_AND : N_OR, kid->col);
	if (!n) {
		node_free(kid);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	if ((rc = node_add(n, kid)) < 0)
		goto out;
	while (p->tok == sep) {
		if ((rc = lex(p)) < 0 || (rc = sub(p, &kid)) < 0 || (rc = node_add(n, kid)) < 0)
			goto out;
	}
out:
	if (rc < 0)
		node_free(n);
	else
		*out = n;
	return rc;
}

static int parse_and(struct parser *p, struct node **out)
{
	return parse_chain(p, T_AND, parse_not, out);
}

static int parse_or(struct parser *p, struct node **out)
{
	return parse_chain(p, T_OR, parse_and, out);
}

int vc_expr_parse(struct vc_expr **out, const char *text)
{
	struct parser *p = NULL;
	struct vc_expr *e = NULL;
	char d[64];
	int rc;

	if (!out)
		return vc_error_set(VC_ERROR, "vc_expr_parse: no output");
	*out = NULL;
	if (!text)
		return vc_error_set(VC_EPARSE, "col 1: no expression");
	if (strnlen(text, VC_EXPR_MAX_TEXT + 1) > VC_EXPR_MAX_TEXT)
		return vc_error_set(VC_EPARSE, "col %d: expression longer than %d bytes",
				    VC_EXPR_MAX_TEXT + 1, VC_EXPR_MAX_TEXT);
	p = calloc(1, sizeof(*p));
	e = calloc(1, sizeof(*e));
	if (!p || !e) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	p->text = text;
	p->e = e;
	if ((rc = lex(p)) < 0)
		goto out;
	if (p->tok == T_END) {
		rc = perr(p, p->tstart, "empty expression");
		goto out;
	}
	if ((rc = parse_or(p, &e->root)) < 0)
		goto out;
	if (p->tok != T_END) {
		describe(p, d, sizeof(d));
		rc = p->tok == T_RPAREN ?
		     perr(p, p->tstart, "unmatched ')'") :
		     perr(p, p->tstart, "unexpected %s after the expression "
			  "(missing 'and' or 'or'?)", d);
		goto out;
	}
	*out = e;
	e = NULL;
	rc = 0;
out:
	vc_expr_free(e);
	free(p);
	return rc;
}

void vc_expr_foreach_name(const struct vc_expr *e,
			  void (*fn)(const char *name, void *ctx), void *ctx)
{
	size_t i;

	if (!e || !fn)
		return;
	for (i = 0; i < e->nnames; i++)
		fn(e->names[i], ctx);
}

/* ---- rendering ---- */

static int emit_literal(struct vc_buf *b, const json_t *v)
{
	const char *s;
	size_t i, n;
	int rc = 0;

	if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
		rc = vc_buf_putc(b, '\'');
		for (i = 0; i < n && rc == 0; i++) {
			if (s[i] == '\'' || s[i] == '\\')
				rc = vc_buf_putc(b, '\\');
			if (rc == 0)
				rc = vc_buf_putc(b, s[i]);
		}
		return rc ? rc : vc_buf_putc(b, '\'');
	}
	if (json_is_integer(v))
		return vc_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	return vc_buf_puts(b, json_is_true(v) ? "true" : "false");
}

static int emit(struct vc_buf *b, const struct node *n)
{
	static const char *const calls[] = {
		[N_EXISTS] = "exists", [N_COUNT] = "count", [N_ALL] = "all", [N_ANY] = "any",
	};
	size_t i;
	int rc = 0;

	switch (n->kind) {
	case N_LIT:
		return emit_literal(b, n->lit);
	case N_LIST:
		rc = vc_buf_putc(b, '[');
		for (i = 0; i < json_array_size(n->lit) && rc == 0; i++) {
			if (i)
				rc = vc_buf_puts(b, ", ");
			if (rc == 0)
				rc = emit_literal(b, json_array_get(n->lit, i));
		}
		return rc ? rc : vc_buf_putc(b, ']');
	case N_NAME:
		return vc_buf_puts(b, n->name);
	case N_NOT:
		if ((rc = vc_buf_puts(b, "(not ")) < 0 || (rc = emit(b, n->kid[0])) < 0)
			return rc;
		return vc_buf_putc(b, ')');
	case N_AND:
	case N_OR:
		rc = vc_buf_putc(b, '(');
		for (i = 0; i < n->nkid && rc == 0; i++) {
			if (i)
				rc = vc_buf_puts(b, n->kind == N_AND ? " and " : " or ");
			if (rc == 0)
				rc = emit(b, n->kid[i]);
		}
		return rc ? rc : vc_buf_putc(b, ')');
	case N_CMP:
		if ((rc = vc_buf_putc(b, '(')) < 0 || (rc = emit(b, n->kid[0])) < 0 ||
		    (rc = vc_buf_printf(b, " %s ", op_text(n->op))) < 0 ||
		    (rc = emit(b, n->kid[1])) < 0)
			return rc;
		return vc_buf_putc(b, ')');
	case N_EXISTS:
	case N_COUNT:
	case N_ALL:
	case N_ANY:
		if ((rc = vc_buf_printf(b, "%s(%s", calls[n->kind], n->name)) < 0)
			return rc;
		if (n->nkid && ((rc = vc_buf_puts(b, ", ")) < 0 || (rc = emit(b, n->kid[0])) < 0))
			return rc;
		return vc_buf_putc(b, ')');
	}
	return 0;
}

char *vc_expr_to_string(const struct vc_expr *e)
{
	struct vc_buf b = VC_BUF_INIT(TO_STRING_CAP);
	char *s;

	if (!e || !e->root)
		return NULL;
	if (emit(&b, e->root) < 0) {
		vc_buf_free(&b);
		return NULL;
	}
	s = vc_buf_detach(&b);
	vc_buf_free(&b);
	return s;
}

/* ---- evaluation ---- */

/* The element of each enclosing all()/any(), innermost first. */
struct scope {
	const json_t *elem;
	const struct scope *up;
};

struct eval {
	struct vc_expr_env *env;
	unsigned long steps;
	int exhausted;
};

/* An operand: NULL when unknown (absent); `own` is released after use. */
struct val {
	const json_t *j;
	json_t *own;
};

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void ev_entry_free(struct vc_expr_evidence *x)
{
	free(x->fact);
	json_decref(x->value);
	free(x->source);
}

/* Record evidence (deduplicated); dropping it when full or out of memory. */
static void ev_add(struct vc_expr_env *env, const char *fact, const json_t *v,
		   const char *source, int line, int offending)
{
	struct vc_expr_evidence x;
	size_t i;

	if (!env)
		return;
	for (i = 0; i < env->nev; i++) {
		const struct vc_expr_evidence *o = &env->ev[i];

		if (o->offending == offending && strcmp(o->fact, fact) == 0 &&
		    (!offending || (str_eq(o->source, source) && json_equal(o->value, v))))
			return;
	}
	if (env->nev >= VC_EXPR_MAX_EVIDENCE)
		goto drop;
	if (env->nev == env->capev) {
		size_t cap = env->capev ? env->capev * 2 : 8;
		struct vc_expr_evidence *nv;

		if (cap > VC_EXPR_MAX_EVIDENCE)
			cap = VC_EXPR_MAX_EVIDENCE;
		nv = realloc(env->ev, cap * sizeof(*nv));
		if (!nv)
			goto nomem;
		env->ev = nv;
		env->capev = cap;
	}
	x.fact = vc_strdup(fact);
	x.value = json_deep_copy(v);
	x.source = vc_strdup(source);
	x.line = line;
	x.offending = offending;
	if (!x.fact || !x.value || (source && !x.source)) {
		ev_entry_free(&x);
		goto nomem;
	}
	env->ev[env->nev++] = x;
	return;
nomem:
	env->nomem = 1;
drop:
	env->ev_truncated = 1;
}

void vc_expr_env_clear(struct vc_expr_env *env)
{
	size_t i;

	if (!env)
		return;
	for (i = 0; i < env->nev; i++)
		ev_entry_free(&env->ev[i]);
	free(env->ev);
	env->ev = NULL;
	env->nev = 0;
	env->capev = 0;
	env->ev_truncated = 0;
	env->over_budget = 0;
	env->nomem = 0;
}

/* Count `n` steps; 0 when the budget is spent. */
static int charge(struct eval *x, size_t n)
{
	if (x->exhausted || n > VC_EXPR_MAX_STEPS - x->steps) {
		x->exhausted = 1;
		return 0;
	}
	x->steps += n;
	return 1;
}

static int tick(struct eval *x)
{
	return charge(x, 1);
}

/* What comparing a value costs beyond one step: long strings, big lists. */
static size_t weight(const json_t *v)
{
	if (json_is_string(v))
		return json_string_length(v) / 16;
	if (json_is_array(v))
		return json_array_size(v);
	if (json_is_object(v))
		return json_object_size(v);
	return 0;
}

/*
 * Resolve a name: params.<key> from env->params; else the field of that
 * exact name in the innermost list element that has it; else the fact
 * (recorded as evidence). Borrowed, NULL when absent.
 */
static const json_t *resolve(struct eval *x, const struct scope *sc, const struct node *n,
			     const char **source, int *line)
{
	struct vc_expr_env *env = x->env;
	const json_t *v;

	*source = NULL;
	*line = 0;
	if (n->param) {
		if (!env || !json_is_object(env->params))
			return NULL;
		return json_object_get(env->params, n->name + PARAMS_PREFIX_LEN);
	}
	for (; sc; sc = sc->up)
		if (json_is_object(sc->elem) && (v = json_object_get(sc->elem, n->name)))
			return v;
	if (!env || !env->lookup)
		return NULL;
	v = env->lookup(n->name, env->ctx, source, line);
	if (v)
		ev_add(env, n->name, v, *source, *line, 0);
	else
		*source = NULL;
	return v;
}

static enum vc_tri tri_of(int b)
{
	return b ? VC_TRUE : VC_FALSE;
}

/* A value as a condition: JSON true/false, anything else unknown. */
static enum vc_tri tri_of_json(const json_t *v)
{
	return json_is_true(v) ? VC_TRUE : json_is_false(v) ? VC_FALSE : VC_UNKNOWN;
}

static const json_t *json_of_tri(enum vc_tri t)
{
	return t == VC_TRUE ? json_true() : t == VC_FALSE ? json_false() : NULL;
}

/*
 * "==": numbers numerically (integer vs real too), strings byte for byte,
 * booleans by value, lists and objects structurally; different types never.
 */
static int values_equal(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b)) {
		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return json_number_value(a) == json_number_value(b);
	}
	if (json_is_boolean(a) && json_is_boolean(b))
		return json_is_true(a) == json_is_true(b);
	if (json_is_string(a) && json_is_string(b))
		return json_string_length(a) == json_string_length(b) &&
		       memcmp(json_string_value(a), json_string_value(b),
			      json_string_length(a)) == 0;
	if (json_typeof(a) != json_typeof(b))
		return 0;
	return json_equal(a, b);
}

static enum vc_tri num_cmp(enum tok op, const json_t *a, const json_t *b)
{
	int c;

	if (!json_is_number(a) || !json_is_number(b))
		return VC_UNKNOWN;
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);

		c = x < y ? -1 : x > y;
	} else {
		double x = json_number_value(a), y = json_number_value(b);

		c = x < y ? -1 : x > y;
	}
	switch (op) {
	case T_LT: return tri_of(c < 0);
	case T_LE: return tri_of(c <= 0);
	case T_GT: return tri_of(c > 0);
	default: return tri_of(c >= 0);
	}
}

static enum vc_tri member(const json_t *list, const json_t *v)
{
	size_t i;

	if (!json_is_array(list))
		return VC_UNKNOWN;
	for (i = 0; i < json_array_size(list); i++)
		if (values_equal(json_array_get(list, i), v))
			return VC_TRUE;
	return VC_FALSE;
}

static enum vc_tri contains(const json_t *l, const json_t *r)
{
	if (json_is_array(l))
		return member(l, r);
	if (!json_is_string(l))
		return VC_UNKNOWN;
	if (!json_is_string(r))
		return VC_FALSE;
	if (json_string_length(r) == 0)
		return VC_TRUE;
	return tri_of(memmem(json_string_value(l), json_string_length(l),
			     json_string_value(r), json_string_length(r)) != NULL);
}

static enum vc_tri match(struct eval *x, const struct node *n, const json_t *l,
			 const json_t *r)
{
	regex_t *re = n->re;
	char why[320];
	int rc;

	if (!json_is_string(l))
		return VC_UNKNOWN;
	if (!re) {
		if (!json_is_string(r))
			return VC_UNKNOWN;
		re = re_compile(json_string_value(r), why, sizeof(why));
		if (!re && x->env && !strcmp(why, "out of memory"))
			x->env->nomem = 1;
		if (!re)
			return VC_UNKNOWN;
	}
	rc = regexec(re, json_string_value(l), 0, NULL, 0);
	if (re != n->re) {
		regfree(re);
		free(re);
	}
	if (rc == REG_ESPACE && x->env)
		x->env->nomem = 1;
	return rc == 0 ? VC_TRUE : rc == REG_NOMATCH ? VC_FALSE : VC_UNKNOWN;
}

static enum vc_tri eval_cond(struct eval *x, const struct scope *sc, const struct node *n);

static struct val eval_val(struct eval *x, const struct scope *sc, const struct node *n)
{
	struct val v = { NULL, NULL };
	const char *src;
	int line;

	if (!tick(x))
		return v;
	switch (n->kind) {
	case N_LIT:
	case N_LIST:
		v.j = n->lit;
		break;
	case N_NAME:
		v.j = resolve(x, sc, n, &src, &line);
		break;
	case N_COUNT:
		v.j = resolve(x, sc, n, &src, &line);
		if (json_is_array(v.j) &&
		    !(v.own = json_integer((json_int_t)json_array_size(v.j))) && x->env)
			x->env->nomem = 1;
		v.j = v.own;
		break;
	default:
		v.j = json_of_tri(eval_cond(x, sc, n));
		break;
	}
	return v;
}

static void val_drop(struct val *v)
{
	json_decref(v->own);
	v->own = NULL;
	v->j = NULL;
}

static enum vc_tri eval_cmp(struct eval *x, const struct scope *sc, const struct node *n)
{
	struct val l = eval_val(x, sc, n->kid[0]);
	struct val r = eval_val(x, sc, n->kid[1]);
	enum vc_tri t = VC_UNKNOWN;
	size_t cost;

	if (!l.j || !r.j)
		goto out;
	cost = weight(l.j) + weight(r.j);
	if (n->op == T_MATCHES && !n->re && json_is_string(r.j))
		cost += json_string_length(r.j);   /* compiled for each evaluation */
	if (!charge(x, cost))
		goto out;
	switch (n->op) {
	case T_EQ: t = tri_of(values_equal(l.j, r.j)); break;
	case T_NE: t = tri_of(!values_equal(l.j, r.j)); break;
	case T_IN: t = member(r.j, l.j); break;
	case T_CONTAINS: t = contains(l.j, r.j); break;
	case T_MATCHES: t = match(x, n, l.j, r.j); break;
	default: t = num_cmp(n->op, l.j, r.j); break;
	}
out:
	val_drop(&l);
	val_drop(&r);
	return t;
}

/* all(): false if an element is false, else unknown if one is; any() dually. */
static enum vc_tri eval_quant(struct eval *x, const struct scope *sc, const struct node *n)
{
	enum vc_tri decisive = n->kind == N_ALL ? VC_FALSE : VC_TRUE;
	const json_t *list, *el, *path;
	int line, hit = 0, unknown = 0;
	const char *src;
	size_t i;

	list = resolve(x, sc, n, &src, &line);
	if (!json_is_array(list))
		return VC_UNKNOWN;
	for (i = 0; i < json_array_size(list); i++) {
		struct scope inner;
		enum vc_tri t;

		el = json_array_get(list, i);
		inner.elem = el;
		inner.up = sc;
		t = eval_cond(x, &inner, n->kid[0]);
		if (x->exhausted)
			return VC_UNKNOWN;
		if (t == decisive) {
			hit = 1;
			path = json_object_get(el, "path");
			if (json_is_string(path))
				ev_add(x->env, n->name, el, json_string_value(path), 0, 1);
			else
				ev_add(x->env, n->name, el, src, line, 1);
		} else if (t == VC_UNKNOWN) {
			unknown = 1;
		}
	}
	if (hit)
		return decisive;
	if (unknown)
		return VC_UNKNOWN;
	return n->kind == N_ALL ? VC_TRUE : VC_FALSE;
}

static enum vc_tri eval_cond(struct eval *x, const struct scope *sc, const struct node *n)
{
	enum vc_tri t, stop;
	const char *src;
	struct val v;
	size_t i;
	int line, unknown;

	if (!tick(x))
		return VC_UNKNOWN;
	switch (n->kind) {
	case N_NOT:
		t = eval_cond(x, sc, n->kid[0]);
		return t == VC_UNKNOWN ? VC_UNKNOWN : tri_of(t == VC_FALSE);
	case N_AND:
	case N_OR:
		stop = n->kind == N_AND ? VC_FALSE : VC_TRUE;
		unknown = 0;
		for (i = 0; i < n->nkid; i++) {
			t = eval_cond(x, sc, n->kid[i]);
			if (t == stop)
				return stop;
			if (t == VC_UNKNOWN)
				unknown = 1;
		}
		return unknown ? VC_UNKNOWN : n->kind == N_AND ? VC_TRUE : VC_FALSE;
	case N_CMP:
		return eval_cmp(x, sc, n);
	case N_EXISTS:
		return tri_of(resolve(x, sc, n, &src, &line) != NULL);
	case N_ALL:
	case N_ANY:
		return eval_quant(x, sc, n);
	default:
		v = eval_val(x, sc, n);
		t = tri_of_json(v.j);
		val_drop(&v);
		return t;
	}
}

enum vc_tri vc_expr_eval(const struct vc_expr *e, struct vc_expr_env *env)
{
	struct eval x = { env, 0, 0 };
	enum vc_tri t;

	if (!e || !e->root)
		return VC_UNKNOWN;
	t = eval_cond(&x, NULL, e->root);
	if (x.exhausted) {
		if (env)
			env->over_budget = 1;
		return VC_UNKNOWN;
	}
	return t;
}
