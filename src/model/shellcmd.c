/* SPDX-License-Identifier: MIT */
/*
 * A shallow shell reader: cuts RUN text into simple commands and words so
 * passes can spot `go build -o x` or `npm ci`. It does not evaluate
 * anything; text it cannot read plainly is simply not recognised.
 */
#include "dockharden/shellcmd.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/buf.h"

typedef struct strvec {
	const char **v;
	size_t n;
	size_t cap;
} strvec;

static void vec_push(strvec *s, const char *str)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = dh_xrealloc(s->v, s->cap * sizeof(char *));
	}
	s->v[s->n++] = str;
}

static const char **vec_finish(strvec *s, dh_arena *arena, size_t *out_n)
{
	const char **out = dh_arena_alloc(arena, (s->n + 1) * sizeof(char *));
	if (s->n)
		memcpy(out, s->v, s->n * sizeof(char *));
	*out_n = s->n;
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
	return out;
}

static bool is_assignment(const char *w)
{
	if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') ||
	      *w == '_'))
		return false;
	while (*w && *w != '=') {
		char c = *w++;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return *w == '=';
}

typedef struct splitter {
	dh_arena *arena;
	strvec words;
	strvec env;
	dh_buf word;
	bool in_word;
	dh_shcmd *cmds;
	size_t ncmds;
	size_t cap;
} splitter;

static void end_word(splitter *s)
{
	if (!s->in_word)
		return;
	const char *w = dh_arena_strndup(
		s->arena, s->word.data ? s->word.data : "", s->word.len);
	if (!s->words.n && is_assignment(w))
		vec_push(&s->env, w);
	else
		vec_push(&s->words, w);
	dh_buf_clear(&s->word);
	s->in_word = false;
}

static void end_command(splitter *s)
{
	end_word(s);
	if (!s->words.n && !s->env.n)
		return;
	if (s->ncmds == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->cmds = dh_xrealloc(s->cmds, s->cap * sizeof(dh_shcmd));
	}
	dh_shcmd *c = &s->cmds[s->ncmds++];
	c->words = vec_finish(&s->words, s->arena, &c->nwords);
	c->env = vec_finish(&s->env, s->arena, &c->nenv);
}

/* Reads a quoted run starting at text[i] (the quote); returns past it. */
static size_t read_quoted(splitter *s, const char *text, size_t i)
{
	char q = text[i++];
	while (text[i] && text[i] != q) {
		if (q == '"' && text[i] == '\\' && text[i + 1])
			i++;
		dh_buf_putc(&s->word, text[i++]);
	}
	return text[i] ? i + 1 : i;
}

size_t dh_sh_split(dh_shcmd **out, dh_arena *arena, const char *text)
{
	splitter s = {.arena = arena, .word = DH_BUF_INIT};
	for (size_t i = 0; text[i];) {
		char c = text[i];
		bool redirect =
			c == '&' &&
			((i && (text[i - 1] == '>' || text[i - 1] == '<')) ||
			 text[i + 1] == '>');
		if (c == '\\' && text[i + 1] == '\n') {
			i += 2; /* a line continuation joins words */
		} else if (!redirect && (c == '&' || c == '|' || c == ';' ||
					 c == '\n' || c == '(' || c == ')')) {
			end_command(&s);
			i++;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			end_word(&s);
			i++;
		} else if (c == '\'' || c == '"') {
			s.in_word = true;
			i = read_quoted(&s, text, i);
		} else if (c == '\\' && text[i + 1]) {
			s.in_word = true;
			dh_buf_putc(&s.word, text[i + 1]);
			i += 2;
		} else {
			s.in_word = true;
			dh_buf_putc(&s.word, c);
			i++;
		}
	}
	end_command(&s);
	dh_buf_free(&s.word);
	free(s.words.v);
	free(s.env.v);
	*out = dh_arena_alloc(arena, (s.ncmds + 1) * sizeof(dh_shcmd));
	if (s.ncmds)
		memcpy(*out, s.cmds, s.ncmds * sizeof(dh_shcmd));
	free(s.cmds);
	return s.ncmds;
}

bool dh_sh_is_literal(const char *text)
{
	if (text[strcspn(text, "$`&|;<>*?[]{}()~'\"\\!#\n")] != '\0')
		return false;
	/* A leading VAR=value sets the environment: only a shell does that. */
	size_t lead = strspn(text, " \t");
	size_t word = strcspn(text + lead, " \t");
	const char *eq = memchr(text + lead, '=', word);
	return !(eq && is_assignment(text + lead));
}

long dh_sh_find(const dh_shcmd *cmd, const char *word)
{
	for (size_t i = 0; i < cmd->nwords; i++)
		if (strcmp(cmd->words[i], word) == 0)
			return (long)i;
	return -1;
}

bool dh_sh_has(const dh_shcmd *cmd, const char *word)
{
	return dh_sh_find(cmd, word) >= 0;
}

const char *dh_sh_option(const dh_shcmd *cmd, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < cmd->nwords; i++) {
		const char *w = cmd->words[i];
		if (strcmp(w, name) == 0 && i + 1 < cmd->nwords)
			return cmd->words[i + 1];
		if (strncmp(w, name, n) == 0 && w[n] == '=')
			return w + n + 1;
	}
	return NULL;
}

bool dh_sh_word_in(const char *word, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(word, list[i]) == 0)
			return true;
	return false;
}

const char **dh_sh_skip_exec(const dh_shcmd *c, size_t *out_n)
{
	/* `sh -c 'exec X ARGS'` replaces the shell by X with the same argv,
	 * so the command is X ARGS; a bare `exec` (no command) is kept. */
	bool skip = c->nwords > 1 && strcmp(c->words[0], "exec") == 0 &&
		    c->words[1][0] != '-';
	*out_n = c->nwords - skip;
	return c->words + skip;
}
