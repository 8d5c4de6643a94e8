/*
 * Registry Editor exports. The input is first turned into UTF-8 text
 * (UTF-16LE decoded here, invalid UTF-8 read as ISO-8859-1 when the strings
 * are stored), then read line by line; hex data may continue over lines.
 *
 * Case-insensitive merging uses two index objects: lower-case key path ->
 * key path as in the document, and lower-case key path "\n" lower-case
 * value name -> value name as in the document (key paths never hold a line
 * end, so the first "\n" splits the pair). Deleting a key scans the key
 * index; VC_REG_MAX_DELETE_SCAN bounds that work.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/regfile.h"

#define MAX_VALUE_STR "1048576"
#define MAX_KEY_PATH_STR "1024"
#define MAX_ENTRIES_STR "100000"
_Static_assert(VC_REG_MAX_VALUE == 1048576, "MAX_VALUE_STR");
_Static_assert(VC_REG_MAX_KEY_PATH == 1024, "MAX_KEY_PATH_STR");
_Static_assert(VC_REG_MAX_ENTRIES == 100000, "MAX_ENTRIES_STR");

#define HEADER5 "Windows Registry Editor Version 5.00"
#define HEADER4 "REGEDIT4"

enum { KEY_NONE, KEY_BAD, KEY_OK };

/* Registry value types, as written in hex(N). */
enum {
	REG_NONE = 0, REG_SZ = 1, REG_EXPAND_SZ = 2, REG_BINARY = 3, REG_DWORD = 4,
	REG_DWORD_BIG_ENDIAN = 5, REG_MULTI_SZ = 7, REG_QWORD = 11
};

struct err {
	int code;
	int line;
	const char *what;
};

struct reg {
	const char *p, *end;      /* what is left of the UTF-8 text */
	int line;                 /* line last read */
	int unicode;              /* version 5: strings in hex data are UTF-16LE */
	json_t *doc, *lines;
	json_t *keys_ci;          /* lower-case key path -> key path in doc */
	json_t *names_ci;         /* lower-case "path\nname" -> value name in doc */
	int key_state;
	struct vc_buf key, lkey;  /* the open key: as in doc, lower case */
	size_t entries, scanned;
	struct vc_buf name, data, tmp, tmp2;
	struct vc_buf text;       /* UTF-16 input decoded */
	int refused;              /* header or encoding: nothing is kept */
	struct err e;
};

/* ---- small helpers ---- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blank(const char *s, const char *end)
{
	while (s < end && is_blank(*s))
		s++;
	return s;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int casecmpn(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (lower(a[i]) != lower(b[i]))
			return (unsigned char)lower(a[i]) - (unsigned char)lower(b[i]);
	}
	return 0;
}

/* Does [s, end) start with w, ignoring ASCII case? */
static int starts_ci(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - s) >= n && casecmpn(s, w, n) == 0;
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

static int nomem(struct reg *r)
{
	return note(&r->e, VC_ENOMEM, 0, "out of memory");
}

/*
 * UTF-16LE (n bytes, a last odd byte ignored) to UTF-8, U+0000 kept as a
 * NUL byte. strict: an unpaired surrogate is an error (VC_EPARSE, *bad_line
 * = its line); otherwise it becomes U+FFFD.
 */
static int utf16_decode(struct vc_buf *out, const unsigned char *s, size_t n, int strict,
			int *bad_line)
{
	size_t i;
	unsigned long u, lo;
	int line = 1, rc = vc_buf_put(out, "", 0);

	for (i = 0; rc == 0 && i + 1 < n; i += 2) {
		u = (unsigned long)s[i] | (unsigned long)s[i + 1] << 8;
		if (u == '\n')
			line++;
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
			lo = (unsigned long)s[i + 2] | (unsigned long)s[i + 3] << 8;
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF) {
			if (strict) {
				*bad_line = line;
				return VC_EPARSE;
			}
			u = 0xFFFD;
		}
		rc = vc_utf8_put(out, (uint32_t)u);
	}
	return rc;
}

/* The next physical line as [*s, *eol), without CR LF; 0 at the end. */
static int get_line(struct reg *r, const char **s, const char **eol)
{
	const char *nl;

	if (r->p >= r->end)
		return 0;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	*s = r->p;
	*eol = nl ? nl : r->end;
	r->p = nl ? nl + 1 : r->end;
	if (*eol > *s && (*eol)[-1] == '\r')
		(*eol)--;
	r->line++;
	return 1;
}

