/* SPDX-License-Identifier: MIT */
/*
 * Benchmark input generator: realistic Dockerfiles (multi-stage builds for
 * go, node, python, java, rust, nginx, ruby, php, dotnet and c services),
 * Kubernetes manifests and whole repository trees. Output depends only on
 * the arguments and seed (a xorshift64* generator), so every run writes the
 * same bytes and benchmark numbers stay comparable.
 *
 *   gen dockerfile BYTES SEED OUT        one file of at least BYTES bytes
 *   gen small DIR COUNT SEED             DIR/NNNN.Dockerfile, 1-4 KB each
 *   gen typical OUT SEED                 one service Dockerfile, about 2 KB
 *   gen manifests DIR COUNT SEED         DIR/NNNN.yaml Deployment+Service
 *   gen tree DIR NDOCKER NMANIFEST SEED  DIR/team-NN/svc-NNNNN/{Dockerfile,
 *                                        k8s/deployment.yaml}
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dockharden/buf.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct rng {
	uint64_t s;
} rng;

static void rng_seed(rng *r, uint64_t seed)
{
	/* splitmix64 step so small seeds still give a full state */
	uint64_t z = seed + 0x9e3779b97f4a7c15u;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	z ^= z >> 31;
	r->s = z ? z : 1;
}

static uint64_t rng_next(rng *r)
{
	uint64_t x = r->s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1du;
}

/* Uniform enough in [0, n) for n far below 2^32. */
static size_t rng_below(rng *r, size_t n)
{
	return (size_t)((rng_next(r) >> 32) % (uint64_t)n);
}

/* True with probability num/den. */
static bool rng_chance(rng *r, size_t num, size_t den)
{
	return rng_below(r, den) < num;
}

#define PICK(r, arr) ((arr)[rng_below((r), NELEM(arr))])

typedef struct lang {
	const char *name;
	const char *build_image[3];
	const char *run_image[3];
	const char *deps;     /* dependency manifests copied first */
	const char *fetch;    /* dependency download command */
	const char *build;    /* build command */
	const char *artifact; /* what the runtime stage copies */
	const char *dest;
	const char *cache;    /* build cache directory */
	const char *entry;    /* ENTRYPOINT array body */
	unsigned port;
} lang;

