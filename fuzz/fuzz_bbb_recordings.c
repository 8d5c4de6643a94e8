/* BigBlueButton getRecordings replies for `vcaudit fetch` (fetch/bbb_xml.c, libxml2). */
#include "fuzz_util.h"
#include "fetch/bbb_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_bbb_page page;
	size_t i, j;
	size_t sum = 0;

	if (vc_bbb_recordings_parse(&page, (const char *)data, size) == 0) {
		for (i = 0; i < page.n; i++) {
			sum += strlen(page.v[i].record_id);
			for (j = 0; j < page.v[i].nplayback; j++)
				if (page.v[i].playback[j].url)
					sum += strlen(page.v[i].playback[j].url);
		}
		if (page.message)
			sum += strlen(page.message);
	}
	vc_bbb_page_free(&page);
	return sum == (size_t)-1;
}
