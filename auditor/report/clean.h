#ifndef VC_REPORT_CLEAN_H
#define VC_REPORT_CLEAN_H
/*
 * Cleaning of text that came from scanned files (paths, values, messages)
 * before a reporter escapes it for its format: one line, no control
 * characters, valid UTF-8. Used by all the human-readable reporters: the
 * text report writes it straight to its stream, the others take a copy.
 */
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#define VC_REPORT_VALUE_MAX 120   /* evidence values longer than this are cut with "…" */

/*
 * A cleaned copy of `s` (NULL gives ""): tab, CR and LF become a space,
 * other C0/C1 controls and DEL '?', bidirectional overrides '?', bytes that
 * are not UTF-8 U+FFFD. With max > 0, at most max characters, the last one
 * "…". Caller frees; NULL only when out of memory.
 */
char *vc_report_clean(const char *s, size_t max);

/*
 * As vc_report_clean(s, 0), but a text wider than max characters keeps its
 * first third and its end around a "…" in the middle, max characters in
 * all: "/Users/u-1/…/OneDrive-Org/Zoom" (the end of a path says most).
 * Caller frees; NULL only when out of memory.
 */
char *vc_report_clean_middle(const char *s, size_t max);

/* The same written to `f` (NULL s gives nothing); nothing allocated. */
void vc_report_clean_put(FILE *f, const char *s, size_t max);

/* Characters `s` shows as once cleaned (one column each; wide ones not measured). */
size_t vc_report_clean_width(const char *s);

/*
 * An evidence value as compact JSON, cleaned and cut at max characters as
 * above; NULL value gives NULL with *oom 0. Caller frees. On out of memory
 * NULL with *oom 1.
 */
char *vc_report_value(const json_t *v, size_t max, int *oom);

#endif
