/* SPDX-License-Identifier: MIT */
/*
 * What the command itself says about running as another user: a stage
 * kept for development, a command that builds from source when it starts,
 * a tool with fixed root-owned state folders, and a port below 1024. Each
 * was seen to break real images when a USER was added anyway (docs/survey.md
 * H1, H2, H10, H12), so each is missing evidence, never a silent USER.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dockharden/shellcmd.h"

#include "runas_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool unproven(dh_runas *out, const char *why)
{
	out->kind = DH_RUNAS_UNPROVEN;
	out->why = why;
	return true;
}

/* ---- development stages ---- */

/* "dev", "devel", "development", "dev-envs", "devcontainer", "debug". */
static bool dev_name(const char *name)
{
	if (!name)
		return false;
	if (strstr(name, "debug"))
		return true;
	if (strncasecmp(name, "dev", 3) != 0)
		return false;
	const char *rest = name + 3;
	static const char *const tails[] = {
		"", "el", "elop", "elopment", "container", "env", "envs"};
	if (*rest == '-' || *rest == '_')
		return true;
	return dh_sh_word_in(rest, tails, COUNT(tails));
}

static const char dev_reason[] =
	"its tools write into the source tree and caches as the developer's "
	"own user, who chooses that user";

bool dh__runas_dev_stage(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st)
{
	for (const dh_stage *s = st; s; s = s->parent) {
		if (dev_name(s->name)) {
			out->kind = DH_RUNAS_BASE_IMAGE;
			out->why =
				s == st ? dh_arena_printf(
						  ctx->doc->arena,
						  "'%s' is a development stage "
						  "(its name): %s",
						  s->name, dev_reason)
					: dh_arena_printf(
						  ctx->doc->arena,
						  "it builds on the development "
						  "stage '%s': %s",
						  s->name, dev_reason);
			return true;
		}
		if (s->parent && s->parent->index >= s->index)
			break; /* a FROM naming its own stage */
	}
	return false;
}

/* ---- commands that build when they start ---- */

typedef struct from_source {
	const char *tool;
	const char *const subcommands[4];
	const char *writes; /* what it writes as it starts */
} from_source;

static const from_source builders[] = {
	{"dotnet", {"run", "watch"}, "obj/ and bin/, and NuGet under HOME"},
	{"cargo", {"run", "watch"}, "target/ and CARGO_HOME"},
	{"go", {"run"}, "the build cache under HOME"},
	{"mvn",
	 {"spring-boot:run", "exec:java", "quarkus:dev", "jetty:run"},
	 "target/ and ~/.m2"},
	{"mvnw",
	 {"spring-boot:run", "exec:java", "quarkus:dev", "jetty:run"},
	 "target/ and ~/.m2"},
	{"gradle", {"run", "bootRun"}, "build/ and ~/.gradle"},
	{"gradlew", {"run", "bootRun"}, "build/ and ~/.gradle"},
	{"sbt", {"run", "~run"}, "target/ and ~/.ivy2"},
	{"mix", {"phx.server", "run"}, "_build/ and ~/.mix"},
	{"lein", {"run", "ring"}, "target/ and ~/.m2"},
	{"stack", {"run", "exec"}, "~/.stack and .stack-work/"},
	{"cabal", {"run"}, "dist-newstyle/ and ~/.cabal"},
};

bool dh__runas_from_source(dh_runas *out, dh_pass_ctx *ctx,
			   const char *const *argv, size_t n, size_t at)
{
	if (at + 1 >= n)
		return false;
	const char *tool = base_name(argv[at]);
	for (size_t i = 0; i < COUNT(builders); i++) {
		const from_source *b = &builders[i];
		if (strcmp(tool, b->tool) != 0)
			continue;
		size_t ns = 0;
		while (ns < COUNT(b->subcommands) && b->subcommands[ns])
			ns++;
		if (!dh_sh_word_in(argv[at + 1], b->subcommands, ns))
			return false;
		return unproven(
			out,
			dh_arena_printf(ctx->doc->arena,
					"'%s %s' builds from source when it "
					"starts, writing %s, which the build "
					"left owned by root: ship the built "
					"program instead",
					tool, argv[at + 1], b->writes));
	}
	return false;
}

/* ---- tools with fixed state folders ---- */

typedef struct fixed_state {
	const char *tool;
	const char *paths;
} fixed_state;

static const fixed_state fixed[] = {
	{"certbot",
	 "/etc/letsencrypt, /var/lib/letsencrypt and /var/log/letsencrypt"},
	{"letsencrypt",
	 "/etc/letsencrypt, /var/lib/letsencrypt and /var/log/letsencrypt"},
};

