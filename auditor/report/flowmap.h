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
 * Classify region names (a string or a list of strings): a two-letter
 * upper-case code outside the EEA sets *outside; any other name the EEA
 * list does not know (a product's own region name such as "tenant-region")
 * sets *unknown. Neither flag is cleared.
 */
void vc_report_regions_classify(const json_t *v, int *outside, int *unknown);

/*
 * The map's layout, shared by the SVG writer above and the PDF report
 * (pdf.c): boxes and arrows in px (12px text, origin top left). Labels are
 * raw: clean (clean.h) and cut them at VC_FLOWMAP_LABEL_MAX characters
 * (a folder's path is already cut in its middle, keeping its end).
 * Tones: 0 plain, 1 amber (third party), 2 red (third country or unknown
 * region); colours in vc_report_flowmap_fill/stroke as "#rrggbb". A box's
 * l1 is bold in columns 0 and 1; arrows run from the right edge of `from`
 * to the left edge of `to` in the tone of `to`. The legend: three 14px
 * swatches (red, amber, plain) at legend_x[] and legend_y, each label 20px
 * right of its swatch, its baseline 12px below the swatch's top.
 */
#define VC_FLOWMAP_NODES 64
#define VC_FLOWMAP_EDGES 128
#define VC_FLOWMAP_LABEL_MAX 48     /* characters per label line */

struct vc_flowmap_node {
	int col;             /* 0 participants, 1 products, 2 folders and own servers, 3 outside */
	int tone;
	char id[512];        /* for de-duplication: "folder:zoom:/path", "sync:dropbox" */
	char l1[256], l2[256], l3[256];   /* lines at 18, 35 and 52px below the top */
	int x, y, w, h;
	int count;           /* recordings grouped in this node */
};

struct vc_flowmap_edge {
	int from, to;        /* indexes into n[] */
};

struct vc_flowmap {
	struct vc_flowmap_node n[VC_FLOWMAP_NODES];
	struct vc_flowmap_edge e[VC_FLOWMAP_EDGES];
	int nn, ne;
	int width, height;   /* of the whole drawing, legend included */
	int oom;             /* while building */
	int legend_x[3], legend_y;
	/*
	 * The organisation's boundary, a dashed vertical line from y 4 to
	 * boundary_y2 left of the column of what lies outside (0 = nothing
	 * does); w->doc->boundary_in bold, right-aligned 8px left of it, and
	 * boundary_out 8px right of it, both with their baseline at y 16.
	 */
	int boundary_x, boundary_y2;
	const struct vc_report_words *w;
};

extern const char *const vc_report_flowmap_fill[3];
extern const char *const vc_report_flowmap_stroke[3];

/*
 * Build and place the map of `a` in `w`'s language. *out is NULL when the
 * audit holds nothing to draw (say w->doc->map_empty instead); otherwise
 * owned by the caller, vc_report_flowmap_free() it. 0 or VC_ENOMEM.
 */
int vc_report_flowmap_layout(struct vc_flowmap **out, const struct vc_audit *a,
			     const struct vc_report_words *w);
void vc_report_flowmap_free(struct vc_flowmap *m);

/*
 * Write map `m` as an <svg> element: no external references, every label
 * escaped. 0 or VC_ENOMEM.
 */
int vc_report_flowmap_svg(FILE *f, const struct vc_flowmap *m);

#endif
