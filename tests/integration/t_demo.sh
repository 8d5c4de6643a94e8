# The demo organisation's report (scripts/demo-lib.sh) in every format and
# both languages, compared byte for byte with tests/golden/demo/. These are
# the documents `make demo` writes; a change in any of them shows up here.
# VC_UPDATE_GOLDEN=1 rewrites the golden files; read the diff before committing.

DEMO_GOLDEN="$TOP/tests/golden/demo"

# demo_golden NAME: $WORK/NAME (with the staging path replaced by STAGE)
# equals tests/golden/demo/NAME.
demo_golden() {
	sed "s#$WORK/demo#STAGE#g" "$WORK/$1" > "$WORK/$1.norm" || return 1
	if [ -n "${VC_UPDATE_GOLDEN:-}" ]; then
		mkdir -p "$DEMO_GOLDEN" && cp "$WORK/$1.norm" "$DEMO_GOLDEN/$1" || return 1
		echo "    rewrote tests/golden/demo/$1" >&2
	fi
	[ -f "$DEMO_GOLDEN/$1" ] || fail "no tests/golden/demo/$1 (VC_UPDATE_GOLDEN=1 writes it)" ||
		return 1
	if ! cmp -s "$DEMO_GOLDEN/$1" "$WORK/$1.norm"; then
		diff -u "$DEMO_GOLDEN/$1" "$WORK/$1.norm" | head -40 | sed 's/^/      /' >&2
		fail "$1 differs from tests/golden/demo/$1"
	fi
}

t_demo_report_goldens() {
	top=$TOP
	. "$TOP/scripts/demo-lib.sh"
	demo_stage "$WORK/demo" 2>/dev/null || return 1
	cd "$TOP" || return 1      # the demo's paths are relative to the repository
	org=$(demo_org_args "$WORK/demo")
	# Under valgrind one language is enough: both run the same code.
	langs="da en"; [ -n "$VC_WRAP" ] && langs="da"
	for lang in $langs; do
		for fmt in text json md csv junit html pdf; do
			# shellcheck disable=SC2086
			run_vc scan $org --format $fmt --lang $lang -o "$WORK/report.$lang.$fmt" || return 1
			expect_rc 2 || return 1     # rules fail, as they must on the demo
			if [ "$fmt" = pdf ]; then
				pdftotext -enc UTF-8 "$WORK/report.$lang.pdf" "$WORK/report.$lang.pdf.txt" ||
					fail "pdftotext cannot read the $lang PDF" || return 1
				demo_golden "report.$lang.pdf.txt" || return 1
			else
				demo_golden "report.$lang.$fmt" || return 1
			fi
		done
	done
}

# What a reader of the Danish PDF sees first: the headings and the findings in
# Danish, with æ, ø and å intact (a font or encoding slip turns them into
# boxes or question marks that the golden file would also freeze).
t_demo_pdf_danish_text() {
	top=$TOP
	. "$TOP/scripts/demo-lib.sh"
	demo_stage "$WORK/demo" 2>/dev/null || return 1
	cd "$TOP" || return 1
	# shellcheck disable=SC2046
	run_vc scan $(demo_org_args "$WORK/demo") --format pdf --lang da -o "$WORK/r.pdf" || return 1
	expect_rc 2 || return 1
	pdftotext -enc UTF-8 "$WORK/r.pdf" "$WORK/r.txt" || return 1
	for want in "Sammenfatning" "Dataansvarlig" "brud på persondatasikkerheden" \
		"Optagelser" "Art. 33"; do
		grep -qiF -- "$want" "$WORK/r.txt" || fail "the Danish PDF lacks '$want'" || return 1
	done
	grep -q '[æøå]' "$WORK/r.txt" || fail "no æ, ø or å in the Danish PDF's text"
	if grep -qF "$(printf '\357\277\275')" "$WORK/r.txt" ||
		grep -qE '[a-zæøå]\?[a-zæøå]' "$WORK/r.txt"; then
		fail "a letter turned into '?' in the Danish PDF"
	fi
}