static const lang langs[] = {
	{"go",
	 {"golang:1.22-bookworm", "golang:1.21-alpine", "golang:1.22"},
	 {"gcr.io/distroless/static-debian12", "alpine:3.19",
	  "debian:bookworm-slim"},
	 "go.mod go.sum ./", "go mod download",
	 "go build -trimpath -ldflags=\"-s -w\" -o /out/app ./cmd/server",
	 "/out/app", "/usr/local/bin/app", "/root/.cache/go-build",
	 "\"/usr/local/bin/app\"", 8080},
	{"node",
	 {"node:20-bookworm", "node:18-alpine", "node:20-slim"},
	 {"node:20-slim", "node:18-alpine", "gcr.io/distroless/nodejs20"},
	 "package.json package-lock.json ./", "npm ci --omit=dev",
	 "npm run build && npm prune --production", "/src", "/app",
	 "/root/.npm", "\"node\", \"dist/server.js\"", 3000},
	{"python",
	 {"python:3.12-slim", "python:3.11-bookworm", "python:3.12-alpine"},
	 {"python:3.12-slim", "python:3.11-slim-bookworm",
	  "python:3.12-alpine"},
	 "requirements.txt ./",
	 "pip install --no-cache-dir --prefix=/install -r requirements.txt",
	 "python -m compileall -q app", "/install", "/usr/local",
	 "/root/.cache/pip",
	 "\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app.wsgi:application\"",
	 8000},
	{"java",
	 {"maven:3.9-eclipse-temurin-21", "gradle:8.5-jdk17",
	  "eclipse-temurin:21-jdk"},
	 {"eclipse-temurin:21-jre", "eclipse-temurin:17-jre-alpine",
	  "gcr.io/distroless/java21-debian12"},
	 "pom.xml ./", "mvn -B -q dependency:go-offline",
	 "mvn -B -q -DskipTests package", "/src/target/app.jar", "/app/app.jar",
	 "/root/.m2", "\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", "
		      "\"/app/app.jar\"",
	 8080},
	{"rust",
	 {"rust:1.75-bookworm", "rust:1.74-slim", "rust:1.75-alpine"},
	 {"debian:bookworm-slim", "gcr.io/distroless/cc-debian12",
	  "alpine:3.19"},
	 "Cargo.toml Cargo.lock ./", "cargo fetch --locked",
	 "cargo build --release --locked", "/src/target/release/server",
	 "/usr/local/bin/server", "/usr/local/cargo/registry",
	 "\"/usr/local/bin/server\"", 8080},
	{"nginx",
	 {"node:20-alpine", "node:20-bookworm", "node:18-slim"},
	 {"nginx:1.25-alpine", "nginx:1.25",
	  "nginxinc/nginx-unprivileged:1.25"},
	 "package.json yarn.lock ./", "yarn install --frozen-lockfile",
	 "yarn build", "/src/dist", "/usr/share/nginx/html",
	 "/usr/local/share/.cache/yarn",
	 "\"nginx\", \"-g\", \"daemon off;\"", 80},
	{"ruby",
	 {"ruby:3.3-bookworm", "ruby:3.2-alpine", "ruby:3.3-slim"},
	 {"ruby:3.3-slim", "ruby:3.2-alpine", "ruby:3.3-slim-bookworm"},
	 "Gemfile Gemfile.lock ./",
	 "bundle config set without 'development test' && bundle install -j4",
	 "bundle exec rake assets:precompile", "/usr/local/bundle",
	 "/usr/local/bundle", "/root/.bundle/cache",
	 "\"bundle\", \"exec\", \"puma\", \"-C\", \"config/puma.rb\"", 3000},
	{"php",
	 {"composer:2", "php:8.3-cli", "php:8.2-cli-bookworm"},
	 {"php:8.3-fpm-alpine", "php:8.2-fpm", "php:8.3-apache"},
	 "composer.json composer.lock ./",
	 "composer install --no-dev --no-scripts --prefer-dist",
	 "composer dump-autoload --optimize --classmap-authoritative",
	 "/src/vendor", "/var/www/html/vendor", "/tmp/composer-cache",
	 "\"php-fpm\"", 9000},
	{"dotnet",
	 {"mcr.microsoft.com/dotnet/sdk:8.0",
	  "mcr.microsoft.com/dotnet/sdk:7.0",
	  "mcr.microsoft.com/dotnet/sdk:8.0-alpine"},
	 {"mcr.microsoft.com/dotnet/aspnet:8.0",
	  "mcr.microsoft.com/dotnet/aspnet:8.0-alpine",
	  "mcr.microsoft.com/dotnet/runtime:8.0"},
	 "*.csproj ./", "dotnet restore",
	 "dotnet publish -c Release -o /out --no-restore", "/out", "/app",
	 "/root/.nuget/packages", "\"dotnet\", \"Service.dll\"", 8080},
	{"c",
	 {"gcc:13", "debian:bookworm", "alpine:3.19"},
	 {"debian:bookworm-slim", "alpine:3.19", "ubuntu:22.04"},
	 "Makefile configure.ac ./",
	 "autoreconf -fi && ./configure --prefix=/opt/app",
	 "make -j\"$(nproc)\" && make install DESTDIR=/out", "/out/opt/app",
	 "/opt/app", "/root/.ccache", "\"/opt/app/bin/server\"", 7000},
};

static const char *const apt_pkgs[] = {
	"ca-certificates", "curl", "git", "make", "gcc", "g++", "libssl-dev",
	"pkg-config", "build-essential", "unzip", "xz-utils", "tzdata",
	"gnupg", "wget", "jq", "openssh-client", "libpq-dev", "zlib1g-dev",
	"libffi-dev", "dumb-init", "tini", "locales", "netcat-openbsd",
};

