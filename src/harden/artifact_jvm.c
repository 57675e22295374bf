/* SPDX-License-Identifier: MIT */
/*
 * Java: `mvn package` writes its jar under target/, `gradle build` (or
 * bootJar, jar, shadowJar) under build/libs/. The jar counts when the
 * image runs `java -jar` on a named file there, or on the file a later
 * `cp` or `mv` of one jar from there made (`cp target/app-*.jar app.jar`: a
 * copy to a file name only succeeds for a single jar, so the build that
 * worked proves it). A jar made by the JDK's own `jar` tool (after javac)
 * counts when `java -jar` runs that very file.
 */
#include <string.h>

#include "artifact_internal.h"

/* The destination of `cp|mv [-f|-v] SRC DEST` when SRC is one jar of
 * dir (a name or a glob) and DEST a file; wd is the RUN's folder. */
static const char *copy_dest(dh__finder *f, const dh_shcmd *c, const char *dir,
			     const char *wd)
{
	static const char *const cp[] = {"cp", "mv", NULL};
	if (!c->nwords || !dh__art_word_is(c->words[0], cp))
		return NULL;
	size_t i = 1;
	while (i < c->nwords && c->words[i][0] == '-' &&
	       strspn(c->words[i] + 1, "fvp") == strlen(c->words[i] + 1))
		i++;
	if (c->nwords - i != 2)
		return NULL;
	const char *src = dh_path_join(f->ctx->doc->arena, wd, c->words[i]);
	const char *dest = c->words[i + 1];
	size_t dl = strlen(dir), sl = strlen(src), tl = strlen(dest);
	if (strncmp(src, dir, dl) || src[dl] != '/' ||
	    strchr(src + dl + 1, '/') || sl < 4 ||
	    strcmp(src + sl - 4, ".jar") || !tl || dest[tl - 1] == '/' ||
	    !strcmp(dest, ".") || strpbrk(dest, "*?[$"))
		return NULL;
	return dh_path_join(f->ctx->doc->arena, wd, dest);
}

/* The last jar copied out of dir by a RUN from step on, or NULL. */
static const char *moved_jar(dh__finder *f, const dh_node *step,
			     const char *dir)
{
	const char *wd = "/", *dest = NULL;
	bool after = false;
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		after = after || n == step;
		wd = dh__art_next_workdir(f->ctx, f->st, n, in, wd);
		if (!after || in->kind != DH_INSTR_RUN || in->json ||
		    !in->nargs)
			continue;
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, f->ctx->doc->arena, in->rest);
		for (size_t i = 0; i < nc; i++) {
			const char *d = copy_dest(f, &cmds[i], dir, wd);
			dest = d ? d : dest;
		}
	}
	return dest;
}

/* java [options] -jar JAR: returns the index of JAR in argv, or 0. */
static size_t jar_index(const dh__finder *f)
{
	static const char *const java[] = {"java", NULL};
	if (f->argc < 3 || !dh__art_word_is(f->argv[0], java))
		return 0;
	for (size_t i = 1; i + 1 < f->argc; i++)
		if (strcmp(f->argv[i], "-jar") == 0)
			return i + 1;
	return 0;
}

/* The file `jar` creates: `--file=F`, `--file F`, `-f F`, or the
 * traditional letter cluster (`cf F`, `cvfe F Main`, `-cmf M F`), whose
 * f, e and m take their arguments in the order the letters come. NULL
 * when the command does not create a jar or names no file. */
static const char *jar_output(const dh_shcmd *c)
{
	static const char *const jar[] = {"jar", NULL};
	if (c->nwords < 3 || !dh__art_word_is(c->words[0], jar))
		return NULL;
	const char *w = c->words[1];
	if (w[0] == '-' && w[1] == '-') {
		bool create = false;
		const char *file = NULL;
		for (size_t i = 1; i < c->nwords; i++) {
			const char *a = c->words[i];
			create = create || !strcmp(a, "--create") ||
				 !strcmp(a, "-c");
			if (!strncmp(a, "--file=", 7))
				file = a + 7;
			else if ((!strcmp(a, "--file") || !strcmp(a, "-f")) &&
				 i + 1 < c->nwords)
				file = c->words[i + 1];
		}
		return create ? file : NULL;
	}
	w += w[0] == '-';
	if (!strchr(w, 'c') || !strchr(w, 'f') ||
	    strspn(w, "cvf0eMm") != strlen(w))
		return NULL;
	size_t arg = 2;
	for (; *w; w++) {
		if (*w == 'f')
			return arg < c->nwords ? c->words[arg] : NULL;
		arg += *w == 'e' || *w == 'm';
	}
	return NULL;
}

