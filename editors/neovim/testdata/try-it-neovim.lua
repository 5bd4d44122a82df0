vim.opt.runtimepath:append('/path/to/lspilot/editors/neovim')
require('lspilot').setup({})
-- Neovim 0.7 to 0.9 show lspilot's suggestions in the completion menu (<C-x><C-o>):
vim.cmd('autocmd FileType * setlocal omnifunc=v:lua.vim.lsp.omnifunc')
