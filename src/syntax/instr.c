/* SPDX-License-Identifier: MIT */
/*
 * What an instruction means: its keyword, flags and arguments, cut exactly
 * as the reference parser cuts them (splitCommand, extractBuilderFlags and
 * the per-instruction line parsers of BuildKit's frontend/dockerfile/
 * parser). Works on the joined logical line; segs map words back to bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "parse_internal.h"

typedef struct wordvec {
	dh_word *v;
	size_t n;
	size_t cap;
} wordvec;

/* Everything one analysis needs, so helpers take one pointer. */
typedef struct actx {
	dh_arena *arena;
	const char *line;
	uint32_t len;
	const dh__seg *segs;
	size_t nsegs;
	char escape;
	dh_buf tmp;
	const char *err;
	uint32_t err_at;
} actx;

static const struct {
	const char *word;
	size_t len;
	dh_instr_kind kind;
} keywords[] = {
	{"add", 3, DH_INSTR_ADD},
	{"arg", 3, DH_INSTR_ARG},
	{"cmd", 3, DH_INSTR_CMD},
	{"copy", 4, DH_INSTR_COPY},
	{"entrypoint", 10, DH_INSTR_ENTRYPOINT},
	{"env", 3, DH_INSTR_ENV},
	{"expose", 6, DH_INSTR_EXPOSE},
	{"from", 4, DH_INSTR_FROM},
	{"healthcheck", 11, DH_INSTR_HEALTHCHECK},
	{"label", 5, DH_INSTR_LABEL},
	{"maintainer", 10, DH_INSTR_MAINTAINER},
	{"onbuild", 7, DH_INSTR_ONBUILD},
	{"run", 3, DH_INSTR_RUN},
	{"shell", 5, DH_INSTR_SHELL},
	{"stopsignal", 10, DH_INSTR_STOPSIGNAL},
	{"user", 4, DH_INSTR_USER},
	{"volume", 6, DH_INSTR_VOLUME},
	{"workdir", 7, DH_INSTR_WORKDIR},
};

/*
 * Every instruction a parse checks looks its keyword up, so the lookup is
 * a hash of the first two letters and the length, collision-free over
 * the keywords (a collision is a duplicate initializer, which the build
 * rejects), then one comparison. Values are keywords[] indices + 1.
 */
#define KW_HASH(c0, c1, n) (((unsigned)(c0) + (unsigned)(c1)*4 + (n)) & 63)
static const unsigned char keyword_by_hash[64] = {
	[KW_HASH('a', 'd', 3)] = 1,   [KW_HASH('a', 'r', 3)] = 2,
	[KW_HASH('c', 'm', 3)] = 3,   [KW_HASH('c', 'o', 4)] = 4,
	[KW_HASH('e', 'n', 10)] = 5,  [KW_HASH('e', 'n', 3)] = 6,
	[KW_HASH('e', 'x', 6)] = 7,   [KW_HASH('f', 'r', 4)] = 8,
	[KW_HASH('h', 'e', 11)] = 9,  [KW_HASH('l', 'a', 5)] = 10,
	[KW_HASH('m', 'a', 10)] = 11, [KW_HASH('o', 'n', 7)] = 12,
	[KW_HASH('r', 'u', 3)] = 13,  [KW_HASH('s', 'h', 5)] = 14,
	[KW_HASH('s', 't', 10)] = 15, [KW_HASH('u', 's', 4)] = 16,
	[KW_HASH('v', 'o', 6)] = 17,  [KW_HASH('w', 'o', 7)] = 18,
};

dh_instr_kind dh_instr_kind_from_word(const char *word, size_t len)
{
	if (len < 3 || len > 11)
		return DH_INSTR_UNKNOWN;
	unsigned k =
		keyword_by_hash[KW_HASH(word[0] | 0x20, word[1] | 0x20, len)];
	if (!k || keywords[k - 1].len != len)
		return DH_INSTR_UNKNOWN;
	const char *w = keywords[k - 1].word;
	for (size_t i = 0; i < len; i++)
		if ((char)(word[i] | 0x20) != w[i])
			return DH_INSTR_UNKNOWN;
	return keywords[k - 1].kind;
}

