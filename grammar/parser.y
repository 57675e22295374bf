/* SPDX-License-Identifier: MIT */
/*
 * Dockerfile grammar over physical-line tokens. A file is a sequence of
 * top-level lines; an instruction is the lines of its continuation
 * (with comment and blank lines among them), its last line, and the
 * heredoc bodies that follow. The scanner tells a line that ends an
 * instruction from one that opens a continuation or heredocs, so no rule
 * needs a lookahead to end an instruction. Each action is one call into
 * src/syntax/parse.c.
 */
%define api.pure full
%define api.prefix {dh_yy}
%define parse.error custom
%define parse.lac full
%locations
%header
%expect 0

%code requires {
#include "syntax/parse_internal.h"
typedef struct dh_yyltype {
	uint32_t start;
	uint32_t end;
} dh_yyltype;
#define DH_YYLTYPE dh_yyltype
#define DH_YYLTYPE_IS_DECLARED 1
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
	do {                                                          \
		if (N) {                                              \
			(Cur).start = YYRHSLOC(Rhs, 1).start;         \
			(Cur).end = YYRHSLOC(Rhs, N).end;             \
		} else {                                              \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; \
		}                                                     \
	} while (0)
}

%code provides {
typedef DH_YYSTYPE YYSTYPE;
typedef DH_YYLTYPE YYLTYPE;
int dh_yylex(DH_YYSTYPE *lval, DH_YYLTYPE *lloc, void *scanner);
}

%param {void *scanner}
%parse-param {dh__lexctx *ctx}

%code {
/* A line token as the node builders take it: span and text end. */
static inline dh__tok dh__tok_at(DH_YYLTYPE loc, uint32_t content_end)
{
	dh__tok t = {loc.start, loc.end, content_end};
	return t;
}

static void dh_yyerror(const DH_YYLTYPE *loc, void *scanner,
		       dh__lexctx *ctx, const char *msg);
}

/* A line's span is its location; its value is only where its text ends,
 * which keeps the value stack at eight bytes an entry. */
%union {
	uint32_t content_end;
	dh_node *node;
}

%token <content_end> BLANK "blank line"
%token <content_end> COMMENT "comment"
%token <content_end> DIRECTIVE "parser directive"
%token <content_end> LINE "line"
%token <content_end> LINE_HDOC "line starting heredocs"
%token <content_end> LINE_FIRST "continued line"
%token <content_end> LINE_CONT "continuation line"
%token <content_end> CONT_COMMENT "comment in a continuation"
%token <content_end> CONT_BLANK "blank line in a continuation"
%token <content_end> HDOC_LINE "heredoc line"
%token <content_end> HDOC_END "heredoc terminator"
%token <content_end> HDOC_MISSING "end of input inside a heredoc"

%nterm <node> body heredocs

%%

/*
 * One rule per kind of top-level line, so each line costs the parser one
 * shift and one reduction: a large file is mostly single lines.
 */
file
	: %empty
	| file BLANK { dh__parse_top(ctx, DH_NODE_BLANK, dh__tok_at(@2, $2)); }
	| file COMMENT { dh__parse_top(ctx, DH_NODE_COMMENT, dh__tok_at(@2, $2)); }
	| file DIRECTIVE { dh__parse_top(ctx, DH_NODE_DIRECTIVE, dh__tok_at(@2, $2)); }
	| file LINE { dh__parse_instruction(ctx, NULL, dh__tok_at(@2, $2), NULL); }
	| file LINE_HDOC heredocs { dh__parse_instruction(ctx, NULL, dh__tok_at(@2, $2), $3); }
	| file body LINE { dh__parse_instruction(ctx, $2, dh__tok_at(@3, $3), NULL); }
	| file body LINE_HDOC heredocs { dh__parse_instruction(ctx, $2, dh__tok_at(@3, $3), $4); }
	;

body
	: LINE_FIRST { $$ = dh__parse_body(ctx, NULL, DH_NODE_LINE, dh__tok_at(@1, $1)); }
	| body LINE_CONT { $$ = dh__parse_body(ctx, $1, DH_NODE_LINE, dh__tok_at(@2, $2)); }
	| body CONT_COMMENT { $$ = dh__parse_body(ctx, $1, DH_NODE_CONT_COMMENT, dh__tok_at(@2, $2)); }
	| body CONT_BLANK { $$ = dh__parse_body(ctx, $1, DH_NODE_CONT_BLANK, dh__tok_at(@2, $2)); }
	;

heredocs
	: HDOC_LINE { $$ = dh__parse_heredoc(ctx, NULL, dh__tok_at(@1, $1), false); }
	| HDOC_END { $$ = dh__parse_heredoc(ctx, NULL, dh__tok_at(@1, $1), true); }
	| HDOC_MISSING { $$ = dh__parse_heredoc(ctx, NULL, dh__tok_at(@1, $1), true); }
	| heredocs HDOC_LINE { $$ = dh__parse_heredoc(ctx, $1, dh__tok_at(@2, $2), false); }
	| heredocs HDOC_END { $$ = dh__parse_heredoc(ctx, $1, dh__tok_at(@2, $2), true); }
	| heredocs HDOC_MISSING { $$ = dh__parse_heredoc(ctx, $1, dh__tok_at(@2, $2), true); }
	;

%%

static void dh_yyerror(const DH_YYLTYPE *loc, void *scanner,
		       dh__lexctx *ctx, const char *msg)
{
	(void)scanner;
	dh__parse_error(ctx, loc->start, msg, NULL);
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner,
				 dh__lexctx *ctx)
{
	(void)scanner;
	const DH_YYLTYPE *loc = yypcontext_location(yyctx);
	yysymbol_kind_t got = yypcontext_token(yyctx);
	yysymbol_kind_t expected[1];
	int n = yypcontext_expected_tokens(yyctx, expected, 1);
	const char *what = got == YYSYMBOL_YYEMPTY ? "end of input"
						   : yysymbol_name(got);
	dh__parse_error(ctx, loc->start, what,
			n > 0 ? yysymbol_name(expected[0]) : NULL);
	return 0;
}
