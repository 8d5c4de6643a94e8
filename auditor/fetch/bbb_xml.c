/* BigBlueButton getRecordings replies parsed with libxml2 (bbb_xml.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "bbb_xml.h"
#include "../core/buf.h"

#define BBB_REPLY_MAX ((size_t)64 << 20)

void vc_bbb_page_free(struct vc_bbb_page *p)
{
	size_t i, k;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].record_id);
		free(p->v[i].state);
		for (k = 0; k < p->v[i].nplayback; k++) {
			free(p->v[i].playback[k].type);
			free(p->v[i].playback[k].url);
		}
	}
	free(p->v);
	free(p->message_key);
	free(p->message);
	memset(p, 0, sizeof(*p));
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

/* The element's text (text and CDATA children), trimmed; NULL out when empty. */
static int text_of(char **out, const xmlNode *n)
{
	struct vc_buf b = VC_BUF_INIT(VC_BBB_TEXT_MAX);
	const xmlNode *c;
	size_t s, e;
	int rc;

	*out = NULL;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_ENTITY_REF_NODE || c->type == XML_ENTITY_NODE) {
			vc_buf_free(&b);
			return vc_error_set(VC_EPARSE, "line %d: entity references are not "
					    "accepted", c->line);
		}
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content && (rc = vc_buf_puts(&b, (const char *)c->content)) < 0) {
			vc_buf_free(&b);
			return rc == VC_ELIMIT ? vc_error_set(VC_ELIMIT, "line %d: <%s> longer than %d bytes",
						    n->line, (const char *)n->name, VC_BBB_TEXT_MAX)
				     : vc_error_set(VC_ENOMEM, "out of memory");
		}
	}
	if (!b.ptr)
		return 0;
	for (s = 0; b.ptr[s] == ' ' || b.ptr[s] == '\t' || b.ptr[s] == '\r' ||
		    b.ptr[s] == '\n'; s++)
		;
	for (e = b.size; e > s && (b.ptr[e - 1] == ' ' || b.ptr[e - 1] == '\t' ||
				   b.ptr[e - 1] == '\r' || b.ptr[e - 1] == '\n'); e--)
		;
	if (e > s && !(*out = vc_strndup(b.ptr + s, e - s))) {
		vc_buf_free(&b);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	vc_buf_free(&b);
	return 0;
}

static int number_of(long long *out, const xmlNode *n)
{
	char *t, *end;
	long long v;
	int rc;

	*out = -1;
	if ((rc = text_of(&t, n)) < 0 || !t)
		return rc;
	errno = 0;
	v = strtoll(t, &end, 10);
	if (errno || *end || end == t || v < 0) {
		free(t);
		return vc_error_set(VC_EPARSE, "line %d: <%s> is not a whole number >= 0",
				    n->line, (const char *)n->name);
	}
	free(t);
	*out = v;
	return 0;
}

static int playback(struct vc_bbb_recording *r, const xmlNode *pb)
{
	const xmlNode *f, *c;
	int rc = 0;

	for (f = pb->children; f && rc == 0; f = f->next) {
		struct vc_bbb_playback *p;

		if (!is(f, "format"))
			continue;
		if (r->nplayback >= VC_BBB_PLAYBACK_MAX)
			return vc_error_set(VC_ELIMIT, "line %d: more than %d playback formats",
					    f->line, VC_BBB_PLAYBACK_MAX);
		p = &r->playback[r->nplayback++];
		for (c = f->children; c && rc == 0; c = c->next) {
			if (is(c, "type") && !p->type)
				rc = text_of(&p->type, c);
			else if (is(c, "url") && !p->url)
				rc = text_of(&p->url, c);
		}
	}
	return rc;
}