const char *dh_instr_kind_name(dh_instr_kind kind)
{
	static const char *const names[] = {
		"",	      "ADD",	    "ARG",     "CMD",	  "COPY",
		"ENTRYPOINT", "ENV",	    "EXPOSE",  "FROM",	  "HEALTHCHECK",
		"LABEL",      "MAINTAINER", "ONBUILD", "RUN",	  "SHELL",
		"STOPSIGNAL", "USER",	    "VOLUME",  "WORKDIR",
	};
	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind]
							       : "";
}

/* unicode.IsSpace on a byte taken as a rune, as extractBuilderFlags does. */
static bool byte_is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0;
}

/* The separator class of the reference's whitespace splits: [\t\v\f\r ]. */
static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static uint32_t base_of(const actx *a, uint32_t joined, bool is_end)
{
	if (!a->nsegs)
		return joined;
	size_t lo = 0, hi = a->nsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->segs[mid].joined < joined ||
		    (!is_end && a->segs[mid].joined == joined))
			lo = mid;
		else
			hi = mid;
	}
	const dh__seg *s = &a->segs[lo];
	if (is_end && joined < s->joined)
		return s->base;
	return s->base + (joined - s->joined);
}

/* True when [start, end) of the joined text lies in one segment. */
static bool one_segment(const actx *a, uint32_t start, uint32_t end)
{
	if (a->nsegs <= 1 || end <= start)
		return true;
	for (size_t i = 0; i < a->nsegs; i++) {
		uint32_t s = a->segs[i].joined, e = s + a->segs[i].len;
		if (start >= s && start < e)
			return end <= e;
	}
	return true;
}

static dh_span raw_span(const actx *a, uint32_t start, uint32_t end)
{
	dh_span sp;
	sp.start = base_of(a, start, false);
	sp.end = end > start ? base_of(a, end, true) : sp.start;
	return sp;
}

static void push_word(wordvec *w, const actx *a, const char *text, uint32_t len,
		      bool has_raw, uint32_t start, uint32_t end)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->v = dh_xrealloc(w->v, w->cap * sizeof(dh_word));
	}
	dh_word *d = &w->v[w->n++];
	d->text = dh_arena_strndup(a->arena, text, len);
	d->len = len;
	d->has_raw = has_raw && one_segment(a, start, end);
	if (has_raw)
		d->raw = raw_span(a, start, end);
	else
		d->raw.start = d->raw.end = 0;
}

static dh_word *words_finish(wordvec *w, dh_arena *arena, size_t *out_n)
{
	*out_n = w->n;
	dh_word *out = NULL;
	if (w->n) {
		out = dh_arena_alloc(arena, w->n * sizeof(dh_word));
		memcpy(out, w->v, w->n * sizeof(dh_word));
	}
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
	return out;
}

/* strings.TrimSpace bounds within [*s, *e). */
static void trim_space(const char *line, uint32_t *s, uint32_t *e)
{
	uint32_t w;
	while (*s < *e && dh__is_space_at(line + *s, *e - *s, &w))
		*s += w;
	while (*e > *s) {
		uint32_t k = *e - 1;
		while (k > *s && ((unsigned char)line[k] & 0xc0) == 0x80)
			k--;
		if (!dh__is_space_at(line + k, *e - k, &w) || k + w != *e)
			break;
		*e = k;
	}
}

static void put_rune_of_byte(dh_buf *b, unsigned char c)
{
	if (c < 0x80) {
		dh_buf_putc(b, (char)c);
		return;
	}
	dh_buf_putc(b, (char)(0xc0 | (c >> 6)));
	dh_buf_putc(b, (char)(0x80 | (c & 0x3f)));
}

typedef struct flagscan {
	uint32_t i;
	uint32_t start;
	bool quoted;
	bool in_quote;
	char quote;
} flagscan;

static void flag_emit(actx *a, wordvec *flags, flagscan *f)
{
	bool dashdash = a->tmp.len == 2 && memcmp(a->tmp.data, "--", 2) == 0;
	if (!dashdash && (f->quoted || a->tmp.len))
		push_word(flags, a, a->tmp.data ? a->tmp.data : "",
			  (uint32_t)a->tmp.len, true, f->start, f->i);
	dh_buf_clear(&a->tmp);
	f->quoted = false;
}

