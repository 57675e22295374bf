#ifndef DH_ACCOUNTS_H
#define DH_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "dockharden/cst.h"
#include "dockharden/model.h"
#include "dockharden/shellcmd.h"

/**
 * The accounts a Dockerfile creates in its RUN steps (useradd, adduser,
 * groupadd, addgroup in their Debian, shadow and BusyBox spellings): the
 * id each is given and the home it gets. Both the USER rewrite and the
 * runtime facts read accounts here, so they agree on every number.
 */
typedef struct dh_account {
	dh_node *run;	     /* the RUN that creates it */
	const dh_shcmd *cmd; /* the creating command, words arena-owned */
	bool has_id;	     /* created with a fixed uid (or gid) */
	uint32_t id;
	const char *home; /* a user's home the command creates, or NULL */
} dh_account;

/** The account name (or group, when group) in a useradd-like command's
 * words, or NULL when cmd creates no account of that kind. */
const char *dh_account_created_name(const dh_shcmd *cmd, bool group);

/** Reads one creating command into out; false when it creates none. */
bool dh_account_read(dh_account *out, dh_arena *arena, dh_node *run,
		     const dh_shcmd *cmd, bool group);

/** Finds the account name (or group) in any stage of model. */
bool dh_account_find(dh_account *out, dh_doc *doc, const dh_model *model,
		     const char *name, bool group);

/** The fixed id of group: a number, or a group made with -g N. */
bool dh_account_group_id(dh_doc *doc, const dh_model *model, const char *group,
			 uint32_t *gid);

/** The fixed primary group of a created user: -g, --gid, -G, --ingroup,
 * or the group of its own name. */
bool dh_account_primary_gid(dh_doc *doc, const dh_model *model,
			    const dh_account *user, const char *name,
			    uint32_t *gid);

/** Parses a decimal id below UINT32_MAX; false for anything else. */
bool dh_account_parse_id(const char *text, uint32_t *out);

#endif
