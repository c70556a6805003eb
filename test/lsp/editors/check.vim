" Waits for ALE's diagnostics on the current buffer, writes them as "name:line:col code" to $OUT.
let s:waited = 0
while s:waited < 300 && empty(ale#engine#GetLoclist(bufnr('%')))
  sleep 100m
  let s:waited += 1
endwhile
call writefile(map(copy(ale#engine#GetLoclist(bufnr('%'))), {_, l -> printf('%s:%d:%d %s', fnamemodify(bufname(l.bufnr), ':t'), l.lnum, l.col, get(l, 'code', ''))}) + [s:waited < 300 ? 'ok' : 'timeout'], $OUT)
qall!