/* One step of extractBuilderFlags inside a word; false at a word end. */
static bool flag_char(actx *a, flagscan *f, uint32_t end)
{
	unsigned char c = (unsigned char)a->line[f->i];
	if (f->in_quote && c == (unsigned char)f->quote) {
		f->in_quote = false;
	} else if (!f->in_quote && byte_is_space(c)) {
		return false;
	} else if (!f->in_quote && (c == '\'' || c == '"')) {
		f->quote = (char)c;
		f->quoted = f->in_quote = true;
	} else if (c == '\\') {
		if (f->i + 1 == end) {
			f->in_quote = false;
		} else {
			f->i++;
			put_rune_of_byte(&a->tmp, (unsigned char)a->line[f->i]);
		}
	} else {
		put_rune_of_byte(&a->tmp, c);
	}
	f->i++;
	return true;
}

/* Leading --flags of [start, end); returns where the arguments begin. */
static uint32_t extract_flags(actx *a, wordvec *flags, uint32_t start,
			      uint32_t end)
{
	flagscan f = {.i = start};
	dh_buf_clear(&a->tmp);
	for (;;) {
		while (f.i < end && byte_is_space((unsigned char)a->line[f.i]))
			f.i++;
		if (f.i >= end)
			return end;
		if (a->line[f.i] != '-' || f.i + 1 == end ||
		    a->line[f.i + 1] != '-')
			return f.i;
		f.start = f.i;
		while (f.i < end && flag_char(a, &f, end))
			;
		if (f.i < end && a->tmp.len == 2 &&
		    memcmp(a->tmp.data, "--", 2) == 0) {
			dh_buf_clear(&a->tmp);
			return f.i;
		}
		flag_emit(a, flags, &f);
		if (f.i >= end)
			return end;
	}
}

static uint32_t utf8_decode(const char *s, uint32_t n, bool *valid)
{
	uint32_t cp;
	uint32_t w = dh__utf8_decode(s, n, &cp);
	*valid = w != 0;
	return w ? w : 1;
}

static void put_rune(dh_buf *b, const char *s, uint32_t w, bool valid)
{
	if (valid)
		dh_buf_put(b, s, w);
	else
		dh_buf_puts(b, "\xef\xbf\xbd");
}

typedef struct wordscan {
	uint32_t pos;
	uint32_t start;
	bool blank_ok;
	char quote;
	int phase; /* 0 spaces, 1 word, 2 quote */
} wordscan;

static void word_end(actx *a, wordvec *out, wordscan *w)
{
	if (w->blank_ok || a->tmp.len)
		push_word(out, a, a->tmp.data ? a->tmp.data : "",
			  (uint32_t)a->tmp.len, true, w->start, w->pos);
	dh_buf_clear(&a->tmp);
	w->blank_ok = false;
}

/* Takes the escape and the character after it; false at end of text. */
static bool take_escaped(actx *a, wordscan *w, uint32_t end, uint32_t *width)
{
	bool valid;
	if (w->pos + *width == end)
		return false;
	put_rune(&a->tmp, a->line + w->pos, *width, true);
	w->pos += *width;
	*width = utf8_decode(a->line + w->pos, end - w->pos, &valid);
	put_rune(&a->tmp, a->line + w->pos, *width, valid);
	return true;
}

/* Printable ASCII that a word (phase 1) or quoted text (phase 2) takes
 * as it is: everything but white space, quotes and the escape. */
static bool plain_in_word(char c, const wordscan *w, char esc)
{
	unsigned char u = (unsigned char)c;
	if (u >= 0x7f || u < (w->phase == 2 ? 0x20 : 0x21) || c == esc)
		return false;
	return w->phase == 2 ? c != w->quote : c != '"' && c != '\'';
}

