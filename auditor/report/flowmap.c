/*
 * The data-flow map (flowmap.h): participants -> products -> local folders
 * -> cloud services and third parties -> self-hosted stores, laid out in
 * fixed columns from the facts alone (no layout engine). Boxes are sized
 * from an approximate character width so that labels fit; labels longer
 * than FM_LABEL_MAX characters are cut with "…". Colours: red for a cloud
 * store in a third country or an unknown region, amber for a third party
 * (sync provider, third-party storage or telemetry, and a folder it syncs).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flowmap.h"
#include "clean.h"

#define FM_NODES VC_FLOWMAP_NODES
#define FM_EDGES VC_FLOWMAP_EDGES
#define FM_LABEL_MAX VC_FLOWMAP_LABEL_MAX
#define FM_CHAR_W 7         /* approximate width of a character at 12px, in px */
#define FM_COLS 4
#define FM_GAP_X 60
#define FM_GAP_Y 16
#define FM_TOP 36          /* room for the boundary's labels above the boxes */

enum tone { T_PLAIN, T_AMBER, T_RED };

/*
 * The EEA: the 27 EU member states (Greece also as "EL", the EU's own code)
 * plus Iceland, Liechtenstein and Norway. "EU" and "EEA" are region names
 * some products use. Anything else is a third country for the map.
 */
static const char *const eea[] = {
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "EL", "HR",
	"HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
	"IS", "LI", "NO", "EU", "EEA",
};

int vc_report_region_in_eea(const char *code)
{
	size_t i;

	for (i = 0; code && i < sizeof(eea) / sizeof(eea[0]); i++)
		if (!strcasecmp(code, eea[i]))
			return 1;
	return 0;
}

void vc_report_xml_put(FILE *f, const char *s, size_t max, int *oom)
{
	char *c, *p;

	if (!s)
		return;
	c = vc_report_clean(s, max);
	if (!c) {
		*oom = 1;
		return;
	}
	for (p = c; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*p, f);
		}
	}
	free(c);
}

/* 1 when `id` is a product the audit found (see flowmap.h). */
static int present(const struct vc_audit *a, const char *id)
{
	int yes = 0, no = 0;
	size_t i;

	if (!id || !strcmp(id, "host"))
		return 0;
	for (i = 0; a->facts && i < a->facts->n; i++) {
		const struct vc_fact *f = &a->facts->v[i];

		if (!f->product || strcmp(f->product, id) || !f->key)
			continue;
		if (strcmp(f->key, "product.installed") || json_is_true(f->value))
			yes = 1;
		else
			no = 1;
	}
	return yes || !no;
}

static size_t add_id(const char **ids, size_t n, size_t cap, const char *id)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (!strcmp(ids[k], id))
			return n;
	if (n < cap)
		ids[n++] = id;
	return n;
}

size_t vc_report_products_present(const struct vc_audit *a, const char **ids, size_t cap)
{
	const json_t *p;
	const char *id;
	size_t n = 0, i;

	json_array_foreach(a->products, i, p) {
		id = json_string_value(json_object_get(p, "id"));
		if (present(a, id))
			n = add_id(ids, n, cap, id);
	}
	for (i = 0; a->facts && i < a->facts->n; i++)
		if (present(a, a->facts->v[i].product))
			n = add_id(ids, n, cap, a->facts->v[i].product);
	return n;
}

/* Index of the node with `id`, adding it when new; -1 when the map is full. */
static int node(struct vc_flowmap *m, int col, enum tone tone, const char *id, const char *l1,
		const char *l2)
{
	struct vc_flowmap_node *n;
	int i;

	for (i = 0; i < m->nn; i++)
		if (!strcmp(m->n[i].id, id))
			return i;
	if (m->nn == FM_NODES)
		return -1;
	n = &m->n[m->nn];
	memset(n, 0, sizeof(*n));
	n->col = col;
	n->tone = tone;
	snprintf(n->id, sizeof(n->id), "%s", id);
	snprintf(n->l1, sizeof(n->l1), "%s", l1 ? l1 : "");
	snprintf(n->l2, sizeof(n->l2), "%s", l2 ? l2 : "");
	return m->nn++;
}

static void edge(struct vc_flowmap *m, int from, int to)
{
	int i;

	if (from < 0 || to < 0 || m->ne == FM_EDGES)
		return;
	for (i = 0; i < m->ne; i++)
		if (m->e[i].from == from && m->e[i].to == to)
			return;
	m->e[m->ne].from = from;
	m->e[m->ne].to = to;
	m->ne++;
}

