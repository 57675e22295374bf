/* SPDX-License-Identifier: MIT */
/*
 * Migration output: each file's Markdown report section and JSON object
 * (made by the worker that handled the file), and the summary table, the
 * JSON lines and the report assembled from them in path order.
 */
#include "migrate_internal.h"

#include <signal.h>
#include <string.h>

#include "dockharden/dump.h"
#include "dockharden/pass.h"

const char *dh__mig_kind_name(dh__mig_kind kind)
{
	switch (kind) {
	case DH__MIG_DOCKERFILE:
		return "dockerfile";
	case DH__MIG_K8S:
		return "kubernetes";
	case DH__MIG_COMPOSE:
		return "compose";
	case DH__MIG_SKAFFOLD:
		return "skaffold";
	case DH__MIG_OTHER:
		break;
	}
	return "yaml";
}

static const char *status_name(const dh__mig_file *f, bool dry_run)
{
	switch (f->status) {
	case DH__MIG_CHANGED:
		return f->written ? "written"
		       : dry_run  ? "would-change"
				  : "changed";
	case DH__MIG_ERROR:
		return "error";
	case DH__MIG_INTERRUPTED:
		return "interrupted";
	case DH__MIG_UNCHANGED:
		break;
	}
	return "unchanged";
}

/* The status in JSON and the report: the same with or without --dry-run. */
static const char *status_word(const dh__mig_file *f)
{
	return f->status == DH__MIG_ERROR	  ? "error"
	       : f->status == DH__MIG_CHANGED	  ? "changed"
	       : f->status == DH__MIG_INTERRUPTED ? "interrupted"
						  : "unchanged";
}

/* The name of a signal that stops a run. */
static const char *signal_name(int signo)
{
	return signo == SIGINT	  ? "SIGINT"
	       : signo == SIGTERM ? "SIGTERM"
	       : signo == SIGHUP  ? "SIGHUP"
				  : "a signal";
}

bool dh__mig_is_followup(const dh_diag *d)
{
	if (d->severity != DH_SEV_NOTE)
		return true;
	/* Notes of rules that explain why they did nothing. */
	return strcmp(d->code, "DH100") == 0 || strcmp(d->code, "DH111") == 0 ||
	       strcmp(d->code, "DH112") == 0 ||
	       (strcmp(d->code, "DH101") == 0 &&
		strncmp(d->message, "single stage left", 17) == 0);
}

/* Which group a diagnostic falls in. */
typedef enum group {
	GROUP_ERROR,
	GROUP_CHANGE,
	GROUP_FOLLOWUP,
	GROUP_NONE,
} group;

static group group_of(const dh__mig_diags *set, const dh_diag *d)
{
	if (d->severity == DH_SEV_ERROR)
		return GROUP_ERROR;
	if (d->severity == DH_SEV_WARNING)
		return set->warnings ? GROUP_FOLLOWUP : GROUP_NONE;
	if (!set->notes)
		return GROUP_NONE;
	return dh__mig_is_followup(d) ? GROUP_FOLLOWUP : GROUP_CHANGE;
}

/* ---- JSON ---- */

static void json_key_str(dh_buf *out, const char *key, const char *v)
{
	dh_buf_printf(out, "\"%s\":", key);
	dh_quote_json(out, v, strlen(v));
}

static void json_diag(dh_buf *out, const dh_diag *d, group g)
{
	uint32_t line;
	uint32_t col;
	dh_source_locate(d->src, d->span.start, &line, &col);
	dh_buf_putc(out, '{');
	json_key_str(out, g == GROUP_ERROR ? "code" : "rule", d->code);
	if (g == GROUP_FOLLOWUP)
		dh_buf_printf(out, ",\"severity\":\"%s\"",
			      dh_severity_name(d->severity));
	dh_buf_printf(out, ",\"line\":%lu,\"column\":%lu,", (unsigned long)line,
		      (unsigned long)col);
	json_key_str(out, "message", d->message);
	if (d->hint) {
		dh_buf_putc(out, ',');
		json_key_str(out, "hint", d->hint);
	}
	dh_buf_putc(out, '}');
}

static size_t json_group(dh_buf *out, const dh__mig_diags *sets, size_t nsets,
			 group g)
{
	size_t n = 0;
	for (size_t s = 0; s < nsets; s++)
		for (const dh_diag *d = sets[s].list->first; d; d = d->next) {
			if (group_of(&sets[s], d) != g)
				continue;
			if (n++)
				dh_buf_putc(out, ',');
			json_diag(out, d, g);
		}
	return n;
}