/* parseWords: shell-like words, quotes and escapes kept in the text. */
static void parse_words(actx *a, wordvec *out, uint32_t start, uint32_t end)
{
	wordscan w = {.pos = start};
	dh_buf_clear(&a->tmp);
	while (w.pos < end) {
		uint32_t run = w.pos;
		while (w.phase && w.pos < end &&
		       plain_in_word(a->line[w.pos], &w, a->escape))
			w.pos++;
		if (w.pos > run) {
			dh_buf_put(&a->tmp, a->line + run, w.pos - run);
			continue;
		}
		bool valid;
		uint32_t width =
			utf8_decode(a->line + w.pos, end - w.pos, &valid);
		uint32_t sw;
		bool space = valid &&
			     dh__is_space_at(a->line + w.pos, end - w.pos, &sw);
		char ch = a->line[w.pos];
		if (w.phase == 0) {
			if (space) {
				w.pos += width;
				continue;
			}
			w.phase = 1;
			w.start = w.pos;
		}
		if (w.phase == 1) {
			if (space) {
				w.phase = 0;
				word_end(a, out, &w);
				w.pos += width;
				continue;
			}
			if (ch == '\'' || ch == '"') {
				w.quote = ch;
				w.blank_ok = true;
				w.phase = 2;
			} else if (ch == a->escape) {
				/* An escape at the very end is dropped. */
				take_escaped(a, &w, end, &width);
				w.pos += width;
				continue;
			}
			put_rune(&a->tmp, a->line + w.pos, width, valid);
			w.pos += width;
			continue;
		}
		if (ch == w.quote)
			w.phase = 1;
		if (ch == a->escape && w.quote != '\'') {
			if (!take_escaped(a, &w, end, &width))
				w.phase =
					1; /* an escape at the end closes it */
			w.pos += width;
			continue;
		}
		put_rune(&a->tmp, a->line + w.pos, width, valid);
		w.pos += width;
	}
	if (w.phase != 0)
		word_end(a, out, &w);
}

static void split_ws(actx *a, wordvec *out, uint32_t start, uint32_t end)
{
	uint32_t i = start;
	while (i < end) {
		uint32_t s = i;
		while (i < end && !is_sep(a->line[i]))
			i++;
		push_word(out, a, a->line + s, i - s, true, s, i);
		while (i < end && is_sep(a->line[i]))
			i++;
	}
}

/* Exec form when the text is a JSON array of strings. */
static int maybe_json(actx *a, dh_instr *in, wordvec *out, uint32_t start,
		      uint32_t end)
{
	dh_word *words;
	size_t n;
	int rc = dh__json_string_array(&words, &n, a->arena, a->line + start,
				       end - start);
	if (rc < 0) {
		a->err = "when using JSON array syntax, arrays must be "
			 "comprised of strings only";
		a->err_at = start;
		return -1;
	}
	if (rc == 0)
		return 0;
	in->json = true;
	for (size_t k = 0; k < n; k++)
		push_word(out, a, words[k].text, words[k].len, true,
			  start + words[k].raw.start, start + words[k].raw.end);
	return 1;
}

static void parse_name_val(actx *a, dh_instr *in, wordvec *out, uint32_t start,
			   uint32_t end)
{
	wordvec words = {0};
	parse_words(a, &words, start, end);
	if (!words.n)
		return;
	if (!memchr(words.v[0].text, '=', words.v[0].len)) {
		uint32_t k = start;
		while (k < end && !is_sep(a->line[k]))
			k++;
		uint32_t v = k;
		while (v < end && is_sep(a->line[v]))
			v++;
		if (k >= end) {
			/* Quote at most 60 bytes of the name: the message
			 * stays one readable line. */
			int shown = end - start > 60 ? 60 : (int)(end - start);
			const char *more = end - start > 60 ? "..." : "";
			a->err = dh_arena_printf(
				a->arena,
				"'%s %.*s%s' has no value: write '%s %.*s%s=value'",
				in->keyword, shown, a->line + start, more,
				in->keyword, shown, a->line + start, more);
			a->err_at = start;
		} else {
			push_word(out, a, a->line + start, k - start, true,
				  start, k);
			push_word(out, a, a->line + v, end - v, true, v, end);
			push_word(out, a, "", 0, false, 0, 0);
		}
		free(words.v);
		return;
	}
	for (size_t k = 0; k < words.n && !a->err; k++) {
		const dh_word *w = &words.v[k];
		const char *eq = memchr(w->text, '=', w->len);
		if (!eq) {
			a->err = dh_arena_printf(
				a->arena,
				"cannot find '=' in '%s': write name=value",
				w->text);
			a->err_at = start;
			break;
		}
		uint32_t klen = (uint32_t)(eq - w->text);
		push_word(out, a, w->text, klen, false, 0, 0);
		push_word(out, a, eq + 1, w->len - klen - 1, false, 0, 0);
		push_word(out, a, "=", 1, false, 0, 0);
		out->v[out->n - 3].has_raw = w->has_raw;
		out->v[out->n - 3].raw = w->raw;
	}
	free(words.v);
}

