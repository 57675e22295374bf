/* SPDX-License-Identifier: MIT */
/*
 * The hunks lint attaches to each finding, handed out as byte edits, so a
 * quick fix in an editor and a SARIF fix of code scanning are one
 * computation: report.c's preparation, read here instead of rendered.
 */
#include "report_edits_internal.h"

#include "report_internal.h"

size_t dh__report_next_owned(const dh__rfile *f, size_t owner, size_t from)
{
	while (from < f->nh && f->owner[from] != owner)
		from++;
	return from;
}

static size_t count_owned(const dh__rfile *f, size_t owner)
{
	size_t n = 0;
	for (size_t h = dh__report_next_owned(f, owner, 0); h < f->nh;
	     h = dh__report_next_owned(f, owner, h + 1))
		n++;
	return n;
}

/* The owner's hunks as edits of the input, in hunk (file) order. */
static void gather(dh__rfix *out, dh_arena *arena, const dh__rfile *f,
		   size_t owner)
{
	out->nedits = count_owned(f, owner);
	if (!out->nedits)
		return;
	out->edits = dh_arena_alloc(arena, sizeof(dh__redit) * out->nedits);
	size_t k = 0;
	for (size_t h = dh__report_next_owned(f, owner, 0); h < f->nh;
	     h = dh__report_next_owned(f, owner, h + 1)) {
		const dh_hunk *hk = &f->hunks[h];
		out->edits[k++] = (dh__redit){.start = hk->old_off,
					      .end = hk->old_off + hk->old_len,
					      .text = f->fixed + hk->new_off,
					      .len = hk->new_len};
	}
}

size_t dh__report_fixes(dh__rfix **out, dh_arena *arena,
			const dh_report_file *file)
{
	dh__rfile f;
	dh__report_prepare(&f, arena, file);
	bool unowned = dh__report_next_owned(&f, DH__REPORT_NONE, 0) < f.nh;
	size_t n = f.nf + unowned;
	*out = NULL;
	if (!n)
		return 0;
	dh__rfix *v = dh_arena_alloc(arena, sizeof(dh__rfix) * n);
	*out = v;
	for (size_t i = 0; i < f.nf; i++) {
		dh__rfix *x = &v[i];
		*x = (dh__rfix){.diag = f.f[i].diag,
				.start = f.f[i].start,
				.end = f.f[i].end,
				.own = f.f[i].own};
		gather(x, arena, &f, i);
	}
	if (unowned) {
		v[f.nf] = (dh__rfix){.own = true};
		gather(&v[f.nf], arena, &f, DH__REPORT_NONE);
	}
	return n;
}
