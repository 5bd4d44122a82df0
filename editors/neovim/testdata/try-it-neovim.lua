vim.opt.runtimepath:append('/path/to/lspilot/editors/neovim')
require('lspilot').setup({})
-- lspilot's suggestions in the completion menu: <C-x><C-o> in insert mode
vim.cmd('autocmd FileType * setlocal omnifunc=v:lua.vim.lsp.omnifunc')
