/*
 * HOCON, hand-written (DESIGN §5): a tokenizer, a parser that builds a
 * tree of unresolved values, and a resolver that turns it into Jansson.
 *
 * The tree keeps, for every key of an object, the stack of values assigned
 * to it in file order ("fields"). An object assigned over an object on top
 * of the stack is merged into it at once, field by field, so dotted keys
 * and repeated blocks end up in one place; anything else is pushed.
 *
 * The resolver follows the spec's suggested implementation: a field is the
 * merge of its stack from the top down (a non-object stops the merge);
 * substitutions look paths up from the root lazily, descending only into
 * the fields on the path, so `bar { foo = 42, baz = ${bar.foo} }` works.
 * While the value at stack index i of a field is a substitution or a
 * concatenation holding one, look-ups of that field see only indexes below
 * i (the "horizon"): that is how `a = ${a} [x]` and `a = ${?a}` see the
 * earlier value. Every node is resolved once (memoised); meeting a node
 * that is being resolved is a cycle.
 *
 * Resolved values share structure (Jansson references) until the final
 * json_deep_copy(). Next to each value runs a "line tree", a Jansson array
 * [line, kids, count, depth, bytes]: kids is an object of the children's
 * line trees for object values (null otherwise), and count/depth/bytes let
 * every construction check the limits in constant time, so shared values
 * cannot blow up.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/hocon.h"

#define E_CYCLE (-1000)   /* internal: a substitution met itself, see resolve_subst() */

enum { N_STR, N_INT, N_REAL, N_BOOL, N_NULL, N_OBJ, N_ARR, N_CONCAT, N_SUBST };
enum { ST_NEW, ST_BUSY, ST_DONE };
enum {
	T_EOF, T_NL, T_WS, T_COMMA, T_COLON, T_EQ, T_PLUSEQ, T_LBRACE, T_RBRACE,
	T_LBRACK, T_RBRACK, T_QSTR, T_USTR, T_NUM, T_TRUE, T_FALSE, T_NULL, T_SUBST
};
enum { L_ABSENT, L_FOUND, L_BLOCKED };

struct hobj;

struct hnode {
	unsigned char kind;
	unsigned char ws;         /* N_STR: white space between concatenated values */
	unsigned char optional;   /* N_SUBST: ${?path} */
	unsigned char has_subst;  /* N_CONCAT: a piece is a substitution */
	unsigned char state;      /* ST_* while resolving */
	unsigned char unres;      /* memo: a required substitution that found nothing */
	int line, col;
	char *s;                  /* N_STR text; numbers as written; N_SUBST "${...}" */
	size_t slen;
	json_int_t i;             /* N_INT, N_BOOL */
	double r;                 /* N_REAL */
	struct hobj *obj;         /* N_OBJ */
	struct hnode **kids;      /* N_ARR elements, N_CONCAT pieces */
	size_t nkids, capkids;
	char **segs;              /* N_SUBST path */
	size_t nsegs;
	json_t *mv, *mlt;         /* memo: value (NULL: nothing) and line tree */
};

struct hentry {
	struct hnode *node;
	int line;                 /* line of the key that assigned it */
};

struct hfield {
	char *key;
	struct hentry *e;         /* assignments, earliest first */
	size_t n, cap;
};

struct hobj {
	struct hfield *f;         /* in order of first assignment */
	size_t n, cap;
	json_t *index;            /* key -> index in f */
};

struct token {
	int t;
	int line, col;
	const char *raw;          /* source text: WS, USTR, NUM, keywords, inside of ${} */
	size_t rawlen;
	char *s;                  /* QSTR: decoded text (owned) */
	size_t slen;
	int is_real;
	json_int_t i;
	double r;
	int optional;             /* SUBST */
	char **segs;              /* SUBST: path (owned) */
	size_t nsegs;
};

struct parser {
	const char *p, *end;
	int line, col;
	struct token la;          /* look-ahead */
	int have_la;
	size_t nvalues;
	const char *path[VC_HOCON_MAX_DEPTH + 1];  /* keys down to the object being parsed */
	size_t npath;
	int in_array;
	json_t *includes;
	int rc, err_line, err_col;
};

struct pathb {
	char **segs;
	size_t n, cap;
	struct vc_buf cur;
	int started;
};

/* ---- errors ---- */

static int perr(struct parser *p, int code, int line, int col, const char *fmt, ...)
	VC_PRINTF(5, 6);

static int perr(struct parser *p, int code, int line, int col, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (p->rc)
		return p->rc;       /* the first problem is the one reported */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->rc = code;
	p->err_line = line;
	p->err_col = col;
	vc_error_set(code, "line %d: %s", line, msg);
	return code;
}

static int nomem(struct parser *p, int line, int col)
{
	return perr(p, VC_ENOMEM, line, col, "out of memory");
}

/* A vc_buf failure as a located error. */
static int buf_err(struct parser *p, int rc, int line, int col)
{
	if (rc == VC_ELIMIT)
		return perr(p, VC_ELIMIT, line, col, "string longer than %zu bytes",
			    VC_HOCON_MAX_STRING);
	return nomem(p, line, col);
}

/* ---- tree ---- */

static void obj_free(struct hobj *o);

static void node_free(struct hnode *n)
{
	size_t i;

	if (!n)
		return;
	free(n->s);
	obj_free(n->obj);
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	for (i = 0; i < n->nsegs; i++)
		free(n->segs[i]);
	free(n->segs);
	json_decref(n->mv);
	json_decref(n->mlt);
	free(n);
}

static void obj_free(struct hobj *o)
{
	size_t i, j;

	if (!o)
		return;
	for (i = 0; i < o->n; i++) {
		for (j = 0; j < o->f[i].n; j++)
			node_free(o->f[i].e[j].node);
		free(o->f[i].e);
		free(o->f[i].key);
	}
	free(o->f);
	json_decref(o->index);
	free(o);
}

static struct hnode *node_new(struct parser *p, int kind, int line, int col)
{
	struct hnode *n;

	if (p->nvalues >= VC_HOCON_MAX_VALUES) {
		perr(p, VC_ELIMIT, line, col, "more than %d values", VC_HOCON_MAX_VALUES);
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		nomem(p, line, col);
		return NULL;
	}
	p->nvalues++;
	n->kind = (unsigned char)kind;
	n->line = line;
	n->col = col;
	if (kind == N_OBJ) {
		n->obj = calloc(1, sizeof(*n->obj));
		if (n->obj)
			n->obj->index = json_object();
		if (!n->obj || !n->obj->index) {
			node_free(n);
			nomem(p, line, col);
			return NULL;
		}
	}
	return n;
}

/* Appends `kid` to n->kids; on failure frees it. */
static int kids_push(struct parser *p, struct hnode *n, struct hnode *kid)
{
	struct hnode **v;
	size_t cap;

	if (n->nkids == n->capkids) {
		cap = n->capkids ? n->capkids * 2 : 4;
		v = realloc(n->kids, cap * sizeof(*v));
		if (!v) {
			node_free(kid);
			return nomem(p, n->line, n->col);
		}
		n->kids = v;
		n->capkids = cap;
	}
	n->kids[n->nkids++] = kid;
	return 0;
}

static struct hfield *obj_find(const struct hobj *o, const char *key)
{
	json_t *ix = json_object_get(o->index, key);

	return ix ? &o->f[json_integer_value(ix)] : NULL;
}

static int obj_field(struct parser *p, struct hobj *o, const char *key, struct hfield **out,
		     int line, int col)
{
	struct hfield *f = obj_find(o, key), *v;
	size_t cap;

	if (f) {
		*out = f;
		return 0;
	}
	if (o->n == o->cap) {
		cap = o->cap ? o->cap * 2 : 8;
		v = realloc(o->f, cap * sizeof(*v));
		if (!v)
			return nomem(p, line, col);
		o->f = v;
		o->cap = cap;
	}
	f = &o->f[o->n];
	memset(f, 0, sizeof(*f));
	f->key = vc_strdup(key);
	if (!f->key || json_object_set_new(o->index, key, json_integer((json_int_t)o->n)) != 0) {
		free(f->key);
		return nomem(p, line, col);
	}
	o->n++;
	*out = f;
	return 0;
}

/* Pushes `n` on the field's stack; on failure frees it. */
static int field_push(struct parser *p, struct hfield *f, struct hnode *n, int line)
{
	struct hentry *v;
	size_t cap;

	if (f->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 2;
		v = realloc(f->e, cap * sizeof(*v));
		if (!v) {
			node_free(n);
			return nomem(p, line, 0);
		}
		f->e = v;
		f->cap = cap;
	}
	f->e[f->n].node = n;
	f->e[f->n].line = line;
	f->n++;
	return 0;
}

static int obj_assign(struct parser *p, struct hobj *o, const char *key, struct hnode *n,
		      int line);

/* Moves every assignment of `src` into `dst`, in order. */
static int obj_merge_into(struct parser *p, struct hobj *dst, struct hobj *src)
{
	struct hnode *n;
	size_t i, j;
	int rc;

	for (i = 0; i < src->n; i++) {
		for (j = 0; j < src->f[i].n; j++) {
			n = src->f[i].e[j].node;
			src->f[i].e[j].node = NULL;
			rc = obj_assign(p, dst, src->f[i].key, n, src->f[i].e[j].line);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * key = n in object o: an object over an object merges at once, anything
 * else goes on the field's stack. Takes `n` (freed on failure).
 */
static int obj_assign(struct parser *p, struct hobj *o, const char *key, struct hnode *n,
		      int line)
{
	struct hfield *f = NULL;
	struct hentry *top;
	int rc;

	rc = obj_field(p, o, key, &f, line, n->col);
	if (rc < 0) {
		node_free(n);
		return rc;
	}
	top = f->n ? &f->e[f->n - 1] : NULL;
	if (n->kind == N_OBJ && top && top->node->kind == N_OBJ) {
		rc = obj_merge_into(p, top->node->obj, n->obj);
		top->line = line;
		node_free(n);
		return rc;
	}
	return field_push(p, f, n, line);
}

/* ---- lexer ---- */

static void tok_clear(struct token *t)
{
	size_t i;

	free(t->s);
	for (i = 0; i < t->nsegs; i++)
		free(t->segs[i]);
	free(t->segs);
	memset(t, 0, sizeof(*t));
}

/* Advance n bytes, counting lines and (character) columns. */
static void adv(struct parser *p, size_t n)
{
	unsigned char c;

	while (n-- > 0 && p->p < p->end) {
		c = (unsigned char)*p->p++;
		if (c == '\n') {
			p->line++;
			p->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			p->col++;
		}
	}
}

/* Length of the HOCON white space character at s (not '\n'), 0 if none. */
static size_t ws_len(const char *s, const char *end)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t left = (size_t)(end - s);

	if (!left)
		return 0;
	switch (u[0]) {
	case ' ': case '\t': case '\r': case '\v': case '\f':
	case 0x1c: case 0x1d: case 0x1e: case 0x1f:
		return 1;
	case 0xc2:      /* U+00A0 */
		return left >= 2 && u[1] == 0xa0 ? 2 : 0;
	case 0xe1:      /* U+1680 */
		return left >= 3 && u[1] == 0x9a && u[2] == 0x80 ? 3 : 0;
	case 0xe2:      /* U+2000-200A, 2028, 2029, 202F, 205F */
		if (left < 3)
			return 0;
		if (u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8a) || u[2] == 0xa8 ||
				     u[2] == 0xa9 || u[2] == 0xaf))
			return 3;
		return u[1] == 0x81 && u[2] == 0x9f ? 3 : 0;
	case 0xe3:      /* U+3000 */
		return left >= 3 && u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
	case 0xef:      /* U+FEFF */
		return left >= 3 && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
	default:
		return 0;
	}
}

