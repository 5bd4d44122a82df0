-- Headless sync test: edits buffers through the lspilot plugin and records,
-- for each buffer, the server's view of the text (lspilot.documentState)
-- next to Neovim's own. Run by neovim_test.go; writes JSON to $LSPILOT_OUT.
local out = os.getenv('LSPILOT_OUT')
local dir = os.getenv('LSPILOT_WORK')
vim.opt.runtimepath:prepend(os.getenv('LSPILOT_PLUGIN'))
vim.o.swapfile = false
vim.cmd('filetype on')

local lspilot = require('lspilot')
lspilot.setup({ cmd = { os.getenv('LSPILOT_BIN'), 'serve', '--log-level', 'debug' } })

local results = { cases = {}, errors = {} }

local function fail(msg)
  table.insert(results.errors, msg)
end

local function buffer_text(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local eol = vim.bo[bufnr].fileformat == 'dos' and '\r\n' or '\n'
  local text = table.concat(lines, eol)
  if vim.bo[bufnr].eol then
    text = text .. eol
  end
  return text
end

local function check(name, bufnr)
  local id = lspilot.start(bufnr)
  local client = vim.lsp.get_client_by_id(id)
  local uri = vim.uri_from_bufnr(bufnr)
  local resp, err = client.request_sync('workspace/executeCommand',
    { command = 'lspilot.documentState', arguments = { uri } }, 5000, bufnr)
  if not resp or resp.err then
    fail(name .. ': documentState: ' .. vim.inspect(err or resp.err))
    return
  end
  local text = buffer_text(bufnr)
  table.insert(results.cases, {
    name = name,
    server = resp.result,
    nvim_sha256 = vim.fn.sha256(text),
    nvim_bytes = #text,
  })
end

local function open(name, lines, fileformat)
  vim.cmd('edit ' .. dir .. '/' .. name)
  local bufnr = vim.api.nvim_get_current_buf()
  if fileformat then
    vim.bo[bufnr].fileformat = fileformat
  end
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
  vim.cmd('write')
  vim.cmd('edit!') -- reload so the file type autocommand attaches lspilot
  bufnr = vim.api.nvim_get_current_buf()
  local ok = vim.wait(10000, function()
    return #vim.lsp.buf_get_clients(bufnr) > 0 and vim.lsp.buf_get_clients(bufnr)[1].initialized
  end, 20)
  if not ok then
    fail(name .. ': lspilot did not attach')
  end
  return bufnr
end

-- A Go file with multi-byte text: edits at byte columns after é and 😀.
local go = open('main.go', { 'package main', '', 'func main() {', '\tprintln("héllo 😀 wörld")', '}' })
vim.api.nvim_buf_set_text(go, 3, 17, 3, 17, { 'XY' })
vim.api.nvim_buf_set_lines(go, 1, 1, false, { 'import "fmt"', '' })
vim.api.nvim_buf_set_text(go, 0, 0, 1, 0, { '// Package main.', 'package main' })
vim.api.nvim_buf_set_lines(go, -1, -1, false, { 'func f() string {', '\treturn "𝄞 clef"', '}' })
vim.api.nvim_buf_set_text(go, 2, 0, 4, 0, { '' })
check('go-multibyte', go)
local hover = vim.lsp.buf_request_sync(go, 'textDocument/hover',
  { textDocument = { uri = vim.uri_from_bufnr(go) }, position = { line = 2, character = 4 } }, 5000)
if hover == nil then
  fail('hover: no reply')
end

-- Typing in insert mode, one character at a time, as a user does.
vim.api.nvim_win_set_cursor(0, { 3, 0 })
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('Otyped 😀 line<Esc>', true, false, true), 'xt', false)
check('go-typed', go)

-- A CRLF file.
local dos = open('notes.txt', { 'first', 'second line', 'third' }, 'dos')
vim.bo[dos].filetype = 'text'
vim.api.nvim_buf_set_text(dos, 1, 6, 1, 6, { ' inserted', 'split ' })
vim.api.nvim_buf_set_lines(dos, 0, 1, false, {})
check('crlf', dos)

local f = io.open(out, 'w')
f:write(vim.fn.json_encode(results))
f:close()
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd('qa!')