static int recording(struct vc_bbb_page *out, const xmlNode *rec)
{
	struct vc_bbb_recording *r;
	const xmlNode *c;
	char *t = NULL;
	int rc = 0;

	if (out->n >= VC_BBB_PAGE_MAX)
		return vc_error_set(VC_ELIMIT, "line %d: more than %d recordings in one reply",
				    rec->line, VC_BBB_PAGE_MAX);
	if (out->n % 64 == 0) {
		void *nv = realloc(out->v, (out->n + 64) * sizeof(*out->v));

		if (!nv)
			return vc_error_set(VC_ENOMEM, "out of memory");
		out->v = nv;
	}
	r = &out->v[out->n++];
	memset(r, 0, sizeof(*r));
	r->published = -1;
	r->start_ms = r->end_ms = r->participants = -1;
	for (c = rec->children; c && rc == 0; c = c->next) {
		if (is(c, "recordID") && !r->record_id) {
			rc = text_of(&r->record_id, c);
		} else if (is(c, "state") && !r->state) {
			rc = text_of(&r->state, c);
		} else if (is(c, "published")) {
			if ((rc = text_of(&t, c)) < 0)
				break;
			if (t && !strcmp(t, "true"))
				r->published = 1;
			else if (t && !strcmp(t, "false"))
				r->published = 0;
			else
				rc = vc_error_set(VC_EPARSE, "line %d: <published> is neither true "
						  "nor false", c->line);
			free(t);
			t = NULL;
		} else if (is(c, "startTime")) {
			rc = number_of(&r->start_ms, c);
		} else if (is(c, "endTime")) {
			rc = number_of(&r->end_ms, c);
		} else if (is(c, "participants")) {
			rc = number_of(&r->participants, c);
		} else if (is(c, "playback")) {
			rc = playback(r, c);
		}
	}
	if (rc == 0 && !r->record_id)
		rc = vc_error_set(VC_EPARSE, "line %d: a recording without <recordID>", rec->line);
	/* on failure the entry stays: vc_bbb_page_free frees what it holds */
	return rc;
}

int vc_bbb_recordings_parse(struct vc_bbb_page *out, const char *buf, size_t len)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	const xmlNode *root, *c, *rec;
	char *t = NULL;
	int rc = 0, have_code = 0;

	memset(out, 0, sizeof(*out));
	if (len > BBB_REPLY_MAX)
		return vc_error_set(VC_ELIMIT, "reply longer than %zu bytes", BBB_REPLY_MAX);
	/* A DOCTYPE is refused before libxml2 sees it: no DTD, no entities. */
	if (memmem(buf, len, "<!DOCTYPE", 9))
		return vc_error_set(VC_EPARSE, "the reply has a DOCTYPE, which BigBlueButton "
				    "never sends (refused: external entities)");
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return vc_error_set(VC_ENOMEM, "out of memory");
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, "getRecordings.xml", NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				XML_PARSE_NOCDATA);
	if (!doc) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
		char msg[200];
		size_t k;

		snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "not XML");
		k = strlen(msg);
		while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
			msg[--k] = 0;
		for (k = 0; msg[k]; k++)
			if ((unsigned char)msg[k] < 0x20)
				msg[k] = ' ';
		rc = vc_error_set(VC_EPARSE, "line %d: malformed XML: %s", e ? e->line : 0, msg);
		goto out;
	}
	if (doc->intSubset || doc->extSubset) {
		rc = vc_error_set(VC_EPARSE, "the reply has a DTD (refused)");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || !is(root, "response")) {
		rc = vc_error_set(VC_EPARSE, "line %d: the root element is not <response>",
				  root ? root->line : 1);
		goto out;
	}
	for (c = root->children; c && rc == 0; c = c->next) {
		if (is(c, "returncode") && !have_code) {
			have_code = 1;
			if ((rc = text_of(&t, c)) < 0)
				break;
			out->success = t && !strcmp(t, "SUCCESS");
			if (!t || (strcmp(t, "SUCCESS") && strcmp(t, "FAILED")))
				rc = vc_error_set(VC_EPARSE, "line %d: <returncode> is neither "
						  "SUCCESS nor FAILED", c->line);
			free(t);
			t = NULL;
		} else if (is(c, "messageKey") && !out->message_key) {
			rc = text_of(&out->message_key, c);
		} else if (is(c, "message") && !out->message) {
			rc = text_of(&out->message, c);
		} else if (is(c, "recordings")) {
			for (rec = c->children; rec && rc == 0; rec = rec->next)
				if (is(rec, "recording"))
					rc = recording(out, rec);
		}
	}
	if (rc == 0 && !have_code)
		rc = vc_error_set(VC_EPARSE, "line %d: no <returncode>", root->line);
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}