static const char *const comments[] = {
	"Pin the toolchain so CI and local builds match.",
	"Dependencies first: cached until the lock file changes.",
	"TODO: move to the shared base image once it ships.",
	"Runtime image: nothing but the binary and its certificates.",
	"Keep this in sync with .github/workflows/build.yml",
	"The cache mount keeps rebuilds fast; it is not part of the image.",
	"Run as an unprivileged user (see SECURITY.md).",
	"See https://docs.docker.com/build/building/multi-stage/",
	"Labels follow the OCI image spec annotations.",
	"hadolint ignore=DL3008",
	"Healthcheck hits the readiness endpoint, not liveness.",
};

static const char *const envs[] = {
	"LANG=C.UTF-8", "TZ=UTC", "APP_ENV=production", "LOG_LEVEL=info",
	"PORT=8080", "PATH=/usr/local/bin:$PATH", "HOME=/home/app",
	"NODE_ENV=production", "PYTHONUNBUFFERED=1", "PIP_NO_CACHE_DIR=1",
	"JAVA_OPTS=\"-Xms64m -Xmx512m\"", "GOFLAGS=-mod=readonly",
	"RUST_LOG=warn", "DOTNET_CLI_TELEMETRY_OPTOUT=1",
	"GREETING=\"hello world\"", "FEATURE_FLAGS=\"a,b,c\"",
};

static const char *const run_chains[] = {
	"RUN mkdir -p /var/cache/app /var/log/app \\\n"
	"    && chown -R 10001:10001 /var/cache/app /var/log/app \\\n"
	"    && chmod 0750 /var/cache/app\n",
	"RUN curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tgz \\\n"
	"    && echo \"3f7a9c2e  /tmp/tool.tgz\" | sha256sum -c - \\\n"
	"    && tar -xzf /tmp/tool.tgz -C /usr/local/bin \\\n"
	"    && rm -f /tmp/tool.tgz\n",
	"RUN ln -sf /dev/stdout /var/log/app/access.log \\\n"
	"    && ln -sf /dev/stderr /var/log/app/error.log\n",
	"RUN set -eux; \\\n"
	"    for d in data tmp run; do \\\n"
	"        mkdir -p \"/srv/$d\"; \\\n"
	"    done; \\\n"
	"    find /srv -type d -exec chmod 0755 {} +\n",
	"RUN [\"/bin/sh\", \"-c\", \"update-ca-certificates || true\"]\n",
	"SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
	"VOLUME [\"/var/lib/app\"]\n",
	"STOPSIGNAL SIGTERM\n",
};

typedef struct gen {
	dh_buf *b;
	rng *r;
	const lang *l;
	unsigned id;
	bool apk; /* alpine-style package manager in the current stage */
} gen;

static void put_comment(gen *g)
{
	size_t n = 1 + rng_below(g->r, 2);
	for (size_t i = 0; i < n; i++)
		dh_buf_printf(g->b, "# %s\n", PICK(g->r, comments));
}

static bool is_alpine(const char *image)
{
	return strstr(image, "alpine") != NULL;
}

static void put_env(gen *g)
{
	size_t n = 1 + rng_below(g->r, 4);
	if (n == 1 || rng_chance(g->r, 1, 4)) {
		for (size_t i = 0; i < n; i++)
			dh_buf_printf(g->b, "ENV %s\n", PICK(g->r, envs));
		return;
	}
	dh_buf_puts(g->b, "ENV");
	for (size_t i = 0; i < n; i++)
		dh_buf_printf(g->b, "%s%s", i ? " \\\n    " : " ",
			      PICK(g->r, envs));
	dh_buf_putc(g->b, '\n');
}

static void put_packages(gen *g, const char *sep)
{
	size_t n = 2 + rng_below(g->r, 7);
	size_t first = rng_below(g->r, NELEM(apt_pkgs));
	for (size_t i = 0; i < n; i++)
		dh_buf_printf(g->b, "%s%s", sep,
			      apt_pkgs[(first + i * 3) % NELEM(apt_pkgs)]);
}

