/*
 * XML and binary property lists through libplist, converted to Jansson.
 *
 * libplist 2.2 gives no error detail and recurses without a depth limit
 * when it decodes (binary) or frees a tree, so untrusted input is checked
 * here first: XML by a scan of the tag nesting (which also yields the line
 * of every top-level <key>), binary by a walk of its object table that
 * bounds depth and the number of objects reached (shared objects count at
 * every use, so a "billion laughs" graph is refused).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <plist/plist.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/boolstr.h"
#include "parsers/plist.h"

#define KEY_MAX ((size_t)1024 * 1024)   /* longest <key> text whose line is kept */
#define MAC_EPOCH 978307200              /* 2001-01-01T00:00:00Z in Unix time */
#define PR_NAME "PackageRecommend"

/* ---- small helpers ---- */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int ascii_casecmp(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return (unsigned char)lower(*a) - (unsigned char)lower(*b);
}

/* Does [p, end) start with `w`, ignoring ASCII case? */
static int starts_ci(const char *p, const char *end, const char *w)
{
	for (; *w; w++, p++) {
		if (p >= end || lower(*p) != lower(*w))
			return 0;
	}
	return 1;
}

static int utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = vc_utf8_len((const unsigned char *)s + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* Copy s to b with every invalid UTF-8 byte replaced by U+FFFD. */
static int utf8_fix(struct vc_buf *b, const char *s, size_t n)
{
	int rc = vc_utf8_put_lossy(b, s, n);

	return rc < 0 ? rc : vc_buf_put(b, "", 0);   /* allocates "" for an empty input */
}

static json_t *str_json(const char *s, size_t n)
{
	struct vc_buf b = VC_BUF_INIT(0);
	json_t *j;

	if (utf8_valid(s, n))
		return json_stringn(s, n);
	if (utf8_fix(&b, s, n) < 0)
		return NULL;
	j = json_stringn(b.ptr, b.size);
	vc_buf_free(&b);
	return j;
}

/* json_object_set_new() with an invalid UTF-8 key repaired; steals v. */
static int obj_set(json_t *obj, const char *key, json_t *v)
{
	struct vc_buf b = VC_BUF_INIT(0);
	size_t n = strlen(key);
	int rc;

	if (!v)
		return VC_ENOMEM;
	if (utf8_valid(key, n))
		return json_object_set_new(obj, key, v) ? VC_ENOMEM : 0;
	rc = utf8_fix(&b, key, n);
	if (rc < 0) {
		json_decref(v);
		return rc;
	}
	rc = json_object_set_new(obj, b.ptr, v) ? VC_ENOMEM : 0;
	vc_buf_free(&b);
	return rc;
}

/* ---- XML: nesting check and <key> lines ---- */

struct level {
	int dict;        /* 1 <dict>, 0 <array> */
	int pr;          /* the top-level PackageRecommend dict */
	int line;        /* of its start tag */
};

struct scan {
	const char *p, *end;
	int line;
	int depth;
	struct level st[VC_PLIST_MAX_DEPTH];
	int root_done;   /* the top-level container has closed: libplist stops there */
	int want_pr;     /* the last top-level key was PackageRecommend */
	char *pr_name;   /* that key as written */
	json_t *lines;
};

/* Advance to `to`, counting line ends. */
static void move_to(struct scan *sc, const char *to)
{
	const char *nl;

	while ((nl = memchr(sc->p, '\n', (size_t)(to - sc->p))) != NULL) {
		sc->line++;
		sc->p = nl + 1;
	}
	sc->p = to;
}

static const char *find(const struct scan *sc, const char *from, const char *needle)
{
	return memmem(from, (size_t)(sc->end - from), needle, strlen(needle));
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':';
}

/*
 * Tokenising follows libplist 2.2's own XML reader, so that every <dict> and
 * <array> it will see is counted here: only double quotes protect text
 * inside tags and declarations, a DOCTYPE's internal subset ends at the
 * first "]>", and parsing stops when the top-level container closes.
 */

/* The first `needle` at or after `p` outside double-quoted strings. */
static const char *find_dq(const struct scan *sc, const char *p, const char *needle)
{
	size_t n = strlen(needle);
	const char *q;

	while ((size_t)(sc->end - p) >= n) {
		if (memcmp(p, needle, n) == 0)
			return p;
		if (*p == '"') {
			q = memchr(p + 1, '"', (size_t)(sc->end - p - 1));
			if (!q)
				return NULL;
			p = q;
		}
		p++;
	}
	return NULL;
}

/* The first of `chars` at or after `p` outside double-quoted strings. */
static const char *find_any_dq(const struct scan *sc, const char *p, const char *chars)
{
	const char *q;

	for (; p < sc->end; p++) {
		if (*p == '"') {
			q = memchr(p + 1, '"', (size_t)(sc->end - p - 1));
			if (!q)
				return NULL;
			p = q;
		} else if (*p && strchr(chars, *p)) {
			return p;
		}
	}
	return NULL;
}

/* The end of "<!DOCTYPE ...>" whose text after "<!DOCTYPE" starts at p. */
static const char *doctype_end(const struct scan *sc, const char *p)
{
	const char *e = find_any_dq(sc, p, "[>");

	if (e && *e == '[') {
		e = find_dq(sc, e, "]>");
		return e ? e + 1 : NULL;
	}
	return e;
}

/* XML character data [p, end) with the predefined and numeric references decoded. */
static int put_text(struct vc_buf *b, const char *p, const char *end)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' }, { "&quot;", '"' },
		{ "&apos;", '\'' },
	};
	const char *semi;
	unsigned long cp;
	size_t i;
	int rc = 0, base, d;

	while (p < end && rc == 0) {
		if (*p != '&') {
			rc = vc_buf_putc(b, *p++);
			continue;
		}
		semi = memchr(p, ';', (size_t)(end - p));
		if (!semi || semi - p > 12)
			return VC_EPARSE;
		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
			if ((size_t)(semi - p + 1) == strlen(ents[i].name) &&
			    memcmp(p, ents[i].name, strlen(ents[i].name)) == 0)
				break;
		}
		if (i < sizeof(ents) / sizeof(ents[0])) {
			rc = vc_buf_putc(b, ents[i].c);
			p = semi + 1;
			continue;
		}
		if (p[1] != '#')
			return VC_EPARSE;
		p += 2;
		base = 10;
		if (p < semi && (*p == 'x' || *p == 'X')) {
			base = 16;
			p++;
		}
		if (p == semi)
			return VC_EPARSE;
		for (cp = 0; p < semi; p++) {
			if (*p >= '0' && *p <= '9')
				d = *p - '0';
			else if (base == 16 && lower(*p) >= 'a' && lower(*p) <= 'f')
				d = lower(*p) - 'a' + 10;
			else
				return VC_EPARSE;
			cp = cp * (unsigned long)base + (unsigned long)d;
			if (cp > 0x10FFFF)
				return VC_EPARSE;
		}
		if (cp == 0)
			return VC_EPARSE;   /* XML has no U+0000, not even as a reference */
		rc = vc_utf8_put(b, (uint32_t)cp);
		p = semi + 1;
	}
	return rc;
}

