/*
 * YAML through libyaml's event API, converted to Jansson.
 *
 * The tree is built without recursion: a stack of the open collections,
 * at most VC_YAML_MAX_DEPTH deep. Lines live in a shadow tree built beside
 * the document: a scalar's shadow is its line (a JSON integer), a
 * collection's is [line, kids] where kids is shaped like the collection
 * (an object or an array of shadows). Replacing a duplicate key, copying an
 * alias and merging "<<" move both trees together, so the flattened *lines
 * always describes *doc exactly.
 *
 * Every anchor remembers how many values and bytes its node produced and
 * how deep it is, so an alias is refused before it is copied when it would
 * pass a limit ("billion laughs").
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "core/buf.h"
#include "core/err.h"
#include "parsers/yaml.h"

#define MERGE_TAG "tag:yaml.org,2002:merge"
#define REAL_TEXT_MAX 128       /* longer real syntax stays a string */
#define ANCHORS_MIN 16

enum kind { K_NULL, K_BOOL, K_INT, K_REAL, K_STR };

struct anchor {
	json_t *value;          /* NULL while the node is still open */
	json_t *kids;           /* the node's shadow kids, NULL for a scalar */
	char *text;             /* a scalar's text as written (for keys), else NULL */
	size_t text_len;
	size_t nodes, bytes;    /* produced by the node, aliases inside included */
	int height;             /* collections on the longest path down, 0 for a scalar */
};

struct frame {
	int map;                /* 1 mapping, 0 sequence */
	json_t *node;
	json_t *kids;
	int line;               /* of the start event */
	long anchor;            /* index in ctx.anchors, or -1 */
	size_t nodes0, bytes0;  /* counters before this collection */
	int height;             /* highest child */
	char *key;              /* mapping: the key waiting for its value, or NULL */
	int key_line;
	int key_merge;          /* that key is "<<" */
};

struct ctx {
	yaml_parser_t parser;
	int parser_ok;
	struct frame st[VC_YAML_MAX_DEPTH];
	int depth;
	size_t nodes, bytes;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	json_t *anchor_ix;      /* name -> index in anchors */
	json_t *root, *root_kids;
	int have_root;
	int err_line, err_col;
};

/* ---- errors ---- */

static int fail(struct ctx *c, int code, int line, int col, const char *fmt, ...)
	VC_PRINTF(5, 6);

static int fail(struct ctx *c, int code, int line, int col, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	c->err_line = line;
	c->err_col = col;
	va_start(ap, fmt);
	msg = vc_vasprintf(fmt, ap);
	va_end(ap);
	if (!msg)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (line > 0)
		vc_error_set(code, "line %d: %s", line, msg);
	else
		vc_error_set(code, "%s", msg);
	free(msg);
	return code;
}

static int nomem(void)
{
	return vc_error_set(VC_ENOMEM, "out of memory");
}

static int mark_line(yaml_mark_t m)
{
	return m.line >= (size_t)INT_MAX ? INT_MAX : (int)m.line + 1;
}

static int mark_col(yaml_mark_t m)
{
	return m.column >= (size_t)INT_MAX ? INT_MAX : (int)m.column + 1;
}

/* 1-based line of byte `off` of text. */
static int line_at(const char *text, size_t len, size_t off)
{
	const char *p = text, *end = text + (off < len ? off : len), *nl;
	int line = 1;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p = nl + 1;
	}
	return line;
}

/* libyaml's message is a fixed text: it never contains the input. */
static int parser_error(struct ctx *c, const char *text, size_t len)
{
	const yaml_parser_t *p = &c->parser;
	const char *problem = p->problem ? p->problem : "malformed yaml";
	int line = mark_line(p->problem_mark), col = mark_col(p->problem_mark);

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return nomem();
	case YAML_READER_ERROR:
		return fail(c, VC_EPARSE, line_at(text, len, p->problem_offset), 0, "%s",
			    problem);
	default:
		break;
	}
	if (!p->context)
		return fail(c, VC_EPARSE, line, col, "%s", problem);
	/* A scalar left open at the end: point at its start, not at the end. */
	if (strstr(problem, "end of stream"))
		return fail(c, VC_EPARSE, mark_line(p->context_mark), mark_col(p->context_mark),
			    "%s %s", problem, p->context);
	return fail(c, VC_EPARSE, line, col, "%s %s (line %d)", problem, p->context,
		    mark_line(p->context_mark));
}

