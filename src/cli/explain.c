/* SPDX-License-Identifier: MIT */
/*
 * The words behind two exit statuses: why a command refuses a file of the
 * wrong kind (exit 2, so fmt -w never flattens a manifest) and why a file
 * fails --check (exit 1, so a pre-commit hook names file and reason).
 */
#include "explain_internal.h"

#include <string.h>

#include "dockharden/sniff.h"

static bool wants_dockerfile(const char *command)
{
	return !strcmp(command, "harden") || !strcmp(command, "fmt") ||
	       !strcmp(command, "k8s") || !strcmp(command, "docker-run") ||
	       !strcmp(command, "lint");
}

/* patch hardens these; naming it helps whoever passed one to harden. */
static bool patchable(dh_input_kind kind)
{
	return kind == DH_INPUT_K8S || kind == DH_INPUT_COMPOSE;
}

const char *dh__cli_refusal(dh_arena *arena, const char *command,
			    const dh_source *src, const char *name)
{
	if (!strcmp(command, "patch")) {
		if (!dh_sniff_is_dockerfile(src, name))
			return NULL;
		return "not a Kubernetes manifest or compose file (looks like "
		       "a Dockerfile: use 'dockharden harden')";
	}
	if (!wants_dockerfile(command) || dh_sniff_is_dockerfile(src, name))
		return NULL;
	dh_input_kind kind = dh_sniff(src, name);
	if (!strcmp(command, "lint") && patchable(kind))
		return NULL;
	return dh_arena_printf(arena, "not a Dockerfile (looks like %s%s)",
			       dh_sniff_describe(kind),
			       patchable(kind) ? ": use 'dockharden patch'"
					       : "");
}

static bool is_rule(const char *code)
{
	return code && strlen(code) > 2 && !strncmp(code, "DH", 2) &&
	       strspn(code + 2, "0123456789") == strlen(code + 2);
}

/* Rule IDs explain changes; other codes count when they are findings. */
static bool is_reason(const dh_diag *d)
{
	if (is_rule(d->code))
		return true;
	return d->code && d->severity != DH_SEV_NOTE &&
	       strcmp(d->code, "no-instructions");
}

/* True when code is among the rule IDs of diags before stop. */
static bool seen_before(const dh_diags *diags, const dh_diag *stop,
			const char *code)
{
	for (const dh_diag *d = diags->first; d != stop; d = d->next)
		if (d->code && !strcmp(d->code, code))
			return true;
	return false;
}

void dh__cli_check_line(dh_buf *out, const char *command, const char *path,
			const dh_diags *diags, bool changed)
{
	if (!strcmp(command, "fmt") && changed) {
		dh_buf_printf(out, "%s: would reformat\n", path);
		return;
	}
	dh_buf_printf(out, "%s: %s", path,
		      changed ? "would change" : "has findings");
	const char *sep = " (";
	for (const dh_diag *d = diags ? diags->first : NULL; d; d = d->next) {
		if (!is_reason(d) || seen_before(diags, d, d->code))
			continue;
		dh_buf_printf(out, "%s%s", sep, d->code);
		sep = ", ";
	}
	dh_buf_printf(out, "%s\n", strcmp(sep, ", ") ? "" : ")");
}

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool dh__cli_is_dns_label(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 63 || !lower_alnum(name[0]) ||
	    !lower_alnum(name[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!lower_alnum(name[i]) && name[i] != '-')
			return false;
	return true;
}