/*
 * The text of the <key> element whose content starts at `from`, up to its
 * </key>. 0 with *after past the end tag, or negative when it is not a
 * plain key (the caller then records no line for it).
 */
static int read_key(const struct scan *sc, const char *from, struct vc_buf *b,
		    const char **after)
{
	const char *p = from, *lt, *e;
	int rc = vc_buf_put(b, "", 0);   /* an empty key is still a key */

	if (rc < 0)
		return rc;
	for (;;) {
		lt = memchr(p, '<', (size_t)(sc->end - p));
		if (!lt)
			return VC_EPARSE;
		rc = put_text(b, p, lt);
		if (rc < 0)
			return rc;
		if (starts_ci(lt, sc->end, "</key") && lt + 5 < sc->end &&
		    (lt[5] == '>' || lt[5] == ' ' || lt[5] == '\t' || lt[5] == '\r' ||
		     lt[5] == '\n')) {
			e = memchr(lt, '>', (size_t)(sc->end - lt));
			if (!e)
				return VC_EPARSE;
			*after = e + 1;
			return 0;
		}
		if (starts_ci(lt, sc->end, "<![CDATA[")) {
			e = find(sc, lt + 9, "]]>");
			if (!e)
				return VC_EPARSE;
			rc = vc_buf_put(b, lt + 9, (size_t)(e - lt - 9));
			if (rc < 0)
				return rc;
			p = e + 3;
		} else if (starts_ci(lt, sc->end, "<!--")) {
			e = find(sc, lt + 4, "-->");
			if (!e)
				return VC_EPARSE;
			p = e + 3;
		} else {
			return VC_EPARSE;
		}
	}
}