/* Account for values and bytes about to be produced; refuse past the limits. */
static int count(struct ctx *c, size_t nodes, size_t bytes, int line)
{
	if (nodes > VC_YAML_MAX_NODES - c->nodes)
		return fail(c, VC_ELIMIT, line, 0,
			    "more than %d values (an alias counts at every use)",
			    VC_YAML_MAX_NODES);
	if (bytes > VC_YAML_MAX_OUT - c->bytes)
		return fail(c, VC_ELIMIT, line, 0,
			    "more than %zu bytes of strings and keys (an alias counts at every use)",
			    VC_YAML_MAX_OUT);
	c->nodes += nodes;
	c->bytes += bytes;
	return 0;
}

/* ---- scalars ---- */

static int eq(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

static int is_null(const char *s, size_t n)
{
	return n == 0 || eq(s, n, "~") || eq(s, n, "null") || eq(s, n, "Null") ||
	       eq(s, n, "NULL");
}

/* 1 and *out set when s is a YAML 1.1 boolean (without y/n), else 0. */
static int is_bool(int *out, const char *s, size_t n)
{
	static const char *const yes[] = {
		"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"
	};
	static const char *const no[] = {
		"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (eq(s, n, yes[i])) {
			*out = 1;
			return 1;
		}
		if (eq(s, n, no[i])) {
			*out = 0;
			return 1;
		}
	}
	return 0;
}

static int digit_of(char ch, int base)
{
	int d;

	if (ch >= '0' && ch <= '9')
		d = ch - '0';
	else if (ch >= 'a' && ch <= 'f')
		d = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'F')
		d = ch - 'A' + 10;
	else
		return -1;
	return d < base ? d : -1;
}

/* 1 integer (*out set), 0 not integer syntax, -1 integer syntax out of range. */
static int is_int(json_int_t *out, const char *s, size_t n)
{
	uint64_t v = 0, lim;
	size_t i = 0;
	int neg = 0, base = 10, digits = 0, over = 0, d;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i >= n || s[i] < '0' || s[i] > '9')
		return 0;
	if (s[i] == '0' && i + 1 < n) {
		if (s[i + 1] == 'x') {
			base = 16;
			i += 2;
		} else if (s[i + 1] == 'o') {
			base = 8;
			i += 2;
		} else if (s[i + 1] == 'b') {
			base = 2;
			i += 2;
		} else {
			base = 8;       /* YAML 1.1: a leading 0 means octal */
			i++;
		}
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		if (s[i] == '_')
			continue;
		d = digit_of(s[i], base);
		if (d < 0)
			return 0;
		digits++;
		if (v > (lim - (uint64_t)d) / (uint64_t)base)
			over = 1;
		else
			v = v * (uint64_t)base + (uint64_t)d;
	}
	if (!digits)
		return 0;
	if (over)
		return -1;
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(json_int_t)v;
	else
		*out = (json_int_t)v;
	return 1;
}

/*
 * 1 when s is a finite real: [-+]? (digits [. digits*] | . digits) [e [-+]? digits]
 * with a '.' or an exponent; '_' after a digit is ignored. Parsed with
 * strtod in the C locale's syntax (the program never changes LC_NUMERIC).
 */
