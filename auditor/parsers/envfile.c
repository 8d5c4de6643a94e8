/*
 * docker compose .env files, read line by line; a quoted value may run on
 * over further lines. A bad line is noted and skipped (the first one is
 * reported), so one typo does not hide the rest of the file.
 *
 * Cost stays linear although a failed quoted value is read again as lines:
 * a scan for a closing quote stops at the next quote of its kind, so it
 * can run to the end of the input at most once per kind (a later opening
 * quote would have closed it), and one stopped by a NUL byte covers no
 * opening quote of its kind before that byte.
 */
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "parsers/envfile.h"

#define MAX_VALUE_STR "1048576"
#define MAX_ENTRIES_STR "100000"
_Static_assert(VC_ENVFILE_MAX_VALUE == 1048576, "MAX_VALUE_STR");
_Static_assert(VC_ENVFILE_MAX_ENTRIES == 100000, "MAX_ENTRIES_STR");

struct err {
	int code;
	int line;
	const char *what;
};

struct parser {
	const char *p, *end;
	int line;                  /* line of p */
	struct vc_buf val;
	struct err e;
	json_t *doc, *lines;
	size_t entries;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static const char *skip_blank(const char *s, const char *end)
{
	while (s < end && is_blank(*s))
		s++;
	return s;
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

/* Move to the line after the one holding s. */
static void next_line_after(struct parser *ps, const char *s)
{
	const char *nl = memchr(s, '\n', (size_t)(ps->end - s));

	ps->p = nl ? nl + 1 : ps->end;
	ps->line++;
}

/* The character of "\d" inside double quotes, 0 when the pair is kept as written. */
static char unescape(char d)
{
	switch (d) {
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case '"':
	case '\\':
		return d;
	default:
		return 0;
	}
}

/*
 * The quoted value whose text starts at s (after the opening quote q) into
 * ps->val. Returns 0 with *after just past the closing quote, or VC_EPARSE
 * (*what set), VC_ELIMIT (a closed value over the limit; an unterminated
 * one is VC_EPARSE however long), VC_ENOMEM. *nls counts the line ends crossed
 * up to the closing quote or a NUL byte (0 for an unterminated value).
 *
 * Double quotes: a backslash and one of n r t " \ are read as a pair;
 * any other backslash is read alone.
 */
static int scan(struct parser *ps, char q, const char *s, const char **after, int *nls,
		const char **what)
{
	size_t run;
	int dq = q == '"', rc, too_long = 0;
	const char *x = s;
	char c, d;

	*nls = 0;
	vc_buf_clear(&ps->val);
	rc = vc_buf_put(&ps->val, "", 0);
	while (x < ps->end) {
		/* Past the limit, go on to tell a long value from an unterminated one. */
		if (rc == VC_ELIMIT)
			too_long = 1;
		else if (rc < 0)
			break;
		c = *x;
		if (c == q) {
			*after = x + 1;
			break;
		}
		if (c == 0) {
			*what = "nul byte";
			return VC_EPARSE;
		}
		if (dq && c == '\\') {
			c = x + 1 < ps->end ? unescape(x[1]) : 0;
			if (too_long)
				rc = 0;
			else
				rc = vc_buf_putc(&ps->val, c ? c : '\\');
			x += c ? 2 : 1;
			continue;
		}
		for (run = 0; x + run < ps->end; run++) {
			d = x[run];
			if (d == q || d == 0 || d == '\n' || (dq && d == '\\'))
				break;
		}
		if (run == 0) {   /* a line end */
			(*nls)++;
			run = 1;
		}
		rc = too_long ? 0 : vc_utf8_put_latin1(&ps->val, x, run);
		x += run;
	}
	if (rc < 0 && rc != VC_ELIMIT) {
		*what = "out of memory";
		return rc;
	}
	if (x >= ps->end) {
		*nls = 0;   /* reported at the line of the KEY */
		*what = "unterminated quoted value";
		return VC_EPARSE;
	}
	if (rc == VC_ELIMIT || too_long) {
		*what = "value longer than " MAX_VALUE_STR " bytes";
		return VC_ELIMIT;
	}
	return 0;
}

static int store(struct parser *ps, const char *key, size_t klen, int line)
{
	json_t *v = json_stringn(ps->val.ptr, ps->val.size);

	if (++ps->entries > VC_ENVFILE_MAX_ENTRIES) {
		json_decref(v);
		return note(&ps->e, VC_ELIMIT, line, "more than " MAX_ENTRIES_STR " entries");
	}
	if (!v || json_object_setn_new(ps->doc, key, klen, v) < 0)
		return note(&ps->e, VC_ENOMEM, 0, "out of memory");
	if (ps->lines && json_object_setn_new(ps->lines, key, klen, json_integer(line)) < 0)
		return note(&ps->e, VC_ENOMEM, 0, "out of memory");
	return 0;
}

/* The value after "KEY=" (s just past the '='), up to eol; then store it. */
static int value(struct parser *ps, const char *key, size_t klen, const char *s,
		 const char *eol)
{
	const char *v = skip_blank(s, eol), *ve = eol, *after = NULL, *what = NULL;
	const char *cl_eol, *rest;
	int line = ps->line, nls = 0, rc;

	if (v < eol && (*v == '"' || *v == '\'')) {
		rc = scan(ps, *v, v + 1, &after, &nls, &what);
		if (rc == VC_EPARSE) {
			note(&ps->e, rc, line + nls, what);
			next_line_after(ps, v);   /* resume after the KEY line */
			return 0;
		}
		if (rc < 0)
			return note(&ps->e, rc, line, what);
		ps->line = line + nls;
		cl_eol = memchr(after, '\n', (size_t)(ps->end - after));
		if (!cl_eol)
			cl_eol = ps->end;
		rc = 0;
		rest = skip_blank(after, cl_eol);
		if (memchr(after, 0, (size_t)(cl_eol - after)))
			note(&ps->e, VC_EPARSE, ps->line, "nul byte");
		else if (rest < cl_eol && *rest != '#')
			note(&ps->e, VC_EPARSE, ps->line, "unexpected text after the closing quote");
		else
			rc = store(ps, key, klen, line);
		next_line_after(ps, after);
		return rc;
	}
	for (; v < eol && ve == eol; v++) {
		if (*v == '#' && v > s && is_blank(v[-1]))
			ve = v;
	}
	v = skip_blank(s, eol);
	while (ve > v && is_blank(ve[-1]))
		ve--;
	vc_buf_clear(&ps->val);
	rc = vc_buf_put(&ps->val, "", 0);
	if (rc == 0)
		rc = vc_utf8_put_latin1(&ps->val, v, (size_t)(ve - v));
	if (rc < 0)
		return note(&ps->e, rc, line, rc == VC_ELIMIT ?
			    "value longer than " MAX_VALUE_STR " bytes" : "out of memory");
	rc = store(ps, key, klen, line);
	next_line_after(ps, eol);
	return rc;
}

/* One line at ps->p: a comment, a blank line or KEY=value. < 0 stops the parse. */
static int one_line(struct parser *ps)
{
	const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	const char *eol = nl ? nl : ps->end, *s, *t, *key;
	size_t klen;

	s = skip_blank(ps->p, eol);
	if (s == eol || *s == '#') {
		if (memchr(s, 0, (size_t)(eol - s)))
			note(&ps->e, VC_EPARSE, ps->line, "nul byte");
		next_line_after(ps, s);
		return 0;
	}
	if (memchr(s, 0, (size_t)(eol - s))) {
		note(&ps->e, VC_EPARSE, ps->line, "nul byte");
		goto skip;
	}
	if (eol - s > 6 && memcmp(s, "export", 6) == 0 && is_blank(s[6])) {
		t = skip_blank(s + 6, eol);
		if (t < eol && is_name_start(*t))
			s = t;   /* else the bare name "export" */
	}
	key = s;
	if (is_name_start(*s)) {
		while (s < eol && is_name_char(*s))
			s++;
	}
	klen = (size_t)(s - key);
	if (klen > VC_ENVFILE_MAX_VALUE)
		return note(&ps->e, VC_ELIMIT, ps->line, "name longer than " MAX_VALUE_STR " bytes");
	if (klen == 0 || (s < eol && *s != '=' && !is_blank(*s))) {
		note(&ps->e, VC_EPARSE, ps->line,
		     "variable name must match [A-Za-z_][A-Za-z0-9_]*");
		goto skip;
	}
	s = skip_blank(s, eol);
	if (s == eol)
		goto skip;   /* bare KEY: from compose's environment, sets nothing here */
	if (*s != '=') {
		note(&ps->e, VC_EPARSE, ps->line, "expected '=' after the variable name");
		goto skip;
	}
	return value(ps, key, klen, s + 1, eol);
skip:
	next_line_after(ps, s);
	return 0;
}

int vc_envfile_parse(json_t **doc, json_t **lines, const char *text, size_t len,
		     int *err_line)
{
	struct parser ps;
	int rc = 0;

	if (err_line)
		*err_line = 0;
	if (!doc)
		return vc_error_set(VC_ERROR, "vc_envfile_parse: no output");
	*doc = NULL;
	if (lines)
		*lines = NULL;
	if (!text && len)
		return vc_error_set(VC_ERROR, "vc_envfile_parse: no text");
	if (len > VC_ENVFILE_MAX_BYTES)
		return vc_error_set(VC_ELIMIT, "input larger than %zu bytes", VC_ENVFILE_MAX_BYTES);
	text = vc_utf8_skip_bom(text, &len);
	memset(&ps, 0, sizeof(ps));
	ps.p = text ? text : "";
	ps.end = ps.p + len;
	ps.line = 1;
	ps.val.cap = VC_ENVFILE_MAX_VALUE;
	ps.doc = json_object();
	ps.lines = lines ? json_object() : NULL;
	if (!ps.doc || (lines && !ps.lines))
		note(&ps.e, VC_ENOMEM, 0, "out of memory");
	while (!ps.e.code || ps.e.code == VC_EPARSE) {
		if (ps.p >= ps.end || one_line(&ps) < 0)
			break;
	}
	rc = ps.e.code;
	if (rc < 0) {
		if (ps.e.line > 0)
			vc_error_set(rc, "line %d: %s", ps.e.line, ps.e.what);
		else
			vc_error_set(rc, "%s", ps.e.what);
		if (err_line)
			*err_line = ps.e.line;
	}
	if (rc < 0 && rc != VC_EPARSE) {
		json_decref(ps.doc);
		json_decref(ps.lines);
	} else {
		*doc = ps.doc;
		if (lines)
			*lines = ps.lines;
	}
	vc_buf_free(&ps.val);
	return rc;
}