bool dh__runas_fixed_state(dh_runas *out, dh_pass_ctx *ctx, const char *entry)
{
	for (size_t i = 0; i < COUNT(fixed); i++)
		if (dh__runas_has_word(entry, fixed[i].tool))
			return unproven(
				out,
				dh_arena_printf(ctx->doc->arena,
						"'%s' keeps its state in %s, "
						"owned by root, and refuses to "
						"start when it cannot write "
						"them",
						fixed[i].tool, fixed[i].paths));
	return false;
}

/* ---- ports below 1024 ---- */

/* The number in word when it is a whole port ("80", "80/tcp"), else 0. */
static unsigned long port_of(const char *word)
{
	char *end;
	unsigned long port = strtoul(word, &end, 10);
	if (end == word || (*end && *end != '/'))
		return 0;
	return port;
}

static bool low(unsigned long port)
{
	return port > 0 && port < 1024;
}

/* A low port the command line binds: --port 80, -p 80, -b 0.0.0.0:80,
 * --bind=:80. */
static unsigned long command_port(const char *const *argv, size_t n)
{
	static const char *const flags[] = {"--port", "-p",	  "--bind",
					    "-b",     "--listen", "-l"};
	for (size_t k = 0; k < n; k++) {
		const char *w = argv[k];
		const char *eq = strchr(w, '=');
		const char *value = NULL;
		if (eq && w[0] == '-') {
			char flag[16];
			size_t fl = (size_t)(eq - w);
			if (fl < sizeof(flag)) {
				memcpy(flag, w, fl);
				flag[fl] = '\0';
				if (dh_sh_word_in(flag, flags, COUNT(flags)))
					value = eq + 1;
			}
		} else if (dh_sh_word_in(w, flags, COUNT(flags)) && k + 1 < n) {
			value = argv[++k];
		}
		if (!value)
			continue;
		const char *colon = strrchr(value, ':');
		unsigned long port = port_of(colon ? colon + 1 : value);
		if (low(port))
			return port;
	}
	return 0;
}

/* A low port that stage st itself sets with EXPOSE or ENV PORT. */
static bool stage_port(dh_pass_ctx *ctx, const dh_stage *st, unsigned *port,
		       const char **how)
{
	for (dh_node *node = dh_stage_step(ctx, st, NULL); node;
	     node = dh_stage_step(ctx, st, node)) {
		const dh_instr *in = dh_node_instr(ctx->doc, node);
		if (in->kind == DH_INSTR_EXPOSE) {
			for (size_t k = 0; k < in->nargs; k++) {
				const char *w = dh_model_expand_at(
					&ctx->model, ctx->doc, st, node,
					in->args[k].text);
				unsigned long p = port_of(w);
				if (low(p)) {
					*port = (unsigned)p;
					*how = dh_arena_printf(
						ctx->doc->arena, "EXPOSE %s",
						in->args[k].text);
					return true;
				}
			}
		} else if (in->kind == DH_INSTR_ENV) {
			for (size_t k = 0; k + 2 < in->nargs; k += 3) {
				unsigned long p = port_of(in->args[k + 1].text);
				if (!strcmp(in->args[k].text, "PORT") &&
				    low(p)) {
					*port = (unsigned)p;
					*how = dh_arena_printf(
						ctx->doc->arena, "ENV PORT=%s",
						in->args[k + 1].text);
					return true;
				}
			}
		}
	}
	return false;
}

bool dh_runas_low_port(dh_pass_ctx *ctx, const dh_stage *st,
		       const char *const *argv, size_t n, unsigned *port,
		       const char **how)
{
	for (const dh_stage *s = st; s; s = s->parent) {
		if (stage_port(ctx, s, port, how))
			return true;
		if (s->parent && s->parent->index >= s->index)
			break; /* a FROM naming its own stage */
	}
	unsigned long p = command_port(argv, n);
	if (p) {
		*port = (unsigned)p;
		*how = "the command";
	}
	return p != 0;
}

bool dh__runas_low_port(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
			const char *const *argv, size_t n)
{
	unsigned port;
	const char *how;
	if (ctx->opts->bind_low_ports ||
	    !dh_runas_low_port(ctx, st, argv, n, &port, &how))
		return false;
	return unproven(
		out, dh_arena_printf(ctx->doc->arena,
				     "it listens on port %u (%s), which a "
				     "non-root user binds only where "
				     "net.ipv4.ip_unprivileged_port_start "
				     "is 0 (Docker 20.10 and later; Kubernetes "
				     "needs the pod sysctl that 'dockharden "
				     "k8s' and 'patch' add): move it to a "
				     "port above 1023, or set "
				     "'bind-low-ports: true' in "
				     ".dockharden.yaml where that holds",
				     port, how));
}
