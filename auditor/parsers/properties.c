/*
 * Java .properties, after java.util.Properties.load (JDK 17 LineReader and
 * loadConvert) and Spring's PropertyPlaceholderHelper for ${...}.
 *
 * A logical line is gathered raw (escapes intact) into one buffer, exactly
 * as JDK 17's LineReader does; the key/value split and the escape decoding then run
 * on that buffer. All syntax is ASCII and UTF-8 never uses ASCII bytes
 * inside a multi-byte character, so the raw bytes can be split as they are;
 * only the decoding step turns invalid UTF-8 into ISO-8859-1 characters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/properties.h"

#define MAX_VALUE_STR "1048576"
#define MAX_ENTRIES_STR "100000"
_Static_assert(VC_PROPERTIES_MAX_VALUE == 1048576, "MAX_VALUE_STR");
_Static_assert(VC_PROPERTIES_MAX_ENTRIES == 100000, "MAX_ENTRIES_STR");

/* ---- reading logical lines ---- */

struct reader {
	const unsigned char *p, *end;
	int line;              /* physical line of p */
	int start;             /* first physical line of the logical line */
	int nul_line;          /* first line of it holding a NUL byte, 0 if none */
	struct vc_buf raw;     /* the logical line, escapes intact */
};

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

/* Skip a comment up to and including its line end; notes a NUL byte in it. */
static void skip_comment(struct reader *r)
{
	while (r->p < r->end && *r->p != '\n' && *r->p != '\r') {
		if (*r->p == 0 && !r->nul_line)
			r->nul_line = r->line;
		r->p++;
	}
	if (r->p >= r->end)
		return;
	if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
		r->p++;
	r->p++;
	r->line++;
}

/*
 * The next logical line into r->raw: 1, or 0 at the end of the input, -1
 * out of memory. Follows JDK 17's LineReader.readLine, quirks included:
 *   - a comment is recognised whenever the logical line is still empty,
 *     so after a line holding only "\" a '#' line is a comment;
 *   - a line continued by the very last line end of the input is returned
 *     as it is, even when empty ("\\\n" at the end gives the key "").
 * CR LF is read as one line end, which is what LineReader's skipping of
 * LF at the start of a line amounts to. With r->nul_line set, the line
 * (or comment) held a NUL byte: the caller reports and skips it.
 */
static int next_line(struct reader *r)
{
	int skip_ws = 1, appended = 0, backslash = 0, eol, at_end;
	unsigned char c;

	vc_buf_clear(&r->raw);
	r->nul_line = 0;
	for (;;) {
		if (r->p >= r->end) {
			if (r->raw.size == 0)
				return r->nul_line ? 1 : 0;
			if (backslash)
				r->raw.ptr[--r->raw.size] = 0;
			return 1;
		}
		c = *r->p++;
		eol = c == '\n' || c == '\r';
		at_end = r->p >= r->end;
		if (c == '\r' && r->p < r->end && *r->p == '\n')
			r->p++;
		if (skip_ws) {
			if (is_ws(c))
				continue;
			if (!appended && eol) {
				r->line++;
				continue;
			}
			skip_ws = 0;
			appended = 0;
		}
		if (r->raw.size == 0 && (c == '#' || c == '!')) {
			r->start = r->line;
			skip_comment(r);
			if (r->nul_line)
				return 1;
			skip_ws = 1;
			continue;
		}
		if (!eol) {
			if (r->raw.size == 0)
				r->start = r->line;
			if (c == 0 && !r->nul_line)
				r->nul_line = r->line;
			/* Cannot hit the cap: a line is never longer than the input. */
			if (vc_buf_putc(&r->raw, (char)c) < 0)
				return -1;
			backslash = c == '\\' ? !backslash : 0;
			continue;
		}
		r->line++;
		if (r->raw.size == 0) {
			skip_ws = 1;
			continue;
		}
		if (backslash) {
			r->raw.ptr[--r->raw.size] = 0;
			if (at_end)
				return 1;
			skip_ws = 1;
			appended = 1;
			backslash = 0;
			continue;
		}
		return 1;
	}
}

/* ---- decoding (loadConvert) ---- */

struct err {
	int code;
	int line;
	const char *what;
};

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The character of the escape "\c" (c not 'u'): \t \n \r \f, else c itself. */
static char unescape(unsigned char c)
{
	switch (c) {
	case 't':
		return '\t';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 'f':
		return '\f';
	default:
		return (char)c;
	}
}