static int is_real(double *out, const char *s, size_t n)
{
	char b[REAL_TEXT_MAX + 1], *end;
	size_t i = 0, k = 0;
	int mant = 0, dot = 0, exp = 0;
	double v;

	if (n > REAL_TEXT_MAX)
		return 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		b[k++] = s[i++];
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			b[k++] = s[i];
			mant++;
		} else if (s[i] == '_' && mant) {
			continue;
		} else if (s[i] == '.' && !dot) {
			b[k++] = '.';
			dot = 1;
		} else {
			break;
		}
	}
	if (!mant)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		b[k++] = 'e';
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			b[k++] = s[i++];
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			b[k++] = s[i];
			exp++;
		}
		if (!exp)
			return 0;
	}
	if (i != n || (!dot && !exp))
		return 0;
	b[k] = 0;
	v = strtod(b, &end);
	if (end != b + k || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

/* The implicit (plain, untagged) value of s; *kind says which rule matched. */
static json_t *implicit(enum kind *kind, const char *s, size_t n)
{
	json_int_t i;
	double r;
	int b;

	if (is_null(s, n)) {
		*kind = K_NULL;
		return json_null();
	}
	if (is_bool(&b, s, n)) {
		*kind = K_BOOL;
		return json_boolean(b);
	}
	b = is_int(&i, s, n);
	if (b > 0) {
		*kind = K_INT;
		return json_integer(i);
	}
	if (b == 0 && is_real(&r, s, n)) {
		*kind = K_REAL;
		return json_real(r);
	}
	*kind = K_STR;
	return json_stringn(s, n);
}

static int tag_kind(enum kind *kind, const char *tag)
{
	static const struct { const char *tag; enum kind kind; } tags[] = {
		{ YAML_NULL_TAG, K_NULL }, { YAML_BOOL_TAG, K_BOOL }, { YAML_INT_TAG, K_INT },
		{ YAML_FLOAT_TAG, K_REAL }, { YAML_STR_TAG, K_STR }, { "!", K_STR },
	};
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		if (strcmp(tag, tags[i].tag) == 0) {
			*kind = tags[i].kind;
			return 1;
		}
	}
	return 0;
}

static const char *kind_name(enum kind k)
{
	switch (k) {
	case K_NULL:
		return "!!null";
	case K_BOOL:
		return "!!bool";
	case K_INT:
		return "!!int";
	case K_REAL:
		return "!!float";
	default:
		return "!!str";
	}
}

/* The value of a scalar event; *out is a new reference. */
static int resolve(struct ctx *c, json_t **out, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t n = ev->data.scalar.length;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	enum kind want, got;
	json_t *v;
	double r;

	*out = NULL;
	if (tag && tag_kind(&want, tag)) {
		if (want == K_STR) {
			v = json_stringn(s, n);
		} else {
			v = implicit(&got, s, n);
			if (v && want == K_REAL && got == K_INT) {
				r = (double)json_integer_value(v);
				json_decref(v);
				v = json_real(r);
				got = K_REAL;
			}
			if (v && got != want) {
				json_decref(v);
				return fail(c, VC_EPARSE, mark_line(ev->start_mark),
					    mark_col(ev->start_mark), "value does not match its %s tag",
					    kind_name(want));
			}
		}
	} else if (plain) {
		v = implicit(&got, s, n);
	} else {
		v = json_stringn(s, n);
	}
	if (!v)
		return nomem();
	*out = v;
	return 0;
}

/* ---- anchors ---- */

static int anchor_open(struct ctx *c, long *ix, const char *name, int line)
{
	struct anchor *a;
	json_t *j;
	size_t cap;

	*ix = -1;
	if (c->n_anchors >= VC_YAML_MAX_NODES)
		return fail(c, VC_ELIMIT, line, 0, "more than %d anchors", VC_YAML_MAX_NODES);
	if (c->n_anchors == c->cap_anchors) {
		cap = c->cap_anchors ? c->cap_anchors * 2 : ANCHORS_MIN;
		a = realloc(c->anchors, cap * sizeof(*a));
		if (!a)
			return nomem();
		c->anchors = a;
		c->cap_anchors = cap;
	}
	j = json_integer((json_int_t)c->n_anchors);
	if (!j || json_object_set_new(c->anchor_ix, name, j))
		return nomem();
	memset(&c->anchors[c->n_anchors], 0, sizeof(c->anchors[0]));
	*ix = (long)c->n_anchors++;
	return 0;
}

