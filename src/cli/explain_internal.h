#ifndef DH_EXPLAIN_INTERNAL_H
#define DH_EXPLAIN_INTERNAL_H

#include <stdbool.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/source.h"

/*
 * Why command refuses src (named name for the sniffer, NULL for unnamed
 * standard input): "not a Dockerfile (looks like a Kubernetes manifest:
 * use 'dockharden patch')", static or arena-owned; NULL when the command
 * takes this kind of file. The caller reports it as a wrong-kind error. fmt, harden, k8s, docker-run and lint want a
 * Dockerfile (lint also takes manifests and compose files); patch refuses
 * only a Dockerfile, so other YAML passes through it untouched.
 */
const char *dh__cli_refusal(dh_arena *arena, const char *command,
			    const dh_source *src, const char *name);

/*
 * The --check line for a file that fails it, appended to out: "PATH: would
 * reformat" when fmt changes it; "PATH: would change (DH105, DH102)" when
 * the text changes, "PATH: has findings (DH108)" when only findings
 * remain, listing in order the distinct rule IDs of diags and the codes of
 * its warnings and errors (diags may be NULL).
 */
void dh__cli_check_line(dh_buf *out, const char *command, const char *path,
			const dh_diags *diags, bool changed);

/*
 * True when name is a DNS-1123 label, the form Kubernetes wants for
 * container names (and compose for service names): 1 to 63 lower-case
 * letters, digits and '-', starting and ending with a letter or digit.
 */
bool dh__cli_is_dns_label(const char *name);

#endif
