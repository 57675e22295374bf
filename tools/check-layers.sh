#!/bin/sh
# Fails when a file includes a header of a layer above its own, so the
# pipeline grammar -> tree -> model -> transforms -> emitters/patchers ->
# reports -> cli stays one-way (docs/architecture.md).
#
# A layer is a folder of src/; grammar/ sits with syntax and transforms/
# with harden. A public header belongs to the layer listed for it below:
# a new header must be added here, or the check fails.
set -u
cd "$(dirname "$0")/.." || exit 3

layers="base syntax model harden emit yaml config report lsp cli"

header_layer() {
	case $1 in
	alloc.h | arena.h | buf.h | errors.h | source.h | diag.h) echo base ;;
	cst.h | parse.h | dump.h | format.h | image_ref.h) echo syntax ;;
	model.h | baseimg.h | shellcmd.h | facts.h | accounts.h) echo model ;;
	pass.h | artifact.h | runas.h) echo harden ;;
	emit.h) echo emit ;;
	yaml_tree.h | patch.h | sniff.h) echo yaml ;;
	config.h) echo config ;;
	report.h | diff.h) echo report ;;
	lsp.h) echo lsp ;;
	atomic.h | doctor.h | interrupt.h | migrate.h | walk.h | treelock.h) echo cli ;;
	*) echo unknown ;;
	esac
}

rank() {
	r=0
	for l in $layers; do
		[ "$l" = "$1" ] && {
			echo $r
			return
		}
		r=$((r + 1))
	done
	echo 99
}

# The layer of an included name, seen from a file in layer $2.
target_layer() {
	case $1 in
	dockharden/*) header_layer "${1#dockharden/}" ;;
	*/*_internal.h | */*.def)
		t=${1#../}
		t=${t#../}
		case $t in
		transforms/*) echo harden ;;
		*) echo "${t%%/*}" ;;
		esac
		;;
	parser.h | lexer.h) echo syntax ;;
	*) echo "$2" ;; # beside the including file
	esac
}

status=0
for h in include/dockharden/*.h; do
	if [ "$(header_layer "${h##*/}")" = unknown ]; then
		echo "$h: header has no layer: add it to tools/check-layers.sh" >&2
		status=1
	fi
done

check_file() {
	f=$1
	own=$2
	own_rank=$(rank "$own")
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1 \2/' >"$tmp"
	while read -r line inc; do
		to=$(target_layer "$inc" "$own")
		to_rank=$(rank "$to")
		if [ "$to_rank" -gt "$own_rank" ]; then
			echo "$f:$line: layer '$own' includes '$inc' of layer '$to' above it" >&2
			status=1
		fi
	done <"$tmp"
}

tmp=$(mktemp) || exit 3
trap 'rm -f "$tmp"' EXIT
for l in $layers; do
	for f in src/"$l"/*.c src/"$l"/*.h; do
		[ -f "$f" ] && check_file "$f" "$l"
	done
done
for f in grammar/*.l grammar/*.y; do
	check_file "$f" syntax
done
for f in transforms/*.c; do
	check_file "$f" harden
done
for h in include/dockharden/*.h; do
	check_file "$h" "$(header_layer "${h##*/}")"
done
for d in src/*/; do
	d=${d%/}
	[ "$(rank "${d#src/}")" = 99 ] && {
		echo "$d: not a known layer: add it to tools/check-layers.sh" >&2
		status=1
	}
done

[ $status -eq 0 ] && echo "check-layers: every include points down or sideways"
exit $status
