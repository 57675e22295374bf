/* SPDX-License-Identifier: MIT */
/*
 * Unknown instructions: BuildKit's parser reads any word as an instruction
 * (its dumps, which ours match, print "runn"), but dispatching rejects the
 * file. Commands that promise a buildable result report them as errors.
 */
#include "dockharden/parse.h"

#include "dockharden/diag.h"

size_t dh_doc_check_instructions(dh_diags *out, dh_doc *doc)
{
	size_t n = 0;
	for (dh_node *it = dh_doc_next_instruction(doc, NULL); it;
	     it = dh_doc_next_instruction(doc, it)) {
		const dh_instr *in = dh_node_instr(doc, it);
		if (!in || in->kind != DH_INSTR_UNKNOWN)
			continue;
		dh_span at = in->keyword_raw;
		if (at.end <= at.start)
			at = it->span;
		dh_diag *d = dh_diag_add(out, DH_SEV_ERROR,
					 "unknown-instruction", doc->src, at,
					 "unknown instruction '%s': docker "
					 "build rejects the file",
					 in->keyword);
		d->hint = "the instructions are FROM, RUN, CMD, LABEL, EXPOSE, "
			  "ENV, ADD, COPY, ENTRYPOINT, VOLUME, USER, WORKDIR, "
			  "ARG, ONBUILD, STOPSIGNAL, HEALTHCHECK, SHELL and "
			  "MAINTAINER";
		n++;
	}
	return n;
}