/* Does [s, eol) end in '\' (before trailing blanks)? */
static int continues(const char *s, const char *eol)
{
	while (eol > s && is_blank(eol[-1]))
		eol--;
	return eol > s && eol[-1] == '\\';
}

/* After a bad line that continued: skip its continuation lines. */
static void skip_continuation(struct reg *r, const char *s, const char *eol)
{
	while (continues(s, eol) && get_line(r, &s, &eol))
		;
}

/* b = lower-case copy of [s, s + n). */
static int lower_copy(struct vc_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc;

	vc_buf_clear(b);
	rc = vc_buf_put(b, s, n);
	for (i = 0; rc == 0 && i < n; i++)
		b->ptr[i] = lower(b->ptr[i]);
	return rc;
}

/* ---- strings with escapes ---- */

/*
 * A quoted string whose text starts at s (after the '"') into b, decoded
 * to UTF-8. Returns 0 with *after past the closing quote, VC_EPARSE when
 * the line ends first, VC_ELIMIT over VC_REG_MAX_VALUE bytes, VC_ENOMEM.
 */
static int quoted(struct vc_buf *b, const char *s, const char *eol, const char **after)
{
	const char *run = s;
	char c;
	int rc;

	vc_buf_clear(b);
	rc = vc_buf_put(b, "", 0);
	while (rc == 0 && s < eol) {
		if (*s != '\\' && *s != '"') {
			s++;
			continue;
		}
		rc = vc_utf8_put_latin1(b, run, (size_t)(s - run));
		if (rc < 0)
			break;
		if (*s == '"') {
			*after = s + 1;
			return 0;
		}
		if (++s >= eol)
			break;
		c = *s == 'n' ? '\n' : *s == 'r' ? '\r' : 0;
		if (c) {
			rc = vc_buf_putc(b, c);
			s++;
		}
		run = s;   /* \\ \" and others: the next character as it is */
		if (!c && s < eol)
			s++;
	}
	return rc < 0 ? rc : VC_EPARSE;
}

/* ---- the document ---- */

static int count_entry(struct reg *r)
{
	if (++r->entries > VC_REG_MAX_ENTRIES)
		return note(&r->e, VC_ELIMIT, r->line, "more than " MAX_ENTRIES_STR " entries");
	return 0;
}

/* lines["[" path "]"] = line */
static int set_key_line(struct reg *r, const char *path)
{
	struct vc_buf *t = &r->tmp2;

	vc_buf_clear(t);
	if (vc_buf_printf(t, "[%s]", path) < 0 ||
	    (r->lines && json_object_set_new(r->lines, t->ptr, json_integer(r->line)) < 0))
		return nomem(r);
	return 0;
}

/* Remove key `path` (lower case `lpath`) with its values and lines from the document. */
static int remove_key(struct reg *r, const char *path, const char *lpath)
{
	json_t *obj = json_object_get(r->doc, path), *v;
	const char *name;
	struct vc_buf *t = &r->tmp2;
	size_t i;

	json_object_foreach(obj, name, v) {
		vc_buf_clear(t);
		if (vc_buf_printf(t, "%s\\%s", path, name) < 0)
			return nomem(r);
		if (r->lines)
			json_object_del(r->lines, t->ptr);
		vc_buf_clear(t);
		if (vc_buf_printf(t, "%s\n%s", lpath, name) < 0)
			return nomem(r);
		for (i = strlen(lpath) + 1; i < t->size; i++)
			t->ptr[i] = lower(t->ptr[i]);
		json_object_del(r->names_ci, t->ptr);
	}
	vc_buf_clear(t);
	if (vc_buf_printf(t, "[%s]", path) < 0)
		return nomem(r);
	if (r->lines)
		json_object_del(r->lines, t->ptr);
	json_object_del(r->doc, path);
	return 0;
}

