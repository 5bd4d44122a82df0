-- Headless code action test. For each of two Go files it asks lspilot for
-- "Rewrite selection with AI" on the buggy line and runs it as an editor
-- would: p.go the way Neovim's own code-action menu does (codeAction/resolve,
-- then apply the resolved edit), q.go through the lspilot.runCodeAction
-- command, where lspilot sends the edit back with workspace/applyEdit and
-- Neovim's handler applies it. Run by code_action_test.go; writes the
-- buffers' texts and any errors as JSON to $LSPILOT_OUT.
local out = os.getenv('LSPILOT_OUT')
vim.opt.runtimepath:prepend(os.getenv('LSPILOT_PLUGIN'))
vim.o.swapfile = false
vim.o.hidden = true
vim.cmd('filetype on')

local lspilot = require('lspilot')
lspilot.setup({ cmd = { os.getenv('LSPILOT_BIN'), 'serve', '--backend', os.getenv('LSPILOT_BACKEND'),
  '--backend-kind', 'openai', '--model', 'scripted', '--log-level', 'debug' } })

local result = { errors = {}, texts = {} }
local function fail(msg) table.insert(result.errors, msg) end

local function attach(path)
  vim.cmd('edit ' .. path)
  local bufnr = vim.api.nvim_get_current_buf()
  local ok = vim.wait(10000, function()
    local c = vim.lsp.buf_get_clients(bufnr)[1]
    return c ~= nil and c.initialized
  end, 20)
  if not ok then fail(path .. ': lspilot did not attach') end
  return bufnr, vim.lsp.buf_get_clients(bufnr)[1]
end

local function rewrite_action(client, bufnr)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 3, character = 0 }, ['end'] = { line = 4, character = 0 } },
    context = { diagnostics = {} },
  }
  local resp, err = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
  for _, a in ipairs((resp and resp.result) or {}) do
    if a.title == 'Rewrite selection with AI' then return a end
  end
  fail('no rewrite action: ' .. vim.inspect(resp or err))
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

local dir = os.getenv('LSPILOT_WORK')

-- p.go: resolve, then apply, as vim.lsp.buf.code_action does.
local bufnr, client = attach(dir .. '/p.go')
if client then
  local action = rewrite_action(client, bufnr)
  if action then
    local resp, err = client.request_sync('codeAction/resolve', action, 30000, bufnr)
    if not resp or resp.err or not resp.result.edit then
      fail('resolve: ' .. vim.inspect(resp or err))
    else
      vim.lsp.util.apply_workspace_edit(resp.result.edit, client.offset_encoding)
    end
  end
  result.texts['p.go'] = buffer_text(bufnr)
end

-- q.go: the command, with the edit applied through workspace/applyEdit.
bufnr, client = attach(dir .. '/q.go')
if client then
  local action = rewrite_action(client, bufnr)
  if action then
    local run, err = client.request_sync('workspace/executeCommand',
      { command = 'lspilot.runCodeAction', arguments = { action.data } }, 30000, bufnr)
    if not run or run.err then fail('runCodeAction: ' .. vim.inspect(run and run.err or err)) end
  end
  result.texts['q.go'] = buffer_text(bufnr)
end

local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd('qa!')
