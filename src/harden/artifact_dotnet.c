/* SPDX-License-Identifier: MIT */
/*
 * .NET: `dotnet publish -o DIR` writes the app to DIR. Without -o it
 * writes to the project's bin/CONFIG/TFM/publish (bin/CONFIG/TFM/RID/
 * publish with a runtime identifier); the target framework and RID live
 * in the project file, so that folder counts only when the image starts
 * `dotnet X.dll` from it: the folder exists because publish made it, and
 * its CONFIG (and TFM, RID when given as -c, -f, -r) must match.
 */
#include <string.h>

#include "artifact_internal.h"

static const char *opt2(const dh_shcmd *c, const char *s, const char *l)
{
	const char *v = dh_sh_option(c, s);
	return v ? v : dh_sh_option(c, l);
}

/* The project folder: wd, or the folder (or the .csproj's folder) given
 * as the first word that is not an option; NULL when it is unread. */
static const char *project_dir(dh__finder *f, const dh_shcmd *c, const char *wd)
{
	static const char *const valued[] = {
		"-c", "--configuration", "-f",	 "--framework",
		"-r", "--runtime",	 "-o",	 "--output",
		"-p", "--property",	 "-v",	 "--verbosity",
		"-a", "--arch",		 "--os", NULL,
	};
	for (size_t i = 2; i < c->nwords; i++) {
		const char *w = c->words[i];
		if (w[0] == '-') {
			bool takes = !strchr(w, '=') && !strchr(w, ':');
			for (const char *const *v = valued; takes && *v; v++)
				if (!strcmp(w, *v))
					i++;
			continue;
		}
		if (strpbrk(w, "$*?"))
			return NULL;
		const char *p = dh_path_join(f->ctx->doc->arena, wd, w);
		size_t n = strlen(p);
		bool file = n > 7 && (!strcmp(p + n - 7, ".csproj") ||
				      !strcmp(p + n - 7, ".fsproj"));
		if (n > 4 && !strcmp(p + n - 4, ".sln"))
			return NULL;
		return file ? dh_path_join(f->ctx->doc->arena, p, "..") : p;
	}
	return wd;
}

/* Segment i of path (after bin/), borrowed into the arena. */
static const char *seg(dh__finder *f, const char *s, const char **next)
{
	size_t n = strcspn(s, "/");
	*next = s[n] ? s + n + 1 : s + n;
	return dh_arena_strndup(f->ctx->doc->arena, s, n);
}

static bool same_or_unset(const char *want, const char *got)
{
	return !want || !strcmp(want, got);
}

/* The publish folder the started dll is in, or NULL. */
static const char *publish_dir(dh__finder *f, const dh_shcmd *c,
			       const char *proj, const char *dll)
{
	const char *bin = dh_path_join(f->ctx->doc->arena, proj, "bin");
	size_t bl = strlen(bin);
	if (strncmp(dll, bin, bl) || dll[bl] != '/')
		return NULL;
	const char *rest = dll + bl + 1, *p;
	const char *conf = seg(f, rest, &p);
	const char *tfm = seg(f, p, &p);
	const char *rid = seg(f, p, &p);
	if (strcmp(rid, "publish")) {
		if (!same_or_unset(opt2(c, "-r", "--runtime"), rid) ||
		    strcmp(seg(f, p, &p), "publish"))
			return NULL;
	} else if (opt2(c, "-r", "--runtime")) {
		return NULL;
	}
	const char *want = opt2(c, "-c", "--configuration");
	if (!*p || strchr(p, '/') || strncmp(tfm, "net", 3) ||
	    !same_or_unset(opt2(c, "-f", "--framework"), tfm) ||
	    (want ? strcmp(want, conf)
		  : strcmp(conf, "Release") && strcmp(conf, "Debug")))
		return NULL;
	return dh_arena_strndup(f->ctx->doc->arena, dll, (size_t)(p - 1 - dll));
}

void dh__art_try_dotnet(dh__finder *f, const dh_shcmd *c, dh_node *n,
			const char *wd)
{
	if (c->nwords < 2 || strcmp(c->words[0], "dotnet") ||
	    (strcmp(c->words[1], "publish") && strcmp(c->words[1], "build")))
		return;
	if (f->argc >= 2 && !strcmp(dh__art_base_name(f->argv[0]), "dotnet") &&
	    !strcmp(f->argv[1], "run")) {
		/* dotnet run also applies Properties/launchSettings.json's
		 * first profile: its URLs and ASPNETCORE_ENVIRONMENT. */
		dh__art_set_none(
			f->out,
			"the image starts with 'dotnet run', which "
			"builds again and applies the launch profile "
			"(its URLs and environment), so a published "
			"dll would not start the same way",
			"RUN dotnet publish -c Release -o /app/publish\n"
			"FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"
			"COPY --from=build /app/publish /app\n"
			"WORKDIR /app\nENV ASPNETCORE_URLS=http://+:5000"
			"\nENTRYPOINT [\"dotnet\", \"App.dll\"]");
		return;
	}
	if (strcmp(c->words[1], "publish"))
		return;
	const char *o = opt2(c, "-o", "--output");
	if (f->argc < 2 || strcmp(dh__art_base_name(f->argv[0]), "dotnet")) {
		dh__art_set_none(f->out,
				 "the image is not started with "
				 "'dotnet APP.dll'",
				 NULL);
		return;
	}
	const char *dll =
		dh_path_join(f->ctx->doc->arena, f->out->workdir, f->argv[1]);
	const char *dir = o ? dh_path_join(f->ctx->doc->arena, wd, o) : NULL;
	const char *proj = o ? NULL : project_dir(f, c, wd);
	if (proj)
		dir = publish_dir(f, c, proj, dll);
	size_t dl = dir ? strlen(dir) : 0;
	if (!dir || strncmp(dll, dir, dl) != 0 || dll[dl] != '/') {
		dh__art_set_none(
			f->out,
			o ? "the started dll is not in the publish folder"
			  : "'dotnet publish' has no '-o', and the started dll "
			    "is not in the project's bin/CONFIG/TFM/publish",
			"RUN dotnet publish -c Release -o /app/publish\n"
			"FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"
			"COPY --from=build /app/publish /app\n"
			"WORKDIR /app\nENTRYPOINT [\"dotnet\", \"App.dll\"]");
		return;
	}
	f->out->kind = DH_ART_DOTNET;
	f->out->path = dir;
	f->out->is_dir = true;
	f->out->step = n;
}