/* The classic install chain, one package per continuation line. */
static void put_install(gen *g)
{
	if (g->apk) {
		dh_buf_puts(g->b, "RUN apk add --no-cache \\\n");
		put_packages(g, "      ");
		dh_buf_puts(g->b, "\n");
		return;
	}
	dh_buf_puts(g->b, "RUN set -eux; \\\n"
			  "    apt-get update; \\\n"
			  "    apt-get install -y --no-install-recommends");
	put_packages(g, " \\\n        ");
	dh_buf_puts(g->b, "; \\\n");
	if (rng_chance(g->r, 1, 3))
		dh_buf_puts(g->b, "    # keep the image small\n");
	dh_buf_puts(g->b, "    apt-get clean; \\\n"
			  "    rm -rf /var/lib/apt/lists/*\n");
}

static void put_heredoc(gen *g)
{
	if (rng_chance(g->r, 1, 2)) {
		dh_buf_printf(g->b, "RUN <<EOF\n"
				    "set -eu\n"
				    "mkdir -p /etc/svc-%u /var/lib/svc-%u\n"
				    "echo \"build %u\" > "
				    "/etc/svc-%u/build-info\n"
				    "chmod 0644 /etc/svc-%u/build-info\n"
				    "EOF\n",
			      g->id, g->id, g->id, g->id, g->id);
		return;
	}
	dh_buf_printf(g->b, "COPY <<-CONF /etc/svc-%u/app.conf\n"
			    "\tlisten = 0.0.0.0:%u\n"
			    "\tlog_level = info\n"
			    "\tworkers = %zu\n"
			    "\tCONF\n",
		      g->id, g->l->port, 1 + rng_below(g->r, 8));
}

static void put_build_stage(gen *g)
{
	const char *image = PICK(g->r, g->l->build_image);
	g->apk = is_alpine(image);
	put_comment(g);
	if (rng_chance(g->r, 1, 3))
		dh_buf_printf(g->b, "FROM --platform=$BUILDPLATFORM %s AS "
				    "build-%u\n",
			      image, g->id);
	else
		dh_buf_printf(g->b, "FROM %s AS build-%u\n", image, g->id);
	if (rng_chance(g->r, 1, 2))
		dh_buf_printf(g->b, "ARG VERSION=%zu.%zu.%zu\n",
			      rng_below(g->r, 4), rng_below(g->r, 20),
			      rng_below(g->r, 10));
	dh_buf_puts(g->b, "WORKDIR /src\n");
	if (rng_chance(g->r, 2, 3))
		put_install(g);
	if (rng_chance(g->r, 1, 2))
		put_env(g);
	dh_buf_printf(g->b, "COPY %s\n", g->l->deps);
	if (rng_chance(g->r, 1, 2))
		dh_buf_printf(g->b, "RUN --mount=type=cache,target=%s \\\n"
				    "    %s\n",
			      g->l->cache, g->l->fetch);
	else
		dh_buf_printf(g->b, "RUN %s\n", g->l->fetch);
	dh_buf_puts(g->b, "COPY . .\n");
	dh_buf_printf(g->b, "RUN %s \\\n && echo \"built %s service %u\"\n",
		      g->l->build, g->l->name, g->id);
}

static void put_labels(gen *g)
{
	dh_buf_printf(g->b,
		      "LABEL org.opencontainers.image.title=\"svc-%u\" \\\n"
		      "      org.opencontainers.image.source="
		      "\"https://git.example.com/platform/svc-%u\" \\\n"
		      "      org.opencontainers.image.licenses="
		      "\"Apache-2.0\"\n",
		      g->id, g->id);
}

static void put_user(gen *g, const char *image)
{
	if (strstr(image, "distroless")) {
		dh_buf_puts(g->b, "USER nonroot:nonroot\n");
		return;
	}
	if (is_alpine(image))
		dh_buf_puts(g->b, "RUN addgroup -S app && adduser -S -G app "
				  "-h /home/app app\n");
	else
		dh_buf_puts(g->b, "RUN groupadd --system app \\\n"
				  " && useradd --system --gid app "
				  "--home-dir /home/app app\n");
	dh_buf_puts(g->b, rng_chance(g->r, 1, 2) ? "USER app\n"
						 : "USER 10001:10001\n");
}

