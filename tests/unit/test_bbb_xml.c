/* auditor/fetch/bbb_xml.c: getRecordings replies as BigBlueButton writes them. */
#include "testutil.h"

#include "core/err.h"
#include "fetch/bbb_xml.h"

static int parse(struct vc_bbb_page *p, const char *xml)
{
	return vc_bbb_recordings_parse(p, xml, strlen(xml));
}

/* Shaped like docs/docs/data/getRecordings.tsx: CDATA names, metadata, two formats. */
static const char reply[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<response>\n"
	"  <returncode>SUCCESS</returncode>\n"
	"  <recordings>\n"
	"    <recording>\n"
	"      <recordID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</recordID>\n"
	"      <meetingID>c637ba21adcd0191f48f5c4bf23fab0f96ed5c18</meetingID>\n"
	"      <internalMeetingID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124"
	"</internalMeetingID>\n"
	"      <name><![CDATA[Fred's Room & <friends>]]></name>\n"
	"      <isBreakout>false</isBreakout>\n"
	"      <published>true</published>\n"
	"      <state>published</state>\n"
	"      <startTime>1530718721134</startTime>\n"
	"      <endTime>1530718810456</endTime>\n"
	"      <participants>3</participants>\n"
	"      <metadata><isBreakout>false</isBreakout>"
	"<meetingName><![CDATA[Fred's Room]]></meetingName></metadata>\n"
	"      <playback>\n"
	"        <format><type>presentation</type>\n"
	"          <url>https://demo.bigbluebutton.org/playback/presentation/2.3/"
	"ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</url>\n"
	"          <processingTime>7177</processingTime><length>0</length>\n"
	"          <preview><images><image alt=\"Welcome\" height=\"136\" width=\"176\">"
	"https://demo.bigbluebutton.org/x.png</image></images></preview>\n"
	"        </format>\n"
	"        <format><type>podcast</type><url>https://demo.bigbluebutton.org/podcast/x</url>"
	"</format>\n"
	"      </playback>\n"
	"    </recording>\n"
	"    <recording><recordID>a-1</recordID><published>false</published>"
	"<state>unpublished</state><playback/></recording>\n"
	"  </recordings>\n"
	"</response>\n";

static void test_reply(void **state)
{
	struct vc_bbb_page p;
	const struct vc_bbb_recording *r;

	assert_int_equal(parse(&p, reply), 0);
	assert_true(p.success);
	assert_int_equal(p.n, 2);
	r = &p.v[0];
	assert_string_equal(r->record_id, "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124");
	assert_string_equal(r->state, "published");
	assert_int_equal(r->published, 1);
	assert_int_equal(r->start_ms, 1530718721134LL);
	assert_int_equal(r->end_ms, 1530718810456LL);
	assert_int_equal(r->participants, 3);
	assert_int_equal(r->nplayback, 2);
	assert_string_equal(r->playback[0].type, "presentation");
	assert_non_null(strstr(r->playback[0].url, "/playback/presentation/2.3/ffbfc4cc"));
	assert_string_equal(r->playback[1].type, "podcast");
	r = &p.v[1];
	assert_int_equal(r->published, 0);
	assert_int_equal(r->start_ms, -1);
	assert_int_equal(r->nplayback, 0);
	vc_bbb_page_free(&p);
}

static void test_failed_and_empty(void **state)
{
	struct vc_bbb_page p;

	assert_int_equal(parse(&p, "<response><returncode>FAILED</returncode><messageKey>"
			       "checksumError</messageKey><message>Checksums do not match"
			       "</message></response>"), 0);
	assert_false(p.success);
	assert_string_equal(p.message_key, "checksumError");
	assert_string_equal(p.message, "Checksums do not match");
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, "<response><returncode>SUCCESS</returncode><recordings/>"
			       "<messageKey>noRecordings</messageKey><message>There are no "
			       "recordings for the meeting(s).</message></response>"), 0);
	assert_true(p.success);
	assert_int_equal(p.n, 0);
	vc_bbb_page_free(&p);
}

