/* SPDX-License-Identifier: MIT */
/* Accounts a Dockerfile creates: their fixed ids and homes. */
#include "dockharden/accounts.h"

#include <stdlib.h>
#include <string.h>

bool dh_account_parse_id(const char *text, uint32_t *out)
{
	char *end;
	unsigned long n = text && *text ? strtoul(text, &end, 10) : 0;
	if (!text || !*text || *end || n >= UINT32_MAX)
		return false;
	*out = (uint32_t)n;
	return true;
}

static bool is_cmd(const dh_shcmd *c, const char *a, const char *b)
{
	return c->nwords &&
	       (!strcmp(c->words[0], a) || !strcmp(c->words[0], b));
}

/* Options of the creating commands that take a value in the next word. */
static bool takes_value(const char *w)
{
	static const char *const valued[] = {
		"-u",	     "--uid",	"-g",	  "--gid",	"-G",
		"--groups",  "-d",	"--home", "--home-dir", "-h",
		"-s",	     "--shell", "-c",	  "--comment",	"--gecos",
		"--ingroup", "-k",	"-e",	  "-f",		"-K"};
	return dh_sh_word_in(w, valued, sizeof(valued) / sizeof(*valued));
}

const char *dh_account_created_name(const dh_shcmd *cmd, bool group)
{
	if (!is_cmd(cmd, group ? "groupadd" : "useradd",
		    group ? "addgroup" : "adduser"))
		return NULL;
	/* The last word that is not an option or an option's value. */
	const char *name = NULL;
	for (size_t k = 1; k < cmd->nwords; k++) {
		const char *w = cmd->words[k];
		if (w[0] == '-') {
			k += takes_value(w);
			continue;
		}
		name = w;
	}
	return name;
}

/*
 * The home the command creates: useradd only with -m, adduser (Debian's
 * and BusyBox's) unless told not to; -d, --home-dir, --home or BusyBox's
 * -h name it, else /home/NAME.
 */
static const char *created_home(const dh_shcmd *c, const char *name,
				dh_arena *arena)
{
	bool adduser = !strcmp(c->words[0], "adduser");
	bool creates =
		adduser ? !dh_sh_has(c, "--no-create-home") &&
				  !dh_sh_has(c, "-H")
			: dh_sh_has(c, "-m") || dh_sh_has(c, "--create-home");
	if (!creates)
		return NULL;
	static const char *const opts[] = {"-d", "--home-dir", "--home"};
	for (size_t k = 0; k < sizeof(opts) / sizeof(*opts); k++) {
		const char *v = dh_sh_option(c, opts[k]);
		if (v && v[0] == '/')
			return v;
	}
	const char *h = adduser ? dh_sh_option(c, "-h") : NULL;
	if (h && h[0] == '/')
		return h;
	return dh_arena_printf(arena, "/home/%s", name);
}

bool dh_account_read(dh_account *out, dh_arena *arena, dh_node *run,
		     const dh_shcmd *cmd, bool group)
{
	const char *name = dh_account_created_name(cmd, group);
	if (!name)
		return false;
	*out = (dh_account){.run = run, .cmd = cmd};
	const char *v = dh_sh_option(cmd, group ? "-g" : "-u");
	if (!v)
		v = dh_sh_option(cmd, group ? "--gid" : "--uid");
	out->has_id = dh_account_parse_id(v, &out->id);
	if (!group)
		out->home = created_home(cmd, name, arena);
	return true;
}

bool dh_account_find(dh_account *out, dh_doc *doc, const dh_model *model,
		     const char *name, bool group)
{
	for (size_t i = 0; i < model->nstages; i++) {
		const dh_stage *st = &model->stages[i];
		for (dh_node *n = dh_stage_next(doc, st, NULL); n;
		     n = dh_stage_next(doc, st, n)) {
			const dh_instr *in = dh_node_instr(doc, n);
			if (in->kind != DH_INSTR_RUN)
				continue;
			dh_shcmd *cmds;
			size_t nc = dh_sh_split(&cmds, doc->arena, in->rest);
			for (size_t c = 0; c < nc; c++) {
				const char *cn = dh_account_created_name(
					&cmds[c], group);
				if (!cn || strcmp(cn, name) != 0)
					continue;
				return dh_account_read(out, doc->arena, n,
						       &cmds[c], group);
			}
		}
	}
	return false;
}

bool dh_account_group_id(dh_doc *doc, const dh_model *model, const char *group,
			 uint32_t *gid)
{
	if (dh_account_parse_id(group, gid))
		return true;
	dh_account grp;
	if (!dh_account_find(&grp, doc, model, group, true) || !grp.has_id)
		return false;
	*gid = grp.id;
	return true;
}

bool dh_account_primary_gid(dh_doc *doc, const dh_model *model,
			    const dh_account *user, const char *name,
			    uint32_t *gid)
{
	static const char *const opts[] = {"-g", "--gid", "-G", "--ingroup"};
	const char *g = NULL;
	for (size_t k = 0; !g && k < sizeof(opts) / sizeof(opts[0]); k++)
		g = dh_sh_option(user->cmd, opts[k]);
	return dh_account_group_id(doc, model, g ? g : name, gid);
}