static const char *pname(const struct vc_flowmap *m, const char *id)
{
	const char *n = vc_report_product_name(m->w, id);

	return n ? n : id;
}

/* The node of product `id` (column 1). */
static int product_node(struct vc_flowmap *m, int participants, const char *id)
{
	char key[160];
	int i;

	snprintf(key, sizeof(key), "product:%s", id);
	i = node(m, 1, T_PLAIN, key, pname(m, id), NULL);
	edge(m, participants, i);
	return i;
}

/* The node of product `id` when it is present, else -1. */
static int find_product(const struct vc_flowmap *m, const char *id)
{
	char key[160];
	int i;

	snprintf(key, sizeof(key), "product:%s", id);
	for (i = 0; i < m->nn; i++)
		if (!strcmp(m->n[i].id, key))
			return i;
	return -1;
}

/* 1 when `tok` is already one of the comma-separated entries of `buf`. */
static int listed(const char *buf, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = buf;

	while ((p = strstr(p, tok))) {
		if ((p == buf || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

void vc_report_regions_classify(const json_t *v, int *outside, int *unknown)
{
	const json_t *it;
	const char *s;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, it)
			vc_report_regions_classify(it, outside, unknown);
		return;
	}
	if (!(s = json_string_value(v)) || vc_report_region_in_eea(s))
		return;
	if (strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z')
		*outside = 1;
	else
		*unknown = 1;
}

/*
 * Append the strings of `v` (a string or a list of strings) to buf,
 * comma-separated and each once, and classify them (flowmap.h).
 */
static void join_values(char *buf, size_t cap, const json_t *v, int *outside, int *unknown)
{
	const json_t *it;
	const char *s;
	size_t i, len;

	vc_report_regions_classify(v, outside, unknown);
	if (json_is_string(v)) {
		s = json_string_value(v);
		if (listed(buf, s))
			return;
		len = strlen(buf);
		snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", s);
		return;
	}
	json_array_foreach(v, i, it)
		if (json_is_string(it))
			join_values(buf, cap, it, outside, unknown);
}

/* "synchronised by OneDrive, encrypted": what the map says under a folder. */
static void folder_state(char *buf, size_t cap, const struct vc_report_doc_words *d,
			 const char *prov, const struct vc_fact *enc)
{
	snprintf(buf, cap, "%s%s%s%s", prov ? d->sync : "", prov ? " " : "",
		 prov ? vc_report_provider_name(prov) : "",
		 !enc || !json_is_boolean(enc->value) ? "" : prov ? ", " : "");
	if (enc && json_is_boolean(enc->value))
		snprintf(buf + strlen(buf), cap - strlen(buf), "%s",
			 json_is_true(enc->value) ? d->encrypted : d->not_encrypted);
}

/*
 * One box per product and folder: a folder that several scopes name (the
 * machine-wide setting and a user's own) is one box with one edge set.
 */
static void add_folders(struct vc_flowmap *m, const struct vc_factset *fs)
{
	const struct vc_report_doc_words *d = m->w->doc;
	const struct vc_fact *sync, *enc;
	char key[300], id[sizeof(m->n[0].id)], l2[256], *l1;
	const char *prov;
	int prod, folder, cloud, nn;
	size_t i;

	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (!f->product || !f->key || !json_is_string(f->value))
			continue;
		if ((strcmp(f->key, "recording.server.path") &&
		     strcmp(f->key, "recording.local.path")) ||
		    (prod = find_product(m, f->product)) < 0)
			continue;
		snprintf(key, sizeof(key), "%s.cloud_sync", f->key);
		sync = vc_fact_find(fs, f->product, f->scope, key);
		snprintf(key, sizeof(key), "%s.encrypted", f->key);
		enc = vc_fact_find(fs, f->product, f->scope, key);
		prov = sync && json_is_string(sync->value) &&
		       strcmp(json_string_value(sync->value), "none") ?
		       json_string_value(sync->value) : NULL;
		folder_state(l2, sizeof(l2), d, prov, enc);
		if (!(l1 = vc_report_clean_middle(json_string_value(f->value), FM_LABEL_MAX))) {
			m->oom = 1;
			return;
		}
		snprintf(id, sizeof(id), "folder:%s:%s", f->product, json_string_value(f->value));
		nn = m->nn;
		folder = node(m, 2, prov ? T_AMBER : T_PLAIN, id, l1, l2);
		free(l1);
		if (folder >= 0 && folder < nn && ((prov && m->n[folder].tone == T_PLAIN) ||
						   !*m->n[folder].l2)) {
			/* another scope of the same folder knew more of it */
			if (prov)
				m->n[folder].tone = T_AMBER;
			snprintf(m->n[folder].l2, sizeof(m->n[folder].l2), "%s", l2);
		}
		edge(m, prod, folder);
		if (prov) {
			snprintf(id, sizeof(id), "sync:%s", prov);
			cloud = node(m, 3, T_AMBER, id, vc_report_provider_name(prov),
				     d->third_party);
			edge(m, folder, cloud);
		}
	}
}

/* The folder box of product `prod` that holds `path`, or -1. */
static int folder_of(const struct vc_flowmap *m, const char *prod, const char *path)
{
	char pre[sizeof(m->n[0].id)];
	const char *dir;
	size_t n, k;
	int i;

	snprintf(pre, sizeof(pre), "folder:%s:", prod);
	n = strlen(pre);
	path += *path == '/';
	for (i = 0; i < m->nn; i++) {
		if (strncmp(m->n[i].id, pre, n))
			continue;
		dir = m->n[i].id + n;
		dir += *dir == '/';
		k = strlen(dir);
		if (k && !strncmp(path, dir, k) && path[k] == '/')
			return i;
	}
	return -1;
}

/*
 * Recordings found on disk: counted in the box of the folder they lie in,
 * else one box per product, scope and sync provider.
 */
static void add_recordings(struct vc_flowmap *m, const struct vc_factset *fs)
{
	const struct vc_report_doc_words *d = m->w->doc;
	const char *prod, *prov, *path;
	const json_t *r;
	char id[400], l2[256];
	int pn, rn, i;
	size_t k, j;

	for (j = 0; fs && j < fs->n; j++) {
		const struct vc_fact *f = &fs->v[j];

		if (!f->key || strcmp(f->key, "artifacts.recordings"))
			continue;
		json_array_foreach(f->value, k, r) {
			prod = json_string_value(json_object_get(r, "product"));
			if (!prod)
				prod = f->product ? f->product : "";
			if ((pn = find_product(m, prod)) < 0)
				continue;
			path = json_string_value(json_object_get(r, "path"));
			if (path && (rn = folder_of(m, prod, path)) >= 0) {
				m->n[rn].count++;
				continue;
			}
			prov = json_string_value(json_object_get(r, "cloud_sync"));
			if (prov && !strcmp(prov, "none"))
				prov = NULL;
			snprintf(id, sizeof(id), "rec:%s:%s:%s", prod, f->scope ? f->scope : "",
				 prov ? prov : "");
			if (prov)
				snprintf(l2, sizeof(l2), "%s %s", d->sync, vc_report_provider_name(prov));
			else
				snprintf(l2, sizeof(l2), "%s", f->scope ? f->scope : "");
			if ((rn = node(m, 2, prov ? T_AMBER : T_PLAIN, id, "", l2)) < 0)
				continue;
			m->n[rn].count++;
			edge(m, pn, rn);
			if (prov) {
				snprintf(id, sizeof(id), "sync:%s", prov);
				edge(m, rn, node(m, 3, T_AMBER, id, vc_report_provider_name(prov),
						 d->third_party));
			}
		}
	}
	for (i = 0; i < m->nn; i++) {
		if (!strncmp(m->n[i].id, "rec:", 4))
			snprintf(m->n[i].l1, sizeof(m->n[i].l1), "%s: %d", d->recordings_found,
				 m->n[i].count);
		else if (m->n[i].count)
			snprintf(m->n[i].l3, sizeof(m->n[i].l3), "%s: %d", d->recordings_found,
				 m->n[i].count);
	}
}

/*
 * The provider's servers of every hosted product: meeting traffic always
 * goes there, and cloud recordings when allowed. Red unless the facts place
 * every region inside the EEA (then amber: a third party).
 */
static void add_providers(struct vc_flowmap *m, const struct vc_factset *fs)
{
	const struct vc_report_doc_words *d = m->w->doc;
	char regions[256], id[160], l1[256], l2[300];
	int cloud, outside, unknown, allowed, off, i;
	size_t k;

	for (i = 1; i < m->nn; i++) {
		const char *prod;

		if (strncmp(m->n[i].id, "product:", 8))
			continue;
		prod = m->n[i].id + 8;
		if (vc_report_self_hosted(prod))
			continue;
		regions[0] = 0;
		outside = unknown = allowed = off = 0;
		for (k = 0; fs && k < fs->n; k++) {
			const struct vc_fact *f = &fs->v[k];

			if (!f->product || strcmp(f->product, prod) || !f->key)
				continue;
			if (!strcmp(f->key, "recording.cloud.allowed") && json_is_boolean(f->value))
				json_is_true(f->value) ? allowed++ : off++;
			if (!strcmp(f->key, "recording.storage_region") ||
			    !strcmp(f->key, "datacenter.regions"))
				join_values(regions, sizeof(regions), f->value, &outside,
					    &unknown);
		}
		snprintf(id, sizeof(id), "cloud:%s", prod);
		snprintf(l1, sizeof(l1), "%s: %s", pname(m, prod), d->provider_servers);
		if (!*regions)
			snprintf(l2, sizeof(l2), "%s", d->region_unknown);
		else
			snprintf(l2, sizeof(l2), "%s: %s", outside ? d->third_country :
				 unknown ? d->region_unknown : d->eea, regions);
		cloud = node(m, 3, outside || unknown || !*regions ? T_RED : T_AMBER, id, l1, l2);
		if (cloud >= 0 && (allowed || off))
			snprintf(m->n[cloud].l3, sizeof(m->n[cloud].l3), "%s",
				 allowed ? d->cloud_recording : d->cloud_recording_off);
		edge(m, i, cloud);
	}
}

/* Third parties named by storage.thirdparty and telemetry.thirdparty. */
static void add_third_parties(struct vc_flowmap *m, const struct vc_factset *fs)
{
	const struct vc_report_doc_words *d = m->w->doc;
	const json_t *it;
	char id[200];
	size_t i, k;
	int prod;

	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (!f->product || !f->key || !json_is_array(f->value) ||
		    (strcmp(f->key, "storage.thirdparty") && strcmp(f->key, "telemetry.thirdparty")) ||
		    (prod = find_product(m, f->product)) < 0)
			continue;
		json_array_foreach(f->value, k, it) {
			if (!json_is_string(it))
				continue;
			snprintf(id, sizeof(id), "tp:%s", json_string_value(it));
			edge(m, prod, node(m, 3, T_AMBER, id,
					   vc_report_provider_name(json_string_value(it)),
					   d->third_party));
		}
	}
}

static size_t label_width(const char *s)
{
	size_t n = vc_report_clean_width(s);

	return n > FM_LABEL_MAX ? FM_LABEL_MAX : n;
}

/* Place the nodes; returns the drawing's width and height. */
static void layout(struct vc_flowmap *m, int *width, int *height)
{
	int colw[FM_COLS] = { 0 }, colx[FM_COLS], coly[FM_COLS], x = 20, c, i, w;

	for (i = 0; i < m->nn; i++) {
		w = (int)label_width(m->n[i].l1);
		if ((int)label_width(m->n[i].l2) > w)
			w = (int)label_width(m->n[i].l2);
		if ((int)label_width(m->n[i].l3) > w)
			w = (int)label_width(m->n[i].l3);
		w = w * FM_CHAR_W + 24;
		if (w < 120)
			w = 120;
		if (w > colw[m->n[i].col])
			colw[m->n[i].col] = w;
	}
	for (c = 0; c < FM_COLS; c++) {
		colx[c] = x;
		coly[c] = FM_TOP;
		if (colw[c])
			x += colw[c] + FM_GAP_X;
	}
	*height = FM_TOP;
	for (i = 0; i < m->nn; i++) {
		struct vc_flowmap_node *n = &m->n[i];

		n->x = colx[n->col];
		n->w = colw[n->col];
		n->h = *n->l3 ? 61 : *n->l2 ? 44 : 28;
		n->y = coly[n->col];
		coly[n->col] += n->h + FM_GAP_Y;
		if (coly[n->col] > *height)
			*height = coly[n->col];
	}
	*width = x - FM_GAP_X + 20;
	if (*width < 560)
		*width = 560;
	*height += 40;   /* the legend */
	m->width = *width;
	m->height = *height;
	/* the organisation's boundary: halfway to the column of what lies outside */
	m->boundary_x = colw[3] ? colx[3] - FM_GAP_X / 2 : 0;
	m->boundary_y2 = *height - 40;
	m->legend_x[0] = 20;
	m->legend_x[1] = 260;
	m->legend_x[2] = 400;
	m->legend_y = *height - 24;
}

const char *const vc_report_flowmap_fill[3] = { "#eef3f8", "#fff3d6", "#fde2e2" };
const char *const vc_report_flowmap_stroke[3] = { "#4a6785", "#b7791f", "#c0392b" };
#define fill vc_report_flowmap_fill
#define stroke vc_report_flowmap_stroke

static void draw_label(FILE *f, int x, int y, const char *s, int bold, int *oom)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\"%s>", x, y, bold ? " font-weight=\"bold\"" : "");
	vc_report_xml_put(f, s, FM_LABEL_MAX, oom);
	fputs("</text>\n", f);
}

