# make install / make uninstall: the binary, rules, profiles, man page and the
# systemd units (fleet/systemd/), under PREFIX (default /usr/local), staged
# below DESTDIR when given. The units name the installed binary's path.
# Never touched: /etc/default/vcaudit and /var/lib/vcaudit (settings, reports,
# spool), which belong to the administrator.
PREFIX     ?= /usr/local
DESTDIR    ?=
VC_BINDIR   = $(PREFIX)/bin
VC_DATADIR  = $(PREFIX)/share/vcaudit
VC_MANDIR   = $(PREFIX)/share/man
VC_UNITDIR ?= $(PREFIX)/lib/systemd/system
VC_UNITS   := vcaudit-scan.service vcaudit-scan.timer

.PHONY: install uninstall
install: $(BUILD)/vcaudit
	@echo "  INSTALL $(DESTDIR)$(PREFIX)"
	@install -d -m 0755 "$(DESTDIR)$(VC_BINDIR)" "$(DESTDIR)$(VC_DATADIR)" \
	  "$(DESTDIR)$(VC_MANDIR)/man1" "$(DESTDIR)$(VC_UNITDIR)"
	@install -m 0755 $(BUILD)/vcaudit "$(DESTDIR)$(VC_BINDIR)/vcaudit"
	@# a rule removed from the tree must not linger in the installed set
	@rm -rf "$(DESTDIR)$(VC_DATADIR)/rules" "$(DESTDIR)$(VC_DATADIR)/profiles"
	@for d in rules profiles; do \
	  (cd $$d && find . -type f) | sort | while IFS= read -r f; do \
	    install -D -m 0644 "$$d/$$f" "$(DESTDIR)$(VC_DATADIR)/$$d/$$f" || exit 1; \
	  done || exit 1; \
	done
	@install -m 0644 docs/vcaudit.1 "$(DESTDIR)$(VC_MANDIR)/man1/vcaudit.1"
	@install -m 0644 fleet/systemd/vcaudit.default "$(DESTDIR)$(VC_DATADIR)/vcaudit.default"
	@for u in $(VC_UNITS); do \
	  sed 's|/usr/bin/vcaudit|$(VC_BINDIR)/vcaudit|g' fleet/systemd/$$u \
	    > "$(DESTDIR)$(VC_UNITDIR)/$$u.tmp" && chmod 0644 "$(DESTDIR)$(VC_UNITDIR)/$$u.tmp" && \
	  mv "$(DESTDIR)$(VC_UNITDIR)/$$u.tmp" "$(DESTDIR)$(VC_UNITDIR)/$$u" || exit 1; \
	done

uninstall:
	@echo "  UNINSTALL $(DESTDIR)$(PREFIX)"
	@rm -f "$(DESTDIR)$(VC_BINDIR)/vcaudit" "$(DESTDIR)$(VC_MANDIR)/man1/vcaudit.1"
	@for u in $(VC_UNITS); do rm -f "$(DESTDIR)$(VC_UNITDIR)/$$u"; done
	@rm -rf "$(DESTDIR)$(VC_DATADIR)/rules" "$(DESTDIR)$(VC_DATADIR)/profiles"
	@rm -f "$(DESTDIR)$(VC_DATADIR)/vcaudit.default"
	@rmdir "$(DESTDIR)$(VC_DATADIR)" 2>/dev/null || true
