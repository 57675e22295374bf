/* SPDX-License-Identifier: MIT */
/*
 * The run-as evidence (src/harden/runas.c): wrappers followed to the
 * program, and the verdict for the final stage of small Dockerfiles:
 * proven, unproven (with what is missing), root by design, base image,
 * privilege switch, daemon with its own user. Scripts are read from a
 * temporary folder made per test.
 */
#include "dockharden/runas.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockharden/arena.h"
#include "dockharden/parse.h"

/* ---- helpers ----------------------------------------------------------- */

typedef struct fixture {
	dh_arena *arena;
	dh_harden_opts opts;
	dh_pass_ctx ctx;
	char dir[64];
} fixture;

static void setup_dir(fixture *f)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/check_runas.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
}

static void put_file(const fixture *f, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void drop_file(const fixture *f, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	unlink(path);
}

/* Parses text and checks its final stage; the verdict goes to out. */
static void check_text(fixture *f, dh_runas *out, const char *text)
{
	f->arena = dh_arena_new();
	dh_source *src =
		dh_source_new(f->arena, "test.Dockerfile", text, strlen(text));
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, f->arena, src), 0);
	dh_harden_opts_init(&f->opts);
	f->opts.base_dir = f->dir;
	f->ctx = (dh_pass_ctx){.doc = doc, .opts = &f->opts};
	dh_model_build(&f->ctx.model, doc);
	dh_runas_check(out, &f->ctx, dh_model_final(&f->ctx.model));
}

static void done(fixture *f)
{
	dh_arena_free(f->arena);
	rmdir(f->dir);
}

/* ---- wrappers ---------------------------------------------------------- */

START_TEST(test_runas_skip_wrappers)
{
	const char *a[] = {"/sbin/tini", "-g", "--", "/app/run"};
	ck_assert_uint_eq(dh_runas_skip_wrappers(a, 4), 3);
	const char *b[] = {"dumb-init", "--", "bash", "/run.sh"};
	ck_assert_uint_eq(dh_runas_skip_wrappers(b, 4), 3);
	const char *c[] = {"env", "A=1", "node", "server.js"};
	ck_assert_uint_eq(dh_runas_skip_wrappers(c, 4), 2);
	const char *d[] = {"bash"};
	ck_assert_uint_eq(dh_runas_skip_wrappers(d, 1), 0);
	const char *e[] = {"sh", "-c", "exec app"};
	ck_assert_uint_eq(dh_runas_skip_wrappers(e, 3), 0);
	const char *g[] = {"tini", "--"};
	ck_assert_uint_eq(dh_runas_skip_wrappers(g, 2), 2);
}
END_TEST

/* ---- verdicts ---------------------------------------------------------- */

START_TEST(test_runas_proven_program)
{
	fixture f;
	setup_dir(&f);
	dh_runas r;
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\nCOPY app /usr/local/bin/app\n"
		   "CMD [\"/usr/local/bin/app\", \"serve\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	done(&f);
}
END_TEST