/* The node of anchor `ix` is complete; takes new references to v and kids. */
static int anchor_close(struct ctx *c, long ix, json_t *v, json_t *kids, int height,
			size_t nodes, size_t bytes, const char *text, size_t text_len)
{
	struct anchor *a = &c->anchors[ix];

	if (text) {
		a->text = malloc(text_len + 1);
		if (!a->text)
			return nomem();
		memcpy(a->text, text, text_len);
		a->text[text_len] = 0;
		a->text_len = text_len;
	}
	a->value = json_incref(v);
	a->kids = json_incref(kids);
	a->height = height;
	a->nodes = nodes;
	a->bytes = bytes;
	return 0;
}

/* ---- building ---- */

/* A shadow: the line alone for a scalar, [line, kids] for a collection. Steals kids. */
static json_t *shadow_new(int line, json_t *kids)
{
	json_t *s;

	if (!kids)
		return json_integer(line);
	s = json_array();
	if (!s || json_array_append_new(s, json_integer(line))) {
		json_decref(kids);   /* not yet taken by s */
		json_decref(s);
		return NULL;
	}
	if (json_array_append_new(s, kids)) {   /* takes kids, also when it fails */
		json_decref(s);
		return NULL;
	}
	return s;
}

static json_int_t shadow_line(const json_t *s)
{
	if (json_is_array(s))
		s = json_array_get(s, 0);
	return json_is_integer(s) ? json_integer_value(s) : 0;
}

static json_t *shadow_kids(const json_t *s)
{
	return json_is_array(s) ? json_array_get(s, 1) : NULL;
}

static struct frame *top(struct ctx *c)
{
	return c->depth > 0 ? &c->st[c->depth - 1] : NULL;
}

/* Add the members of mapping m (shadow kids mk) that f does not have yet. */
static int merge_one(struct frame *f, json_t *m, json_t *mk)
{
	const char *k;
	json_t *v, *s;

	json_object_foreach(m, k, v) {
		if (json_object_get(f->node, k))
			continue;
		s = json_object_get(mk, k);
		if (json_object_set(f->node, k, v) || (s && json_object_set(f->kids, k, s)))
			return nomem();
	}
	return 0;
}

static int merge_key(struct ctx *c, struct frame *f, json_t *v, json_t *kids)
{
	size_t i;
	int rc;

	if (json_is_object(v))
		return merge_one(f, v, kids);
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			if (!json_is_object(json_array_get(v, i)))
				break;
		}
		if (i == json_array_size(v)) {
			for (i = 0; i < json_array_size(v); i++) {
				rc = merge_one(f, json_array_get(v, i),
					       shadow_kids(json_array_get(kids, i)));
				if (rc < 0)
					return rc;
			}
			return 0;
		}
	}
	return fail(c, VC_EPARSE, f->key_line, 0,
		    "a merge key (<<) needs a mapping or a sequence of mappings");
}

/* Put a complete value into the open collection (or make it the root). Steals v, kids. */
static int add_value(struct ctx *c, json_t *v, json_t *kids, int own_line, int height)
{
	struct frame *f = top(c);
	json_t *s;
	int rc;

	if (!f) {
		c->root = v;
		c->root_kids = kids;
		c->have_root = 1;
		return 0;
	}
	if (height > f->height)
		f->height = height;
	if (!f->map) {
		s = shadow_new(own_line, kids);
		if (!s) {
			json_decref(v);
			return nomem();
		}
		if (json_array_append_new(f->node, v)) {
			json_decref(s);
			return nomem();
		}
		return json_array_append_new(f->kids, s) ? nomem() : 0;
	}
	if (f->key_merge) {
		rc = merge_key(c, f, v, kids);
		json_decref(v);
		json_decref(kids);
	} else {
		s = shadow_new(f->key_line, kids);
		if (!s) {
			json_decref(v);
			rc = nomem();
		} else if (json_object_set_new(f->node, f->key, v)) {
			json_decref(s);
			rc = nomem();
		} else {
			rc = json_object_set_new(f->kids, f->key, s) ? nomem() : 0;
		}
	}
	free(f->key);
	f->key = NULL;
	f->key_merge = 0;
	return rc;
}

