-- Headless status test: attaches lspilot to a buffer and records what the
-- statusline function and :Lspilot status show. Run by status_test.go;
-- writes JSON to $LSPILOT_OUT. $LSPILOT_ARGS are serve's extra arguments.
local out = os.getenv('LSPILOT_OUT')
local dir = os.getenv('LSPILOT_WORK')
vim.opt.runtimepath:prepend(os.getenv('LSPILOT_PLUGIN'))
vim.o.swapfile = false
vim.cmd('filetype on')

local lspilot = require('lspilot')
local cmd = { os.getenv('LSPILOT_BIN'), 'serve', '--config', '/dev/null' }
for arg in string.gmatch(os.getenv('LSPILOT_ARGS') or '', '%S+') do
  table.insert(cmd, arg)
end
lspilot.setup({ cmd = cmd })

local results = { before = lspilot.status(), errors = {} }

vim.cmd('edit ' .. dir .. '/main.go')
vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'package main', '' })
vim.cmd('write')
vim.cmd('edit!')
if not vim.wait(10000, function() return lspilot.status() ~= '' end, 20) then
  table.insert(results.errors, 'no status notification')
end
results.status = lspilot.status()
results.printed = vim.api.nvim_exec('Lspilot status', true)

local f = io.open(out, 'w')
f:write(vim.fn.json_encode(results))
f:close()
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd('qa!')
