" Drives Vim with ALE (Debian 12's vim-ale) against dockharden's language
" server for tests/lsp/vim_ale.sh, after the vimrc of docs/editors.md: wait
" for ALE's diagnostics from the server, then with DH_MODE=quickfix run
" :ALEFix (dockharden fmt) and :ALECodeAction on line 1 choosing the quick
" fix, or with DH_MODE=fixall :ALECodeAction choosing "Harden this file";
" write the file. What it saw goes to $DH_LOG; a step that fails exits Vim
" with status 1. Run with `vim -N -u VIMRC -i NONE -n -es -S THIS FILE`.

let s:log = $DH_LOG
let s:mode = $DH_MODE

function! s:Say(line) abort
  call writefile([a:line], s:log, 'a')
endfunction

function! s:Fail(msg) abort
  call s:Say('vim: ' . a:msg)
  cquit 1
endfunction

" Polls cond (an expression) for up to 10 s; Vim reads the server's
" messages while it sleeps.
function! s:Wait(cond) abort
  let l:n = 0
  while l:n < 100 && !eval(a:cond)
    sleep 100m
    let l:n += 1
  endwhile
  return eval(a:cond)
endfunction

" :ALECodeAction asks for a number through ale#util#Input (ALE's own tests
" replace it too): answer with the first action whose title starts with
" g:dh_pick, and log the menu.
let g:dh_pick = s:mode ==# 'fixall' ? 'Harden this file' : 'Fix '
let g:dh_chosen = ''
runtime autoload/ale/util.vim
function! ale#util#Input(message, value, ...) abort
  for l:line in split(a:message, "\n")
    call s:Say('menu: ' . l:line)
    let l:m = matchlist(l:line, '^\(\d\+\)) \(.*\)$')
    if !empty(l:m) && empty(g:dh_chosen) && stridx(l:m[2], g:dh_pick) == 0
      let g:dh_chosen = l:m[2]
      let l:answer = l:m[1]
    endif
  endfor
  return get(l:, 'answer', '')
endfunction

if !s:Wait('!empty(get(get(g:ale_buffer_info, bufnr(""), {}), "loclist", []))')
  call s:Fail('no diagnostics from ALE within 10 s')
endif
call s:Say('location list: ' . len(getloclist(0)) . ' entries')
for s:d in g:ale_buffer_info[bufnr('')].loclist
  call s:Say(printf('diagnostic: %s %s line %d: %s', s:d.linter_name,
        \ get(s:d, 'code', ''), s:d.lnum, s:d.text))
endfor

if s:mode ==# 'quickfix'
  let s:before = getline(1, '$')
  ALEFix
  if !s:Wait('getline(1, "$") != s:before')
    call s:Fail(':ALEFix changed nothing within 10 s')
  endif
  call s:Say('ALEFix: line 1 is now ' . getline(1))
endif

" Ex mode leaves the cursor on the last line; the findings are on line 1.
call cursor(1, 1)
let s:before = getline(1, '$')
ALECodeAction
if !s:Wait('getline(1, "$") != s:before')
  call s:Fail(':ALECodeAction changed nothing within 10 s (chose "'
        \ . g:dh_chosen . '")')
endif
call s:Say('applied: ' . g:dh_chosen)
write
qall!