/* Record the line of a key; `prefix` is NULL at the top level. */
static int record_line(struct scan *sc, const char *prefix, const char *name, size_t n,
		       int line)
{
	struct vc_buf b = VC_BUF_INIT(0);
	int rc = 0;

	if (prefix) {
		rc = vc_buf_puts(&b, prefix);
		if (rc == 0)
			rc = vc_buf_putc(&b, '/');
	}
	if (rc == 0)
		rc = utf8_fix(&b, name, n);
	if (rc == 0 && memchr(b.ptr, 0, b.size) == NULL)
		rc = obj_set(sc->lines, b.ptr, json_integer(line));
	vc_buf_free(&b);
	return rc == VC_ENOMEM ? vc_error_set(VC_ENOMEM, "out of memory") : 0;
}

/* A second top-level PackageRecommend replaces the first: forget its lines. */
static void forget_pr_lines(struct scan *sc)
{
	size_t n = strlen(sc->pr_name);
	const char *k;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(sc->lines, tmp, k, v) {
		if (strncmp(k, sc->pr_name, n) == 0 && k[n] == '/')
			json_object_del(sc->lines, k);
	}
}

/* A <key> start tag ended at `gt`, opened on `line`. */
static int on_key(struct scan *sc, const char *gt, int line)
{
	struct vc_buf b = VC_BUF_INIT(KEY_MAX);
	const char *after = NULL;
	int top, in_pr, rc = 0;

	top = sc->depth == 1 && sc->st[0].dict;
	in_pr = sc->depth == 2 && sc->st[0].dict && sc->st[1].pr;
	if (top)
		sc->want_pr = 0;
	if (!top && !in_pr)
		goto out;
	rc = read_key(sc, gt + 1, &b, &after);
	if (rc < 0) {
		/* Not a plain key: libplist will judge it; no line is recorded. */
		rc = rc == VC_ENOMEM ? vc_error_set(VC_ENOMEM, "out of memory") : 0;
		goto out;
	}
	if (top) {
		rc = record_line(sc, NULL, b.ptr, b.size, line);
		if (rc == 0 && ascii_casecmp(b.ptr, PR_NAME) == 0 && strlen(b.ptr) == b.size) {
			free(sc->pr_name);
			sc->pr_name = vc_buf_detach(&b);
			sc->want_pr = sc->pr_name != NULL;
		}
	} else {
		rc = record_line(sc, sc->pr_name, b.ptr, b.size, line);
	}
	move_to(sc, after);
out:
	vc_buf_free(&b);
	return rc;
}

static int on_open(struct scan *sc, int dict, int line)
{
	struct level *l;

	if (sc->depth >= VC_PLIST_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "line %d: nesting deeper than %d levels",
				    line, VC_PLIST_MAX_DEPTH);
	l = &sc->st[sc->depth++];
	l->dict = dict;
	l->line = line;
	l->pr = 0;
	/* Right after a top-level PackageRecommend key: its dict. Either way, consumed. */
	if (sc->depth == 2 && sc->want_pr && dict) {
		l->pr = 1;
		forget_pr_lines(sc);
	}
	if (sc->depth == 2)
		sc->want_pr = 0;
	return 0;
}

static int on_close(struct scan *sc, int dict, int line)
{
	const struct level *l;

	if (sc->depth == 0)
		return vc_error_set(VC_EPARSE, "line %d: </%s> without a matching start tag",
				    line, dict ? "dict" : "array");
	l = &sc->st[sc->depth - 1];
	if (l->dict != dict)
		return vc_error_set(VC_EPARSE, "line %d: </%s> does not close <%s> of line %d",
				    line, dict ? "dict" : "array", l->dict ? "dict" : "array",
				    l->line);
	sc->depth--;
	if (sc->depth == 0)
		sc->root_done = 1;
	return 0;
}