START_TEST(test_runas_script_in_directory_copy)
{
	fixture f;
	setup_dir(&f);
	char sub[128];
	snprintf(sub, sizeof(sub), "%s/docker", f.dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put_file(&f, "docker/entry.sh",
		 "#!/bin/sh\nchown -R app /data\nexec gosu app \"$@\"\n");
	dh_runas r;
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\nCOPY docker/ /usr/local/bin/\n"
		   "ENTRYPOINT [\"tini\", \"--\", \"entry.sh\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_DROPS);
	ck_assert_ptr_nonnull(strstr(r.why, "docker/entry.sh"));
	drop_file(&f, "docker/entry.sh");
	rmdir(sub);
	done(&f);
}
END_TEST

START_TEST(test_runas_clean_script_is_proven)
{
	fixture f;
	setup_dir(&f);
	put_file(&f, "start.sh", "#!/bin/sh\nset -e\nexec ./server\n");
	dh_runas r;
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\n"
		   "CMD [\"sh\", \"-c\", \"exec ./start.sh\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	drop_file(&f, "start.sh");
	done(&f);
}
END_TEST

START_TEST(test_runas_unreadable_script)
{
	fixture f;
	setup_dir(&f);
	dh_runas r;
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\n"
		   "COPY docker-entrypoint.sh /usr/local/bin/\n"
		   "ENTRYPOINT [\"docker-entrypoint.sh\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_UNPROVEN);
	ck_assert_ptr_nonnull(strstr(r.why, "could not be read"));
	done(&f);
}
END_TEST

START_TEST(test_runas_root_by_design)
{
	fixture f;
	setup_dir(&f);
	dh_runas r;
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\n"
		   "CMD [\"/usr/sbin/sshd\", \"-D\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_ROOT_BY_DESIGN);
	dh_arena_free(f.arena);
	put_file(&f, "action.yml", "runs:\n  using: docker\n");
	check_text(&f, &r,
		   "FROM alpine:3.20\nCOPY run /run\nENTRYPOINT [\"/run\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_ROOT_BY_DESIGN);
	ck_assert_ptr_nonnull(strstr(r.why, "GitHub"));
	drop_file(&f, "action.yml");
	done(&f);
}
END_TEST

START_TEST(test_runas_word_boundaries)
{
	fixture f;
	setup_dir(&f);
	dh_runas r;
	/* "mount.yaml" and "--mountpoint" are not the mount command */
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\nCOPY app /app\n"
		   "CMD [\"/app\", \"--mountpoint\", \"/etc/mount.yaml\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	done(&f);
}
END_TEST

START_TEST(test_runas_base_image)
{
	fixture f;
	setup_dir(&f);
	dh_runas r;
	check_text(&f, &r, "FROM debian:bookworm-slim\nCMD [\"python3\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_BASE_IMAGE);
	dh_arena_free(f.arena);
	check_text(&f, &r, "FROM php:8.3-cli\nCMD [\"php\", \"-a\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_BASE_IMAGE);
	dh_arena_free(f.arena);
	/* an interpreter running a file is an application */
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\nCOPY a.py /a.py\n"
		   "CMD [\"python3\", \"/a.py\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	done(&f);
}
END_TEST

START_TEST(test_runas_daemon_users)
{
	fixture f;
	setup_dir(&f);
	dh_runas r;
	check_text(&f, &r, "FROM postgres:16-alpine\nCOPY a.sql /init/\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_DAEMON);
	ck_assert_uint_eq(r.daemon_uid, 70);
	dh_arena_free(f.arena);
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\n"
		   "RUN apt-get update && apt-get install -y nginx\n"
		   "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_DAEMON);
	ck_assert_uint_eq(r.daemon_uid, 33);
	done(&f);
}
END_TEST

START_TEST(test_runas_writable_paths)
{
	fixture f;
	setup_dir(&f);
	dh_runas r;
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\nCOPY app /app\nVOLUME /data\n"
		   "CMD [\"/app\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_UNPROVEN);
	ck_assert_ptr_nonnull(strstr(r.why, "/data"));
	dh_arena_free(f.arena);
	check_text(&f, &r,
		   "FROM debian:bookworm-slim\nCOPY app /app\n"
		   "RUN mkdir /data && chown 10001 /data\nVOLUME /data\n"
		   "CMD [\"/app\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	done(&f);
}
END_TEST

START_TEST(test_runas_stage_naming_itself)
{
	/* "FROM 0" in stage 0 names itself: no parent to follow (this used
	 * to loop for ever) */
	fixture f;
	setup_dir(&f);
	dh_runas r;
	check_text(&f, &r, "FROM 0\nCOPY app /app\nCMD [\"/app\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	done(&f);
}
END_TEST

/* ---- what the command says (runas_command.c) --------------------------- */

/* The verdict for text, its reason checked to name what. */
static void expect(fixture *f, const char *text, dh_runas_kind kind,
		   const char *what)
{
	dh_runas r;
	check_text(f, &r, text);
	ck_assert_int_eq(r.kind, kind);
	if (what) {
		ck_assert_ptr_nonnull(r.why);
		ck_assert_msg(strstr(r.why, what), "'%s' not in '%s'", what,
			      r.why);
	}
	dh_arena_free(f->arena);
}

START_TEST(test_runas_development_stages)
{
	fixture f;
	setup_dir(&f);
	expect(&f,
	       "FROM node:20 AS development\nCOPY . .\nCMD [\"npm\", \"start\"]\n"
	       "FROM development AS dev-envs\nRUN useradd -m vscode\n",
	       DH_RUNAS_BASE_IMAGE, "'dev-envs' is a development stage");
	expect(&f,
	       "FROM node:20 AS development\nCOPY . .\n"
	       "FROM development AS shell\nCMD [\"node\", \"app.js\"]\n",
	       DH_RUNAS_BASE_IMAGE, "builds on the development stage");
	/* devops, device: not development names */
	expect(&f, "FROM debian:12 AS devices\nCOPY app /app\nCMD [\"/app\"]\n",
	       DH_RUNAS_PROVEN, NULL);
	f.arena = dh_arena_new();
	done(&f);
}
END_TEST

START_TEST(test_runas_low_ports)
{
	fixture f;
	setup_dir(&f);
	expect(&f,
	       "FROM debian:12\nCOPY app /app\nEXPOSE 80/tcp\nCMD [\"/app\"]\n",
	       DH_RUNAS_UNPROVEN, "port 80 (EXPOSE 80/tcp)");
	expect(&f,
	       "FROM debian:12\nARG PORT=443\nCOPY app /app\nEXPOSE $PORT\n"
	       "CMD [\"/app\"]\n",
	       DH_RUNAS_UNPROVEN, "port 443 (EXPOSE $PORT)");
	expect(&f,
	       "FROM debian:12\nENV PORT=80\nCOPY app /app\nCMD [\"/app\"]\n",
	       DH_RUNAS_UNPROVEN, "ENV PORT=80");
	expect(&f,
	       "FROM debian:12\nCOPY app /app\n"
	       "CMD [\"/app\", \"--bind=0.0.0.0:80\"]\n",
	       DH_RUNAS_UNPROVEN, "port 80 (the command)");
	expect(&f,
	       "FROM debian:12\nCOPY app /app\nEXPOSE 8080 1024\n"
	       "CMD [\"/app\", \"-p\", \"8080\"]\n",
	       DH_RUNAS_PROVEN, NULL);
	/* the runtime is said to let non-root bind them */
	f.arena = dh_arena_new();
	const char *text =
		"FROM debian:12\nCOPY app /app\nEXPOSE 80\nCMD [\"/app\"]\n";
	dh_source *src = dh_source_new(f.arena, "t", text, strlen(text));
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, f.arena, src), 0);
	dh_harden_opts_init(&f.opts);
	f.opts.bind_low_ports = true;
	f.ctx = (dh_pass_ctx){.doc = doc, .opts = &f.opts};
	dh_model_build(&f.ctx.model, doc);
	dh_runas r;
	dh_runas_check(&r, &f.ctx, dh_model_final(&f.ctx.model));
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	unsigned port = 0;
	const char *how = NULL;
	ck_assert(dh_runas_low_port(&f.ctx, dh_model_final(&f.ctx.model), NULL,
				    0, &port, &how));
	ck_assert_uint_eq(port, 80);
	done(&f);
}
END_TEST

START_TEST(test_runas_commands_that_build)
{
	fixture f;
	setup_dir(&f);
	expect(&f,
	       "FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\n"
	       "ENTRYPOINT [\"dotnet\", \"run\"]\n",
	       DH_RUNAS_UNPROVEN, "'dotnet run' builds from source");
	expect(&f, "FROM rust:1.75\nCOPY . .\nCMD cargo run --release\n",
	       DH_RUNAS_UNPROVEN, "'cargo run'");
	expect(&f,
	       "FROM maven:3-eclipse-temurin-21\nCOPY . .\n"
	       "CMD [\"mvn\", \"spring-boot:run\"]\n",
	       DH_RUNAS_UNPROVEN, "'mvn spring-boot:run'");
	/* running what was built is fine */
	expect(&f, "FROM debian:12\nCOPY . /src\nCMD [\"go\", \"version\"]\n",
	       DH_RUNAS_PROVEN, NULL);
	f.arena = dh_arena_new();
	done(&f);
}
END_TEST

START_TEST(test_runas_root_tools_and_daemons)
{
	fixture f;
	setup_dir(&f);
	expect(&f,
	       "FROM alpine:3.20\nRUN apk add openvpn\nENTRYPOINT [\"openvpn\"]\n",
	       DH_RUNAS_ROOT_BY_DESIGN, "openvpn");
	expect(&f,
	       "FROM alpine:3.20\nRUN apk add docker-cli\nENTRYPOINT [\"docker\"]\n",
	       DH_RUNAS_ROOT_BY_DESIGN, "docker.sock");
	expect(&f,
	       "FROM alpine:3.20\nRUN apk add certbot\nENTRYPOINT [\"certbot\"]\n",
	       DH_RUNAS_UNPROVEN, "/etc/letsencrypt");
	expect(&f,
	       "FROM alpine:3.20\nRUN apk add freeradius\nENTRYPOINT [\"radiusd\", \"-f\"]\n",
	       DH_RUNAS_DAEMON, "radiusd");
	dh_runas r;
	check_text(&f, &r,
		   "FROM debian:12\nRUN useradd --system --uid 101 nginx "
		   "&& apt-get install -y nginx\n"
		   "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n");
	ck_assert_int_eq(r.kind, DH_RUNAS_DAEMON);
	ck_assert_uint_eq(r.daemon_uid, 101);
	dh_arena_free(f.arena);
	put_file(&f, "start.sh",
		 "#!/bin/sh\ndpkg-reconfigure -f noninteractive slapd\n"
		 "exec slapd -d 0\n");
	expect(&f,
	       "FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT [\"/start.sh\"]\n",
	       DH_RUNAS_DROPS, "dpkg-reconfigure");
	drop_file(&f, "start.sh");
	f.arena = dh_arena_new();
	done(&f);
}
END_TEST

START_TEST(test_runas_root_home_and_parents)
{
	fixture f;
	setup_dir(&f);
	expect(&f,
	       "FROM debian:12\nRUN mkdir -p /root/.aws && echo x > /root/.aws/config\n"
	       "COPY app /app\nCMD [\"/app\"]\n",
	       DH_RUNAS_UNPROVEN, "'/root/.aws'");
	expect(&f,
	       "FROM debian:12\nRUN echo x >>~/.toolrc\nCOPY app /app\nCMD [\"/app\"]\n",
	       DH_RUNAS_UNPROVEN, "'~/.toolrc'");
	expect(&f,
	       "FROM debian:12\nWORKDIR /root/app\nCOPY app .\nCMD [\"./app\"]\n",
	       DH_RUNAS_UNPROVEN, "WORKDIR is in /root");
	/* removing root's cache is not writing there */
	expect(&f,
	       "FROM debian:12\nRUN rm -rf /root/.cache\nCOPY app /app\nCMD [\"/app\"]\n",
	       DH_RUNAS_PROVEN, NULL);
	/* a mode given to the parent alone leaves the folders made in it */
	expect(&f,
	       "FROM debian:12\nRUN mkdir -p /data/config /data/logs && chmod 1777 /data\n"
	       "COPY app /app\nCMD [\"/app\", \"--config\", \"/data/config\"]\n",
	       DH_RUNAS_UNPROVEN, "'/data/config'");
	expect(&f,
	       "FROM debian:12\nRUN mkdir -p /data/config && chmod -R 1777 /data\n"
	       "COPY app /app\nCMD [\"/app\", \"--config\", \"/data/config\"]\n",
	       DH_RUNAS_PROVEN, NULL);
	f.arena = dh_arena_new();
	done(&f);
}
END_TEST

START_TEST(test_runas_home_in_app_source)
{
	fixture f;
	setup_dir(&f);
	put_file(&f, "app.py",
		 "import os\ncache = os.path.expanduser('~/.cache/x')\n"
		 "app.mount('/static')\n");
	dh_runas r;
	check_text(&f, &r,
		   "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py .\n"
		   "CMD [\"python3\", \"app.py\"]\n");
	/* HOME made for the user; "mount" in app code is not mount(8) */
	ck_assert_int_eq(r.kind, DH_RUNAS_PROVEN);
	ck_assert_str_eq(r.home, "/home/app");
	drop_file(&f, "app.py");
	done(&f);
}
END_TEST

static Suite *runas_suite(void)
{
	Suite *s = suite_create("runas");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_runas_skip_wrappers);
	tcase_add_test(tc, test_runas_proven_program);
	tcase_add_test(tc, test_runas_script_in_directory_copy);
	tcase_add_test(tc, test_runas_clean_script_is_proven);
	tcase_add_test(tc, test_runas_unreadable_script);
	tcase_add_test(tc, test_runas_root_by_design);
	tcase_add_test(tc, test_runas_word_boundaries);
	tcase_add_test(tc, test_runas_base_image);
	tcase_add_test(tc, test_runas_daemon_users);
	tcase_add_test(tc, test_runas_writable_paths);
	tcase_add_test(tc, test_runas_stage_naming_itself);
	tcase_add_test(tc, test_runas_development_stages);
	tcase_add_test(tc, test_runas_low_ports);
	tcase_add_test(tc, test_runas_commands_that_build);
	tcase_add_test(tc, test_runas_root_tools_and_daemons);
	tcase_add_test(tc, test_runas_root_home_and_parents);
	tcase_add_test(tc, test_runas_home_in_app_source);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(runas_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
