-- Opens $OPEN, waits for diagnostics on $EXPECT, writes them as "name:line:col code" to $OUT.
vim.cmd('edit ' .. vim.env.OPEN)
local target = vim.fn.bufadd(vim.env.EXPECT)
local ok = vim.wait(30000, function() return #vim.diagnostic.get(target) > 0 end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(target)) do
  table.insert(lines, string.format('%s:%d:%d %s', vim.fn.fnamemodify(vim.api.nvim_buf_get_name(target), ':t'), d.lnum + 1, d.col + 1, d.code or ''))
end
table.insert(lines, ok and 'ok' or 'timeout')
vim.fn.writefile(lines, vim.env.OUT)
vim.cmd('qall!')
