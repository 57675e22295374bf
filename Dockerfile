# dockharden itself: a static binary on scratch, run as a numeric non-root
# user. Build from the repository root: podman build -t dockharden .
# Run on a checkout, read-only:
#   podman run --rm --read-only -v "$PWD:/work:ro" dockharden migrate --dry-run --format=json /work
FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev make flex bison libyaml-dev libjansson-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY grammar grammar
COPY include include
COPY src src
COPY transforms transforms
COPY tests/bench/bench.mk tests/bench/bench.mk
COPY tests/e2e/e2e.mk tests/e2e/e2e.mk
RUN make -j2 STATIC=1 OPT=-O2 build/dockharden && strip build/dockharden \
    && ./build/dockharden --version

FROM scratch
COPY --from=build /src/build/dockharden /usr/local/bin/dockharden
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/dockharden"]
CMD ["--help"]