/* The part of the file's JSON object after path, kind and status. */
static void json_body(dh__mig_file *f, const dh__mig_file *files,
		      const dh__mig_diags *sets, size_t nsets,
		      const char *error)
{
	dh_buf *o = &f->json;
	dh_buf_puts(o, ",\"changes\":[");
	f->changes = json_group(o, sets, nsets, GROUP_CHANGE);
	dh_buf_puts(o, "],\"followups\":[");
	f->followups = json_group(o, sets, nsets, GROUP_FOLLOWUP);
	for (size_t i = 0; i < f->nunpaired; i++) {
		dh_buf_puts(o, f->followups++ ? ",{" : "{");
		json_key_str(o, "rule", "pairing");
		dh_buf_puts(o, ",\"severity\":\"note\",");
		json_key_str(o, "message", f->unpaired[i]);
		dh_buf_putc(o, '}');
	}
	dh_buf_puts(o, "],\"errors\":[");
	size_t nerr = json_group(o, sets, nsets, GROUP_ERROR);
	if (error) {
		dh_buf_puts(o, nerr ? ",{" : "{");
		json_key_str(o, "code", "io");
		dh_buf_putc(o, ',');
		json_key_str(o, "message", error);
		dh_buf_putc(o, '}');
	}
	dh_buf_puts(o, "],\"pairs\":[");
	for (size_t i = 0; i < f->npairs; i++) {
		dh_buf_puts(o, i ? ",{" : "{");
		json_key_str(o, "container", f->pairs[i].container);
		dh_buf_putc(o, ',');
		json_key_str(o, "dockerfile",
			     files[f->pairs[i].dockerfile].path);
		dh_buf_putc(o, ',');
		json_key_str(o, "via", f->pairs[i].via);
		dh_buf_putc(o, '}');
	}
	dh_buf_puts(o, "]}\n");
}

/* ---- Markdown ---- */

static void md_hint(dh_buf *out, const char *hint)
{
	const char *nl = strchr(hint, '\n');
	if (!nl) {
		dh_buf_printf(out, "  Hint: %s\n", hint);
		return;
	}
	dh_buf_printf(out, "  Hint: %.*s\n\n  ```\n", (int)(nl - hint), hint);
	for (const char *p = nl + 1; *p;) {
		size_t len = strcspn(p, "\n");
		dh_buf_printf(out, "  %.*s\n", (int)len, p);
		p += len;
		if (*p)
			p++;
	}
	dh_buf_puts(out, "  ```\n");
}

static void md_diag(dh_buf *out, const dh_diag *d, group g)
{
	uint32_t line;
	uint32_t col;
	dh_source_locate(d->src, d->span.start, &line, &col);
	dh_buf_printf(out, "- **%s**%s, line %lu: %s\n", d->code,
		      g == GROUP_FOLLOWUP && d->severity == DH_SEV_WARNING
			      ? " (warning)"
			      : "",
		      (unsigned long)line, d->message);
	const char *why = dh_rule_rationale(d->code);
	if (why && g == GROUP_CHANGE)
		dh_buf_printf(out, "  Why: %s.\n", why);
	if (d->hint)
		md_hint(out, d->hint);
}

static void md_group(dh_buf *out, const dh__mig_diags *sets, size_t nsets,
		     group g, const char *title)
{
	bool any = false;
	for (size_t s = 0; s < nsets; s++)
		for (const dh_diag *d = sets[s].list->first; d; d = d->next) {
			if (group_of(&sets[s], d) != g)
				continue;
			if (!any)
				dh_buf_printf(out, "\n%s:\n\n", title);
			any = true;
			md_diag(out, d, g);
		}
}

static void md_errors(dh_buf *out, const dh__mig_diags *sets, size_t nsets,
		      const char *error)
{
	bool any = error != NULL;
	for (size_t s = 0; s < nsets && !any; s++)
		for (const dh_diag *d = sets[s].list->first; d && !any;
		     d = d->next)
			any = d->severity == DH_SEV_ERROR;
	if (!any)
		return;
	dh_buf_puts(out, "\nErrors (the file was not changed):\n\n```text\n");
	if (error)
		dh_buf_printf(out, "%s\n", error);
	for (size_t s = 0; s < nsets; s++)
		for (const dh_diag *d = sets[s].list->first; d; d = d->next)
			if (d->severity == DH_SEV_ERROR)
				dh_diag_render(out, d, true);
	dh_buf_puts(out, "```\n");
}

/* The file's report section after its heading and status line. */
static void md_body(dh__mig_file *f, const dh__mig_file *files,
		    const dh__mig_diags *sets, size_t nsets, const char *error)
{
	dh_buf *o = &f->md;
	if (!f->changes && !f->followups && f->status != DH__MIG_ERROR)
		return;
	md_errors(o, sets, nsets, error);
	md_group(o, sets, nsets, GROUP_CHANGE, "Changes");
	md_group(o, sets, nsets, GROUP_FOLLOWUP, "Manual follow-ups");
	for (size_t i = 0; i < f->nunpaired; i++)
		dh_buf_printf(o, "%s- %s\n",
			      i == 0 && f->followups == f->nunpaired
				      ? "\nManual follow-ups:\n\n"
				      : "",
			      f->unpaired[i]);
	for (size_t i = 0; i < f->npairs; i++)
		dh_buf_printf(o, "%s- container `%s`: facts from `%s` (%s)\n",
			      i ? "" : "\nPaired:\n\n", f->pairs[i].container,
			      files[f->pairs[i].dockerfile].path,
			      f->pairs[i].via);
}