static int forbidden(char c)
{
	return c && strchr("$\"{}[]:=,+#`^?!@*&\\", c) != NULL;
}

/* Bytes of unquoted text at s: up to a forbidden character, white space or "//". */
static size_t unquoted_len(const char *s, const char *end)
{
	const char *q = s;
	size_t k;

	while (q < end) {
		if (*q == '\n' || forbidden(*q) || ws_len(q, end))
			break;
		if (*q == '/' && q + 1 < end && q[1] == '/')
			break;
		k = vc_utf8_len((const unsigned char *)q, (size_t)(end - q));
		q += k ? k : 1;
	}
	return (size_t)(q - s);
}

static long hex4(const char *s, const char *end)
{
	long v = 0;
	int i;

	if (end - s < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Append p->p..q to b (bytes that do not start valid UTF-8 as U+FFFD) and move past them. */
static int put_run(struct parser *p, struct vc_buf *b, const char *q, int sline, int scol)
{
	int rc = vc_utf8_put_lossy(b, p->p, (size_t)(q - p->p));

	if (rc < 0)
		return buf_err(p, rc, sline, scol);
	adv(p, (size_t)(q - p->p));
	return 0;
}

/* The text gathered in b to *out (no NUL inside: refused up front) and its length. */
static int take_text(struct parser *p, struct vc_buf *b, char **out, size_t *outlen, int sline,
		     int scol)
{
	*out = vc_buf_detach(b);
	*outlen = *out ? strlen(*out) : 0;
	return *out ? 0 : nomem(p, sline, scol);
}

/* A "quoted string" at p->p; *out gets the decoded text (caller frees). */
static int lex_quoted(struct parser *p, char **out, size_t *outlen)
{
	struct vc_buf b = VC_BUF_INIT(VC_HOCON_MAX_STRING);
	int sline = p->line, scol = p->col, rc = 0;
	const char *q;
	long cp, lo;
	char c, e;

	adv(p, 1);
	for (;;) {
		if (p->p >= p->end || *p->p == '\n') {
			rc = perr(p, VC_EPARSE, sline, scol, "unterminated quoted string");
			goto out;
		}
		c = *p->p;
		if (c == '"') {
			adv(p, 1);
			break;
		}
		if ((unsigned char)c < 0x20) {
			rc = perr(p, VC_EPARSE, p->line, p->col,
				  "control character in a quoted string (write it as an escape)");
			goto out;
		}
		if (c != '\\') {
			q = p->p;
			while (q < p->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
				q++;
			rc = put_run(p, &b, q, sline, scol);
			if (rc < 0)
				goto out;
			continue;
		}
		if (p->p + 1 >= p->end) {
			rc = perr(p, VC_EPARSE, sline, scol, "unterminated quoted string");
			goto out;
		}
		e = p->p[1];
		switch (e) {
		case '"': case '\\': case '/':
			rc = vc_buf_putc(&b, e);
			break;
		case 'b':
			rc = vc_buf_putc(&b, '\b');
			break;
		case 'f':
			rc = vc_buf_putc(&b, '\f');
			break;
		case 'n':
			rc = vc_buf_putc(&b, '\n');
			break;
		case 'r':
			rc = vc_buf_putc(&b, '\r');
			break;
		case 't':
			rc = vc_buf_putc(&b, '\t');
			break;
		case 'u':
			cp = hex4(p->p + 2, p->end);
			if (cp < 0) {
				rc = perr(p, VC_EPARSE, p->line, p->col,
					  "invalid \\u escape in a quoted string");
				goto out;
			}
			if (cp == 0) {
				rc = perr(p, VC_EPARSE, p->line, p->col,
					  "nul character (\\u0000) in a quoted string");
				goto out;
			}
			adv(p, 4);
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				lo = p->end - p->p >= 8 && p->p[2] == '\\' && p->p[3] == 'u' ?
				     hex4(p->p + 4, p->end) : -1;
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					adv(p, 6);
				} else {
					cp = 0xFFFD;
				}
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				cp = 0xFFFD;
			}
			rc = vc_utf8_put(&b, (uint32_t)cp);
			break;
		default:
			rc = perr(p, VC_EPARSE, p->line, p->col,
				  "invalid escape in a quoted string");
			goto out;
		}
		if (rc < 0) {
			rc = buf_err(p, rc, sline, scol);
			goto out;
		}
		adv(p, 2);
	}
	rc = take_text(p, &b, out, outlen, sline, scol);
out:
	vc_buf_free(&b);
	return rc;
}

/* A """triple-quoted string""" at p->p: no escapes; extra closing quotes belong to it. */
static int lex_triple(struct parser *p, char **out, size_t *outlen)
{
	struct vc_buf b = VC_BUF_INIT(VC_HOCON_MAX_STRING);
	int sline = p->line, scol = p->col, rc = 0;
	const char *q;
	size_t k;

	adv(p, 3);
	for (;;) {
		if (p->p >= p->end) {
			rc = perr(p, VC_EPARSE, sline, scol, "unterminated triple-quoted string");
			goto out;
		}
		q = p->p;
		while (q < p->end && *q == '"')
			q++;
		k = (size_t)(q - p->p);
		if (k >= 3) {
			rc = vc_buf_put(&b, p->p, k - 3);
			adv(p, k);
			if (rc < 0)
				rc = buf_err(p, rc, sline, scol);
			break;
		}
		while (q < p->end && *q != '"')
			q++;
		rc = put_run(p, &b, q, sline, scol);
		if (rc < 0)
			goto out;
	}
	if (rc == 0)
		rc = take_text(p, &b, out, outlen, sline, scol);
out:
	vc_buf_free(&b);
	return rc;
}

/* ---- path expressions (keys and substitutions) ---- */

static void pb_free(struct pathb *pb)
{
	size_t i;

	for (i = 0; i < pb->n; i++)
		free(pb->segs[i]);
	free(pb->segs);
	vc_buf_free(&pb->cur);
	memset(pb, 0, sizeof(*pb));
}

static void pb_init(struct pathb *pb)
{
	memset(pb, 0, sizeof(*pb));
	pb->cur.cap = VC_HOCON_MAX_STRING;
}

/* Ends the current element. */
static int pb_push(struct parser *p, struct pathb *pb, int line, int col)
{
	char **v, *s;
	size_t cap;

	if (!pb->started)
		return perr(p, VC_EPARSE, line, col,
			    "empty path element ('..', or a '.' at the start or end; "
			    "write an empty key as \"\")");
	if (pb->n >= VC_HOCON_MAX_DEPTH)
		return perr(p, VC_ELIMIT, line, col, "path with more than %d elements",
			    VC_HOCON_MAX_DEPTH);
	if (pb->n == pb->cap) {
		cap = pb->cap ? pb->cap * 2 : 4;
		v = realloc(pb->segs, cap * sizeof(*v));
		if (!v)
			return nomem(p, line, col);
		pb->segs = v;
		pb->cap = cap;
	}
	s = vc_buf_detach(&pb->cur);
	if (!s)
		return nomem(p, line, col);
	pb->segs[pb->n++] = s;
	pb->started = 0;
	return 0;
}

/* Adds text to the path; unquoted text (split) is cut at each '.'. */
static int pb_add(struct parser *p, struct pathb *pb, const char *s, size_t n, int split,
		  int line, int col)
{
	size_t i = 0, j;
	int rc;

	if (!split) {
		pb->started = 1;
		rc = vc_utf8_put_lossy(&pb->cur, s, n);
		return rc < 0 ? buf_err(p, rc, line, col) : 0;
	}
	for (;;) {
		j = i;
		while (j < n && s[j] != '.')
			j++;
		if (j > i) {
			rc = vc_utf8_put_lossy(&pb->cur, s + i, j - i);
			if (rc < 0)
				return buf_err(p, rc, line, col);
			pb->started = 1;
		}
		if (j >= n)
			return 0;
		rc = pb_push(p, pb, line, col);
		if (rc < 0)
			return rc;
		i = j + 1;
	}
}

/* ${path} or ${?path} at p->p. */
static int lex_subst(struct parser *p, struct token *t)
{
	struct pathb pb;
	const char *ws = NULL, *start;
	size_t wsn = 0, n;
	char *s = NULL;
	size_t slen;
	int rc = 0;

	pb_init(&pb);
	adv(p, 2);
	if (p->p < p->end && *p->p == '?') {
		t->optional = 1;
		adv(p, 1);
	}
	start = p->p;
	for (;;) {
		if (p->p >= p->end || *p->p == '\n') {
			rc = perr(p, VC_EPARSE, t->line, t->col,
				  "unterminated substitution (missing '}')");
			goto out;
		}
		if (*p->p == '}')
			break;
		n = ws_len(p->p, p->end);
		if (n) {
			if (!ws)
				ws = p->p;
			wsn = (size_t)(p->p + n - ws);
			adv(p, n);
			continue;
		}
		if (ws && (pb.n || pb.started)) {
			rc = pb_add(p, &pb, ws, wsn, 0, t->line, t->col);
			if (rc < 0)
				goto out;
		}
		ws = NULL;
		if (*p->p == '"') {
			if (p->end - p->p >= 3 && p->p[1] == '"' && p->p[2] == '"')
				rc = lex_triple(p, &s, &slen);
			else
				rc = lex_quoted(p, &s, &slen);
			if (rc < 0)
				goto out;
			rc = pb_add(p, &pb, s, slen, 0, t->line, t->col);
			free(s);
			s = NULL;
			if (rc < 0)
				goto out;
			continue;
		}
		n = unquoted_len(p->p, p->end);
		if (n == 0) {
			rc = perr(p, VC_EPARSE, p->line, p->col,
				  "invalid character in a substitution path (quote that part)");
			goto out;
		}
		rc = pb_add(p, &pb, p->p, n, 1, t->line, t->col);
		if (rc < 0)
			goto out;
		adv(p, n);
	}
	t->raw = start;
	t->rawlen = (size_t)(p->p - start);
	adv(p, 1);
	if (!pb.n && !pb.started) {
		rc = perr(p, VC_EPARSE, t->line, t->col, "empty substitution");
		goto out;
	}
	rc = pb_push(p, &pb, t->line, t->col);
	if (rc < 0)
		goto out;
	t->t = T_SUBST;
	t->segs = pb.segs;
	t->nsegs = pb.n;
	pb.segs = NULL;
	pb.n = 0;
out:
	pb_free(&pb);
	return rc;
}

/* A JSON number (leading zeros allowed); *is_real when it has a fraction or exponent. */
static int json_number(const char *s, size_t n, int *is_real)
{
	size_t i = 0, d;

	*is_real = 0;
	if (i < n && s[i] == '-')
		i++;
	for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	if (!d)
		return 0;
	if (i < n && s[i] == '.') {
		for (i++, d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			d++;
		if (!d)
			return 0;
		*is_real = 1;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			d++;
		if (!d)
			return 0;
		*is_real = 1;
	}
	return i == n;
}

/* Text starting with '-' or a digit: a number, or unquoted text if it is not one. */
static int lex_number(struct parser *p, struct token *t)
{
	const char *s = p->p, *q = p->p;
	char *copy, *e;
	size_t n;

	while (q < p->end) {
		if ((*q >= '0' && *q <= '9') || *q == '.' || *q == '-' || *q == 'e' || *q == 'E')
			q++;
		else if (*q == '+' && q > s && (q[-1] == 'e' || q[-1] == 'E'))
			q++;
		else
			break;
	}
	n = (size_t)(q - s);
	if (n > VC_HOCON_MAX_STRING)
		return perr(p, VC_ELIMIT, t->line, t->col, "string longer than %zu bytes",
			    VC_HOCON_MAX_STRING);
	t->raw = s;
	t->rawlen = n;
	t->t = T_USTR;
	if (json_number(s, n, &t->is_real)) {
		copy = vc_strndup(s, n);
		if (!copy)
			return nomem(p, t->line, t->col);
		errno = 0;
		if (!t->is_real) {
			t->i = strtoll(copy, &e, 10);
			if (errno == ERANGE)
				t->is_real = 1;
			else
				t->t = T_NUM;
		}
		if (t->is_real) {
			errno = 0;
			t->r = strtod(copy, &e);
			if (isfinite(t->r))
				t->t = T_NUM;
		}
		free(copy);
	}
	adv(p, n);
	return 0;
}

static int lex(struct parser *p, struct token *t)
{
	const char *nl;
	size_t n;
	char c;

	memset(t, 0, sizeof(*t));
again:
	t->line = p->line;
	t->col = p->col;
	if (p->p >= p->end) {
		t->t = T_EOF;
		return 0;
	}
	c = *p->p;
	if (c == '\n') {
		t->t = T_NL;
		adv(p, 1);
		return 0;
	}
	if (ws_len(p->p, p->end)) {
		t->t = T_WS;
		t->raw = p->p;
		while ((n = ws_len(p->p, p->end)) > 0)
			adv(p, n);
		t->rawlen = (size_t)(p->p - t->raw);
		return 0;
	}
	if (c == '#' || (c == '/' && p->p + 1 < p->end && p->p[1] == '/')) {
		nl = memchr(p->p, '\n', (size_t)(p->end - p->p));
		p->p = nl ? nl : p->end;    /* the column no longer matters: a new line follows */
		goto again;
	}
	switch (c) {
	case ',':
		t->t = T_COMMA;
		break;
	case ':':
		t->t = T_COLON;
		break;
	case '=':
		t->t = T_EQ;
		break;
	case '{':
		t->t = T_LBRACE;
		break;
	case '}':
		t->t = T_RBRACE;
		break;
	case '[':
		t->t = T_LBRACK;
		break;
	case ']':
		t->t = T_RBRACK;
		break;
	case '+':
		if (p->p + 1 < p->end && p->p[1] == '=') {
			t->t = T_PLUSEQ;
			adv(p, 2);
			return 0;
		}
		return perr(p, VC_EPARSE, t->line, t->col,
			    "'+' outside quotes must start '+=' (quote the value)");
	case '$':
		if (p->p + 1 < p->end && p->p[1] == '{')
			return lex_subst(p, t);
		return perr(p, VC_EPARSE, t->line, t->col,
			    "'$' outside quotes must start a substitution '${' (quote the value)");
	case '"':
		t->t = T_QSTR;
		if (p->end - p->p >= 3 && p->p[1] == '"' && p->p[2] == '"')
			return lex_triple(p, &t->s, &t->slen);
		return lex_quoted(p, &t->s, &t->slen);
	default:
		if (strchr("`^?!@*&\\", c))
			return perr(p, VC_EPARSE, t->line, t->col,
				    "reserved character '%c' outside quotes (quote the value)", c);
		if (c == '-' || (c >= '0' && c <= '9'))
			return lex_number(p, t);
		n = unquoted_len(p->p, p->end);
		if (n == 0)
			return perr(p, VC_EPARSE, t->line, t->col, "unexpected character");
		if (n > VC_HOCON_MAX_STRING)
			return perr(p, VC_ELIMIT, t->line, t->col, "string longer than %zu bytes",
				    VC_HOCON_MAX_STRING);
		t->t = T_USTR;
		t->raw = p->p;
		t->rawlen = n;
		if (n == 4 && memcmp(p->p, "true", 4) == 0)
			t->t = T_TRUE;
		else if (n == 5 && memcmp(p->p, "false", 5) == 0)
			t->t = T_FALSE;
		else if (n == 4 && memcmp(p->p, "null", 4) == 0)
			t->t = T_NULL;
		adv(p, n);
		return 0;
	}
	adv(p, 1);
	return 0;
}

static int peek(struct parser *p, struct token **t)
{
	int rc;

	if (!p->have_la) {
		rc = lex(p, &p->la);
		if (rc < 0) {
			tok_clear(&p->la);
			return rc;
		}
		p->have_la = 1;
	}
	*t = &p->la;
	return 0;
}

static void drop(struct parser *p)
{
	tok_clear(&p->la);
	p->have_la = 0;
}

/* Skip white space, and new lines too when `nl`. */
static int skip_blank(struct parser *p, int nl)
{
	struct token *t = NULL;
	int rc;

	for (;;) {
		rc = peek(p, &t);
		if (rc < 0)
			return rc;
		if (t->t != T_WS && !(nl && t->t == T_NL))
			return 0;
		drop(p);
	}
}

/* skip_blank, then peek at the token after the blanks. */
static int skip_peek(struct parser *p, int nl, struct token **t)
{
	int rc = skip_blank(p, nl);

	return rc < 0 ? rc : peek(p, t);
}

/*
 * After an array element or a field: skip white space and peek at what follows
 * into *t. A ',' is taken with the blank lines after it (*t is then the token
 * after them; a second ',' is an error): 1. Otherwise 0 and the caller judges
 * *t. Or a negative VC_E* code.
 */
static int comma_after(struct parser *p, struct token **t)
{
	int rc = skip_peek(p, 0, t);

	if (rc < 0 || (*t)->t != T_COMMA)
		return rc;
	drop(p);
	rc = skip_peek(p, 1, t);
	if (rc < 0)
		return rc;
	if ((*t)->t == T_COMMA)
		return perr(p, VC_EPARSE, (*t)->line, (*t)->col, "two commas in a row");
	return 1;
}

static const char *tok_name(int t)
{
	switch (t) {
	case T_EOF: return "the end of the file";
	case T_NL: return "a new line";
	case T_COMMA: return "','";
	case T_COLON: return "':'";
	case T_EQ: return "'='";
	case T_PLUSEQ: return "'+='";
	case T_LBRACE: return "'{'";
	case T_RBRACE: return "'}'";
	case T_LBRACK: return "'['";
	case T_RBRACK: return "']'";
	case T_SUBST: return "a substitution";
	default: return "a value";
	}
}

/* ---- parser ---- */

static int parse_body(struct parser *p, struct hobj *o, int depth, int braced, int oline,
		      int ocol);
static int parse_value(struct parser *p, int depth, struct hnode **out);

/* Text of a string-like token as a new N_STR node. */
static struct hnode *str_node(struct parser *p, const char *s, size_t n, int line, int col)
{
	struct vc_buf b = VC_BUF_INIT(VC_HOCON_MAX_STRING);
	struct hnode *node;
	int rc;

	node = node_new(p, N_STR, line, col);
	if (!node)
		return NULL;
	rc = vc_utf8_put_lossy(&b, s, n);
	if (rc == 0 && !b.ptr)
		rc = vc_buf_put(&b, "", 0);
	if (rc < 0) {
		vc_buf_free(&b);
		node_free(node);
		buf_err(p, rc, line, col);
		return NULL;
	}
	node->slen = b.size;
	node->s = vc_buf_detach(&b);
	if (!node->s) {
		node_free(node);
		nomem(p, line, col);
		return NULL;
	}
	return node;
}

/* "${...}" as written, for a required substitution that resolves to nothing. */
static char *subst_text(const struct token *t)
{
	struct vc_buf b = VC_BUF_INIT(VC_HOCON_MAX_STRING + 8);
	char *s = NULL;

	if (vc_buf_puts(&b, t->optional ? "${?" : "${") == 0 &&
	    vc_utf8_put_lossy(&b, t->raw, t->rawlen) == 0 && vc_buf_putc(&b, '}') == 0)
		s = vc_buf_detach(&b);
	vc_buf_free(&b);
	return s;
}

/* Consumes the look-ahead token `t` (a simple value) as a node. */
static struct hnode *simple_node(struct parser *p, struct token *t)
{
	struct hnode *n;

	switch (t->t) {
	case T_QSTR:
		n = node_new(p, N_STR, t->line, t->col);
		if (n) {
			n->s = t->s;
			n->slen = t->slen;
			t->s = NULL;
		}
		break;
	case T_USTR:
		n = str_node(p, t->raw, t->rawlen, t->line, t->col);
		break;
	case T_NUM:
		n = node_new(p, t->is_real ? N_REAL : N_INT, t->line, t->col);
		if (n) {
			n->i = t->i;
			n->r = t->r;
			n->s = vc_strndup(t->raw, t->rawlen);
			n->slen = t->rawlen;
			if (!n->s) {
				node_free(n);
				n = NULL;
				nomem(p, t->line, t->col);
			}
		}
		break;
	case T_TRUE:
	case T_FALSE:
		n = node_new(p, N_BOOL, t->line, t->col);
		if (n)
			n->i = t->t == T_TRUE;
		break;
	case T_NULL:
		n = node_new(p, N_NULL, t->line, t->col);
		break;
	case T_SUBST:
		n = node_new(p, N_SUBST, t->line, t->col);
		if (n) {
			n->optional = (unsigned char)t->optional;
			n->segs = t->segs;
			n->nsegs = t->nsegs;
			t->segs = NULL;
			t->nsegs = 0;
			n->s = subst_text(t);
			if (!n->s) {
				node_free(n);
				n = NULL;
				nomem(p, t->line, t->col);
			} else {
				n->slen = strlen(n->s);
			}
		}
		break;
	default:
		n = NULL;
		perr(p, VC_ERROR, t->line, t->col, "internal error: not a simple value");
	}
	drop(p);
	return n;
}

static int parse_array(struct parser *p, int depth, struct hnode **out)
{
	struct token *t = NULL;
	struct hnode *arr, *el = NULL;
	int oline, ocol, rc;

	rc = peek(p, &t);
	if (rc < 0)
		return rc;
	oline = t->line;
	ocol = t->col;
	if (depth > VC_HOCON_MAX_DEPTH)
		return perr(p, VC_ELIMIT, oline, ocol, "nesting deeper than %d",
			    VC_HOCON_MAX_DEPTH);
	drop(p);
	arr = node_new(p, N_ARR, oline, ocol);
	if (!arr)
		return p->rc;
	for (;;) {
		rc = skip_peek(p, 1, &t);
		if (rc < 0)
			goto fail;
		if (t->t == T_RBRACK) {
			drop(p);
			break;
		}
		if (t->t == T_EOF) {
			rc = perr(p, VC_EPARSE, oline, ocol, "'[' is never closed");
			goto fail;
		}
		if (t->t == T_COMMA) {
			rc = perr(p, VC_EPARSE, t->line, t->col,
				  "unexpected ',' (a leading comma or two in a row)");
			goto fail;
		}
		p->in_array++;
		rc = parse_value(p, depth + 1, &el);
		p->in_array--;
		if (rc < 0)
			goto fail;
		rc = kids_push(p, arr, el);
		if (rc < 0)
			goto fail;
		rc = comma_after(p, &t);
		if (rc < 0)
			goto fail;
		if (rc > 0)
			continue;
		if (t->t == T_EOF) {
			rc = perr(p, VC_EPARSE, oline, ocol, "'[' is never closed");
			goto fail;
		} else if (t->t != T_NL && t->t != T_RBRACK) {
			rc = perr(p, VC_EPARSE, t->line, t->col,
				  "expected ',', a new line or ']' after an array element, not %s",
				  tok_name(t->t));
			goto fail;
		}
	}
	*out = arr;
	return 0;
fail:
	node_free(arr);
	return rc;
}

static int parse_object(struct parser *p, int depth, struct hnode **out)
{
	struct token *t = NULL;
	struct hnode *n;
	int line, col, rc;

	rc = peek(p, &t);
	if (rc < 0)
		return rc;
	line = t->line;
	col = t->col;
	if (depth > VC_HOCON_MAX_DEPTH)
		return perr(p, VC_ELIMIT, line, col, "nesting deeper than %d", VC_HOCON_MAX_DEPTH);
	drop(p);
	n = node_new(p, N_OBJ, line, col);
	if (!n)
		return p->rc;
	rc = parse_body(p, n->obj, depth, 1, line, col);
	if (rc < 0) {
		node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

/*
 * A field value or array element: one value, or the concatenation of the
 * values on this line. `depth` is the depth an object or array here has.
 */
static int parse_value(struct parser *p, int depth, struct hnode **out)
{
	struct token *t = NULL;
	struct hnode *cat = NULL, *first = NULL, *n = NULL, *ws;
	const char *wsp = NULL;
	size_t wsn = 0, i;
	int rc = 0, line = 0, col = 0, has_obj = 0, has_arr = 0, has_str = 0;

	for (;;) {
		rc = peek(p, &t);
		if (rc < 0)
			goto fail;
		if (t->t == T_WS) {
			wsp = t->raw;
			wsn = t->rawlen;
			drop(p);
			continue;
		}
		if (t->t == T_LBRACE) {
			rc = parse_object(p, depth, &n);
		} else if (t->t == T_LBRACK) {
			rc = parse_array(p, depth, &n);
		} else if (t->t == T_QSTR || t->t == T_USTR || t->t == T_NUM || t->t == T_TRUE ||
			   t->t == T_FALSE || t->t == T_NULL || t->t == T_SUBST) {
			n = simple_node(p, t);
			rc = n ? 0 : p->rc;
		} else {
			break;
		}
		if (rc < 0)
			goto fail;
		if (!first && !cat) {
			first = n;
			line = n->line;
			col = n->col;
		} else {
			if (!cat) {
				cat = node_new(p, N_CONCAT, line, col);
				if (!cat || (rc = kids_push(p, cat, first)) < 0) {
					rc = p->rc;
					if (!cat)
						node_free(first);
					first = NULL;
					node_free(n);
					goto fail;
				}
				first = NULL;
			}
			if (wsp) {
				ws = str_node(p, wsp, wsn, line, col);
				if (!ws || (rc = kids_push(p, cat, ws)) < 0) {
					rc = p->rc;
					node_free(n);
					goto fail;
				}
				ws->ws = 1;
			}
			rc = kids_push(p, cat, n);
			if (rc < 0)
				goto fail;
		}
		n = NULL;
		wsp = NULL;
	}
	if (!first && !cat) {
		rc = perr(p, VC_EPARSE, t->line, t->col, "expected a value, not %s",
			  tok_name(t->t));
		goto fail;
	}
	if (!cat) {
		*out = first;
		return 0;
	}
	for (i = 0; i < cat->nkids; i++) {
		switch (cat->kids[i]->kind) {
		case N_OBJ:
			has_obj = 1;
			break;
		case N_ARR:
			has_arr = 1;
			break;
		case N_SUBST:
			cat->has_subst = 1;
			break;
		default:
			if (!cat->kids[i]->ws)
				has_str = 1;
		}
	}
	if (has_obj && has_arr) {
		rc = perr(p, VC_EPARSE, line, col, "cannot concatenate an array with an object");
		goto fail;
	}
	if ((has_obj || has_arr) && has_str) {
		rc = perr(p, VC_EPARSE, line, col,
			  "cannot concatenate a string with an array or object");
		goto fail;
	}
	*out = cat;
	return 0;
fail:
	node_free(first);
	node_free(cat);
	return rc;
}

static int put_escaped(struct vc_buf *b, const char *key)
{
	const char *s;
	int rc = 0;

	for (s = key; *s && rc == 0; s++) {
		if (*s == '.' || *s == '\\')
			rc = vc_buf_putc(b, '\\');
		if (rc == 0)
			rc = vc_buf_putc(b, *s);
	}
	return rc;
}

/* Joined, escaped path of p->path (the object being parsed). */
static json_t *current_path(struct parser *p)
{
	struct vc_buf b = VC_BUF_INIT(VC_HOCON_MAX_OUTPUT);
	json_t *s = NULL;
	size_t i;
	int rc = 0;

	if (p->in_array)
		return json_null();
	for (i = 0; i < p->npath && rc == 0; i++) {
		if (i)
			rc = vc_buf_putc(&b, '.');
		if (rc == 0)
			rc = put_escaped(&b, p->path[i]);
	}
	if (rc == 0)
		s = json_stringn(b.ptr ? b.ptr : "", b.size);
	vc_buf_free(&b);
	return s;
}

/* include "x" | include [required(](file|url|classpath)("x")[)] */
static int parse_include(struct parser *p)
{
	static const char *const forms[] = {
		"", "file(", "url(", "classpath(", "required(", "required(file(",
		"required(url(", "required(classpath(", NULL
	};
	char opener[32];
	size_t on = 0, i, opens = 0, closes = 0;
	struct token *t = NULL;
	const char *kind = "heuristic";
	char *name = NULL;
	size_t namelen = 0;
	json_t *rec, *where;
	int line, col, rc, required = 0, ok = 0;

	rc = peek(p, &t);
	if (rc < 0)
		return rc;
	line = t->line;
	col = t->col;
	drop(p);
	rc = skip_blank(p, 1);
	if (rc < 0)
		return rc;
	for (;;) {
		rc = peek(p, &t);
		if (rc < 0)
			return rc;
		if (t->t == T_WS) {
			drop(p);
			continue;
		}
		if (t->t != T_USTR)
			break;
		if (t->rawlen >= sizeof(opener) - on)
			goto bad;
		memcpy(opener + on, t->raw, t->rawlen);
		on += t->rawlen;
		drop(p);
	}
	opener[on] = 0;
	for (i = 0; forms[i]; i++)
		if (strcmp(opener, forms[i]) == 0)
			ok = 1;
	if (!ok || t->t != T_QSTR)
		goto bad;
	for (i = 0; i < on; i++)
		opens += opener[i] == '(';
	required = strncmp(opener, "required(", 9) == 0;
	if (strstr(opener, "file("))
		kind = "file";
	else if (strstr(opener, "url("))
		kind = "url";
	else if (strstr(opener, "classpath("))
		kind = "classpath";
	name = t->s;
	namelen = t->slen;
	t->s = NULL;
	drop(p);
	while (closes < opens) {
		rc = peek(p, &t);
		if (rc < 0)
			goto out;
		if (t->t == T_WS) {
			drop(p);
			continue;
		}
		for (i = 0; t->t == T_USTR && i < t->rawlen && t->raw[i] == ')'; i++)
			;
		if (t->t != T_USTR || t->rawlen > opens - closes || i < t->rawlen) {
			rc = perr(p, VC_EPARSE, t->line, t->col, "include: expected ')'");
			goto out;
		}
		closes += t->rawlen;
		drop(p);
	}
	p->nvalues++;
	if (p->nvalues > VC_HOCON_MAX_VALUES) {
		rc = perr(p, VC_ELIMIT, line, col, "more than %d values", VC_HOCON_MAX_VALUES);
		goto out;
	}
	where = current_path(p);
	rec = where ? json_pack("{s:s%, s:s, s:b, s:i, s:o}", "name", name, namelen, "kind",
				kind, "required", required, "line", line, "path", where) : NULL;
	if (!rec || json_array_append_new(p->includes, rec) != 0) {
		rc = nomem(p, line, col);
		goto out;
	}
	rc = 0;
out:
	free(name);
	return rc;
bad:
	return perr(p, VC_EPARSE, line, col,
		    "include must be followed by a quoted name, or file(), url(), classpath() "
		    "or required() around one");
}

/* key = ${?key} [value] */
static int make_append(struct parser *p, const struct pathb *pb, struct hnode **v, int line,
		       int col)
{
	struct hnode *sub, *arr, *cat;
	struct vc_buf b = VC_BUF_INIT(VC_HOCON_MAX_OUTPUT);
	size_t i, n = p->npath + pb->n;
	int rc = 0;

	sub = node_new(p, N_SUBST, line, col);
	arr = node_new(p, N_ARR, line, col);
	cat = node_new(p, N_CONCAT, line, col);
	if (!sub || !arr || !cat)
		goto fail;
	sub->optional = 1;
	sub->segs = calloc(n, sizeof(char *));
	if (!sub->segs)
		goto nomem;
	for (i = 0; i < n; i++) {
		sub->segs[i] = vc_strdup(i < p->npath ? p->path[i] : pb->segs[i - p->npath]);
		if (!sub->segs[i])
			goto nomem;
		sub->nsegs++;
		if ((i && vc_buf_putc(&b, '.') < 0) || put_escaped(&b, sub->segs[i]) < 0)
			goto nomem;
	}
	sub->s = vc_asprintf("${?%s}", b.ptr ? b.ptr : "");
	if (!sub->s)
		goto nomem;
	sub->slen = strlen(sub->s);
	rc = kids_push(p, arr, *v);
	*v = NULL;
	if (rc < 0)
		goto fail;
	rc = kids_push(p, cat, sub);
	sub = NULL;
	if (rc < 0)
		goto fail;
	rc = kids_push(p, cat, arr);
	arr = NULL;
	if (rc < 0)
		goto fail;
	cat->has_subst = 1;
	*v = cat;
	vc_buf_free(&b);
	return 0;
nomem:
	nomem(p, line, col);
fail:
	vc_buf_free(&b);
	node_free(sub);
	node_free(arr);
	node_free(cat);
	node_free(*v);
	*v = NULL;
	return p->rc ? p->rc : VC_ENOMEM;
}

static int parse_field(struct parser *p, struct hobj *o, int depth)
{
	struct pathb pb;
	struct token *t = NULL;
	struct hnode *v = NULL, *mid;
	struct hfield *f = NULL;
	struct hentry *top;
	const char *ws = NULL;
	size_t wsn = 0, i, saved = p->npath;
	int line, col, rc, append = 0;

	rc = peek(p, &t);
	if (rc < 0)
		return rc;
	line = t->line;
	col = t->col;
	if (t->t == T_USTR && t->rawlen == 7 && memcmp(t->raw, "include", 7) == 0)
		return parse_include(p);
	pb_init(&pb);
	for (;;) {
		rc = peek(p, &t);
		if (rc < 0)
			goto out;
		if (t->t == T_WS) {
			ws = t->raw;
			wsn = t->rawlen;
			drop(p);
			continue;
		}
		if (t->t != T_QSTR && t->t != T_USTR && t->t != T_NUM && t->t != T_TRUE &&
		    t->t != T_FALSE && t->t != T_NULL)
			break;
		if (ws && (pb.n || pb.started)) {
			rc = pb_add(p, &pb, ws, wsn, 0, t->line, t->col);
			if (rc < 0)
				goto out;
		}
		ws = NULL;
		if (t->t == T_QSTR)
			rc = pb_add(p, &pb, t->s, t->slen, 0, t->line, t->col);
		else
			rc = pb_add(p, &pb, t->raw, t->rawlen, 1, t->line, t->col);
		if (rc < 0)
			goto out;
		drop(p);
	}
	if (t->t == T_SUBST) {
		rc = perr(p, VC_EPARSE, t->line, t->col, "substitutions are not allowed in keys");
		goto out;
	}
	if (!pb.n && !pb.started) {
		rc = perr(p, VC_EPARSE, t->line, t->col, "expected a key, not %s",
			  tok_name(t->t));
		goto out;
	}
	rc = pb_push(p, &pb, line, col);
	if (rc < 0)
		goto out;
	if (t->t == T_COLON || t->t == T_EQ || t->t == T_PLUSEQ) {
		append = t->t == T_PLUSEQ;
		drop(p);
		rc = skip_blank(p, 1);
		if (rc < 0)
			goto out;
	} else if (t->t != T_LBRACE) {
		if (t->t == T_NL || t->t == T_EOF || t->t == T_COMMA || t->t == T_RBRACE)
			rc = perr(p, VC_EPARSE, t->line, t->col,
				  "key without a value (expected ':', '=' or '{')");
		else
			rc = perr(p, VC_EPARSE, t->line, t->col,
				  "expected ':', '=' or '{' after a key, not %s", tok_name(t->t));
		goto out;
	}
	if (depth + (int)pb.n - 1 > VC_HOCON_MAX_DEPTH ||
	    p->npath + pb.n > VC_HOCON_MAX_DEPTH) {
		rc = perr(p, VC_ELIMIT, line, col, "nesting deeper than %d", VC_HOCON_MAX_DEPTH);
		goto out;
	}
	if (append && p->in_array) {
		rc = perr(p, VC_EPARSE, line, col, "'+=' inside an array is not supported");
		goto out;
	}
	for (i = 0; i < pb.n; i++)
		p->path[p->npath++] = pb.segs[i];
	rc = parse_value(p, depth + (int)pb.n + append, &v);
	p->npath = saved;
	if (rc < 0)
		goto out;
	if (append) {
		rc = make_append(p, &pb, &v, line, col);
		if (rc < 0)
			goto out;
	}
	/* a.b.c = v: objects for a and b (merged into what is there), then c. */
	for (i = 0; i + 1 < pb.n; i++) {
		rc = obj_field(p, o, pb.segs[i], &f, line, col);
		if (rc < 0)
			goto out;
		top = f->n ? &f->e[f->n - 1] : NULL;
		if (top && top->node->kind == N_OBJ) {
			top->line = line;
			o = top->node->obj;
			continue;
		}
		mid = node_new(p, N_OBJ, line, col);
		if (!mid) {
			rc = p->rc;
			goto out;
		}
		rc = field_push(p, f, mid, line);
		if (rc < 0)
			goto out;
		o = mid->obj;
	}
	rc = obj_assign(p, o, pb.segs[pb.n - 1], v, line);
	v = NULL;
out:
	node_free(v);
	p->npath = saved;
	pb_free(&pb);
	return rc;
}

/* Fields up to '}' (braced) or the end of the file. */
static int parse_body(struct parser *p, struct hobj *o, int depth, int braced, int oline,
		      int ocol)
{
	struct token *t = NULL;
	int rc;

	for (;;) {
		rc = skip_peek(p, 1, &t);
		if (rc < 0)
			return rc;
		if (t->t == T_RBRACE) {
			if (!braced)
				return perr(p, VC_EPARSE, t->line, t->col,
					    "'}' without a matching '{'");
			drop(p);
			return 0;
		}
		if (t->t == T_EOF) {
			if (braced)
				return perr(p, VC_EPARSE, oline, ocol, "'{' is never closed");
			return 0;
		}
		if (t->t == T_COMMA)
			return perr(p, VC_EPARSE, t->line, t->col,
				    "unexpected ',' (a leading comma or two in a row)");
		if (t->t == T_RBRACK)
			return perr(p, VC_EPARSE, t->line, t->col, "']' without a matching '['");
		rc = parse_field(p, o, depth);
		if (rc == 0)
			rc = comma_after(p, &t);
		if (rc < 0)
			return rc;
		if (rc == 0 && t->t != T_NL && t->t != T_RBRACE && t->t != T_EOF)
			return perr(p, VC_EPARSE, t->line, t->col,
				    "expected ',' or a new line after a value, not %s",
				    tok_name(t->t));
	}
}

static int parse_root(struct parser *p, struct hobj *root)
{
	struct token *t = NULL;
	int rc, line, col;

	rc = skip_peek(p, 1, &t);
	if (rc < 0)
		return rc;
	if (t->t == T_LBRACK)
		return perr(p, VC_EPARSE, t->line, t->col,
			    "the root must be an object, not an array");
	if (t->t != T_LBRACE)
		return parse_body(p, root, 1, 0, 1, 1);
	line = t->line;
	col = t->col;
	drop(p);
	rc = parse_body(p, root, 1, 1, line, col);
	if (rc == 0)
		rc = skip_peek(p, 1, &t);
	if (rc < 0)
		return rc;
	if (t->t != T_EOF)
		return perr(p, VC_EPARSE, t->line, t->col,
			    "unexpected text after the root object");
	return 0;
}

/* ---- resolver ---- */

struct rv {
	json_t *v;      /* NULL: no value (an optional substitution found nothing) */
	json_t *lt;     /* line tree [line, kids, count, depth, bytes] */
	int unres;      /* a required substitution that found nothing */
};

struct hz {
	const struct hfield *f;
	size_t limit;
};

struct resolver {
	struct parser *p;
	struct hfield rootf;           /* the root object as a field, for look-ups */
	struct hentry rootent;
	struct hz hz[VC_HOCON_MAX_RESOLVE + 1];
	size_t nhz;
	int depth;
	size_t work;
	json_t *unresolved;
	const struct hnode *cur;       /* innermost substitution being looked up */
	int hidden_miss;               /* a look-up found nothing where a horizon hid values */
	int cyc_line, cyc_col;
};

static void rv_clear(struct rv *r)
{
	json_decref(r->v);
	json_decref(r->lt);
	memset(r, 0, sizeof(*r));
}

static json_t *lt_make(int line, json_t *kids, json_int_t count, json_int_t depth,
		       json_int_t bytes)
{
	json_t *a = json_array();

	if (!a) {
		json_decref(kids);
		return NULL;
	}
	if (json_array_append_new(a, json_integer(line))) {
		json_decref(kids);   /* not yet taken by a */
		json_decref(a);
		return NULL;
	}
	if (json_array_append_new(a, kids ? kids : json_null()) ||
	    json_array_append_new(a, json_integer(count)) ||
	    json_array_append_new(a, json_integer(depth)) ||
	    json_array_append_new(a, json_integer(bytes)) || json_array_size(a) != 5) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_int_t lt_int(const json_t *lt, size_t i)
{
	return json_integer_value(json_array_get(lt, i));
}

/* Add a member's size (its lt) to its parent's: values, depth, bytes (with its key, if any). */
static void size_add(json_int_t *count, json_int_t *depth, json_int_t *bytes, const json_t *lt,
		     const char *key)
{
	*count += lt_int(lt, 2);
	if (1 + lt_int(lt, 3) > *depth)
		*depth = 1 + lt_int(lt, 3);
	*bytes += (key ? (json_int_t)strlen(key) : 0) + lt_int(lt, 4);
}

static json_t *lt_kids(const json_t *lt)
{
	json_t *k = json_array_get(lt, 1);

	return json_is_object(k) ? k : NULL;
}

static int rerr(struct resolver *r, const struct hnode *n, int code, const char *fmt, ...)
	VC_PRINTF(4, 5);

static int rerr(struct resolver *r, const struct hnode *n, int code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return perr(r->p, code, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static int check_size(struct resolver *r, const struct hnode *n, json_int_t count,
		      json_int_t depth, json_int_t bytes)
{
	if (count > VC_HOCON_MAX_VALUES)
		return rerr(r, n, VC_ELIMIT, "more than %d values after substitution",
			    VC_HOCON_MAX_VALUES);
	if (depth > VC_HOCON_MAX_DEPTH)
		return rerr(r, n, VC_ELIMIT, "nesting deeper than %d after substitution",
			    VC_HOCON_MAX_DEPTH);
	if ((size_t)bytes > VC_HOCON_MAX_OUTPUT)
		return rerr(r, n, VC_ELIMIT, "more than %zu bytes of strings after substitution",
			    VC_HOCON_MAX_OUTPUT);
	return 0;
}

static int step(struct resolver *r, const struct hnode *n)
{
	if (++r->work > VC_HOCON_MAX_WORK)
		return rerr(r, n, VC_ELIMIT, "substitutions need more than %d steps",
			    VC_HOCON_MAX_WORK);
	return 0;
}

/* A copy of `in` with the line `line` (children keep theirs). */
static int rv_relined(struct resolver *r, struct rv *out, const struct rv *in, int line)
{
	json_t *kids = lt_kids(in->lt);

	out->v = json_incref(in->v);
	out->lt = lt_make(line, json_incref(kids), lt_int(in->lt, 2), lt_int(in->lt, 3),
			  lt_int(in->lt, 4));
	out->unres = in->unres;
	if (!out->lt) {
		rv_clear(out);
		return nomem(r->p, line, 0);
	}
	return 0;
}

/* Object `upper` merged over object `lower`: a new value sharing the children. */
static int merge_rv(struct resolver *r, const struct hnode *n, struct rv *out,
		    const struct rv *upper, const struct rv *lower)
{
	json_t *v = json_object(), *kids = json_object(), *ukids = lt_kids(upper->lt);
	json_t *lkids = lt_kids(lower->lt), *lv, *uv, *clt;
	json_int_t count = 1, depth = 1, bytes = 0;
	struct rv cu, cl, m;
	const char *key;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!v || !kids)
		goto nomem;
	json_object_foreach(lower->v, key, lv) {
		uv = json_object_get(upper->v, key);
		memset(&m, 0, sizeof(m));
		if (uv && json_is_object(uv) && json_is_object(lv)) {
			cu.v = uv;
			cu.lt = ukids ? json_object_get(ukids, key) : NULL;
			cl.v = lv;
			cl.lt = lkids ? json_object_get(lkids, key) : NULL;
			if (!cu.lt || !cl.lt)
				goto nomem;
			rc = merge_rv(r, n, &m, &cu, &cl);
			if (rc < 0)
				goto out;
		} else {
			m.v = json_incref(uv ? uv : lv);
			clt = uv ? (ukids ? json_object_get(ukids, key) : NULL) :
			      (lkids ? json_object_get(lkids, key) : NULL);
			m.lt = json_incref(clt);
			if (!m.lt) {
				rv_clear(&m);
				goto nomem;
			}
		}
		size_add(&count, &depth, &bytes, m.lt, key);
		if (json_object_set_new(v, key, m.v) || json_object_set_new(kids, key, m.lt))
			goto nomem;
		rc = step(r, n);
		if (rc == 0)
			rc = check_size(r, n, count, depth, bytes);
		if (rc < 0)
			goto out;
	}
	json_object_foreach(upper->v, key, uv) {
		if (json_object_get(lower->v, key))
			continue;
		clt = ukids ? json_object_get(ukids, key) : NULL;
		if (!clt)
			goto nomem;
		size_add(&count, &depth, &bytes, clt, key);
		if (json_object_set(v, key, uv) || json_object_set(kids, key, clt))
			goto nomem;
		rc = step(r, n);
		if (rc == 0)
			rc = check_size(r, n, count, depth, bytes);
		if (rc < 0)
			goto out;
	}
	out->lt = lt_make((int)lt_int(upper->lt, 0), kids, count, depth, bytes);
	kids = NULL;
	if (!out->lt)
		goto nomem;
	out->v = v;
	return 0;
nomem:
	rc = nomem(r->p, n ? n->line : 0, n ? n->col : 0);
out:
	json_decref(v);
	json_decref(kids);
	return rc;
}

static int resolve_node(struct resolver *r, struct rv *out, struct hnode *n, int line);
static int lookup(struct resolver *r, struct rv *out, int *st, const struct hfield *f,
		  char *const *segs, size_t nsegs);

static size_t hz_limit(const struct resolver *r, const struct hfield *f)
{
	size_t k, limit = f->n;

	for (k = 0; k < r->nhz; k++)
		if (r->hz[k].f == f && r->hz[k].limit < limit)
			limit = r->hz[k].limit;
	return limit;
}

/*
 * Value i of field f. While a substitution (or a concatenation with one)
 * is resolved, its field looks only at the values below it.
 */
static int resolve_entry(struct resolver *r, struct rv *out, const struct hfield *f, size_t i)
{
	struct hnode *n = f->e[i].node;
	int self = n->kind == N_SUBST || (n->kind == N_CONCAT && n->has_subst), rc;

	if (self) {
		if (r->nhz >= VC_HOCON_MAX_RESOLVE)
			return rerr(r, n, VC_ELIMIT, "substitutions nested deeper than %d",
				    VC_HOCON_MAX_RESOLVE);
		r->hz[r->nhz].f = f;
		r->hz[r->nhz].limit = i;
		r->nhz++;
	}
	rc = resolve_node(r, out, n, f->e[i].line);
	if (self)
		r->nhz--;
	return rc;
}

/* The value at segs inside an already resolved value. */
static int rv_path(struct rv *out, const struct rv *in, char *const *segs, size_t nsegs)
{
	json_t *v = in->v, *lt = in->lt, *c;
	size_t k;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < nsegs; k++) {
		if (!json_is_object(v))
			return L_BLOCKED;
		c = json_object_get(v, segs[k]);
		if (!c)
			return L_ABSENT;
		lt = lt_kids(lt) ? json_object_get(lt_kids(lt), segs[k]) : NULL;
		if (!lt)
			return L_ABSENT;
		v = c;
	}
	out->v = json_incref(v);
	out->lt = json_incref(lt);
	return L_FOUND;
}

/*
 * The value at segs below field f (the field itself when nsegs is 0):
 * its stack from the top down, merging objects, stopping at the first
 * non-object. *st: L_FOUND, L_ABSENT (nothing there) or L_BLOCKED (a
 * non-object on the way hides anything below it).
 */
static int lookup(struct resolver *r, struct rv *out, int *st, const struct hfield *f,
		  char *const *segs, size_t nsegs)
{
	struct rv acc, got, full, merged;
	const struct hfield *g;
	struct hnode *n = NULL;
	size_t limit = hz_limit(r, f), i;
	int rc = 0, gst;

	memset(&acc, 0, sizeof(acc));
	memset(out, 0, sizeof(*out));
	*st = L_ABSENT;
	if (r->depth >= VC_HOCON_MAX_RESOLVE)
		return rerr(r, r->cur, VC_ELIMIT, "substitutions nested deeper than %d",
			    VC_HOCON_MAX_RESOLVE);
	r->depth++;
	for (i = limit; i-- > 0;) {
		n = f->e[i].node;
		memset(&got, 0, sizeof(got));
		gst = L_ABSENT;
		rc = step(r, n);
		if (rc < 0)
			break;
		if (nsegs == 0) {
			rc = resolve_entry(r, &got, f, i);
			gst = got.v ? L_FOUND : L_ABSENT;
		} else if (n->kind == N_OBJ) {
			g = obj_find(n->obj, segs[0]);
			if (!g)
				continue;
			rc = lookup(r, &got, &gst, g, segs + 1, nsegs - 1);
		} else if (n->kind == N_SUBST || n->kind == N_CONCAT) {
			rc = resolve_entry(r, &full, f, i);
			if (rc == 0) {
				gst = full.v ? rv_path(&got, &full, segs, nsegs) : L_ABSENT;
				rv_clear(&full);
			}
		} else {
			gst = L_BLOCKED;
		}
		if (rc < 0)
			break;
		if (gst == L_ABSENT)
			continue;
		if (gst == L_BLOCKED) {
			if (!acc.v)
				*st = L_BLOCKED;
			break;
		}
		if (!acc.v) {
			acc = got;
			if (!json_is_object(acc.v))
				break;
			continue;
		}
		if (!json_is_object(got.v)) {
			rv_clear(&got);
			break;
		}
		rc = merge_rv(r, n, &merged, &acc, &got);
		rv_clear(&acc);
		rv_clear(&got);
		if (rc < 0)
			break;
		acc = merged;
	}
	r->depth--;
	if (rc < 0) {
		rv_clear(&acc);
		return rc;
	}
	if (acc.v)
		*st = L_FOUND;
	else if (limit < f->n)
		r->hidden_miss = 1;
	*out = acc;
	return 0;
}

static int resolve_obj(struct resolver *r, struct rv *out, const struct hnode *n, int line)
{
	json_t *v = json_object(), *kids = json_object();
	json_int_t count = 1, depth = 1, bytes = 0;
	const struct hfield *g;
	struct rv c;
	size_t i;
	int rc = 0, st;

	if (!v || !kids)
		goto nomem;
	for (i = 0; i < n->obj->n; i++) {
		g = &n->obj->f[i];
		rc = lookup(r, &c, &st, g, NULL, 0);
		if (rc < 0)
			goto out;
		if (!c.v)
			continue;
		size_add(&count, &depth, &bytes, c.lt, g->key);
		if (json_object_set_new(v, g->key, c.v)) {
			json_decref(c.lt);   /* c.v was taken (and freed) either way */
			goto nomem;
		}
		if (json_object_set_new(kids, g->key, c.lt))
			goto nomem;
		rc = check_size(r, n, count, depth, bytes);
		if (rc < 0)
			goto out;
	}
	out->lt = lt_make(line, kids, count, depth, bytes);
	kids = NULL;
	if (!out->lt)
		goto nomem;
	out->v = v;
	return 0;
nomem:
	rc = nomem(r->p, n->line, n->col);
out:
	json_decref(v);
	json_decref(kids);
	return rc;
}

static int resolve_arr(struct resolver *r, struct rv *out, const struct hnode *n, int line)
{
	json_t *v = json_array();
	json_int_t count = 1, depth = 1, bytes = 0;
	struct rv c;
	size_t i;
	int rc = 0;

	if (!v)
		goto nomem;
	for (i = 0; i < n->nkids; i++) {
		rc = resolve_node(r, &c, n->kids[i], n->kids[i]->line);
		if (rc < 0)
			goto out;
		if (!c.v)
			continue;
		size_add(&count, &depth, &bytes, c.lt, NULL);
		json_decref(c.lt);
		if (json_array_append_new(v, c.v))
			goto nomem;
		rc = check_size(r, n, count, depth, bytes);
		if (rc < 0)
			goto out;
	}
	out->lt = lt_make(line, NULL, count, depth, bytes);
	if (!out->lt)
		goto nomem;
	out->v = v;
	return 0;
nomem:
	rc = nomem(r->p, n->line, n->col);
out:
	json_decref(v);
	return rc;
}

/* Shortest text that reads back as d, always with a '.' or exponent. */
static void fmt_real(char *buf, size_t size, double d)
{
	int prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (!strpbrk(buf, ".eEni") && strlen(buf) + 3 <= size)
		memcpy(buf + strlen(buf), ".0", 3);
}

/* A simple value as text in a string concatenation (numbers as written). */
static int put_text(struct vc_buf *b, const struct hnode *kid, const json_t *v)
{
	char num[64];

	if (kid->kind == N_INT || kid->kind == N_REAL || kid->kind == N_STR)
		return vc_buf_put(b, kid->s, kid->slen);
	if (json_is_string(v))
		return vc_buf_put(b, json_string_value(v), json_string_length(v));
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return vc_buf_puts(b, num);
	}
	if (json_is_real(v)) {
		fmt_real(num, sizeof(num), json_real_value(v));
		return vc_buf_puts(b, num);
	}
	if (json_is_true(v))
		return vc_buf_puts(b, "true");
	if (json_is_false(v))
		return vc_buf_puts(b, "false");
	return vc_buf_puts(b, "null");
}

enum { M_NONE, M_STR, M_ARR, M_OBJ };

static int resolve_concat(struct resolver *r, struct rv *out, const struct hnode *n, int line)
{
	struct vc_buf b = VC_BUF_INIT(VC_HOCON_MAX_STRING);
	struct rv *pv, acc, m;
	json_t *v = NULL, *el;
	json_int_t count = 1, depth = 1, bytes = 0;
	size_t i, k;
	int rc = 0, mode = M_NONE, km, unres = 0;

	memset(&acc, 0, sizeof(acc));
	pv = calloc(n->nkids, sizeof(*pv));
	if (!pv)
		return nomem(r->p, n->line, n->col);
	for (i = 0; i < n->nkids; i++) {
		if (n->kids[i]->ws)
			continue;
		rc = resolve_node(r, &pv[i], n->kids[i], n->kids[i]->line);
		if (rc < 0)
			goto out;
		if (!pv[i].v)
			continue;
		if (pv[i].unres) {
			unres = 1;
			continue;
		}
		km = json_is_array(pv[i].v) ? M_ARR : json_is_object(pv[i].v) ? M_OBJ : M_STR;
		if (mode != M_NONE && km != mode) {
			if (km != M_STR && mode != M_STR)
				rc = rerr(r, n, VC_EPARSE, "cannot concatenate an array with an object");
			else
				rc = rerr(r, n, VC_EPARSE,
					  "cannot concatenate a string with an array or object");
			goto out;
		}
		mode = km;
	}
	if (mode == M_NONE && unres)
		mode = M_STR;
	if (mode == M_STR) {
		for (i = 0; i < n->nkids && rc == 0; i++) {
			if (n->kids[i]->ws)
				rc = vc_buf_put(&b, n->kids[i]->s, n->kids[i]->slen);
			else if (pv[i].v)
				rc = put_text(&b, n->kids[i], pv[i].v);
		}
		if (rc == 0 && !b.ptr)
			rc = vc_buf_put(&b, "", 0);
		if (rc < 0) {
			rc = rc == VC_ELIMIT ?
			     rerr(r, n, VC_ELIMIT, "string longer than %zu bytes after concatenation",
				  VC_HOCON_MAX_STRING) : nomem(r->p, n->line, n->col);
			goto out;
		}
		out->v = json_stringn(b.ptr, b.size);
		out->lt = lt_make(line, NULL, 1, 0, (json_int_t)b.size);
	} else if (mode == M_ARR) {
		v = json_array();
		if (!v)
			goto nomem;
		for (i = 0; i < n->nkids; i++) {
			if (!pv[i].v || pv[i].unres || n->kids[i]->ws)
				continue;
			count += lt_int(pv[i].lt, 2) - 1;
			if (lt_int(pv[i].lt, 3) > depth)
				depth = lt_int(pv[i].lt, 3);
			bytes += lt_int(pv[i].lt, 4);
			rc = check_size(r, n, count, depth, bytes);
			if (rc < 0)
				goto out;
			for (k = 0; k < json_array_size(pv[i].v); k++) {
				el = json_array_get(pv[i].v, k);
				if (json_array_append(v, el) || (rc = step(r, n)) < 0)
					goto out_or_nomem;
			}
		}
		out->lt = lt_make(line, NULL, count, depth, bytes);
		out->v = v;
		v = NULL;
	} else if (mode == M_OBJ) {
		for (i = 0; i < n->nkids; i++) {
			if (!pv[i].v || pv[i].unres || n->kids[i]->ws)
				continue;
			if (!acc.v) {
				acc.v = json_incref(pv[i].v);
				acc.lt = json_incref(pv[i].lt);
				continue;
			}
			rc = merge_rv(r, n, &m, &pv[i], &acc);
			rv_clear(&acc);
			if (rc < 0)
				goto out;
			acc = m;
		}
		rc = rv_relined(r, out, &acc, line);
		if (rc < 0)
			goto out;
	}
	if (mode != M_NONE && (!out->v || !out->lt)) {
		rv_clear(out);
		goto nomem;
	}
	goto out;
out_or_nomem:
	if (rc < 0)
		goto out;
nomem:
	rc = nomem(r->p, n->line, n->col);
out:
	for (i = 0; i < n->nkids; i++)
		rv_clear(&pv[i]);
	free(pv);
	rv_clear(&acc);
	json_decref(v);
	vc_buf_free(&b);
	return rc;
}

static int resolve_subst(struct resolver *r, struct rv *out, const struct hnode *n, int line)
{
	const struct hnode *saved = r->cur;
	int saved_miss = r->hidden_miss, miss;
	struct rv got;
	json_t *rec;
	int rc, st;

	r->cur = n;
	r->hidden_miss = 0;
	rc = lookup(r, &got, &st, &r->rootf, n->segs, n->nsegs);
	miss = r->hidden_miss;
	r->hidden_miss = saved_miss;
	r->cur = saved;
	if (rc == 0 && !got.v && miss && !n->optional) {
		/*
		 * Nothing found only because the value being defined was hidden
		 * from its own look-up (`a = ${a}`, `a = ${b}` + `b = ${a}`):
		 * the spec's unresolvable cycle, not a missing setting.
		 */
		if (!r->cyc_line) {
			r->cyc_line = n->line;
			r->cyc_col = n->col;
		}
		rc = E_CYCLE;
	}
	if (rc == E_CYCLE && n->optional) {
		/* The spec: a cycle through ${?x} is as if x were not set. */
		rc = 0;
		r->cyc_line = 0;
		memset(&got, 0, sizeof(got));
	}
	if (rc < 0)
		return rc;
	if (got.v) {
		rc = rv_relined(r, out, &got, line);
		rv_clear(&got);
		return rc;
	}
	if (n->optional)
		return 0;
	/* Required and not found: the text as written, and listed. */
	out->v = json_stringn(n->s, n->slen);
	out->lt = lt_make(line, NULL, 1, 0, (json_int_t)n->slen);
	out->unres = 1;
	if (!out->v || !out->lt)
		goto nomem;
	if (r->unresolved) {
		rec = json_pack("{s:s%, s:i, s:i}", "path", n->s + 2, n->slen - 3,
				"line", n->line, "col", n->col);
		if (!rec || json_array_append_new(r->unresolved, rec))
			goto nomem;
	}
	return 0;
nomem:
	rv_clear(out);
	return nomem(r->p, n->line, n->col);
}

static int resolve_node(struct resolver *r, struct rv *out, struct hnode *n, int line)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (n->state == ST_DONE) {
		out->v = json_incref(n->mv);
		out->lt = json_incref(n->mlt);
		out->unres = n->unres;
		return 0;
	}
	if (n->state == ST_BUSY) {
		if (!r->cyc_line && r->cur) {
			r->cyc_line = r->cur->line;
			r->cyc_col = r->cur->col;
		}
		return E_CYCLE;
	}
	if (r->depth >= VC_HOCON_MAX_RESOLVE)
		return rerr(r, n, VC_ELIMIT, "substitutions nested deeper than %d",
			    VC_HOCON_MAX_RESOLVE);
	rc = step(r, n);
	if (rc < 0)
		return rc;
	r->depth++;
	n->state = ST_BUSY;
	switch (n->kind) {
	case N_STR:
		out->v = json_stringn(n->s, n->slen);
		out->lt = lt_make(line, NULL, 1, 0, (json_int_t)n->slen);
		break;
	case N_INT:
		out->v = json_integer(n->i);
		out->lt = lt_make(line, NULL, 1, 0, 0);
		break;
	case N_REAL:
		out->v = json_real(n->r);
		out->lt = lt_make(line, NULL, 1, 0, 0);
		break;
	case N_BOOL:
		out->v = json_boolean(n->i);
		out->lt = lt_make(line, NULL, 1, 0, 0);
		break;
	case N_NULL:
		out->v = json_null();
		out->lt = lt_make(line, NULL, 1, 0, 0);
		break;
	case N_OBJ:
		rc = resolve_obj(r, out, n, line);
		break;
	case N_ARR:
		rc = resolve_arr(r, out, n, line);
		break;
	case N_CONCAT:
		rc = resolve_concat(r, out, n, line);
		break;
	default:
		rc = resolve_subst(r, out, n, line);
		break;
	}
	r->depth--;
	if (rc == 0 && n->kind <= N_NULL && (!out->v || !out->lt))
		rc = nomem(r->p, n->line, n->col);
	if (rc < 0) {
		rv_clear(out);
		n->state = ST_NEW;
		return rc;
	}
	n->state = ST_DONE;
	n->mv = json_incref(out->v);
	n->mlt = json_incref(out->lt);
	n->unres = (unsigned char)out->unres;
	return 0;
}

/* lines[path] = line for every key below v (an object). */
static int flatten(struct parser *p, json_t *lines, json_t *v, json_t *lt, struct vc_buf *path,
		   size_t *total)
{
	json_t *kids = lt_kids(lt), *c, *clt;
	size_t save = path->size;
	const char *key;
	int rc;

	json_object_foreach(v, key, c) {
		clt = kids ? json_object_get(kids, key) : NULL;
		if (path->ptr) {
			path->size = save;
			path->ptr[save] = 0;
		}
		rc = save ? vc_buf_putc(path, '.') : 0;
		if (rc == 0)
			rc = put_escaped(path, key);
		if (rc == 0 && !path->ptr)
			rc = vc_buf_put(path, "", 0);
		*total += path->size;
		if (rc == VC_ELIMIT || *total > VC_HOCON_MAX_OUTPUT)
			return perr(p, VC_ELIMIT, 0, 0, "key paths longer than %zu bytes in all",
				    VC_HOCON_MAX_OUTPUT);
		if (rc < 0)
			return nomem(p, 0, 0);
		if (json_object_set_new(lines, path->ptr,
					json_integer(clt ? lt_int(clt, 0) : 0)) != 0)
			return nomem(p, 0, 0);
		if (json_is_object(c) && clt) {
			rc = flatten(p, lines, c, clt, path, total);
			if (rc < 0)
				return rc;
		}
	}
	if (path->ptr) {
		path->size = save;
		path->ptr[save] = 0;
	}
	return 0;
}

static void line_col_of(const char *text, const char *at, int *line, int *col)
{
	const char *s;

	*line = 1;
	*col = 1;
	for (s = text; s < at; s++) {
		if (*s == '\n') {
			(*line)++;
			*col = 1;
		} else if ((*s & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

int vc_hocon_parse(json_t **doc, json_t **lines, json_t **includes, json_t **unresolved,
		   int *err_line, int *err_col, const char *text, size_t len)
{
	struct parser p;
	struct resolver *r = NULL;
	struct hnode *root = NULL;
	struct rv res;
	struct vc_buf path = VC_BUF_INIT(VC_HOCON_MAX_OUTPUT);
	json_t *d = NULL, *l = NULL, *un = NULL;
	const char *nul;
	size_t total = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	if (doc)
		*doc = NULL;
	if (lines)
		*lines = NULL;
	if (includes)
		*includes = NULL;
	if (unresolved)
		*unresolved = NULL;
	if (err_line)
		*err_line = 0;
	if (err_col)
		*err_col = 0;
	if (!doc)
		return vc_error_set(VC_ERROR, "vc_hocon_parse: no output");
	if (!text && len)
		return vc_error_set(VC_ERROR, "vc_hocon_parse: no text");
	if (!text)
		text = "";
	if (len > VC_HOCON_MAX_BYTES)
		return vc_error_set(VC_ELIMIT, "input larger than %zu bytes", VC_HOCON_MAX_BYTES);
	text = vc_utf8_skip_bom(text, &len);
	p.p = text;
	p.end = text + len;
	p.line = 1;
	p.col = 1;
	nul = memchr(text, 0, len);
	if (nul) {
		int nl, nc;

		line_col_of(text, nul, &nl, &nc);
		rc = perr(&p, VC_EPARSE, nl, nc, "nul byte");
		goto out;
	}
	p.includes = json_array();
	un = json_array();
	root = node_new(&p, N_OBJ, 1, 1);
	if (!p.includes || !un || !root) {
		rc = nomem(&p, 1, 1);
		goto out;
	}
	rc = parse_root(&p, root->obj);
	tok_clear(&p.la);
	if (rc < 0)
		goto out;

	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = nomem(&p, 0, 0);
		goto out;
	}
	r->p = &p;
	r->unresolved = un;
	r->rootent.node = root;
	r->rootent.line = 1;
	r->rootf.key = "";
	r->rootf.e = &r->rootent;
	r->rootf.n = 1;
	rc = resolve_node(r, &res, root, 1);
	if (rc == E_CYCLE)
		rc = perr(&p, VC_EPARSE, r->cyc_line, r->cyc_col,
			  "substitution cycle (the value depends on itself)");
	if (rc < 0)
		goto out;
	d = json_deep_copy(res.v);
	if (!d) {
		rc = nomem(&p, 0, 0);
		goto out;
	}
	if (lines) {
		l = json_object();
		if (!l) {
			rc = nomem(&p, 0, 0);
			goto out;
		}
		rc = flatten(&p, l, res.v, res.lt, &path, &total);
		if (rc < 0)
			goto out;
	}
	*doc = d;
	d = NULL;
	if (lines) {
		*lines = l;
		l = NULL;
	}
	if (includes) {
		*includes = p.includes;
		p.includes = NULL;
	}
	if (unresolved) {
		*unresolved = un;
		un = NULL;
	}
	rc = 0;
out:
	if (rc < 0) {
		if (err_line)
			*err_line = p.err_line;
		if (err_col)
			*err_col = p.err_col;
	}
	rv_clear(&res);
	node_free(root);
	free(r);
	vc_buf_free(&path);
	json_decref(d);
	json_decref(l);
	json_decref(un);
	json_decref(p.includes);
	return rc;
}

/* ---- merging files ---- */

static int path_push(struct vc_buf *path, const char *key)
{
	int rc = path->size ? vc_buf_putc(path, '.') : 0;

	if (rc == 0)
		rc = put_escaped(path, key);
	if (rc == 0 && !path->ptr)
		rc = vc_buf_put(path, "", 0);
	return rc;
}

static void path_pop(struct vc_buf *path, size_t save)
{
	if (path->ptr) {
		path->size = save;
		path->ptr[save] = 0;
	}
}

/* Remove the lines of path and of every key below v. */
static int lines_drop(json_t *lines, json_t *v, struct vc_buf *path, int depth)
{
	const char *key;
	json_t *c;
	size_t save = path->size;
	int rc;

	json_object_del(lines, path->ptr);
	if (!json_is_object(v))
		return 0;
	if (depth > VC_HOCON_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "merge: nesting deeper than %d", VC_HOCON_MAX_DEPTH);
	json_object_foreach(v, key, c) {
		rc = path_push(path, key);
		if (rc == 0)
			rc = lines_drop(lines, c, path, depth + 1);
		path_pop(path, save);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Copy the lines of path and of every key below v from olines. */
static int lines_copy(json_t *lines, const json_t *olines, json_t *v, struct vc_buf *path,
		      int depth)
{
	json_t *l = olines ? json_object_get(olines, path->ptr) : NULL, *c;
	const char *key;
	size_t save = path->size;
	int rc;

	if (json_is_integer(l) &&
	    json_object_set_new(lines, path->ptr, json_integer(json_integer_value(l))) != 0)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (!json_is_object(v))
		return 0;
	if (depth > VC_HOCON_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "merge: nesting deeper than %d", VC_HOCON_MAX_DEPTH);
	json_object_foreach(v, key, c) {
		rc = path_push(path, key);
		if (rc == 0)
			rc = lines_copy(lines, olines, c, path, depth + 1);
		path_pop(path, save);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int merge_rec(json_t *base, json_t *blines, json_t *over, const json_t *olines,
		     struct vc_buf *path, int depth)
{
	const char *key;
	json_t *ov, *bv, *cp, *l;
	size_t save = path->size;
	int rc = 0;

	if (depth > VC_HOCON_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "merge: nesting deeper than %d", VC_HOCON_MAX_DEPTH);
	json_object_foreach(over, key, ov) {
		rc = path_push(path, key);
		if (rc < 0)
			break;
		bv = json_object_get(base, key);
		if (json_is_object(bv) && json_is_object(ov)) {
			l = olines ? json_object_get(olines, path->ptr) : NULL;
			if (blines && json_is_integer(l) &&
			    json_object_set_new(blines, path->ptr,
						json_integer(json_integer_value(l))) != 0)
				rc = vc_error_set(VC_ENOMEM, "out of memory");
			if (rc == 0)
				rc = merge_rec(bv, blines, ov, olines, path, depth + 1);
		} else {
			if (blines)
				rc = lines_drop(blines, bv, path, depth + 1);
			cp = rc == 0 ? json_deep_copy(ov) : NULL;
			if (rc == 0 && (!cp || json_object_set_new(base, key, cp) != 0))
				rc = vc_error_set(VC_ENOMEM, "out of memory");
			if (rc == 0 && blines)
				rc = lines_copy(blines, olines, ov, path, depth + 1);
		}
		path_pop(path, save);
		if (rc < 0)
			break;
	}
	return rc;
}

int vc_hocon_merge(json_t *base, json_t *base_lines, const json_t *over,
		   const json_t *over_lines)
{
	struct vc_buf path = VC_BUF_INIT(VC_HOCON_MAX_OUTPUT);
	int rc;

	if (!json_is_object(base) || !json_is_object(over))
		return vc_error_set(VC_ERROR, "vc_hocon_merge: both documents must be objects");
	rc = merge_rec(base, json_is_object(base_lines) ? base_lines : NULL, (json_t *)over,
		       json_is_object(over_lines) ? over_lines : NULL, &path, 1);
	if (rc == VC_ELIMIT && strncmp(vc_error_last(), "merge", 5) != 0)
		rc = vc_error_set(VC_ELIMIT, "merge: key paths longer than %zu bytes",
				  VC_HOCON_MAX_OUTPUT);
	vc_buf_free(&path);
	return rc;
}

json_t *vc_hocon_get(const json_t *doc, const char *path)
{
	struct vc_buf seg = VC_BUF_INIT(VC_HOCON_MAX_OUTPUT);
	json_t *cur = (json_t *)doc;
	const char *s = path;
	int rc = 0;

	if (!doc || !path || !*path)
		return NULL;
	while (cur) {
		vc_buf_clear(&seg);
		while (*s && *s != '.' && rc == 0) {
			if (*s == '\\' && (s[1] == '.' || s[1] == '\\'))
				s++;
			rc = vc_buf_putc(&seg, *s++);
		}
		if (rc < 0 || seg.size == 0 || !json_is_object(cur)) {
			cur = NULL;
			break;
		}
		cur = json_object_get(cur, seg.ptr);
		if (!*s)
			break;
		s++;
		if (!*s)
			cur = NULL;   /* a trailing '.' */
	}
	vc_buf_free(&seg);
	return cur;
}

int vc_hocon_bool(int *out, const json_t *v)
{
	static const char *const yes[] = { "true", "yes", "on", NULL };
	static const char *const no[] = { "false", "no", "off", NULL };
	const char *s;
	int i;

	if (!out)
		return vc_error_set(VC_ERROR, "vc_hocon_bool: no output");
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_string(v)) {
		s = json_string_value(v);
		for (i = 0; yes[i]; i++) {
			if (strcmp(s, yes[i]) == 0) {
				*out = 1;
				return 0;
			}
			if (strcmp(s, no[i]) == 0) {
				*out = 0;
				return 0;
			}
		}
	}
	return vc_error_set(VC_EPARSE, "not a boolean (expected true/false, yes/no or on/off)");
}