/* [-path]: drop path and every key below it, then record path as deleted. */
static int delete_key(struct reg *r, const char *path, size_t plen)
{
	const char *lk, *lp;
	json_t *wv;
	void *it;
	size_t n;

	if (lower_copy(&r->lkey, path, plen) < 0)
		return nomem(r);
	lp = r->lkey.ptr;
	json_object_foreach_safe(r->keys_ci, it, lk, wv) {
		if (++r->scanned > VC_REG_MAX_DELETE_SCAN)
			return note(&r->e, VC_ELIMIT, r->line,
				    "key deletions examine more than 10000000 keys");
		n = strlen(lk);
		if (n < plen || memcmp(lk, lp, plen) != 0 || (n > plen && lk[plen] != '\\'))
			continue;
		if (remove_key(r, json_string_value(wv), lk) < 0)
			return r->e.code;
		json_object_del(r->keys_ci, lk);
	}
	if (json_object_set_new(r->doc, path, json_null()) < 0 ||
	    json_object_set_new(r->keys_ci, lp, json_string(path)) < 0)
		return nomem(r);
	r->key_state = KEY_NONE;
	return set_key_line(r, path);
}

/* [path]: open it (merging with an earlier spelling). */
static int open_key(struct reg *r, const char *path, size_t plen)
{
	json_t *known, *obj;

	if (lower_copy(&r->lkey, path, plen) < 0)
		return nomem(r);
	known = json_object_get(r->keys_ci, r->lkey.ptr);
	if (known)
		path = json_string_value(known);
	else if (json_object_set_new(r->keys_ci, r->lkey.ptr, json_string(path)) < 0)
		return nomem(r);
	obj = json_object_get(r->doc, path);
	if (!json_is_object(obj) && json_object_set_new(r->doc, path, json_object()) < 0)
		return nomem(r);
	vc_buf_clear(&r->key);
	if (vc_buf_puts(&r->key, path) < 0)
		return nomem(r);
	r->key_state = KEY_OK;
	return set_key_line(r, r->key.ptr);
}

static const char *const roots[] = {
	"HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CLASSES_ROOT", "HKEY_USERS",
	"HKEY_CURRENT_CONFIG", "HKEY_DYN_DATA",
};

static int known_root(const char *path, size_t n)
{
	const char *bs = memchr(path, '\\', n);
	size_t rlen = bs ? (size_t)(bs - path) : n, i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		if (strlen(roots[i]) == rlen && casecmpn(path, roots[i], rlen) == 0)
			return 1;
	}
	return 0;
}

/* A "[...]" line; s at the '['. */
static int key_line(struct reg *r, const char *s, const char *eol)
{
	const char *close = NULL, *x;
	int del, rc;

	r->key_state = KEY_BAD;
	if (count_entry(r) < 0)
		return r->e.code;
	for (x = s; x < eol; x++) {
		if (*x == ']')
			close = x;
	}
	if (!close)
		return note(&r->e, VC_EPARSE, r->line, "key line without ']'");
	s++;
	del = s < close && *s == '-';
	s += del;
	vc_buf_clear(&r->tmp);
	rc = vc_utf8_put_latin1(&r->tmp, s, (size_t)(close - s));
	if (rc == 0)
		rc = vc_buf_put(&r->tmp, "", 0);
	if (rc < 0)
		return nomem(r);
	if (r->tmp.size > VC_REG_MAX_KEY_PATH)
		return note(&r->e, VC_ELIMIT, r->line,
			    "key path longer than " MAX_KEY_PATH_STR " bytes");
	if (!known_root(r->tmp.ptr, r->tmp.size))
		return note(&r->e, VC_EPARSE, r->line, "key path with an unknown root key");
	if (del)
		return delete_key(r, r->tmp.ptr, r->tmp.size);
	return open_key(r, r->tmp.ptr, r->tmp.size);
}