void dh__mig_render(dh__mig_file *f, const dh__mig_file *files,
		    const dh__mig_diags *sets, size_t nsets, const char *error)
{
	f->reported = true;
	json_body(f, files, sets, nsets, error);
	md_body(f, files, sets, nsets, error);
}

/* ---- the whole run ---- */

static void json_line(dh_buf *out, const dh__mig_file *f)
{
	dh_buf_putc(out, '{');
	json_key_str(out, "path", f->path);
	dh_buf_printf(out, ",\"kind\":\"%s\",\"status\":\"%s\",\"written\":%s",
		      dh__mig_kind_name(f->kind), status_word(f),
		      f->written ? "true" : "false");
	if (f->write_error) {
		dh_buf_putc(out, ',');
		json_key_str(out, "write_error", f->write_error);
	}
	dh_buf_put(out, f->json.data, f->json.len);
}

void dh__mig_summary(dh_buf *out, const dh__mig_file *files, size_t n,
		     const dh_migrate_totals *t, bool json, bool dry_run)
{
	for (size_t i = 0; json && i < n; i++)
		if (files[i].reported)
			json_line(out, &files[i]);
	if (json)
		return;
	dh_buf_printf(out, "%-12s %-10s %7s %10s  %s\n", "STATUS", "KIND",
		      "CHANGES", "FOLLOW-UPS", "PATH");
	for (size_t i = 0; i < n; i++) {
		const dh__mig_file *f = &files[i];
		if (!f->reported)
			continue;
		dh_buf_printf(out, "%-12s %-10s %7zu %10zu  %s\n",
			      status_name(f, dry_run),
			      dh__mig_kind_name(f->kind), f->changes,
			      f->followups, f->path);
	}
	dh_buf_printf(out,
		      "%zu files (%zu Dockerfiles, %zu manifests): %zu "
		      "changed, %zu unchanged, %zu errors, %zu follow-ups, "
		      "%zu written, %zu containers paired%s\n",
		      t->files, t->dockerfiles, t->manifests, t->changed,
		      t->unchanged, t->errors, t->findings, t->written,
		      t->paired, dry_run ? " (dry run: nothing written)" : "");
	if (t->signal)
		dh_buf_printf(out,
			      "interrupted by %s: %zu files not done and left "
			      "as they were; run migrate again to finish\n",
			      signal_name(t->signal), t->interrupted);
}

void dh__mig_report(dh_buf *out, const dh__mig_file *files, size_t n,
		    const dh_migrate_totals *t, const char *root, bool dry_run)
{
	dh_buf_printf(out, "# dockharden migration report\n\nRoot: `%s`%s\n\n",
		      root, dry_run ? " (dry run: nothing was written)" : "");
	dh_buf_puts(out, "| files | Dockerfiles | manifests | changed | "
			 "unchanged | errors | follow-ups | written | "
			 "paired |\n|---:|---:|---:|---:|---:|---:|---:|---:|"
			 "---:|\n");
	dh_buf_printf(out,
		      "| %zu | %zu | %zu | %zu | %zu | %zu | %zu | %zu | "
		      "%zu |\n",
		      t->files, t->dockerfiles, t->manifests, t->changed,
		      t->unchanged, t->errors, t->findings, t->written,
		      t->paired);
	if (t->signal)
		dh_buf_printf(
			out,
			"\n**Interrupted by %s**: %zu files were not done "
			"and are as they were; every other file is either "
			"written whole or untouched. Run `dockharden "
			"migrate` again to finish.\n",
			signal_name(t->signal), t->interrupted);
	if (t->stale)
		dh_buf_printf(out,
			      "\n%s %zu stale temporary file%s of an "
			      "interrupted run.\n",
			      dry_run ? "Found (not removed)" : "Removed",
			      t->stale, t->stale == 1 ? "" : "s");
	size_t quiet = 0;
	for (size_t i = 0; i < n; i++) {
		const dh__mig_file *f = &files[i];
		if (!f->reported)
			continue;
		if (!f->md.len && f->status != DH__MIG_ERROR &&
		    f->status != DH__MIG_INTERRUPTED) {
			quiet++;
			continue;
		}
		dh_buf_printf(out, "\n## `%s`\n\n%s, %s%s.\n", f->path,
			      dh__mig_kind_name(f->kind), status_word(f),
			      f->written ? ", written" : "");
		if (f->write_error)
			dh_buf_printf(out, "\nNot written: %s\n",
				      f->write_error);
		dh_buf_put(out, f->md.data, f->md.len);
	}
	if (quiet)
		dh_buf_printf(out, "\n%zu other file%s needed nothing.\n",
			      quiet, quiet == 1 ? "" : "s");
}