void vc_report_flowmap_free(struct vc_flowmap *m)
{
	free(m);
}

int vc_report_flowmap_layout(struct vc_flowmap **out, const struct vc_audit *a,
			     const struct vc_report_words *w)
{
	const char *ids[32];
	struct vc_flowmap *m;
	int participants, width, height;
	size_t k, np = vc_report_products_present(a, ids, 32);

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return vc_error_set(VC_ENOMEM, "out of memory drawing the data-flow map");
	m->w = w;
	participants = node(m, 0, T_PLAIN, "participants", w->doc->participants, NULL);
	for (k = 0; k < np; k++)
		product_node(m, participants, ids[k]);
	add_folders(m, a->facts);
	add_recordings(m, a->facts);
	add_providers(m, a->facts);
	add_third_parties(m, a->facts);
	if (m->oom) {
		free(m);
		return vc_error_set(VC_ENOMEM, "out of memory drawing the data-flow map");
	}
	if (m->nn < 2) {
		free(m);
		return 0;
	}
	layout(m, &width, &height);
	*out = m;
	return 0;
}

int vc_report_flowmap_svg(FILE *f, const struct vc_flowmap *m)
{
	static const int legend_tone[3] = { T_RED, T_AMBER, T_PLAIN };
	const struct vc_report_doc_words *d = m->w->doc;
	const char *legend[3] = { d->legend_red, d->legend_amber, d->legend_plain };
	int oom = 0, i;

	fprintf(f, "<svg class=\"flowmap\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n",
		m->width, m->height, m->width, m->height);
	fprintf(f, "<title>%s</title>\n<defs>\n", d->sec_map);
	for (i = 0; i < 3; i++)
		fprintf(f, "<marker id=\"vc-arrow-%d\" viewBox=\"0 0 10 10\" refX=\"10\" "
			"refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
			"<path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>\n", i, stroke[i]);
	fputs("</defs>\n", f);
	if (m->boundary_x) {
		fprintf(f, "<line x1=\"%d\" y1=\"4\" x2=\"%d\" y2=\"%d\" stroke=\"#555555\" "
			"stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>\n", m->boundary_x,
			m->boundary_x, m->boundary_y2);
		fprintf(f, "<text x=\"%d\" y=\"16\" text-anchor=\"end\" font-weight=\"bold\" "
			"fill=\"#555555\">", m->boundary_x - 8);
		vc_report_xml_put(f, d->boundary_in, 0, &oom);
		fprintf(f, "</text>\n<text x=\"%d\" y=\"16\" font-weight=\"bold\" "
			"fill=\"#555555\">", m->boundary_x + 8);
		vc_report_xml_put(f, d->boundary_out, 0, &oom);
		fputs("</text>\n", f);
	}
	for (i = 0; i < m->ne; i++) {
		const struct vc_flowmap_node *s = &m->n[m->e[i].from], *t = &m->n[m->e[i].to];

		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
			"stroke-width=\"1.5\" marker-end=\"url(#vc-arrow-%d)\"/>\n",
			s->x + s->w, s->y + s->h / 2, t->x - 2, t->y + t->h / 2, stroke[t->tone],
			(int)t->tone);
	}
	for (i = 0; i < m->nn; i++) {
		const struct vc_flowmap_node *n = &m->n[i];

		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" "
			"fill=\"%s\" stroke=\"%s\"/>\n", n->x, n->y, n->w, n->h, fill[n->tone],
			stroke[n->tone]);
		draw_label(f, n->x + 10, n->y + 18, n->l1, n->col < 2, &oom);
		if (*n->l2)
			draw_label(f, n->x + 10, n->y + 35, n->l2, 0, &oom);
		if (*n->l3)
			draw_label(f, n->x + 10, n->y + 52, n->l3, 0, &oom);
	}
	for (i = 0; i < 3; i++) {
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" "
			"stroke=\"%s\"/>\n", m->legend_x[i], m->legend_y, fill[legend_tone[i]],
			stroke[legend_tone[i]]);
		draw_label(f, m->legend_x[i] + 20, m->legend_y + 12, legend[i], 0, &oom);
	}
	fputs("</svg>\n", f);
	return oom ? vc_error_set(VC_ENOMEM, "out of memory drawing the data-flow map") : 0;
}
