/* SPDX-License-Identifier: MIT */
#ifndef DH_RUNAS_INTERNAL_H
#define DH_RUNAS_INTERNAL_H

#include <stdbool.h>

#include "dockharden/runas.h"

/*
 * Shared by runas.c (the entrypoint evidence) and runas_paths.c (the
 * paths a new user must be able to write): not part of the public API.
 */

/* w occurs in text as a whole word ("/usr/sbin/sshd" holds "sshd"). */
bool dh__runas_has_word(const char *text, const char *w);

/* The file at rel below the Dockerfile's folder, or NULL (arena-owned;
 * at most 64 KiB read; never run). */
const char *dh__runas_read(dh_pass_ctx *ctx, const char *rel);

/*
 * The writable-path evidence for stage st once its entrypoint needs no
 * root: VOLUMEs, folders made by mkdir that the app writes, files made
 * executable for root only, and HOME for a user without a passwd entry.
 * entry is the CMD/ENTRYPOINT text with any script read for it. Sets out
 * (DH_RUNAS_UNPROVEN with the missing evidence, or out->home) and returns
 * true when it found something; false leaves out as it was.
 */
bool dh__runas_paths(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
		     const char *entry);

/*
 * The command's own evidence (runas_command.c). Each sets out and returns
 * true when it found a reason to keep root: a development stage (st or a
 * stage it builds on is named dev..., debug: DH_RUNAS_BASE_IMAGE, the
 * developer chooses), a command that builds from source when it starts
 * (argv[at] is "dotnet run", "cargo run", ...), a tool with fixed
 * root-owned state (entry names it), a port below 1024 unless the options
 * say the runtime lets a non-root user bind it.
 */
bool dh__runas_dev_stage(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st);
bool dh__runas_from_source(dh_runas *out, dh_pass_ctx *ctx,
			   const char *const *argv, size_t n, size_t at);
bool dh__runas_fixed_state(dh_runas *out, dh_pass_ctx *ctx, const char *entry);
bool dh__runas_low_port(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
			const char *const *argv, size_t n);

#endif