static void parse_health(actx *a, dh_instr *in, wordvec *out, uint32_t start,
			 uint32_t end)
{
	uint32_t sep = start;
	while (sep < end && !byte_is_space((unsigned char)a->line[sep]))
		sep++;
	uint32_t next = sep;
	while (next < end && byte_is_space((unsigned char)a->line[next]))
		next++;
	if (sep == start)
		return;
	push_word(out, a, a->line + start, sep - start, true, start, sep);
	if (next < end && maybe_json(a, in, out, next, end) == 0)
		push_word(out, a, a->line + next, end - next, true, next, end);
}

static const char *analyse_range(dh_instr *in, actx *a, uint32_t start,
				 uint32_t end);

static void parse_onbuild(actx *a, dh_instr *in, uint32_t start, uint32_t end)
{
	if (start >= end)
		return;
	dh_node *t = dh_arena_alloc(a->arena, sizeof(dh_node));
	t->kind = DH_NODE_INSTRUCTION;
	dh_instr *ti = dh_arena_alloc(a->arena, sizeof(dh_instr));
	dh__node_extra(a->arena, t)->instr = ti;
	in->trigger = t;
	analyse_range(ti, a, start, end);
	ti->logical = a->line + start;
	ti->logical_len = end - start;
	t->span = in->rest_raw;
	t->content_end = t->span.end;
}

static void parse_args(actx *a, dh_instr *in, wordvec *out, uint32_t s,
		       uint32_t e)
{
	switch (in->kind) {
	case DH_INSTR_ADD:
	case DH_INSTR_COPY:
	case DH_INSTR_VOLUME:
		if (maybe_json(a, in, out, s, e) == 0)
			split_ws(a, out, s, e);
		break;
	case DH_INSTR_RUN:
	case DH_INSTR_CMD:
	case DH_INSTR_ENTRYPOINT:
	case DH_INSTR_SHELL:
		if (s < e && maybe_json(a, in, out, s, e) == 0)
			push_word(out, a, a->line + s, e - s, true, s, e);
		break;
	case DH_INSTR_FROM:
	case DH_INSTR_EXPOSE:
		split_ws(a, out, s, e);
		break;
	case DH_INSTR_ARG:
		parse_words(a, out, s, e);
		break;
	case DH_INSTR_ENV:
	case DH_INSTR_LABEL:
		parse_name_val(a, in, out, s, e);
		break;
	case DH_INSTR_HEALTHCHECK:
		parse_health(a, in, out, s, e);
		break;
	case DH_INSTR_ONBUILD:
		parse_onbuild(a, in, s, e);
		break;
	case DH_INSTR_USER:
	case DH_INSTR_WORKDIR:
	case DH_INSTR_MAINTAINER:
	case DH_INSTR_STOPSIGNAL:
		if (s < e)
			push_word(out, a, a->line + s, e - s, true, s, e);
		break;
	case DH_INSTR_UNKNOWN:
		break;
	}
}

static void analyse_from(dh_instr *in, dh_arena *arena)
{
	dh_from *f = dh_arena_alloc(arena, sizeof(*f));
	in->from = f;
	dh_image_ref_parse(&f->image, arena, in->nargs ? in->args[0].text : "");
	f->platform = dh_instr_flag_value(in, "platform");
	if (in->nargs >= 3 && in->args[1].len == 2 &&
	    (in->args[1].text[0] | 0x20) == 'a' &&
	    (in->args[1].text[1] | 0x20) == 's') {
		f->stage_name = in->args[2].text;
		f->stage_name_raw = in->args[2].raw;
	}
}

