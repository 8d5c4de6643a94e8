#ifndef VC_REPORT_FLOWMAP_H
#define VC_REPORT_FLOWMAP_H
/*
 * The data-flow map of the HTML report: an inline SVG built from the
 * audit's facts only (flowmap.c), and the escaping that html.c shares.
 */
#include <stdio.h>
#include "report.h"
#include "words.h"

/*
 * Write `s` (NULL gives nothing) cleaned (clean.h; with max > 0 cut at max
 * characters) and escaped for HTML/XML text and attribute values: & < > " '
 * become character references. *oom is set to 1 when out of memory.
 */
void vc_report_xml_put(FILE *f, const char *s, size_t max, int *oom);

/* 1 when `code` (ISO 3166 alpha-2, "EU" or "EEA", any case) is inside the EEA. */
int vc_report_region_in_eea(const char *code);

/*
 * The ids of the video-meeting products present in the audit, in order:
 * those listed in a->products, then those that facts name; never "host",
 * nor a product whose only product.installed facts are false. Borrowed
 * from `a`; at most `cap`; returns the count.
 */
size_t vc_report_products_present(const struct vc_audit *a, const char **ids, size_t cap);

/*
 * Write the map for `a` in `w`'s language: an <svg> element (no external
 * references, every label escaped), or a <p> saying the audit holds nothing
 * to draw. Columns: participants, products, local folders, cloud services
 * and third parties, self-hosted stores. 0 or VC_ENOMEM.
 */
int vc_report_flowmap_svg(FILE *f, const struct vc_audit *a, const struct vc_report_words *w);

#endif