static void test_malformed(void **state)
{
	struct vc_bbb_page p;

	/* cut off */
	assert_int_equal(parse(&p, "<response><returncode>SUCCESS</returncode><recordings>"
			       "<recording><recordID>x</recordID>"), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "malformed XML"));
	vc_bbb_page_free(&p);
	/* not XML at all (an HTML error page) */
	assert_int_equal(parse(&p, "<html><body>502 Bad Gateway</body></html>"), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "not <response>"));
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, "{\"json\": true}"), VC_EPARSE);
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, ""), VC_EPARSE);
	vc_bbb_page_free(&p);
	/* fields of the wrong kind */
	assert_int_equal(parse(&p, "<response><returncode>SUCCESS</returncode><recordings>"
			       "<recording><recordID>x</recordID><published>yes</published>"
			       "</recording></recordings></response>"), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "line 1: <published>"));
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, "<response><returncode>SUCCESS</returncode><recordings>"
			       "<recording><recordID>x</recordID><startTime>-5</startTime>"
			       "</recording></recordings></response>"), VC_EPARSE);
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, "<response><returncode>SUCCESS</returncode><recordings>"
			       "<recording><state>published</state></recording></recordings>"
			       "</response>"), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "without <recordID>"));
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, "<response><recordings/></response>"), VC_EPARSE);
	vc_bbb_page_free(&p);
}

/* No DTD, no entities: XXE and entity expansion never happen. */
static void test_entities_refused(void **state)
{
	struct vc_bbb_page p;

	assert_int_equal(parse(&p, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM "
			       "\"file:///etc/passwd\">]><response><returncode>SUCCESS"
			       "</returncode><recordings><recording><recordID>&x;</recordID>"
			       "</recording></recordings></response>"), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "DOCTYPE"));
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
			       "\"&lol;&lol;&lol;&lol;\">]><response><returncode>&lol2;"
			       "</returncode></response>"), VC_EPARSE);
	vc_bbb_page_free(&p);
	/* an undeclared entity is an error; predefined ones are text */
	assert_int_equal(parse(&p, "<response><returncode>SUCCESS</returncode><recordings>"
			       "<recording><recordID>&x;</recordID></recording></recordings>"
			       "</response>"), VC_EPARSE);
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, "<response><returncode>SUCCESS</returncode><recordings>"
			       "<recording><recordID>a&amp;b</recordID></recording></recordings>"
			       "</response>"), 0);
	assert_string_equal(p.v[0].record_id, "a&b");
	vc_bbb_page_free(&p);
}

static void test_limits(void **state)
{
	struct vc_bbb_page p;
	char *long_id = vc_test_repeat("<response><returncode>SUCCESS</returncode><recordings>"
				       "<recording><recordID>", "x", VC_BBB_TEXT_MAX + 1,
				       "</recordID></recording></recordings></response>");
	char *many = vc_test_repeat("<response><returncode>SUCCESS</returncode><recordings>",
				    "<recording><recordID>x</recordID></recording>",
				    VC_BBB_PAGE_MAX + 1, "</recordings></response>");
	char *formats = vc_test_repeat("<response><returncode>SUCCESS</returncode><recordings>"
				       "<recording><recordID>x</recordID><playback>",
				       "<format><type>t</type></format>", VC_BBB_PLAYBACK_MAX + 1,
				       "</playback></recording></recordings></response>");

	assert_int_equal(parse(&p, long_id), VC_ELIMIT);
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, many), VC_ELIMIT);
	vc_bbb_page_free(&p);
	assert_int_equal(parse(&p, formats), VC_ELIMIT);
	vc_bbb_page_free(&p);
	free(long_id);
	free(many);
	free(formats);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_failed_and_empty),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_entities_refused),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