/* doc[key][name] = v (v stolen) and its line; the name is in r->name. */
static int set_value(struct reg *r, json_t *v, int line)
{
	struct vc_buf *ci = &r->tmp, *t = &r->tmp2;
	json_t *known, *obj;
	const char *name = r->name.ptr;
	size_t nlen = r->name.size;

	if (!v)
		return nomem(r);
	vc_buf_clear(ci);
	if (vc_buf_put(ci, r->lkey.ptr, r->lkey.size) < 0 || vc_buf_putc(ci, '\n') < 0 ||
	    vc_buf_put(ci, name, nlen) < 0)
		goto nomem;
	for (size_t i = r->lkey.size + 1; i < ci->size; i++)
		ci->ptr[i] = lower(ci->ptr[i]);
	known = json_object_get(r->names_ci, ci->ptr);
	if (known) {
		name = json_string_value(known);
		nlen = json_string_length(known);
	} else if (json_object_set_new(r->names_ci, ci->ptr, json_stringn(name, nlen)) < 0) {
		goto nomem;
	}
	obj = json_object_get(r->doc, r->key.ptr);
	vc_buf_clear(t);
	if (vc_buf_put(t, r->key.ptr, r->key.size) < 0 || vc_buf_putc(t, '\\') < 0 ||
	    vc_buf_put(t, name, nlen) < 0)
		goto nomem;
	if (r->lines && json_object_setn_new(r->lines, t->ptr, t->size, json_integer(line)) < 0)
		goto nomem;
	return json_object_setn_new(obj, name, nlen, v) < 0 ? nomem(r) : 0;
nomem:
	json_decref(v);
	return nomem(r);
}

/* ---- data ---- */

/* dword:XXXXXXXX with s after the ':'; NULL with *malformed set, or NULL out of memory. */
static json_t *dword(const char *s, const char *eol, int *malformed)
{
	unsigned long v = 0;
	int n = 0, d;

	*malformed = 1;
	s = skip_blank(s, eol);
	while (s < eol && (d = hexval(*s)) >= 0) {
		if (++n > 8)
			return NULL;
		v = v * 16 + (unsigned long)d;
		s++;
	}
	s = skip_blank(s, eol);
	if (n == 0 || (s < eol && *s != ';'))
		return NULL;
	*malformed = 0;
	return json_integer((json_int_t)v);
}

/*
 * Hex bytes from s (the rest of the value's first line) into r->data,
 * reading continuation lines. 0, or VC_EPARSE (*what), VC_ELIMIT, VC_ENOMEM.
 */
static int hex_bytes(struct reg *r, const char **ps, const char **peol, const char **what)
{
	const char *s = *ps, *eol = *peol;
	unsigned char byte;
	int d, e, rc = 0;

	vc_buf_clear(&r->data);
	for (;;) {
		s = skip_blank(s, eol);
		if (s == eol || *s == ';')
			break;
		if (*s == '\\' && skip_blank(s + 1, eol) == eol) {
			do {   /* blank and comment lines inside are skipped */
				if (!get_line(r, &s, &eol))
					goto out;   /* the end of the file ends the data */
				*ps = s;
				*peol = eol;
				if (memchr(s, 0, (size_t)(eol - s))) {
					*what = "nul character";
					return VC_EPARSE;
				}
				s = skip_blank(s, eol);
			} while (s == eol || *s == ';');
			continue;
		}
		d = hexval(*s);
		e = s + 1 < eol ? hexval(s[1]) : -1;
		if (d < 0) {
			*what = "malformed hex data";
			return VC_EPARSE;
		}
		byte = (unsigned char)(e < 0 ? d : d * 16 + e);
		s += e < 0 ? 1 : 2;
		if (r->data.size >= VC_REG_MAX_VALUE) {
			*what = "value data longer than " MAX_VALUE_STR " bytes";
			return VC_ELIMIT;
		}
		rc = vc_buf_putc(&r->data, (char)byte);
		if (rc < 0) {
			*what = "out of memory";
			return rc;
		}
		s = skip_blank(s, eol);
		if (s < eol && *s == ',') {
			s++;
			continue;
		}
		if (s < eol && *s != ';' && *s != '\\') {
			*what = "malformed hex data";
			return VC_EPARSE;
		}
	}
out:
	return 0;
}

static json_t *binary(size_t n)
{
	char text[64];

	snprintf(text, sizeof(text), "<binary %zu bytes>", n);
	return json_string(text);
}

/* The strings in r->data (UTF-16LE for version 5, else ANSI) into r->tmp, NULs kept. */
static int data_strings(struct reg *r)
{
	int unused = 0;

	vc_buf_clear(&r->tmp);
	if (r->unicode)
		return utf16_decode(&r->tmp, (const unsigned char *)r->data.ptr, r->data.size, 0,
				    &unused);
	if (vc_buf_put(&r->tmp, "", 0) < 0)
		return VC_ENOMEM;
	return vc_utf8_put_latin1(&r->tmp, r->data.ptr, r->data.size);
}

