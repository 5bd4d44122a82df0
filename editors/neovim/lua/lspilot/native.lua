-- Neovim 0.12+: lspilot's suggestions through the editor's own inline
-- completion (vim.lsp.inline_completion), which requests, debounces and
-- draws them. This module turns it on for lspilot's client, accepts whole
-- suggestions with vim.lsp.inline_completion.get(), parts of them through
-- get()'s on_accept, cycles with select(), asks lspilot for alternatives
-- (an invoked request at the same position) when only one is held, and
-- reports shown suggestions with textDocument/didShowCompletion.
local compat = require('lspilot.compat')
local feedback = require('lspilot.feedback')
local ghost = require('lspilot.ghost')

local M = {}

local ic = vim.lsp.inline_completion

-- handlers[bufnr] is the last response handler the editor passed with an
-- inline completion request for bufnr; items[bufnr] what that request got.
local handlers, items, index = {}, {}, {}
local wrapped = {}

-- wrap watches the client's inline completion requests: it remembers the
-- editor's handler (to feed it alternatives) and reports the first item,
-- which the editor shows, with didShowCompletion.
local function wrap(client)
  if wrapped[client.id] then
    return
  end
  wrapped[client.id] = true
  local request = client.request
  client.request = function(self, method, params, handler, bufnr)
    if method ~= 'textDocument/inlineCompletion' or type(handler) ~= 'function' then
      return request(self, method, params, handler, bufnr)
    end
    local b = vim._resolve_bufnr(bufnr)
    local automatic = params.context and params.context.triggerKind == 2 -- Automatic
    if automatic then
      handlers[b] = handler
    end
    return request(self, method, params, function(err, result, ctx, cfg)
      handler(err, result, ctx, cfg)
      local list = result and (result.items or result) or {}
      if err == nil and automatic then
        items[b], index[b] = list, 1
      end
      if list[1] and vim.startswith(vim.api.nvim_get_mode().mode, 'i') then
        feedback.shown(self, list[1])
      end
    end, bufnr)
  end
end

-- attach turns the editor's inline completion on in bufnr, which lspilot
-- serves. (Neovim keeps the switch per buffer: enable() with a client_id
-- alone could not later be turned off for a buffer, which dismiss needs.)
function M.attach(bufnr, client)
  wrap(client)
  if not ic.is_enabled({ bufnr = bufnr }) then
    ic.enable(true, { bufnr = bufnr })
  end
end

-- items returns the suggestions of lspilot's last answer for bufnr and
-- which one the editor shows.
function M.items(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  return items[bufnr] or {}, items[bufnr] and index[bufnr] or 0
end

-- step moves the editor's selection by step among n suggestions.
local function step_to(bufnr, step, n)
  index[bufnr] = ((index[bufnr] or 1) - 1 + step) % n + 1
  ic.select({ bufnr = bufnr, count = step })
end

-- shown returns the text the editor's suggestion in bufnr would insert
-- (its first item less what is typed already), or nil.
function M.shown(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local list = items[bufnr]
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'lspilot' })[1]
  local item = list and list[index[bufnr] or 1]
  if not (M.visible(bufnr) and item and client) then
    return nil
  end
  return ghost.remaining(bufnr, item, client.offset_encoding)
end

-- visible reports whether the editor shows a suggestion in bufnr.
function M.visible(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  return #vim.api.nvim_buf_get_extmarks(bufnr, vim.api.nvim_create_namespace('nvim.lsp.inline_completion'), 0, -1, { limit = 1 }) > 0
end

-- accept accepts the shown suggestion whole (how == nil), or its next word
-- or line; returns false when none is shown. Must run from an <expr> map or
-- a plain function: the editor applies the item on the next tick.
function M.accept(bufnr, how)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if not how then
    return ic.get({ bufnr = bufnr })
  end
  return ic.get({
    bufnr = bufnr,
    on_accept = function(item)
      local client = vim.lsp.get_client_by_id(item.client_id)
      local text = type(item.insert_text) == 'string' and item.insert_text or nil
      if not (client and text) then
        return item
      end
      local pos = vim.api.nvim_win_get_cursor(0)
      local row, col = pos[1] - 1, pos[2]
      local typed = ''
      if item.range then
        local sr, sc = item.range:to_extmark()
        if sr == row and sc <= col then
          typed = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]:sub(sc + 1, col)
        end
      end
      if text:sub(1, #typed) ~= typed then
        return nil
      end
      local part = ghost.part(text:sub(#typed + 1), how)
      local lines = vim.split(part, '\n', { plain = true })
      vim.api.nvim_buf_set_text(bufnr, row, col, row, col, lines)
      vim.api.nvim_win_set_cursor(0, { row + #lines, #lines == 1 and col + #part or #lines[#lines] })
      feedback.partial(client, { insertText = text, command = item.command }, vim.fn.strchars(typed .. part))
      return nil
    end,
  })
end

-- cycle shows the next (step 1) or previous (-1) suggestion, first asking
-- lspilot for alternatives when it holds only one.
function M.cycle(bufnr, step)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local list = items[bufnr]
  local handler = handlers[bufnr]
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'lspilot' })[1]
  if list and #list > 1 and M.visible(bufnr) then
    step_to(bufnr, step, #list)
    return
  end
  if not (handler and client) then
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  params.textDocument.version = vim.lsp.util.buf_versions[bufnr]
  params.context = { triggerKind = 1 } -- Invoked: lspilot answers with alternatives
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local was = M.visible(bufnr)
  compat.request(client, 'textDocument/inlineCompletion', params, function(err, result, ctx, cfg)
    if err or vim.api.nvim_buf_get_changedtick(bufnr) ~= tick then
      return
    end
    local got = result and (result.items or result) or {}
    items[bufnr], index[bufnr] = got, 1
    handler(err, result, ctx, cfg)
    if was and #got > 1 then
      step_to(bufnr, step, #got)
    end
  end, bufnr)
end

-- dismiss hides the suggestion until the user types again: it cancels the
-- request in flight and turns the editor's inline completion off and on in
-- bufnr, which drops the suggestion it holds.
function M.dismiss(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  for _, client in ipairs(vim.lsp.get_clients({ bufnr = bufnr, name = 'lspilot' })) do
    for id, r in pairs(client.requests) do
      if r.method == 'textDocument/inlineCompletion' and r.type == 'pending' and r.bufnr == bufnr then
        client:cancel_request(id)
      end
    end
  end
  items[bufnr] = nil
  ic.enable(false, { bufnr = bufnr })
  ic.enable(true, { bufnr = bufnr })
end

-- set_enabled turns the editor's inline completion on or off in the
-- buffers lspilot serves.
function M.set_enabled(on)
  for _, client in ipairs(vim.lsp.get_clients({ name = 'lspilot' })) do
    for bufnr in pairs(client.attached_buffers) do
      ic.enable(on, { bufnr = bufnr })
    end
  end
end

return M
