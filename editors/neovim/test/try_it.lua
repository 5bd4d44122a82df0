-- Headless "Try it" test: Neovim started with the README's init.lua (see
-- tryit_test.go) opens a Go file, records what lspilot shows the user, goes
-- to the empty line and presses <C-x><C-o> in insert mode as the README
-- says, and records the completion menu. Writes JSON to $LSPILOT_OUT.
local out = os.getenv('LSPILOT_OUT')
local result = { messages = {}, items = {}, errors = {} }
local function fail(msg) table.insert(result.errors, msg) end

local function finish()
  vim.cmd('stopinsert')
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.lsp.stop_client(vim.lsp.get_active_clients())
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
  vim.cmd('qa!')
end

local show = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, res, ctx, config)
  table.insert(result.messages, res)
  return show(err, res, ctx, config)
end

vim.o.swapfile = false
vim.cmd('edit ' .. os.getenv('LSPILOT_FILE'))
local bufnr = vim.api.nvim_get_current_buf()
if not vim.wait(20000, function() return #result.messages > 0 end, 20) then
  fail('lspilot did not attach or showed no message')
  finish()
  return
end
-- The plugin sets omnifunc when lspilot attaches, before its first message.
result.omnifunc = vim.bo[bufnr].omnifunc

-- The empty line after the comment, in insert mode, then <C-x><C-o>.
vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(bufnr), 0 })
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('A<C-x><C-o>', true, false, true), 'n', false)
local timer = vim.loop.new_timer()
local deadline = vim.loop.now() + 60000
timer:start(50, 50, vim.schedule_wrap(function()
  local items = vim.fn.complete_info({ 'items' }).items
  if #items > 0 or vim.loop.now() > deadline then
    timer:stop()
    for _, it in ipairs(items) do table.insert(result.items, it.word) end
    if #items == 0 then fail('no completion menu within a minute (mode ' .. vim.fn.mode() .. ')') end
    finish()
  end
end))
