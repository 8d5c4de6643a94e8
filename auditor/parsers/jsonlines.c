/* Lines of JSON members (see jsonlines.h), and BOM-tolerant JSON parsing. */
#include <stdlib.h>
#include <string.h>

#include "jsonlines.h"
#include "../core/buf.h"
#include "../core/err.h"
#include "../core/jsonload.h"
#include "../core/utf8.h"

#define JL_DEPTH 64
#define JL_MEMBERS 1000000

struct jl {
	const char *p, *end;
	int line;
	size_t members;
	json_t *out;
};

static void ws(struct jl *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) {
		if (*j->p == '\n')
			j->line++;
		j->p++;
	}
}

static int bad(struct jl *j, const char *what)
{
	return vc_error_set(VC_EPARSE, "line %d: %s", j->line, what);
}

/* A string token; its raw bytes (escapes kept, '.' escaped) go to `key` when not NULL. */
static int string(struct jl *j, struct vc_buf *key)
{
	int rc;

	j->p++;   /* opening quote */
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p;

		if (c == '\n' || (unsigned char)c < 0x20)
			return bad(j, "control character in a string");
		if (c == '\\') {
			if (j->p + 1 >= j->end)
				break;
			if (key && (rc = vc_buf_put(key, j->p, 2)) < 0)
				return rc;
			j->p += 2;
			continue;
		}
		if (key && ((c == '.' && (rc = vc_buf_putc(key, '\\')) < 0) ||
			    (rc = vc_buf_putc(key, c)) < 0))
			return rc;   /* the key's cap (VC_ELIMIT) or VC_ENOMEM, message set */
		j->p++;
	}
	if (j->p >= j->end)
		return bad(j, "unterminated string");
	j->p++;
	return 0;
}

static int value(struct jl *j, struct vc_buf *path, int depth);

static int record(struct jl *j, const struct vc_buf *path, int line)
{
	if (++j->members > JL_MEMBERS)
		return vc_error_set(VC_ELIMIT, "line %d: more than %d members", j->line, JL_MEMBERS);
	return json_object_set_new(j->out, path->ptr ? path->ptr : "", json_integer(line)) ?
	       vc_error_set(VC_ENOMEM, "out of memory") : 0;
}

static int container(struct jl *j, struct vc_buf *path, int depth, int is_obj)
{
	size_t base = path->size, index = 0;
	char close = is_obj ? '}' : ']';
	int rc;

	if (depth >= JL_DEPTH)
		return vc_error_set(VC_ELIMIT, "line %d: nested deeper than %d", j->line, JL_DEPTH);
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		int line;

		ws(j);
		path->size = base;
		if (path->ptr)
			path->ptr[base] = 0;
		if (base && (rc = vc_buf_putc(path, '.')) < 0)
			return rc;
		line = j->line;
		if (is_obj) {
			if (j->p >= j->end || *j->p != '"')
				return bad(j, "expected a member name");
			if ((rc = string(j, path)) < 0)
				return rc;
			ws(j);
			if (j->p >= j->end || *j->p != ':')
				return bad(j, "expected ':'");
			j->p++;
		} else if ((rc = vc_buf_printf(path, "%zu", index++)) < 0) {
			return rc;
		}
		if ((rc = record(j, path, line)) < 0)
			return rc;
		if ((rc = value(j, path, depth + 1)) < 0)
			return rc;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			path->size = base;
			if (path->ptr)
				path->ptr[base] = 0;
			return 0;
		}
		return bad(j, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int value(struct jl *j, struct vc_buf *path, int depth)
{
	ws(j);
	if (j->p >= j->end)
		return bad(j, "unexpected end of input");
	switch (*j->p) {
	case '{':
		return container(j, path, depth, 1);
	case '[':
		return container(j, path, depth, 0);
	case '"':
		return string(j, NULL);
	default:
		if (!strchr("-0123456789tfn", *j->p))
			return bad(j, "unexpected character");
		while (j->p < j->end && strchr("-+.0123456789eEtruefalsn", *j->p))
			j->p++;
		return 0;
	}
}

int vc_json_lines(json_t **lines, const char *text, size_t len)
{
	struct jl j;
	struct vc_buf path = VC_BUF_INIT(64 * 1024);
	int rc;

	*lines = NULL;
	text = vc_utf8_skip_bom(text, &len);
	j.p = text;
	j.end = text + len;
	j.line = 1;
	j.members = 0;
	j.out = json_object();
	if (!j.out)
		return vc_error_set(VC_ENOMEM, "out of memory");
	rc = value(&j, &path, 0);
	if (rc == 0) {
		ws(&j);
		if (j.p < j.end)
			rc = bad(&j, "text after the JSON value");
	}
	vc_buf_free(&path);
	if (rc < 0) {
		json_decref(j.out);
		return rc;
	}
	*lines = j.out;
	return 0;
}

int vc_json_line(const json_t *lines, const char *path)
{
	return (int)json_integer_value(json_object_get(lines, path));
}

int vc_json_parse(json_t **doc, const char *text, size_t len, int *err_line, int *err_col)
{
	json_error_t jerr;
	int rc;

	text = vc_utf8_skip_bom(text, &len);
	/* a failed allocation is VC_ENOMEM, never a damaged document */
	rc = vc_json_loadb(doc, text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (rc != VC_EPARSE)
		return rc;
	if (err_line)
		*err_line = jerr.line;
	if (err_col)
		*err_col = jerr.column;
	return vc_error_set(VC_EPARSE, "line %d, column %d: %s", jerr.line, jerr.column,
			    vc_error_cut_excerpt(jerr.text));
}
