# SPDX-License-Identifier: MIT
# bash completion for dockharden: commands, each command's options, the
# values of --format, --as, --dump and --disable, then files (folders for
# migrate). Installed by `make install` into
# $PREFIX/share/bash-completion/completions/dockharden; works with or
# without the bash-completion package.

_dockharden_commands="harden fmt lint k8s docker-run patch migrate parse doctor lsp"
_dockharden_rules="DH100 DH101 DH102 DH103 DH104 DH105 DH106 DH107 DH108
DH109 DH110 DH111 DH112 DH113 DH114 DH201 DH202 DH203 DH210 DH211 DH212
DH213 DH214 DH215 DH216 DH220 DH230 DH231"

# The options of one command (harden when none was typed).
_dockharden_options()
{
	local modes="-w -d -l --check"
	local rules="--uid= --gid= --disable="
	local base="-q --quiet --help"
	case $1 in
	harden) echo "$modes $rules $base --stdin-filename= --list-passes --version" ;;
	fmt) echo "$modes $base --stdin-filename=" ;;
	lint) echo "--format= $rules $base --stdin-filename=" ;;
	k8s) echo "--as= --name= --image= --container= $rules $base --stdin-filename=" ;;
	docker-run) echo "--format= --image= --name= $rules $base --stdin-filename=" ;;
	patch) echo "$modes --override --dockerfile= --container= $rules $base" ;;
	migrate) echo "--dry-run --report= --jobs= --format= $rules $base" ;;
	parse) echo "--dump= $base --stdin-filename=" ;;
	doctor) echo "--help" ;;
	lsp) echo "--stdio --help" ;;
	esac
}

# The values an --option= takes, for the command.
_dockharden_values()
{
	case $2 in
	--format)
		case $1 in
		lint) echo "text json sarif github checkstyle" ;;
		docker-run) echo "compose" ;;
		migrate) echo "json" ;;
		esac
		;;
	--as) echo "fragment patch pod" ;;
	--dump) echo "reference source json cst" ;;
	--disable) echo "$_dockharden_rules" ;;
	--jobs) echo "1 2 4 8 16" ;;
	esac
}

_dockharden()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd=harden i w
	COMPREPLY=()

	# The command is the first word when it names one.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ " $_dockharden_commands " == *" $w "* ]]; then
			cmd=$w
			break
		fi
		[[ $w == -* || $w == = ]] || break
	done

	# --opt=value: bash splits at '=' when it is in COMP_WORDBREAKS.
	local opt="" val=""
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		val=${cur#*=}
	elif [[ $cur == = && $prev == --* ]]; then
		opt=$prev
	elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
		val=$cur
	fi
	if [[ -n $opt ]]; then
		local prefix=""
		[[ $COMP_WORDBREAKS == *=* ]] || prefix="$opt="
		case $opt in
		--report | --dockerfile | --stdin-filename)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$val")
			;;
		*)
			mapfile -t COMPREPLY < <(compgen -W "$(_dockharden_values "$cmd" "$opt")" -- "$val")
			;;
		esac
		if [[ -n $prefix ]]; then
			COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		fi
		return 0
	fi

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_dockharden_options "$cmd")" -- "$cur")
		# Options ending in '=' take a value: no space after them.
		[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] &&
			compopt -o nospace 2>/dev/null
		return 0
	fi

	compopt -o filenames 2>/dev/null
	if [[ $cmd == doctor || $cmd == lsp ]]; then
		return 0
	fi
	if [[ $cmd == migrate ]]; then
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
	fi
	# Commands first (only before any other word), then files.
	local words=""
	((COMP_CWORD == 1)) && words=$_dockharden_commands
	mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur"; compgen -f -- "$cur")
	return 0
}

complete -F _dockharden dockharden