/* `jar` after javac: the jar when the image runs `java -jar` on it. */
static void try_jar_tool(dh__finder *f, const dh_shcmd *c, dh_node *n,
			 const char *wd)
{
	const char *out = jar_output(c);
	size_t j = jar_index(f);
	if (!out || !j || strpbrk(out, "*?[$") || strlen(out) < 5 ||
	    strcmp(out + strlen(out) - 4, ".jar"))
		return;
	const char *made = dh_path_join(f->ctx->doc->arena, wd, out);
	const char *run =
		dh_path_join(f->ctx->doc->arena, f->out->workdir, f->argv[j]);
	if (strcmp(made, run) != 0)
		return;
	f->out->kind = DH_ART_JAR;
	f->out->path = made;
	f->out->step = n;
}

void dh__art_try_java(dh__finder *f, const dh_shcmd *c, dh_node *n,
		      const char *wd)
{
	static const char *const mvn[] = {"mvn", "mvnw", NULL};
	static const char *const gradle[] = {"gradle", "gradlew", NULL};
	const char *dir;
	if (!c->nwords)
		return;
	try_jar_tool(f, c, n, wd);
	if (dh__art_word_is(c->words[0], mvn) &&
	    (dh_sh_has(c, "package") || dh_sh_has(c, "install") ||
	     dh_sh_has(c, "verify")))
		dir = "target";
	else if (dh__art_word_is(c->words[0], gradle) &&
		 (dh_sh_has(c, "build") || dh_sh_has(c, "bootJar") ||
		  dh_sh_has(c, "assemble") || dh_sh_has(c, "jar") ||
		  dh_sh_has(c, "shadowJar")))
		dir = "build/libs";
	else
		return;
	dir = dh_path_join(f->ctx->doc->arena, wd, dir);
	size_t j = jar_index(f);
	const char *jar = j ? dh_path_join(f->ctx->doc->arena, f->out->workdir,
					   f->argv[j])
			    : NULL;
	if (j > 2 && !dh_stage_last(f->ctx, f->st, DH_INSTR_ENTRYPOINT)) {
		/* distroless java's ENTRYPOINT is `java -jar`: a CMD's JVM
		 * options would land after -jar. */
		dh__art_set_none(f->out,
				 "the CMD passes JVM options before '-jar', "
				 "which a runtime whose ENTRYPOINT is "
				 "'java -jar' would take as the jar",
				 "ENTRYPOINT [\"java\", \"-Xms256m\", "
				 "\"-jar\", \"/app/app.jar\"]   (or the "
				 "options in JAVA_TOOL_OPTIONS)");
		return;
	}
	const char *moved = jar ? moved_jar(f, n, dir) : NULL;
	if (moved && !strcmp(jar, moved)) {
		f->out->kind = DH_ART_JAR;
		f->out->path = jar;
		f->out->step = n;
		return;
	}
	size_t dl = strlen(dir);
	if (!jar || strncmp(jar, dir, dl) != 0 || jar[dl] != '/' ||
	    strpbrk(jar, "*?[")) {
		dh__art_set_none(
			f->out,
			"the CMD/ENTRYPOINT does not run 'java -jar' on "
			"a named jar from the build output (or one "
			"copied from it)",
			"FROM gcr.io/distroless/java21-debian12:nonroot\n"
			"COPY --from=build /app/target/app.jar /app/app.jar\n"
			"CMD [\"/app/app.jar\"]");
		return;
	}
	f->out->kind = DH_ART_JAR;
	f->out->path = jar;
	f->out->step = n;
}
