#!/bin/sh
# Sourced by the tests that run a recipe of the docs as written (the
# editor set-ups of docs/editors.md, the scale-out recipes of
# docs/migrate.md), so the docs and the tests cannot drift apart.

# docs_block HEADING LANG FILE: the first LANG code block after the line
# of FILE that starts with HEADING, as written.
docs_block() {
	awk -v head="$1" -v fence="\`\`\`$2" '
		index($0, head) == 1 { sect = 1; next }
		sect && $0 == fence { code = 1; next }
		code && $0 == "```" { exit }
		code { print }' "$3"
}