/* Four hex digits at s (n bytes left) after "\u": the value, or -1. */
static long hex4(const unsigned char *s, size_t n)
{
	long v = 0;
	int i, d;

	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Decode [s, s + n) into b (cleared first). Returns 0, VC_EPARSE with
 * e->what set, VC_ELIMIT (over VC_PROPERTIES_MAX_VALUE) or VC_ENOMEM.
 */
static int decode(struct vc_buf *b, const unsigned char *s, size_t n, struct err *e)
{
	const unsigned char *bs;
	size_t i = 0, k;
	long hi, lo;
	unsigned char c;
	int rc;

	vc_buf_clear(b);
	rc = vc_buf_put(b, "", 0);   /* "" rather than NULL for an empty string */
	while (rc == 0 && i < n) {
		c = s[i];
		if (c != '\\') {   /* up to the next backslash; not UTF-8: ISO-8859-1 */
			bs = memchr(s + i, '\\', n - i);
			k = bs ? (size_t)(bs - s) - i : n - i;
			rc = vc_utf8_put_latin1(b, (const char *)s + i, k);
			i += k;
			continue;
		}
		if (++i >= n)
			break;   /* a lone trailing backslash cannot reach here; drop it */
		c = s[i];
		if (c != 'u') {
			if (c >= 0x80)
				continue;   /* "\é" is "é": copied by the next round */
			rc = vc_buf_putc(b, unescape(c));
			i++;
			continue;
		}
		hi = hex4(s + i + 1, n - i - 1);
		if (hi < 0) {
			e->what = "malformed \\uxxxx escape";
			return VC_EPARSE;
		}
		i += 5;
		if (hi == 0) {
			e->what = "\\u0000 escape (nul character)";
			return VC_EPARSE;
		}
		if (hi >= 0xDC00 && hi <= 0xDFFF) {
			e->what = "unpaired surrogate in \\u escape";
			return VC_EPARSE;
		}
		if (hi >= 0xD800 && hi <= 0xDBFF) {
			lo = (n - i >= 6 && s[i] == '\\' && s[i + 1] == 'u') ?
			     hex4(s + i + 2, n - i - 2) : -1;
			if (lo < 0xDC00 || lo > 0xDFFF) {
				e->what = "unpaired surrogate in \\u escape";
				return VC_EPARSE;
			}
			i += 6;
			hi = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
		}
		rc = vc_utf8_put(b, (uint32_t)hi);
	}
	if (rc == VC_ELIMIT)
		e->what = "key or value longer than " MAX_VALUE_STR " bytes";
	return rc;
}

/* ---- parse ---- */

/*
 * Remember the first error; one that stops the parse (anything but
 * VC_EPARSE) replaces a VC_EPARSE noted before. Returns code.
 */
static int note(struct err *e, int code, int line, const char *what)
{
	if (!e->code || (e->code == VC_EPARSE && code != VC_EPARSE)) {
		e->code = code;
		e->line = line;
		e->what = what;
	}
	return code;
}

/* Split the logical line (Properties.load0) and store the entry. */
static int store(json_t *doc, json_t *lines, struct reader *r, struct vc_buf *kb,
		 struct vc_buf *vb, struct err *e)
{
	const unsigned char *s = (const unsigned char *)r->raw.ptr;
	size_t limit = r->raw.size, key_len = 0, vstart = limit;
	int has_sep = 0, backslash = 0, rc;
	struct err de = { 0, 0, NULL };
	json_t *v;
	unsigned char c;

	while (key_len < limit) {
		c = s[key_len];
		if ((c == '=' || c == ':') && !backslash) {
			vstart = key_len + 1;
			has_sep = 1;
			break;
		} else if (is_ws(c) && !backslash) {
			vstart = key_len + 1;
			break;
		}
		backslash = c == '\\' ? !backslash : 0;
		key_len++;
	}
	while (vstart < limit) {
		c = s[vstart];
		if (!is_ws(c)) {
			if (!has_sep && (c == '=' || c == ':'))
				has_sep = 1;
			else
				break;
		}
		vstart++;
	}
	rc = decode(kb, s, key_len, &de);
	if (rc == 0)
		rc = decode(vb, s + vstart, limit - vstart, &de);
	if (rc == VC_EPARSE || rc == VC_ELIMIT)
		return note(e, rc, r->start, de.what);
	if (rc < 0)
		return note(e, rc, 0, "out of memory");
	v = json_stringn(vb->ptr, vb->size);
	if (!v || json_object_set_new(doc, kb->ptr, v) < 0)
		return note(e, VC_ENOMEM, 0, "out of memory");
	if (lines && json_object_set_new(lines, kb->ptr, json_integer(r->start)) < 0)
		return note(e, VC_ENOMEM, 0, "out of memory");
	return 0;
}

int vc_properties_parse(json_t **doc, json_t **lines, const char *text, size_t len,
			int *err_line)
{
	struct reader r;
	struct vc_buf kb = VC_BUF_INIT(VC_PROPERTIES_MAX_VALUE);
	struct vc_buf vb = VC_BUF_INIT(VC_PROPERTIES_MAX_VALUE);
	struct err e = { 0, 0, NULL };
	json_t *d = NULL, *l = NULL;
	size_t entries = 0;
	int rc = 0, more;

	if (err_line)
		*err_line = 0;
	if (!doc)
		return vc_error_set(VC_ERROR, "vc_properties_parse: no output");
	*doc = NULL;
	if (lines)
		*lines = NULL;
	if (!text && len)
		return vc_error_set(VC_ERROR, "vc_properties_parse: no text");
	if (len > VC_PROPERTIES_MAX_BYTES)
		return vc_error_set(VC_ELIMIT, "input larger than %zu bytes",
				    VC_PROPERTIES_MAX_BYTES);
	text = vc_utf8_skip_bom(text, &len);
	memset(&r, 0, sizeof(r));
	r.p = (const unsigned char *)text;
	r.end = r.p + len;
	r.line = 1;
	r.raw.cap = VC_PROPERTIES_MAX_BYTES;
	d = json_object();
	l = lines ? json_object() : NULL;
	if (!d || (lines && !l)) {
		note(&e, VC_ENOMEM, 0, "out of memory");
		goto out;
	}
	while ((more = next_line(&r)) != 0) {
		if (more < 0) {
			note(&e, VC_ENOMEM, 0, "out of memory");
			break;
		}
		if (r.nul_line) {
			note(&e, VC_EPARSE, r.nul_line, "nul byte");
			continue;
		}
		if (++entries > VC_PROPERTIES_MAX_ENTRIES) {
			note(&e, VC_ELIMIT, r.start, "more than " MAX_ENTRIES_STR " entries");
			break;
		}
		rc = store(d, l, &r, &kb, &vb, &e);
		if (rc < 0 && rc != VC_EPARSE)
			break;
	}
out:
	rc = e.code;
	if (rc < 0) {
		if (e.line > 0)
			vc_error_set(rc, "line %d: %s", e.line, e.what);
		else
			vc_error_set(rc, "%s", e.what);
		if (err_line)
			*err_line = e.line;
	}
	if (rc < 0 && rc != VC_EPARSE) {
		json_decref(d);
		json_decref(l);
	} else {
		*doc = d;
		if (lines)
			*lines = l;
	}
	vc_buf_free(&r.raw);
	vc_buf_free(&kb);
	vc_buf_free(&vb);
	return rc;
}

/* ---- ${...} resolution ---- */

struct frame {
	const char *name;      /* the placeholder as written (not yet resolved) */
	size_t len;
};

struct rctx {
	const json_t *doc;
	struct frame stack[VC_PROPERTIES_MAX_DEPTH];
	int depth;
	size_t work;           /* bytes of text scanned so far */
};

/* Index of the "}" closing the "${" whose name starts at s[i], or -1. */
static long close_of(const char *s, size_t n, size_t i)
{
	int nested = 0;

	while (i < n) {
		if (s[i] == '}') {
			if (nested == 0)
				return (long)i;
			nested--;
		} else if (s[i] == '{') {
			nested++;
		}
		i++;
	}
	return -1;
}

static const char *lookup(const json_t *doc, const char *name, size_t len, size_t *vlen)
{
	json_t *v = json_object_getn(doc, name, len);

	if (!json_is_string(v))
		return NULL;
	*vlen = json_string_length(v);
	return json_string_value(v);
}

static int expand(struct rctx *c, struct vc_buf *out, const char *s, size_t n);

/* vc_buf_put() with our own message for the size limit. */
static int put(struct vc_buf *out, const char *s, size_t n)
{
	int rc = vc_buf_put(out, s, n);

	if (rc == VC_ELIMIT)
		vc_error_set(rc, "resolved value or name longer than %zu bytes",
			     VC_PROPERTIES_MAX_VALUE);
	return rc;
}

/* Resolve the placeholder name (s, n) into out: 1 done, 0 unknown, < 0 error. */
static int resolve_one(struct rctx *c, struct vc_buf *out, const char *s, size_t n)
{
	struct vc_buf name = VC_BUF_INIT(VC_PROPERTIES_MAX_VALUE);
	const char *val, *sep;
	size_t vlen = 0;
	int i, rc;

	for (i = 0; i < c->depth; i++) {
		if (c->stack[i].len == n && memcmp(c->stack[i].name, s, n) == 0)
			return vc_error_set(VC_ELIMIT, "reference cycle");
	}
	if (c->depth >= VC_PROPERTIES_MAX_DEPTH)
		return vc_error_set(VC_ELIMIT, "references nested deeper than %d",
				    VC_PROPERTIES_MAX_DEPTH);
	c->stack[c->depth].name = s;
	c->stack[c->depth].len = n;
	c->depth++;
	rc = expand(c, &name, s, n);
	if (rc < 0)
		goto out;
	val = lookup(c->doc, name.ptr, name.size, &vlen);
	if (!val) {
		sep = memchr(name.ptr, ':', name.size);
		if (sep) {
			val = lookup(c->doc, name.ptr, (size_t)(sep - name.ptr), &vlen);
			if (!val) {
				val = sep + 1;
				vlen = name.size - (size_t)(sep + 1 - name.ptr);
			}
		}
	}
	rc = 0;
	if (val) {
		rc = expand(c, out, val, vlen);
		if (rc == 0)
			rc = 1;
	}
out:
	c->depth--;
	vc_buf_free(&name);
	return rc;
}

/* Append s with its references expanded to out (PropertyPlaceholderHelper.parseStringValue). */
static int expand(struct rctx *c, struct vc_buf *out, const char *s, size_t n)
{
	const char *ref;
	size_t i = 0;
	long end;
	int rc;

	if (n > VC_PROPERTIES_MAX_WORK - c->work)
		return vc_error_set(VC_ELIMIT, "references expand to more than %zu bytes of text",
				    VC_PROPERTIES_MAX_WORK);
	c->work += n;
	rc = put(out, "", 0);
	while (rc == 0 && i < n) {
		ref = memmem(s + i, n - i, "${", 2);
		if (!ref)
			return put(out, s + i, n - i);
		rc = put(out, s + i, (size_t)(ref - s) - i);
		if (rc < 0)
			break;
		i = (size_t)(ref - s) + 2;
		end = close_of(s, n, i);
		if (end < 0)
			return put(out, ref, n - (size_t)(ref - s));
		rc = resolve_one(c, out, s + i, (size_t)end - i);
		if (rc == 0)   /* unknown: as written */
			rc = put(out, ref, (size_t)end + 1 - (size_t)(ref - s));
		else if (rc > 0)
			rc = 0;
		i = (size_t)end + 1;
	}
	return rc;
}

int vc_properties_resolve(char **out, const json_t *doc, const char *value)
{
	struct vc_buf b = VC_BUF_INIT(VC_PROPERTIES_MAX_VALUE);
	struct rctx c;
	int rc;

	if (!out)
		return vc_error_set(VC_ERROR, "vc_properties_resolve: no output");
	*out = NULL;
	if (!json_is_object(doc) || !value)
		return vc_error_set(VC_ERROR, "vc_properties_resolve: no document or value");
	memset(&c, 0, sizeof(c));
	c.doc = doc;
	rc = expand(&c, &b, value, strlen(value));
	if (rc < 0)
		goto out;
	*out = vc_buf_detach(&b);
	if (!*out)
		rc = vc_error_set(VC_ENOMEM, "out of memory");
out:
	vc_buf_free(&b);
	return rc;
}

/* ---- override merge ---- */

int vc_properties_merge(json_t *base, json_t *base_lines, const json_t *over,
			const json_t *over_lines)
{
	const char *key;
	json_t *v, *line;
	size_t added = 0;

	if (!json_is_object(base) || !json_is_object(over))
		return vc_error_set(VC_ERROR, "vc_properties_merge: not objects");
	json_object_foreach((json_t *)over, key, v) {
		if (!json_object_get(base, key))
			added++;
	}
	if (json_object_size(base) + added > VC_PROPERTIES_MAX_ENTRIES)
		return vc_error_set(VC_ELIMIT, "merged properties hold more than %d keys",
				    VC_PROPERTIES_MAX_ENTRIES);
	json_object_foreach((json_t *)over, key, v) {
		if (json_object_set_new(base, key, json_deep_copy(v)) < 0)
			return vc_error_set(VC_ENOMEM, "out of memory");
		if (!base_lines || !over_lines)
			continue;
		line = json_object_get(over_lines, key);
		if (line && json_object_set_new(base_lines, key, json_deep_copy(line)) < 0)
			return vc_error_set(VC_ENOMEM, "out of memory");
	}
	return 0;
}
