/* SPDX-License-Identifier: MIT */
/*
 * publishDiagnostics: lint's findings, placed as lint places them (the
 * same spans SARIF reports), with severity, rule code, the link to the
 * rule's section, and the hint. The changes harden makes are its notes:
 * information, each with the fix it made.
 */
#include "analysis_internal.h"

#include <string.h>

#include "dockharden/buf.h"

static int severity(dh_severity sev)
{
	switch (sev) {
	case DH_SEV_ERROR:
		return DH__LSP_SEV_ERROR;
	case DH_SEV_WARNING:
		return DH__LSP_SEV_WARNING;
	default:
		return DH__LSP_SEV_INFORMATION;
	}
}

/* message, then the hint on its own line (as SARIF's text); a finding
 * in another file (a script it read) names its place first. */
static json_t *message(const dh_diag *d, bool own)
{
	dh_buf text = DH_BUF_INIT;
	if (!own && d->src) {
		uint32_t line, col;
		dh_source_locate(d->src, d->span.start, &line, &col);
		dh_buf_printf(&text, "%s:%u:%u: ", d->src->path, line, col);
	}
	dh_buf_puts(&text, d->message);
	if (d->hint)
		dh_buf_printf(&text, "\nhint: %s", d->hint);
	json_t *j = dh__lsp_json_text(text.data, text.len);
	dh_buf_free(&text);
	return j;
}

static json_t *diagnostic(const dh__lsp_analysis *a, const dh_diag *d,
			  size_t start, size_t end, bool own)
{
	json_t *j = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range",
			      dh__lsp_range(a, start, end), "severity",
			      severity(d->severity), "code", d->code, "source",
			      "dockharden", "message", message(d, own));
	json_t *href = dh__lsp_rule_href(d->code);
	if (href)
		json_object_set_new(j, "codeDescription",
				    json_pack("{s:o}", "href", href));
	return j;
}

json_t *dh__lsp_diagnostic(const dh__lsp_analysis *a, const dh__rfix *x)
{
	if (!x->own) /* its span is in another file: the top of this one */
		return diagnostic(a, x->diag, 0, 0, false);
	return diagnostic(a, x->diag, x->start, x->end, true);
}

json_t *dh__lsp_diagnostics(const dh__lsp_analysis *a)
{
	json_t *out = json_array();
	/* A configuration lint cannot use stops it before any finding. */
	for (const dh_diag *d = a->config_errors.first; d; d = d->next)
		json_array_append_new(out, diagnostic(a, d, 0, 0, false));
	for (size_t i = 0; i < a->nfixes; i++)
		if (a->fixes[i].diag)
			json_array_append_new(
				out, dh__lsp_diagnostic(a, &a->fixes[i]));
	return out;
}