/* Simple lower-case mapping of the scripts keywords are written in. */
static uint32_t lower_rune(uint32_t r)
{
	if ((r >= 'A' && r <= 'Z') || (r >= 0xc0 && r <= 0xde && r != 0xd7) ||
	    (r >= 0x391 && r <= 0x3ab && r != 0x3a2) ||
	    (r >= 0x410 && r <= 0x42f))
		return r + 0x20;
	if (r >= 0x400 && r <= 0x40f)
		return r + 0x50;
	if ((r >= 0x100 && r <= 0x137) || (r >= 0x14a && r <= 0x177))
		return r % 2 == 0 ? r + 1 : r;
	if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17e))
		return r % 2 == 1 ? r + 1 : r;
	if (r == 0x178)
		return 0xff;
	if (r == 0x212a)
		return 'k';
	if (r == 0x212b)
		return 0xe5;
	if (r == 0x2126)
		return 0x3c9;
	return r;
}

/*
 * The keyword lower-cased as Go's strings.ToLower does it: instruction
 * lookup uses the result, so a Kelvin sign in WORKDIR still names WORKDIR,
 * and invalid UTF-8 becomes U+FFFD.
 */
static const char *lower_keyword(actx *a, uint32_t start, uint32_t end,
				 uint32_t *out_len)
{
	dh_buf_clear(&a->tmp);
	for (uint32_t i = start; i < end;) {
		uint32_t cp;
		uint32_t w = dh__utf8_decode(a->line + i, end - i, &cp);
		dh__utf8_put(&a->tmp, w ? lower_rune(cp) : 0xfffd);
		if (!w)
			w = 1;
		i += w;
	}
	*out_len = (uint32_t)a->tmp.len;
	return dh_arena_strndup(a->arena, a->tmp.data ? a->tmp.data : "",
				a->tmp.len);
}

static const char *analyse_range(dh_instr *in, actx *a, uint32_t start,
				 uint32_t end)
{
	trim_space(a->line, &start, &end);
	uint32_t k = start;
	while (k < end && !is_sep(a->line[k]))
		k++;
	in->keyword = dh_arena_strndup(a->arena, a->line + start, k - start);
	uint32_t lc_len;
	in->keyword_lc = lower_keyword(a, start, k, &lc_len);
	in->keyword_lc_len = lc_len;
	in->keyword_raw = raw_span(a, start, k);
	in->kind = dh_instr_kind_from_word(in->keyword_lc, lc_len);
	while (k < end && is_sep(a->line[k]))
		k++;
	wordvec flags = {0}, args = {0};
	uint32_t rs = k < end ? extract_flags(a, &flags, k, end) : end;
	uint32_t re = end;
	trim_space(a->line, &rs, &re);
	in->flags = words_finish(&flags, a->arena, &in->nflags);
	in->rest = dh_arena_strndup(a->arena, a->line + rs, re - rs);
	in->rest_len = re - rs;
	in->has_rest_raw = true;
	in->rest_raw = raw_span(a, rs, re);
	parse_args(a, in, &args, rs, re);
	in->args = words_finish(&args, a->arena, &in->nargs);
	if (in->kind == DH_INSTR_FROM)
		analyse_from(in, a->arena);
	return a->err;
}

const char *dh__instr_analyse(dh_instr *out, dh_arena *arena, const char *line,
			      uint32_t len, const dh__seg *segs, size_t nsegs,
			      char escape, uint32_t *err_at)
{
	actx a = {
		.arena = arena,
		.line = line,
		.len = len,
		.segs = segs,
		.nsegs = nsegs,
		.escape = escape,
		.tmp = DH_BUF_INIT,
	};
	memset(out, 0, sizeof(*out));
	out->logical = line;
	out->logical_len = len;
	const char *err = analyse_range(out, &a, 0, len);
	dh_buf_free(&a.tmp);
	*err_at = a.err_at;
	return err;
}

const dh_word *dh_instr_flag(const dh_instr *instr, const char *name)
{
	size_t n = strlen(name);
	for (size_t k = 0; k < instr->nflags; k++) {
		const dh_word *f = &instr->flags[k];
		if (f->len >= n + 2 && memcmp(f->text + 2, name, n) == 0 &&
		    (f->len == n + 2 || f->text[n + 2] == '='))
			return f;
	}
	return NULL;
}

const char *dh_instr_flag_value(const dh_instr *instr, const char *name)
{
	const dh_word *f = dh_instr_flag(instr, name);
	if (!f)
		return NULL;
	const char *eq = memchr(f->text, '=', f->len);
	return eq ? eq + 1 : f->text + f->len;
}