/* Instructions a runtime stage may carry between FROM and the tail. */
static void put_extra(gen *g)
{
	switch (rng_below(g->r, 6)) {
	case 0:
		put_comment(g);
		break;
	case 1:
		put_env(g);
		break;
	case 2:
		put_heredoc(g);
		break;
	case 3:
		dh_buf_puts(g->b, PICK(g->r, run_chains));
		break;
	case 4:
		dh_buf_printf(g->b, "COPY --chown=10001:10001 config/ "
				    "/etc/svc-%u/\n",
			      g->id);
		break;
	default:
		dh_buf_puts(g->b, "\n");
		break;
	}
}

static void put_tail(gen *g, const char *image)
{
	dh_buf_printf(g->b, "COPY --from=build-%u %s %s\n", g->id,
		      g->l->artifact, g->l->dest);
	put_user(g, image);
	dh_buf_printf(g->b, "EXPOSE %u\n", g->l->port);
	if (rng_chance(g->r, 1, 3))
		dh_buf_printf(g->b, "HEALTHCHECK --interval=30s --timeout=3s "
				    "CMD wget -qO- http://127.0.0.1:%u/healthz "
				    "|| exit 1\n",
			      g->l->port);
	dh_buf_printf(g->b, "ENTRYPOINT [%s]\n", g->l->entry);
	if (rng_chance(g->r, 1, 2))
		dh_buf_printf(g->b, "CMD [\"--port\", \"%u\"]\n", g->l->port);
}

/* One service: build stage and runtime stage, about min_len bytes. */
static void put_service(gen *g, size_t min_len)
{
	size_t start = g->b->len;
	put_build_stage(g);
	dh_buf_puts(g->b, "\n");
	const char *image = PICK(g->r, g->l->run_image);
	g->apk = is_alpine(image);
	if (rng_chance(g->r, 1, 2))
		put_comment(g);
	dh_buf_printf(g->b, "FROM %s AS run-%u\n", image, g->id);
	put_labels(g);
	if (rng_chance(g->r, 1, 6))
		put_heredoc(g);
	while (g->b->len - start + 250 < min_len)
		put_extra(g);
	put_tail(g, image);
}

static int write_file(const char *path, const dh_buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t n = b->len ? fwrite(b->data, 1, b->len, f) : 0;
	int bad = n != b->len;
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "gen: %s: write failed\n", path);
		return -1;
	}
	return 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "gen: mkdir %s: %s\n", path, strerror(errno));
	return -1;
}

/* A path in a fixed buffer; paths here are short and built from numbers. */
typedef struct pathbuf {
	char s[512];
} pathbuf;

static void header(dh_buf *b)
{
	dh_buf_puts(b, "# syntax=docker/dockerfile:1\n"
		       "# Generated benchmark input (tests/bench/gen.c).\n\n");
}

static int cmd_dockerfile(size_t bytes, uint64_t seed, const char *out)
{
	rng r;
	rng_seed(&r, seed);
	dh_buf b = DH_BUF_INIT;
	FILE *f = fopen(out, "wb");
	if (!f) {
		fprintf(stderr, "gen: %s: %s\n", out, strerror(errno));
		return 1;
	}
	header(&b);
	size_t total = 0;
	int bad = 0;
	for (unsigned id = 0; total + b.len < bytes && !bad; id++) {
		gen g = {.b = &b, .r = &r, .l = &PICK(&r, langs), .id = id};
		put_service(&g, 600 + rng_below(&r, 1800));
		dh_buf_puts(&b, "\n");
		if (b.len >= 65536 || total + b.len >= bytes) {
			bad = fwrite(b.data, 1, b.len, f) != b.len;
			total += b.len;
			dh_buf_clear(&b);
		}
	}
	dh_buf_free(&b);
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "gen: %s: write failed\n", out);
		return 1;
	}
	return 0;
}

/* One small realistic file for index i, 1-4 KB. */
static void small_file(dh_buf *b, uint64_t seed, unsigned i)
{
	rng r;
	rng_seed(&r, seed * 1000003u + i);
	size_t target = 1100 + rng_below(&r, 2800);
	gen g = {.b = b, .r = &r, .l = &langs[i % NELEM(langs)], .id = i};
	dh_buf_clear(b);
	if (rng_chance(&r, 1, 2))
		dh_buf_puts(b, "# syntax=docker/dockerfile:1\n");
	dh_buf_printf(b, "# %s service svc-%u\n\n", g.l->name, i);
	put_service(&g, target - (b->len < target ? b->len : 0));
}