/* A start or end tag at sc->p ('<' seen, not a comment or declaration). */
static int on_tag(struct scan *sc)
{
	const char *p = sc->p + 1, *name, *gt;
	int closing = 0, self_closing, is_key, line = sc->line, rc = 0;
	size_t n;

	if (p < sc->end && *p == '/') {
		closing = 1;
		p++;
	}
	name = p;
	while (p < sc->end && is_name_char(*p))
		p++;
	n = (size_t)(p - name);
	gt = find_any_dq(sc, p, "<>");
	if (!gt)
		return vc_error_set(VC_EPARSE, "line %d: unterminated tag (truncated file?)", line);
	if (*gt == '<')
		return vc_error_set(VC_EPARSE, "line %d: '<' inside a tag", line);
	self_closing = !closing && gt[-1] == '/';
	is_key = !closing && n == 3 && starts_ci(name, sc->end, "key");
	if (n == 4 && starts_ci(name, sc->end, "dict"))
		rc = closing ? on_close(sc, 1, line) : self_closing ? 0 : on_open(sc, 1, line);
	else if (n == 5 && starts_ci(name, sc->end, "array"))
		rc = closing ? on_close(sc, 0, line) : self_closing ? 0 : on_open(sc, 0, line);
	if (rc < 0)
		return rc;
	move_to(sc, gt + 1);
	if (is_key && !self_closing)
		return on_key(sc, gt, line);
	return 0;
}

static int xml_scan(struct scan *sc)
{
	const char *lt, *e;
	int line, rc;

	while (sc->p < sc->end && !sc->root_done) {
		lt = memchr(sc->p, '<', (size_t)(sc->end - sc->p));
		if (!lt)
			break;
		move_to(sc, lt);
		line = sc->line;
		if (starts_ci(lt, sc->end, "<!--")) {
			e = find(sc, lt + 4, "-->");
			if (!e)
				return vc_error_set(VC_EPARSE, "line %d: unterminated comment", line);
			move_to(sc, e + 3);
		} else if (starts_ci(lt, sc->end, "<![CDATA[")) {
			/* Text of a <string>; libplist refuses it anywhere else. */
			e = find(sc, lt + 9, "]]>");
			if (!e)
				return vc_error_set(VC_EPARSE, "line %d: unterminated CDATA section",
						    line);
			move_to(sc, e + 3);
		} else if (sc->end - lt >= 9 && memcmp(lt, "<!DOCTYPE", 9) == 0) {
			e = doctype_end(sc, lt + 9);
			if (!e)
				return vc_error_set(VC_EPARSE, "line %d: unterminated DOCTYPE", line);
			move_to(sc, e + 1);
		} else if (starts_ci(lt, sc->end, "<!")) {
			return vc_error_set(VC_EPARSE, "line %d: unexpected <! markup", line);
		} else if (starts_ci(lt, sc->end, "<?")) {
			e = find_dq(sc, lt + 2, "?>");
			if (!e)
				return vc_error_set(VC_EPARSE,
						    "line %d: unterminated processing instruction",
						    line);
			move_to(sc, e + 2);
		} else {
			rc = on_tag(sc);
			if (rc < 0)
				return rc;
		}
	}
	if (sc->depth > 0)
		return vc_error_set(VC_EPARSE,
				    "line %d: end of file inside <%s> of line %d (truncated file?)",
				    sc->line, sc->st[sc->depth - 1].dict ? "dict" : "array",
				    sc->st[sc->depth - 1].line);
	return 0;
}

/* Line ends in [s, end). */
static int count_lines(const char *s, const char *end)
{
	int n = 0;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* The line of the first "<!ENTITY" (any case), 0 if none. */
static int entity_line(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (starts_ci(p, end, "<!ENTITY"))
			return 1 + count_lines(s, p);
		p++;
	}
	return 0;
}

/* ---- binary: bounded walk of the object graph ---- */

struct bin {
	const unsigned char *d;
	uint64_t table;      /* offset of the offset table = end of the objects */
	uint64_t nobj;
	unsigned osz, rsz;
	size_t visits;
};