static int expecting_key(struct ctx *c)
{
	struct frame *f = top(c);

	return f && f->map && !f->key;
}

static int set_key(struct ctx *c, const char *s, size_t n, int merge, int line, int col)
{
	struct frame *f = top(c);
	int rc;

	if (n > VC_YAML_MAX_SCALAR)
		return fail(c, VC_ELIMIT, line, col, "key longer than %zu bytes",
			    VC_YAML_MAX_SCALAR);
	if (memchr(s, 0, n))
		return fail(c, VC_EPARSE, line, col, "a key holds a nul character");
	rc = count(c, 0, n, line);
	if (rc < 0)
		return rc;
	f->key = malloc(n + 1);
	if (!f->key)
		return nomem();
	memcpy(f->key, s, n);
	f->key[n] = 0;
	f->key_line = line;
	f->key_merge = merge;
	return 0;
}

static int on_scalar(struct ctx *c, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *name = (const char *)ev->data.scalar.anchor;
	size_t n = ev->data.scalar.length;
	int line = mark_line(ev->start_mark), col = mark_col(ev->start_mark), rc, key;
	long ix = -1;
	json_t *v = NULL;

	if (n > VC_YAML_MAX_SCALAR)
		return fail(c, VC_ELIMIT, line, col, "scalar longer than %zu bytes",
			    VC_YAML_MAX_SCALAR);
	key = expecting_key(c);
	if (key) {
		rc = set_key(c, s, n, ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			     (!tag || strcmp(tag, MERGE_TAG) == 0) && eq(s, n, "<<"), line, col);
		if (rc < 0 || !name)
			return rc;
	} else {
		rc = count(c, 1, n, line);
		if (rc < 0)
			return rc;
	}
	rc = resolve(c, &v, ev);
	if (rc == 0 && name) {
		rc = anchor_open(c, &ix, name, line);
		if (rc == 0)
			rc = anchor_close(c, ix, v, NULL, 0, 1, n, s, n);
	}
	if (rc < 0 || key) {
		json_decref(v);
		return rc;
	}
	return add_value(c, v, NULL, line, 0);
}

static int on_alias(struct ctx *c, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	int line = mark_line(ev->start_mark), col = mark_col(ev->start_mark), rc;
	json_t *ix = json_object_get(c->anchor_ix, name), *v, *kids = NULL;
	const struct anchor *a;

	if (!ix)
		return fail(c, VC_EPARSE, line, col, "alias to an undefined anchor");
	a = &c->anchors[json_integer_value(ix)];
	if (!a->value)
		return fail(c, VC_EPARSE, line, col, "alias to a node that contains it");
	if (expecting_key(c)) {
		if (!a->text)
			return fail(c, VC_EPARSE, line, col, "a key must be a scalar");
		return set_key(c, a->text, a->text_len, 0, line, col);
	}
	if (a->height > VC_YAML_MAX_DEPTH - c->depth)
		return fail(c, VC_ELIMIT, line, col,
			    "nesting deeper than %d levels (alias expansion included)",
			    VC_YAML_MAX_DEPTH);
	rc = count(c, a->nodes, a->bytes, line);
	if (rc < 0)
		return rc;
	v = json_deep_copy(a->value);
	if (a->kids)
		kids = json_deep_copy(a->kids);
	if (!v || (a->kids && !kids)) {
		json_decref(v);
		json_decref(kids);
		return nomem();
	}
	return add_value(c, v, kids, line, a->height);
}

