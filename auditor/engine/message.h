#ifndef VC_ENGINE_MESSAGE_H
#define VC_ENGINE_MESSAGE_H
/*
 * The fixed phrases of a finding's message. eval.c builds every message from
 * these, in English (the JSON report's `message`); the human-readable reports
 * show it in the reader's language (vc_report_message(), report/words.c),
 * which is why the phrases live here, in one place.
 *
 * Shapes: PHRASE, PHRASE "; missing: " facts, N ITEM(S) VIOLATION|FOUND "; "
 * sources, or "fact = value, ..." (values are not translated).
 */
#define VC_MSG_NA            "not applicable here"
#define VC_MSG_UNDETERMINED  "not determined from the evidence"
#define VC_MSG_DOWNGRADED    "passed on what could be read, but a source could not be read " \
			     "completely (see diagnostics)"
#define VC_MSG_UNREADABLE    "could not be decided: a source could not be read"
#define VC_MSG_PASSED        "passed"
#define VC_MSG_FAILED        "failed"
#define VC_MSG_MISSING       "; missing: "
#define VC_MSG_ITEM          " item"
#define VC_MSG_ITEMS         " items"
#define VC_MSG_VIOLATION     " in violation"
#define VC_MSG_FOUND         " found"

#endif
