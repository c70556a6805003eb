-- forbidlint with Neovim 0.7 (Debian 12), as docs/editors.md shows it; $FORBIDLINT names the command.
local forbidlint = nil
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'nginx', 'apache' },
  callback = function(args)
    forbidlint = forbidlint or vim.lsp.start_client({
      name = 'forbidlint',
      cmd = { vim.env.FORBIDLINT or 'forbidlint', 'lsp', '--stdio' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, forbidlint)
  end,
})