static int on_start(struct ctx *c, const yaml_event_t *ev, int map)
{
	const char *name = (const char *)(map ? ev->data.mapping_start.anchor :
					  ev->data.sequence_start.anchor);
	int line = mark_line(ev->start_mark), col = mark_col(ev->start_mark), rc;
	struct frame *f;

	if (expecting_key(c))
		return fail(c, VC_EPARSE, line, col, "a key must be a scalar");
	if (c->depth >= VC_YAML_MAX_DEPTH)
		return fail(c, VC_ELIMIT, line, col, "nesting deeper than %d levels",
			    VC_YAML_MAX_DEPTH);
	rc = count(c, 1, 0, line);
	if (rc < 0)
		return rc;
	f = &c->st[c->depth];
	memset(f, 0, sizeof(*f));
	f->map = map;
	f->node = map ? json_object() : json_array();
	f->kids = map ? json_object() : json_array();
	if (!f->node || !f->kids) {
		json_decref(f->node);
		json_decref(f->kids);
		return nomem();
	}
	f->line = line;
	f->anchor = -1;
	f->nodes0 = c->nodes - 1;
	f->bytes0 = c->bytes;
	c->depth++;
	return name ? anchor_open(c, &f->anchor, name, line) : 0;
}

static int on_end(struct ctx *c)
{
	struct frame f = c->st[c->depth - 1];
	int rc = 0;

	c->depth--;
	free(f.key);    /* libyaml always gives a value; defensive */
	if (f.anchor >= 0)
		rc = anchor_close(c, f.anchor, f.node, f.kids, f.height + 1,
				  c->nodes - f.nodes0, c->bytes - f.bytes0, NULL, 0);
	if (rc < 0) {
		json_decref(f.node);
		json_decref(f.kids);
		return rc;
	}
	return add_value(c, f.node, f.kids, f.line, f.height + 1);
}

