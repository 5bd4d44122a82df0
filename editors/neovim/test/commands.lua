-- Headless test of :Lspilot toggle, log, doctor and restart, :checkhealth
-- lspilot and the hover key. Run by commands_test.go in Neovim 0.7 and
-- 0.12; writes JSON to $LSPILOT_OUT.
local out = os.getenv('LSPILOT_OUT')
local dir = os.getenv('LSPILOT_WORK')
vim.opt.runtimepath:prepend(os.getenv('LSPILOT_PLUGIN'))
vim.o.swapfile = false
vim.o.hidden = true
vim.cmd('filetype on')

-- A user's own K and <Tab> in Go buffers, set before lspilot attaches.
vim.cmd('autocmd FileType go nnoremap <buffer> K :echo "mine"<CR>')
vim.cmd('autocmd FileType go inoremap <buffer> <Tab> <Space>TAB')

local lspilot = require('lspilot')
local log = dir .. '/lspilot.log'
lspilot.setup({ cmd = { os.getenv('LSPILOT_BIN'), 'serve', '--config', '/dev/null', '--backend',
  os.getenv('LSPILOT_BACKEND'), '--backend-kind', 'openai', '--model', 'scripted', '--log-file', log } })

local result = { errors = {} }
local function fail(msg) table.insert(result.errors, msg) end

local function open(name, text)
  local f = assert(io.open(dir .. '/' .. name, 'w'))
  f:write(text)
  f:close()
  vim.cmd('edit ' .. dir .. '/' .. name)
  local bufnr = vim.api.nvim_get_current_buf()
  if not vim.wait(10000, function()
    local c = lspilot.client()
    return c ~= nil and c.initialized and vim.lsp.buf_is_attached(bufnr, c.id)
  end, 20) then
    fail(name .. ': lspilot did not attach')
  end
  -- on_attach has run once lspilot's keys are mapped.
  if not vim.wait(10000, function() return (vim.fn.maparg('<C-]>', 'i', false, true).desc or '') ~= '' end, 20) then
    fail(name .. ': no keys mapped')
  end
  return bufnr
end

local function buffer_lines()
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
end

local function hover_map()
  local m = vim.fn.maparg('K', 'n', false, true)
  return m.desc or m.rhs or ''
end

local txt = open('notes.txt', 'some notes\n')
vim.bo[txt].filetype = 'text'
result.hover = hover_map()
local go = open('main.go', 'package main\n')
result.hover_user = hover_map()
-- <Tab> with no suggestion shown does what the user's mapping did.
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('A<Tab><Esc>', true, false, true), 'xt', false)
result.tab_line = vim.api.nvim_buf_get_lines(go, 0, 1, false)[1]
vim.cmd('silent! undo')

vim.cmd('Lspilot toggle')
result.toggled_off = not lspilot.enabled()
vim.cmd('Lspilot toggle')
result.toggled_on = lspilot.enabled()

vim.cmd('Lspilot log')
result.log = vim.api.nvim_buf_get_name(0)
result.want_log = log
vim.cmd('close')

vim.cmd('Lspilot doctor')
result.doctor = buffer_lines()
vim.cmd('close')

local old = lspilot.client().id
vim.cmd('Lspilot restart')
if not vim.wait(10000, function()
  local c = lspilot.client()
  return c ~= nil and c.id ~= old and c.initialized and vim.lsp.buf_is_attached(go, c.id)
end, 20) then
  fail('restart: no new client attached to main.go')
end
result.restarted = lspilot.client() ~= nil and lspilot.client().id ~= old

vim.cmd('checkhealth lspilot')
result.health = buffer_lines()

local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
local c = lspilot.client()
if c then
  require('lspilot.compat').stop(c, true)
end
vim.cmd('qa!')