static uint64_t be(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static int bin_bad(const char *what)
{
	return vc_error_set(VC_EPARSE, "malformed binary property list (%s)", what);
}

/*
 * The element count of the object at `off` (marker nibble `info`); *p is
 * set past the marker and any extended count.
 */
static int bin_count(const struct bin *b, uint64_t off, unsigned info, uint64_t *count,
		     uint64_t *p)
{
	unsigned n;

	*p = off + 1;
	*count = info;
	if (info != 0x0F)
		return 0;
	if (*p >= b->table || (b->d[*p] >> 4) != 0x1 || (b->d[*p] & 0x0F) > 3)
		return bin_bad("bad object count");
	n = 1u << (b->d[*p] & 0x0F);
	if (b->table - *p - 1 < n)
		return bin_bad("object count past the end");
	*count = be(b->d + *p + 1, n);
	*p += 1 + n;
	return 0;
}

/* A dict key: an ASCII or UTF-16 string without NUL (libplist asserts on one). */
static int bin_key(const struct bin *b, uint64_t off)
{
	unsigned type = b->d[off] >> 4;
	uint64_t count, p, i;
	int rc;

	if (type != 0x5 && type != 0x6)
		return bin_bad("dict key is not a string");
	rc = bin_count(b, off, b->d[off] & 0x0F, &count, &p);
	if (rc < 0)
		return rc;
	if (count > (b->table - p) / (type == 0x6 ? 2 : 1))
		return bin_bad("string past the end");
	for (i = 0; i < count; i++) {
		if (type == 0x5 ? b->d[p + i] == 0 : (b->d[p + 2 * i] | b->d[p + 2 * i + 1]) == 0)
			return bin_bad("nul character in a dict key");
	}
	return 0;
}

/* Object idx at container depth `depth` (the top-level container is 1). */
static int bin_walk(struct bin *b, uint64_t idx, int depth, int is_key)
{
	uint64_t off, count, refs, i, ref, p;
	unsigned type;
	int rc;

	if (idx >= b->nobj)
		return bin_bad("object reference out of range");
	if (++b->visits > 2 * (size_t)VC_PLIST_MAX_NODES)
		return vc_error_set(VC_ELIMIT, "more than %d values", VC_PLIST_MAX_NODES);
	off = be(b->d + b->table + idx * b->osz, b->osz);
	if (off < 8 || off >= b->table)
		return bin_bad("object offset out of range");
	type = b->d[off] >> 4;
	if (is_key)
		return bin_key(b, off);
	if (type != 0xA && type != 0xC && type != 0xD)
		return 0;   /* other scalars: libplist checks them */
	if (depth > VC_PLIST_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "nesting deeper than %d levels (or a cycle)",
				    VC_PLIST_MAX_DEPTH);
	rc = bin_count(b, off, b->d[off] & 0x0F, &count, &p);
	if (rc < 0)
		return rc;
	refs = type == 0xD ? 2 : 1;
	if (count > (b->table - p) / b->rsz / refs)
		return bin_bad("object references past the end");
	refs *= count;
	for (i = 0; i < refs; i++) {
		ref = be(b->d + p + i * b->rsz, b->rsz);
		/* A dict lists its count keys first, then the values. */
		rc = bin_walk(b, ref, depth + 1, type == 0xD && i < count);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int bin_check(const char *data, size_t len)
{
	struct bin b;
	const unsigned char *t;
	uint64_t root, tsize;

	memset(&b, 0, sizeof(b));
	b.d = (const unsigned char *)data;
	if (len < 8 + 1 + 32)
		return bin_bad("too short");
	t = b.d + len - 32;
	b.osz = t[6];
	b.rsz = t[7];
	b.nobj = be(t + 8, 8);
	root = be(t + 16, 8);
	b.table = be(t + 24, 8);
	if (b.osz < 1 || b.osz > 8 || b.rsz < 1 || b.rsz > 8)
		return bin_bad("bad trailer");
	if (b.nobj == 0 || root >= b.nobj || b.table < 9 || b.table >= len - 32)
		return bin_bad("bad trailer");
	tsize = len - 32 - b.table;
	if (b.nobj > tsize / b.osz)
		return bin_bad("offset table past the end");
	return bin_walk(&b, root, 1, 0);
}

/* ---- libplist tree to Jansson ---- */

static int conv(json_t **out, plist_t node, int depth, size_t *nodes);

static int conv_dict(json_t *obj, plist_t node, int depth, size_t *nodes)
{
	plist_dict_iter it = NULL;
	plist_t val = NULL;
	char *key = NULL;
	json_t *j;
	int rc = 0;

	plist_dict_new_iter(node, &it);
	if (!it)
		return vc_error_set(VC_ENOMEM, "out of memory");
	for (;;) {
		key = NULL;
		val = NULL;
		plist_dict_next_item(node, it, &key, &val);
		if (!val)
			break;
		j = NULL;
		rc = conv(&j, val, depth + 1, nodes);
		if (rc == 0 && key && obj_set(obj, key, j) < 0)
			rc = vc_error_set(VC_ENOMEM, "out of memory");
		else if (rc == 0 && !key)
			json_decref(j);
		free(key);
		key = NULL;
		if (rc < 0)
			goto out;
	}
out:
	free(key);
	free(it);
	return rc;
}

static int conv(json_t **out, plist_t node, int depth, size_t *nodes)
{
	json_t *j = NULL, *item;
	uint64_t u = 0, n = 0;
	uint32_t i, size;
	int32_t sec = 0, usec = 0;
	uint8_t bval = 0;
	double d = 0;
	const char *s;
	char tbuf[64];
	struct tm tm;
	time_t t;
	int rc = 0;

	*out = NULL;
	if (++*nodes > VC_PLIST_MAX_NODES)
		return vc_error_set(VC_ELIMIT, "more than %d values", VC_PLIST_MAX_NODES);
	switch (plist_get_node_type(node)) {
	case PLIST_BOOLEAN:
		plist_get_bool_val(node, &bval);
		j = json_boolean(bval);
		break;
	case PLIST_UINT:
		plist_get_uint_val(node, &u);
		j = json_integer((json_int_t)(int64_t)u);
		break;
	case PLIST_UID:
		plist_get_uid_val(node, &u);
		j = json_integer((json_int_t)(int64_t)u);
		break;
	case PLIST_REAL:
		plist_get_real_val(node, &d);
		j = isfinite(d) ? json_real(d) : json_null();
		break;
	case PLIST_STRING:
	case PLIST_KEY:
		s = plist_get_string_ptr(node, &n);
		j = s ? str_json(s, (size_t)n) : json_string("");
		break;
	case PLIST_DATE:
		plist_get_date_val(node, &sec, &usec);
		t = (time_t)sec + MAC_EPOCH;
		if (!gmtime_r(&t, &tm) ||
		    strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
			j = json_null();
		else
			j = json_string(tbuf);
		break;
	case PLIST_DATA:
		plist_get_data_ptr(node, &n);
		snprintf(tbuf, sizeof(tbuf), "<data %llu bytes>", (unsigned long long)n);
		j = json_string(tbuf);
		break;
	case PLIST_ARRAY:
	case PLIST_DICT:
		if (depth > VC_PLIST_MAX_DEPTH)
			return vc_error_set(VC_ELIMIT, "nesting deeper than %d levels",
					    VC_PLIST_MAX_DEPTH);
		if (plist_get_node_type(node) == PLIST_DICT) {
			j = json_object();
			if (!j)
				break;
			rc = conv_dict(j, node, depth, nodes);
			break;
		}
		j = json_array();
		size = plist_array_get_size(node);
		for (i = 0; j && i < size && rc == 0; i++) {
			rc = conv(&item, plist_array_get_item(node, i), depth + 1, nodes);
			if (rc == 0 && json_array_append_new(j, item) < 0)
				rc = vc_error_set(VC_ENOMEM, "out of memory");
		}
		break;
	default:
		j = json_null();
		break;
	}
	if (rc == 0 && !j)
		rc = vc_error_set(VC_ENOMEM, "out of memory");
	if (rc < 0) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return 0;
}

/* ---- entry points ---- */

int vc_plist_parse(json_t **out, json_t **lines, const char *data, size_t len)
{
	struct scan sc;
	plist_t root = NULL;
	json_t *obj = NULL;
	char *copy = NULL;
	size_t nodes = 0;
	int rc = 0, binary, eline;

	memset(&sc, 0, sizeof(sc));
	if (out)
		*out = NULL;
	if (lines)
		*lines = NULL;
	if (!out)
		return vc_error_set(VC_ERROR, "vc_plist_parse: no output");
	if (!data || len == 0)
		return vc_error_set(VC_EPARSE, "empty property list");
	if (len > VC_PLIST_MAX_BYTES)
		return vc_error_set(VC_ELIMIT, "property list larger than %zu bytes",
				    VC_PLIST_MAX_BYTES);
	sc.lines = json_object();
	if (!sc.lines)
		return vc_error_set(VC_ENOMEM, "out of memory");

	binary = len >= 8 && memcmp(data, "bplist00", 8) == 0;
	if (binary) {
		rc = bin_check(data, len);
		if (rc < 0)
			goto out;
		plist_from_bin(data, (uint32_t)len, &root);
	} else {
		data = vc_utf8_skip_bom(data, &len);
		if (memchr(data, 0, len)) {
			rc = vc_error_set(VC_EPARSE, "line %d: nul byte in XML",
					  1 + count_lines(data, (const char *)memchr(data, 0, len)));
			goto out;
		}
		eline = entity_line(data, len);
		if (eline) {
			rc = vc_error_set(VC_EPARSE,
					  "line %d: entity declarations are not allowed", eline);
			goto out;
		}
		sc.p = data;
		sc.end = data + len;
		sc.line = 1;
		rc = xml_scan(&sc);
		if (rc < 0)
			goto out;
		copy = malloc(len + 1);   /* NUL-terminated for libplist's string scans */
		if (!copy) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		memcpy(copy, data, len);
		copy[len] = 0;
		plist_from_xml(copy, (uint32_t)len, &root);
	}
	if (!root) {
		rc = vc_error_set(VC_EPARSE, "malformed %s property list",
				  binary ? "binary" : "XML");
		goto out;
	}
	if (plist_get_node_type(root) != PLIST_DICT) {
		rc = vc_error_set(VC_EPARSE, "top level is not a dict");
		goto out;
	}
	rc = conv(&obj, root, 1, &nodes);
	if (rc < 0)
		goto out;
	*out = obj;
	obj = NULL;
	if (lines) {
		*lines = sc.lines;
		sc.lines = NULL;
	}
out:
	plist_free(root);
	free(copy);
	free(sc.pr_name);
	json_decref(sc.lines);
	json_decref(obj);
	return rc;
}

json_t *vc_json_get_ci(const json_t *obj, const char *key)
{
	json_t *o = (json_t *)obj, *v;
	const char *k;

	if (!json_is_object(obj) || !key)
		return NULL;
	v = json_object_get(o, key);
	if (v)
		return v;
	json_object_foreach(o, k, v) {
		if (ascii_casecmp(k, key) == 0)
			return v;
	}
	return NULL;
}

int vc_plist_bool(int *out, const json_t *v)
{
	double d;

	if (!out)
		return vc_error_set(VC_ERROR, "vc_plist_bool: no output");
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_integer(v)) {
		if (json_integer_value(v) == 0 || json_integer_value(v) == 1) {
			*out = json_integer_value(v) == 1;
			return 0;
		}
	} else if (json_is_real(v)) {
		d = json_real_value(v);
		if (d == 0.0 || d == 1.0) {
			*out = d == 1.0;
			return 0;
		}
	} else if (json_is_string(v)) {
		/* An embedded NUL ("1\0junk") is not a boolean spelling. */
		if (strlen(json_string_value(v)) == json_string_length(v))
			return vc_bool_parse(out, json_string_value(v));
	}
	return vc_error_set(VC_EPARSE, "not a boolean (expected true/false, 0/1 or "
			    "a yes/no, true/false, on/off string)");
}

const char *vc_plist_problem(int *line)
{
	const char *msg = vc_error_last();
	char *end;
	long long n;

	*line = 0;
	if (strncmp(msg, "line ", 5) || !isdigit((unsigned char)msg[5]))
		return msg;
	errno = 0;
	n = strtoll(msg + 5, &end, 10);
	if (errno || n < 1 || n > INT_MAX || strncmp(end, ": ", 2))
		return msg;
	*line = (int)n;
	return end + 2;
}
