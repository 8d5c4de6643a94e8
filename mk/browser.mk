# The HTML report in real headless Chromium (Debian's chromium and
# chromium-driver, driven by python3-selenium): once, not under the sanitizers,
# since the browser is what is tested here, not vcaudit's memory.
.PHONY: test-browser
test-browser: $(BUILD)/vcaudit
	@sh tests/browser.sh $(BUILD)/vcaudit
CHECK_EXTRA += test-browser
