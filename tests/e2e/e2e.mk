# make e2e: hardened outputs built and run under podman, offline
# (tests/e2e/README.md). Included by the top Makefile.
.PHONY: e2e e2e-standins e2e-clean

e2e: $(BUILD)/dockharden
	@DH=$(CURDIR)/$(BUILD)/dockharden E2E_JOBS=$(or $(E2E_JOBS),2) \
		bash tests/e2e/run.sh $(E2E_CASES)

# Only the stand-in images (slow the first time, cached afterwards).
e2e-standins:
	@bash tests/e2e/standins.sh

# The private podman store holds several GB; this removes it and every log.
e2e-clean:
	-bash -c '. tests/e2e/lib.sh && pm rm -af -t 0 && pm rmi -af'
	rm -rf build/e2e
