#ifndef VC_JSONLINES_H
#define VC_JSONLINES_H
/*
 * Where each member of a JSON text stands: Jansson gives values, not
 * positions, but a finding must name the line of the setting. A small
 * tokenizer walks the text once and maps every member's path to the line
 * of its key:
 *   {"a": {"b": 1}, "c": [{"d": 2}]}  ->  {"a": 1, "a.b": 1, "c": 1, "c.0.d": 1}
 * Path segments are joined with '.', array elements are their index, a '.'
 * inside a key is written "\.". A leading UTF-8 BOM is skipped. Limits:
 * depth 64 and 1,000,000 members (VC_ELIMIT); malformed text is VC_EPARSE
 * with "line N: problem" and no excerpt of the input.
 */
#include <stddef.h>
#include <jansson.h>

int vc_json_lines(json_t **lines, const char *text, size_t len);

/* The line of `path` in `lines`, or 0 when unknown. */
int vc_json_line(const json_t *lines, const char *path);

/*
 * Parse JSON as Windows PowerShell and the Zoom API write it: a leading
 * UTF-8 BOM is skipped, duplicate keys are refused, and the error message
 * says "line N, column M: problem" without quoting the input.
 */
int vc_json_parse(json_t **doc, const char *text, size_t len, int *err_line, int *err_col);

#endif