static int cmd_small(const char *dir, unsigned count, uint64_t seed)
{
	if (make_dir(dir))
		return 1;
	dh_buf b = DH_BUF_INIT;
	int rc = 0;
	for (unsigned i = 0; i < count && !rc; i++) {
		pathbuf p;
		snprintf(p.s, sizeof(p.s), "%s/%04u.Dockerfile", dir, i);
		small_file(&b, seed, i);
		rc = write_file(p.s, &b);
	}
	dh_buf_free(&b);
	return rc ? 1 : 0;
}

static int cmd_typical(const char *out, uint64_t seed)
{
	dh_buf b = DH_BUF_INIT;
	/* search from the seed for a file near the typical 2 KB */
	unsigned i = 0;
	do
		small_file(&b, seed, i++);
	while ((b.len < 1900 || b.len > 2200) && i < 10000);
	int rc = write_file(out, &b);
	dh_buf_free(&b);
	return rc ? 1 : 0;
}

static void put_container(dh_buf *b, rng *r, unsigned team, unsigned id,
			  const char *name)
{
	dh_buf_printf(b, "        - name: %s\n"
			 "          image: registry.example.com/team-%02u/"
			 "svc-%05u:%zu.%zu.%zu\n"
			 "          imagePullPolicy: IfNotPresent\n"
			 "          ports:\n"
			 "            - containerPort: %u\n"
			 "              protocol: TCP\n"
			 "          env:\n"
			 "            - name: LOG_LEVEL\n"
			 "              value: \"info\"\n"
			 "            - name: POD_NAME\n"
			 "              valueFrom:\n"
			 "                fieldRef: "
			 "{fieldPath: metadata.name}\n"
			 "          resources:\n"
			 "            requests: {cpu: 100m, memory: 128Mi}\n"
			 "            limits:\n"
			 "              cpu: '%zum'\n"
			 "              memory: %zuMi\n",
		      name, team, id, rng_below(r, 3), rng_below(r, 30),
		      rng_below(r, 10), langs[id % NELEM(langs)].port,
		      250 + 250 * rng_below(r, 4),
		      (size_t)128 << rng_below(r, 4));
	if (rng_chance(r, 1, 4))
		dh_buf_puts(b, "          securityContext:\n"
			       "            runAsNonRoot: true\n");
}

/* A Deployment (sometimes with a sidecar) and a Service, multi-document. */
static void manifest(dh_buf *b, uint64_t seed, unsigned team, unsigned id)
{
	rng r;
	rng_seed(&r, seed * 7919u + id);
	dh_buf_clear(b);
	dh_buf_printf(b, "# Managed by platform team %02u; edit with care.\n"
			 "apiVersion: apps/v1\n"
			 "kind: Deployment\n"
			 "metadata:\n"
			 "  name: svc-%05u\n"
			 "  namespace: team-%02u\n"
			 "  labels: &labels\n"
			 "    app.kubernetes.io/name: svc-%05u\n"
			 "    app.kubernetes.io/part-of: team-%02u\n"
			 "spec:\n"
			 "  replicas: %zu\n"
			 "  selector:\n"
			 "    matchLabels: *labels\n"
			 "  template:\n"
			 "    metadata:\n"
			 "      labels: *labels\n"
			 "    spec:\n"
			 "      serviceAccountName: svc-%05u\n"
			 "      containers:\n",
		      team, id, team, id, team, 1 + rng_below(&r, 4), id);
	put_container(b, &r, team, id, "app");
	if (rng_chance(&r, 1, 5))
		put_container(b, &r, team, id, "log-shipper");
	dh_buf_printf(b, "---\n"
			 "apiVersion: v1\n"
			 "kind: Service\n"
			 "metadata:\n"
			 "  name: svc-%05u   # stable DNS name\n"
			 "  namespace: team-%02u\n"
			 "spec:\n"
			 "  selector:\n"
			 "    app.kubernetes.io/name: svc-%05u\n"
			 "  ports:\n"
			 "    - port: 80\n"
			 "      targetPort: %u\n",
		      id, team, id, langs[id % NELEM(langs)].port);
}

