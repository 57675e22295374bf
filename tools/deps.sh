#!/bin/sh
# Installs the build, test and static-check dependencies when they are
# missing: with apt-get when run as root, otherwise names the packages.
set -u
pkgs="flex bison pkg-config libyaml-dev libjansson-dev check python3-yaml patch neovim vim vim-ale emacs-nox elpa-lsp-mode elpa-dockerfile-mode elpa-yaml-mode cppcheck clang-tidy clang-format shellcheck"
missing=""
command -v flex >/dev/null 2>&1 || missing="$missing flex"
command -v bison >/dev/null 2>&1 || missing="$missing bison"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v gcc >/dev/null 2>&1 || missing="$missing gcc libc6-dev"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v patch >/dev/null 2>&1 || missing="$missing patch"
# the language server's editor test (tests/lsp/nvim.sh)
command -v nvim >/dev/null 2>&1 || missing="$missing neovim"
# ... and Vim's, with ALE (tests/lsp/vim_ale.sh); Debian's vim-ale is an
# optional package that `packadd ale` loads
if command -v vim >/dev/null 2>&1; then
	vim -N -u NONE -i NONE -n -es -c 'packadd ale' \
		-c 'if !exists("g:loaded_ale") | cquit | endif' -c 'qall!' \
		</dev/null >/dev/null 2>&1 || missing="$missing vim-ale"
else
	missing="$missing vim vim-ale"
fi
# ... and Emacs's lsp-mode (tests/lsp/emacs_lsp.sh)
if command -v emacs >/dev/null 2>&1; then
	emacs --batch --eval "(progn (package-initialize) (require 'lsp-mode)
		(require 'dockerfile-mode) (require 'yaml-mode))" \
		>/dev/null 2>&1 ||
		missing="$missing elpa-lsp-mode elpa-dockerfile-mode elpa-yaml-mode"
else
	missing="$missing emacs-nox elpa-lsp-mode elpa-dockerfile-mode elpa-yaml-mode"
fi
# make lint, format-check and shellcheck (run by .ci/run)
for tool in cppcheck clang-tidy clang-format shellcheck; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if command -v pkg-config >/dev/null 2>&1; then
	pkg-config --exists yaml-0.1 || missing="$missing libyaml-dev"
	pkg-config --exists check || missing="$missing check"
	pkg-config --exists jansson || missing="$missing libjansson-dev"
else
	missing="$missing libyaml-dev check libjansson-dev"
fi
python3 -c 'import yaml' >/dev/null 2>&1 || missing="$missing python3-yaml"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null 2>&1 || true
	# shellcheck disable=SC2086 # word splitting intended: the variable holds a list of arguments
	apt-get install -y -qq $missing >/dev/null || {
		echo "deps: apt-get install failed for:$missing" >&2
		exit 3
	}
	exit 0
fi
echo "deps: missing packages:$missing" >&2
echo "deps: install them with: sudo apt-get install $pkgs" >&2
exit 3