/* JSON for hex(type) data in r->data; NULL when out of memory. */
static json_t *hex_json(struct reg *r, unsigned long type)
{
	const unsigned char *b = (const unsigned char *)r->data.ptr;
	size_t n = r->data.size, i, len;
	uint64_t q = 0;
	json_t *a, *s;
	const char *p, *end;

	switch (type) {
	case REG_SZ:
	case REG_EXPAND_SZ:
		if (data_strings(r) < 0)
			return NULL;
		return json_string(r->tmp.ptr);   /* up to the first NUL */
	case REG_MULTI_SZ:
		if (data_strings(r) < 0)
			return NULL;
		a = json_array();
		p = r->tmp.ptr;
		end = p + r->tmp.size;
		while (a && p < end && *p) {
			len = strlen(p);
			s = json_stringn(p, len);
			if (!s || json_array_append_new(a, s) < 0) {
				json_decref(a);
				return NULL;
			}
			p += len + 1;
		}
		return a;
	case REG_DWORD:
		if (n != 4)
			break;
		return json_integer((json_int_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 |
						 (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24));
	case REG_DWORD_BIG_ENDIAN:
		if (n != 4)
			break;
		return json_integer((json_int_t)((uint32_t)b[3] | (uint32_t)b[2] << 8 |
						 (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24));
	case REG_QWORD:
		if (n != 8)
			break;
		for (i = 8; i-- > 0;)
			q = q << 8 | b[i];
		return json_integer((json_int_t)q);
	default:
		break;
	}
	return binary(n);
}

/* "hex:" or "hex(N):" at s: the type and *after past the ':', or -1. */
static long hex_type(const char *s, const char *eol, const char **after)
{
	unsigned long t = 0;
	int n = 0, d;

	if (!starts_ci(s, eol, "hex"))
		return -1;
	s += 3;
	if (s < eol && *s == ':') {
		*after = s + 1;
		return REG_BINARY;
	}
	if (s >= eol || *s != '(')
		return -1;
	for (s++; s < eol && (d = hexval(*s)) >= 0; s++) {
		if (++n > 8)
			return -1;
		t = t * 16 + (unsigned long)d;
	}
	if (n == 0 || eol - s < 2 || s[0] != ')' || s[1] != ':')
		return -1;
	*after = s + 2;
	return (long)t;
}

/* The end of the data: only blanks and a comment may follow. */
static int rest_ok(const char *s, const char *eol)
{
	s = skip_blank(s, eol);
	return s == eol || *s == ';';
}

/* A value line; s at '"' or '@'. */
static int value_line(struct reg *r, const char *s, const char *eol)
{
	const char *after = NULL, *what = NULL, *start = s, *line_end = eol;
	int line = r->line, rc, malformed;
	long type;
	json_t *v;

	if (r->key_state == KEY_BAD) {   /* its key line was reported */
		skip_continuation(r, s, eol);
		return 0;
	}
	if (count_entry(r) < 0)
		return r->e.code;
	if (r->key_state == KEY_NONE) {
		what = "value outside a key";
		goto bad;
	}
	if (*s == '@') {
		vc_buf_clear(&r->name);
		rc = vc_buf_put(&r->name, "", 0);
		after = s + 1;
	} else {
		rc = quoted(&r->name, s + 1, eol, &after);
	}
	if (rc == VC_ELIMIT)
		return note(&r->e, rc, line, "value name longer than " MAX_VALUE_STR " bytes");
	if (rc == VC_ENOMEM)
		return nomem(r);
	if (rc < 0) {
		what = "unterminated value name";
		goto bad;
	}
	s = skip_blank(after, eol);
	if (s >= eol || *s != '=') {
		what = "expected '=' after the value name";
		goto bad;
	}
	s = skip_blank(s + 1, eol);
	if (s < eol && *s == '-' && rest_ok(s + 1, eol))
		return set_value(r, json_null(), line);
	if (s < eol && *s == '"') {
		rc = quoted(&r->data, s + 1, eol, &after);
		if (rc == VC_ELIMIT)
			return note(&r->e, rc, line, "value data longer than " MAX_VALUE_STR " bytes");
		if (rc == VC_ENOMEM)
			return nomem(r);
		if (rc < 0 || !rest_ok(after, eol)) {
			what = rc < 0 ? "unterminated string" : "unexpected text after the string";
			goto bad;
		}
		return set_value(r, json_stringn(r->data.ptr, r->data.size), line);
	}
	if (starts_ci(s, eol, "dword:")) {
		v = dword(s + 6, eol, &malformed);
		if (!v && !malformed)
			return nomem(r);
		if (!v) {
			what = "malformed dword (1 to 8 hex digits)";
			goto bad;
		}
		return set_value(r, v, line);
	}
	type = hex_type(s, eol, &after);
	if (type < 0) {
		what = "unknown value type";
		goto bad;
	}
	start = after;
	rc = hex_bytes(r, &start, &line_end, &what);
	if (rc == VC_EPARSE) {
		note(&r->e, rc, r->line, what);
		skip_continuation(r, start, line_end);
		return 0;
	}
	if (rc < 0)
		return note(&r->e, rc, r->line, what);
	v = hex_json(r, (unsigned long)type);
	return v ? set_value(r, v, line) : nomem(r);
bad:
	note(&r->e, VC_EPARSE, line, what);
	skip_continuation(r, start, eol);
	return 0;
}

/* ---- the file ---- */

/* The text (UTF-8, BOM gone) into *text, decoding UTF-16LE into r->text. */
static int to_text(struct reg *r, const char **text, size_t *len)
{
	const unsigned char *u = (const unsigned char *)*text;
	struct vc_buf *t = &r->text;
	int bad = 0;

	r->refused = 1;
	if (*len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		return note(&r->e, VC_EPARSE, 1, "utf-16be is not supported (save as unicode)");
	r->refused = 0;
	if (*len >= 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0) {
		*text += 3;
		*len -= 3;
		return 0;
	}
	if (*len < 2 || u[0] != 0xFF || u[1] != 0xFE)
		return 0;
	r->refused = 1;
	t->cap = *len / 2 * 3 + 1;   /* 3 bytes of UTF-8 at most per 2 bytes */
	if (utf16_decode(t, u + 2, *len - 2, 1, &bad) < 0) {
		if (bad)
			return note(&r->e, VC_EPARSE, bad, "unpaired utf-16 surrogate");
		return nomem(r);
	}
	if (*len % 2) {
		bad = 1;
		for (size_t i = 0; i < t->size; i++)
			bad += t->ptr[i] == '\n';
		return note(&r->e, VC_EPARSE, bad, "odd number of bytes in utf-16 text");
	}
	r->refused = 0;
	*text = t->ptr;
	*len = t->size;
	return 0;
}

static int header(struct reg *r)
{
	const char *s, *eol;

	r->refused = 1;
	if (!get_line(r, &s, &eol))
		return note(&r->e, VC_EPARSE, 1, "empty file: no registry editor header");
	while (eol > s && is_blank(eol[-1]))
		eol--;
	if ((size_t)(eol - s) == strlen(HEADER5) && memcmp(s, HEADER5, strlen(HEADER5)) == 0) {
		r->unicode = 1;
		r->refused = 0;
		return 0;
	}
	if ((size_t)(eol - s) == strlen(HEADER4) && memcmp(s, HEADER4, strlen(HEADER4)) == 0) {
		r->refused = 0;
		return 0;
	}
	return note(&r->e, VC_EPARSE, 1,
		    "not a registry export: line 1 must be \"" HEADER5 "\" or \"" HEADER4 "\"");
}

static int one_line(struct reg *r, const char *s, const char *eol)
{
	if (memchr(s, 0, (size_t)(eol - s)))
		return note(&r->e, VC_EPARSE, r->line, "nul character");
	s = skip_blank(s, eol);
	if (s == eol || *s == ';')
		return 0;
	if (*s == '[')
		return key_line(r, s, eol);
	if (*s == '"' || *s == '@')
		return value_line(r, s, eol);
	return note(&r->e, VC_EPARSE, r->line, "expected [key], \"name\"=data or a comment");
}

int vc_reg_parse(json_t **doc, json_t **lines, const char *data, size_t len, int *err_line)
{
	struct reg r;
	const char *s, *eol;
	int rc;

	if (err_line)
		*err_line = 0;
	if (!doc)
		return vc_error_set(VC_ERROR, "vc_reg_parse: no output");
	*doc = NULL;
	if (lines)
		*lines = NULL;
	if (!data && len)
		return vc_error_set(VC_ERROR, "vc_reg_parse: no data");
	if (len > VC_REG_MAX_BYTES)
		return vc_error_set(VC_ELIMIT, "input larger than %zu bytes", VC_REG_MAX_BYTES);
	memset(&r, 0, sizeof(r));
	if (!data)
		data = "";
	r.name.cap = r.data.cap = VC_REG_MAX_VALUE;
	r.doc = json_object();
	r.lines = lines ? json_object() : NULL;
	r.keys_ci = json_object();
	r.names_ci = json_object();
	if (!r.doc || (lines && !r.lines) || !r.keys_ci || !r.names_ci) {
		nomem(&r);
		goto out;
	}
	if (to_text(&r, &data, &len) < 0)
		goto out;
	r.p = data;
	r.end = data + len;
	if (header(&r) < 0)
		goto out;
	while (!r.e.code || r.e.code == VC_EPARSE) {
		if (!get_line(&r, &s, &eol))
			break;
		one_line(&r, s, eol);
	}
out:
	rc = r.e.code;
	if (rc < 0) {
		if (r.e.line > 0)
			vc_error_set(rc, "line %d: %s", r.e.line, r.e.what);
		else
			vc_error_set(rc, "%s", r.e.what);
		if (err_line)
			*err_line = r.e.line;
	}
	/* A refused header or encoding keeps nothing. */
	if (rc < 0 && (rc != VC_EPARSE || r.refused)) {
		json_decref(r.doc);
		json_decref(r.lines);
	} else {
		*doc = r.doc;
		if (lines)
			*lines = r.lines;
	}
	json_decref(r.keys_ci);
	json_decref(r.names_ci);
	vc_buf_free(&r.key);
	vc_buf_free(&r.lkey);
	vc_buf_free(&r.name);
	vc_buf_free(&r.data);
	vc_buf_free(&r.tmp);
	vc_buf_free(&r.tmp2);
	vc_buf_free(&r.text);
	return rc;
}

/* ---- look-up ---- */

static const char *const abbrev[][2] = {
	{ "HKLM", "HKEY_LOCAL_MACHINE" }, { "HKCU", "HKEY_CURRENT_USER" },
	{ "HKCR", "HKEY_CLASSES_ROOT" }, { "HKU", "HKEY_USERS" },
	{ "HKCC", "HKEY_CURRENT_CONFIG" },
};

/* The member of obj whose name matches (s, n) ignoring ASCII case; NULL if none. */
static json_t *get_ci(const json_t *obj, const char *s, size_t n)
{
	json_t *v = json_object_getn(obj, s, n);
	const char *k;

	if (v)
		return v;
	json_object_foreach((json_t *)obj, k, v) {
		if (strlen(k) == n && casecmpn(k, s, n) == 0)
			return v;
	}
	return NULL;
}

const json_t *vc_reg_get(const json_t *doc, const char *key, const char *name)
{
	char full[VC_REG_MAX_KEY_PATH + 32];
	size_t n, i, rlen;
	json_t *k;

	if (!json_is_object(doc) || !key)
		return NULL;
	if (!name)
		name = "";
	n = (size_t)snprintf(full, sizeof(full), "%s", key);
	if (n >= sizeof(full))
		return NULL;
	for (i = 0; i < sizeof(abbrev) / sizeof(abbrev[0]); i++) {
		rlen = strlen(abbrev[i][0]);
		/* casecmpn stops at the NUL of a shorter key: it differs from a letter */
		if (casecmpn(key, abbrev[i][0], rlen) == 0 && (key[rlen] == 0 || key[rlen] == '\\')) {
			n = (size_t)snprintf(full, sizeof(full), "%s%s", abbrev[i][1], key + rlen);
			if (n >= sizeof(full))
				return NULL;
			break;
		}
	}
	k = get_ci(doc, full, n);
	if (json_is_object(k))
		return get_ci(k, name, strlen(name));
	if (k)
		return k;   /* the key is deleted */
	while (n > 0) {   /* a deleted key above it? */
		while (n > 0 && full[n - 1] != '\\')
			n--;
		if (n == 0)
			break;
		k = get_ci(doc, full, --n);
		if (k)
			return json_is_null(k) ? k : NULL;
	}
	return NULL;
}