static int cmd_manifests(const char *dir, unsigned count, uint64_t seed)
{
	if (make_dir(dir))
		return 1;
	dh_buf b = DH_BUF_INIT;
	int rc = 0;
	for (unsigned i = 0; i < count && !rc; i++) {
		pathbuf p;
		snprintf(p.s, sizeof(p.s), "%s/%04u.yaml", dir, i);
		manifest(&b, seed, i % 40, i);
		rc = write_file(p.s, &b);
	}
	dh_buf_free(&b);
	return rc ? 1 : 0;
}

/* One service directory: Dockerfile and/or k8s/deployment.yaml. */
static int tree_service(dh_buf *b, const char *dir, unsigned i, bool docker,
			bool yaml, uint64_t seed)
{
	unsigned team = i % 40;
	pathbuf p;
	snprintf(p.s, sizeof(p.s), "%s/team-%02u", dir, team);
	if (make_dir(p.s))
		return -1;
	snprintf(p.s, sizeof(p.s), "%s/team-%02u/svc-%05u", dir, team, i);
	if (make_dir(p.s))
		return -1;
	if (docker) {
		small_file(b, seed, i);
		snprintf(p.s, sizeof(p.s), "%s/team-%02u/svc-%05u/Dockerfile",
			 dir, team, i);
		if (write_file(p.s, b))
			return -1;
	}
	if (!yaml)
		return 0;
	snprintf(p.s, sizeof(p.s), "%s/team-%02u/svc-%05u/k8s", dir, team, i);
	if (make_dir(p.s))
		return -1;
	manifest(b, seed, team, i);
	snprintf(p.s, sizeof(p.s), "%s/team-%02u/svc-%05u/k8s/deployment.yaml",
		 dir, team, i);
	return write_file(p.s, b);
}

static int cmd_tree(const char *dir, unsigned ndocker, unsigned nyaml,
		    uint64_t seed)
{
	if (make_dir(dir))
		return 1;
	dh_buf b = DH_BUF_INIT;
	unsigned n = ndocker > nyaml ? ndocker : nyaml;
	int rc = 0;
	for (unsigned i = 0; i < n && !rc; i++)
		rc = tree_service(&b, dir, i, i < ndocker, i < nyaml, seed);
	dh_buf_free(&b);
	return rc ? 1 : 0;
}

static bool parse_num(uint64_t *out, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	*out = (uint64_t)v;
	return true;
}

static int usage(void)
{
	fputs("usage: gen dockerfile BYTES SEED OUT\n"
	      "       gen small DIR COUNT SEED\n"
	      "       gen typical OUT SEED\n"
	      "       gen manifests DIR COUNT SEED\n"
	      "       gen tree DIR NDOCKER NMANIFEST SEED\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	uint64_t a = 0, c = 0, s = 0;
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	if (!strcmp(cmd, "dockerfile") && argc == 5 && parse_num(&a, argv[2]) &&
	    parse_num(&s, argv[3]))
		return cmd_dockerfile((size_t)a, s, argv[4]);
	if (!strcmp(cmd, "small") && argc == 5 && parse_num(&a, argv[3]) &&
	    parse_num(&s, argv[4]) && a <= 1000000)
		return cmd_small(argv[2], (unsigned)a, s);
	if (!strcmp(cmd, "typical") && argc == 4 && parse_num(&s, argv[3]))
		return cmd_typical(argv[2], s);
	if (!strcmp(cmd, "manifests") && argc == 5 && parse_num(&a, argv[3]) &&
	    parse_num(&s, argv[4]) && a <= 1000000)
		return cmd_manifests(argv[2], (unsigned)a, s);
	if (!strcmp(cmd, "tree") && argc == 6 && parse_num(&a, argv[3]) &&
	    parse_num(&c, argv[4]) && parse_num(&s, argv[5]) && a <= 1000000 &&
	    c <= 1000000)
		return cmd_tree(argv[2], (unsigned)a, (unsigned)c, s);
	return usage();
}