/* Events up to the end of the first document. */
static int run(struct ctx *c, const char *text, size_t len)
{
	yaml_event_t ev;
	int rc = 0, done = 0;

	while (!done && rc == 0) {
		if (!yaml_parser_parse(&c->parser, &ev))
			return parser_error(c, text, len);
		switch (ev.type) {
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(c, &ev);
			break;
		case YAML_ALIAS_EVENT:
			rc = on_alias(c, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			rc = on_start(c, &ev, 0);
			break;
		case YAML_MAPPING_START_EVENT:
			rc = on_start(c, &ev, 1);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = c->depth > 0 ? on_end(c) : vc_error_set(VC_ERROR, "unbalanced events");
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	return rc;
}

static void ctx_free(struct ctx *c)
{
	size_t i;
	int d;

	for (d = 0; d < c->depth; d++) {
		json_decref(c->st[d].node);
		json_decref(c->st[d].kids);
		free(c->st[d].key);
	}
	for (i = 0; i < c->n_anchors; i++) {
		json_decref(c->anchors[i].value);
		json_decref(c->anchors[i].kids);
		free(c->anchors[i].text);
	}
	free(c->anchors);
	json_decref(c->anchor_ix);
	json_decref(c->root);
	json_decref(c->root_kids);
	if (c->parser_ok)
		yaml_parser_delete(&c->parser);
}

/* ---- key paths ---- */

/* Append one segment ('.' and '\' escaped with '\'), after a '.' unless it is the first. */
static int path_push(struct vc_buf *b, int first, const char *s, size_t n)
{
	size_t i;
	int rc = 0;

	if (!first)
		rc = vc_buf_putc(b, '.');
	for (i = 0; i < n && rc == 0; i++) {
		if (s[i] == '.' || s[i] == '\\')
			rc = vc_buf_putc(b, '\\');
		if (rc == 0)
			rc = vc_buf_putc(b, s[i]);
	}
	if (rc == 0 && !b->ptr)
		rc = vc_buf_put(b, "", 0);
	return rc;
}

static void path_cut(struct vc_buf *b, size_t size)
{
	b->size = size;
	if (b->ptr)
		b->ptr[size] = 0;
}

struct flat {
	json_t *lines;
	struct vc_buf path;
	size_t total;
};

static int flat_walk(struct flat *fl, const json_t *v, const json_t *kids, int depth);

static int flat_entry(struct flat *fl, const json_t *child, const json_t *s, int depth)
{
	json_int_t line = shadow_line(s);

	if (line > 0) {
		if (fl->path.size > VC_YAML_MAX_OUT - fl->total)
			return vc_error_set(VC_ELIMIT, "more than %zu bytes of key paths",
					    VC_YAML_MAX_OUT);
		fl->total += fl->path.size;
		if (json_object_set_new(fl->lines, fl->path.ptr, json_integer(line)))
			return nomem();
	}
	return flat_walk(fl, child, shadow_kids(s), depth + 1);
}

static int flat_walk(struct flat *fl, const json_t *v, const json_t *kids, int depth)
{
	size_t mark = fl->path.size, i;
	const char *k;
	json_t *child;
	char ix[24];
	int rc = 0;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, child) {
			rc = path_push(&fl->path, depth == 0, k, strlen(k));
			if (rc == 0)
				rc = flat_entry(fl, child, json_object_get(kids, k), depth);
			path_cut(&fl->path, mark);
			if (rc < 0)
				return rc;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			snprintf(ix, sizeof(ix), "%zu", i);
			rc = path_push(&fl->path, depth == 0, ix, strlen(ix));
			if (rc == 0)
				rc = flat_entry(fl, child, json_array_get(kids, i), depth);
			path_cut(&fl->path, mark);
			if (rc < 0)
				return rc;
		}
	}
	return rc;
}

/* ---- public ---- */

int vc_yaml_parse(json_t **doc, json_t **lines, const char *text, size_t len,
		  int *err_line, int *err_col)
{
	struct flat fl = { NULL, VC_BUF_INIT(VC_YAML_MAX_OUT), 0 };
	struct ctx *c;
	const char *nul;
	int rc;

	*doc = NULL;
	if (lines)
		*lines = NULL;
	if (err_line)
		*err_line = 0;
	if (err_col)
		*err_col = 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		return nomem();
	if (!text)
		len = 0;
	if (len > VC_YAML_MAX_BYTES) {
		rc = vc_error_set(VC_ELIMIT, "input larger than %zu bytes", VC_YAML_MAX_BYTES);
		goto out;
	}
	nul = len ? memchr(text, 0, len) : NULL;
	if (nul) {
		rc = fail(c, VC_EPARSE, line_at(text, len, (size_t)(nul - text)), 0,
			  "nul byte in the input");
		goto out;
	}
	c->anchor_ix = json_object();
	if (!c->anchor_ix || !yaml_parser_initialize(&c->parser)) {
		rc = nomem();
		goto out;
	}
	c->parser_ok = 1;
	yaml_parser_set_input_string(&c->parser, (const unsigned char *)(text ? text : ""), len);
	yaml_parser_set_encoding(&c->parser, YAML_UTF8_ENCODING);
	rc = run(c, text, len);
	if (rc < 0)
		goto out;
	if (!c->have_root) {
		c->root = json_null();
		c->have_root = 1;
	}
	if (lines) {
		fl.lines = json_object();
		if (!fl.lines) {
			rc = nomem();
			goto out;
		}
		rc = flat_walk(&fl, c->root, c->root_kids, 0);
		if (rc < 0)
			goto out;
		*lines = fl.lines;
		fl.lines = NULL;
	}
	*doc = c->root;
	c->root = NULL;
out:
	if (err_line)
		*err_line = rc < 0 ? c->err_line : 0;
	if (err_col)
		*err_col = rc < 0 ? c->err_col : 0;
	json_decref(fl.lines);
	vc_buf_free(&fl.path);
	ctx_free(c);
	free(c);
	return rc;
}

/* Is path p, or a path above it, in the set? */
static int covered(const json_t *set, const char *p)
{
	size_t i;

	for (i = 0; p[i]; i++) {
		if (p[i] == '\\' && p[i + 1]) {
			i++;
			continue;
		}
		if (p[i] == '.' && json_object_getn(set, p, i))
			return 1;
	}
	return json_object_get(set, p) != NULL;
}

static int merge_obj(json_t *base, const json_t *over, struct vc_buf *path, json_t *replaced,
		     int depth)
{
	size_t mark = path->size;
	const char *k;
	json_t *ov, *bv, *copy;
	int rc = 0;

	if (depth > VC_YAML_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "override nested deeper than %d levels",
				    VC_YAML_MAX_DEPTH);
	json_object_foreach((json_t *)over, k, ov) {
		rc = path_push(path, depth == 1, k, strlen(k));
		if (rc < 0)
			return rc;
		bv = json_object_get(base, k);
		if (json_is_object(bv) && json_is_object(ov)) {
			rc = merge_obj(bv, ov, path, replaced, depth + 1);
		} else {
			copy = json_deep_copy(ov);
			if (!copy || json_object_set_new(base, k, copy) ||
			    json_object_set_new(replaced, path->ptr, json_true()))
				rc = nomem();
		}
		path_cut(path, mark);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int vc_yaml_merge(json_t *base, json_t *base_lines, const json_t *over,
		  const json_t *over_lines)
{
	struct vc_buf path = VC_BUF_INIT(VC_YAML_MAX_OUT);
	json_t *replaced = NULL, *v, *copy;
	const char *k;
	void *tmp;
	int rc;

	if (!json_is_object(base))
		return vc_error_set(VC_EPARSE, "top level is not a mapping");
	if (json_is_null(over))
		return 0;
	if (!json_is_object(over))
		return vc_error_set(VC_EPARSE, "override: top level is not a mapping");
	replaced = json_object();
	if (!replaced)
		return nomem();
	rc = merge_obj(base, over, &path, replaced, 1);
	if (rc < 0 || !base_lines || json_object_size(replaced) == 0)
		goto out;
	json_object_foreach_safe(base_lines, tmp, k, v) {
		if (covered(replaced, k))
			json_object_del(base_lines, k);
	}
	if (!over_lines)
		goto out;
	json_object_foreach((json_t *)over_lines, k, v) {
		if (!covered(replaced, k))
			continue;
		copy = json_deep_copy(v);
		if (!copy || json_object_set_new(base_lines, k, copy)) {
			rc = nomem();
			goto out;
		}
	}
out:
	json_decref(replaced);
	vc_buf_free(&path);
	return rc;
}

json_t *vc_yaml_get(const json_t *doc, const char *path)
{
	struct vc_buf seg = VC_BUF_INIT(VC_YAML_MAX_OUT);
	const json_t *cur = doc;
	const char *p = path;
	size_t i;
	char *end;
	unsigned long long ix;

	if (!doc || !path)
		return NULL;
	while (*p && cur) {
		vc_buf_clear(&seg);
		if (vc_buf_put(&seg, "", 0) < 0)
			break;
		for (; *p && *p != '.'; p++) {
			if (*p == '\\') {
				p++;
				if (!*p) {
					cur = NULL;
					break;
				}
			}
			if (vc_buf_putc(&seg, *p) < 0) {
				cur = NULL;
				break;
			}
		}
		if (!cur)
			break;
		if (json_is_object(cur)) {
			cur = json_object_getn(cur, seg.ptr, seg.size);
		} else if (json_is_array(cur)) {
			for (i = 0; i < seg.size && seg.ptr[i] >= '0' && seg.ptr[i] <= '9'; i++)
				;
			if (i == 0 || i != seg.size || i > 19) {
				cur = NULL;
				break;
			}
			ix = strtoull(seg.ptr, &end, 10);
			cur = json_array_get(cur, (size_t)ix);
		} else {
			cur = NULL;
		}
		if (*p == '.') {
			p++;
			if (!*p)
				cur = NULL;   /* a trailing '.' names nothing */
		}
	}
	vc_buf_free(&seg);
	return (json_t *)cur;
}
