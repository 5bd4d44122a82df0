-- The plugin's own ghost text, for Neovim 0.7 to 0.11 (and for 0.12+ when
-- the editor's inline completion is turned off in the options): asks
-- lspilot for textDocument/inlineCompletion as the user types in insert
-- mode, shows the first item with extmarks, and accepts it whole, by word or
-- by line. Neovim 0.10+ draws the first line inline at the cursor; 0.7 to
-- 0.9 overlay it at the end of the line (or put it after the line's end when
-- the cursor is inside the line). Following lines are virtual lines.
local compat = require('lspilot.compat')
local feedback = require('lspilot.feedback')

local M = {}

local ns = vim.api.nvim_create_namespace('lspilot_ghost')

-- InlineCompletionTriggerKind: typing, or a user's gesture (which asks
-- lspilot for alternatives).
local INVOKED, AUTOMATIC = 1, 2
local inline = compat.has('0.10')

-- state[bufnr] = { client_id, items, index, req (request id), key (what
-- was asked: tick and cursor), shown (the text drawn now) }
local state = {}

M.namespace = ns

local function cursor()
  local pos = vim.api.nvim_win_get_cursor(0)
  return pos[1] - 1, pos[2]
end

local function client_of(bufnr)
  local s = state[bufnr]
  return s and vim.lsp.get_client_by_id(s.client_id)
end

-- clear removes the ghost text of bufnr.
function M.clear(bufnr)
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  local s = state[bufnr]
  if s then
    s.shown = nil
  end
end

-- cancel cancels the request in flight for bufnr.
local function cancel(bufnr)
  local s = state[bufnr]
  local client = client_of(bufnr)
  if s and s.req and client then
    compat.cancel(client, s.req)
  end
  if s then
    s.req = nil
  end
end

-- remaining returns what item would still insert at the cursor: its text
-- less what the buffer already holds between the item's start and the
-- cursor; nil when the buffer no longer agrees with the item.
function M.remaining(bufnr, item, enc)
  local row, col = cursor()
  local r = item.range
  local text = type(item.insertText) == 'table' and item.insertText.value or item.insertText
  if type(text) ~= 'string' or text == '' then
    return nil
  end
  if not r then
    return text
  end
  if r.start.line ~= row then
    return nil
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
  local start = compat.byteindex(line, r.start.character, enc)
  if start > col then
    return nil
  end
  local typed = line:sub(start + 1, col)
  if text:sub(1, #typed) ~= typed then
    return nil
  end
  local rest = text:sub(#typed + 1)
  if rest == '' then
    return nil
  end
  return rest
end

-- draw shows text at the cursor as ghost text.
local function draw(bufnr, text, hint)
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  local row, col = cursor()
  local lines = vim.split(text, '\n', { plain = true })
  local hl = 'LspilotGhost'
  local first = { { lines[1], hl } }
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
  local opts = { virt_text = first, hl_mode = 'combine' }
  if inline then
    opts.virt_text_pos = 'inline'
  elseif col >= #line then
    opts.virt_text_pos = 'overlay'
  else
    opts.virt_text_pos = 'eol'
  end
  if #lines > 1 then
    opts.virt_lines = {}
    for i = 2, #lines do
      table.insert(opts.virt_lines, { { lines[i] == '' and ' ' or lines[i], hl } })
    end
  end
  if hint then
    local last = opts.virt_lines and opts.virt_lines[#opts.virt_lines] or first
    table.insert(last, { hint, 'LspilotGhostHint' })
  end
  vim.api.nvim_buf_set_extmark(bufnr, ns, row, col, opts)
end

-- render draws the current item of bufnr if it still fits the buffer.
function M.render(bufnr)
  local s = state[bufnr]
  local client = client_of(bufnr)
  M.clear(bufnr)
  if not (s and client and s.items and s.items[s.index]) then
    return false
  end
  if vim.fn.pumvisible() == 1 or not vim.startswith(vim.api.nvim_get_mode().mode, 'i') then
    return false
  end
  local item = s.items[s.index]
  local text = M.remaining(bufnr, item, client.offset_encoding)
  if not text then
    return false
  end
  local hint = #s.items > 1 and string.format(' (%d/%d)', s.index, #s.items) or nil
  draw(bufnr, text, hint)
  local row, col = cursor()
  s.shown = { text = text, item = item, row = row, col = col }
  if s.announced ~= item then
    s.announced = item
    feedback.shown(client, item)
  end
  return true
end

-- visible reports whether ghost text is shown in bufnr.
function M.visible(bufnr)
  local s = state[bufnr or vim.api.nvim_get_current_buf()]
  return s ~= nil and s.shown ~= nil
end

-- shown returns the text the ghost text of bufnr would insert, or nil.
function M.shown(bufnr)
  local s = state[bufnr or vim.api.nvim_get_current_buf()]
  return s and s.shown and s.shown.text
end

-- items returns the suggestions held for bufnr and the index of the one
-- shown (for tests and :Lspilot status).
function M.items(bufnr)
  local s = state[bufnr or vim.api.nvim_get_current_buf()]
  if not s then
    return {}, 0
  end
  return s.items or {}, s.index or 0
end

local function version(bufnr)
  local v = vim.lsp.util.buf_versions
  return v and v[bufnr] or nil
end

-- request asks lspilot for suggestions at the cursor; done(items) runs with
-- the answer if the buffer and cursor are still where they were.
local function request(bufnr, kind, done)
  local client = client_of(bufnr)
  if not client then
    return
  end
  cancel(bufnr)
  local s = state[bufnr]
  local row, col = cursor()
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr), version = version(bufnr) },
    position = { line = row, character = compat.charindex(line, col, client.offset_encoding) },
    context = { triggerKind = kind },
  }
  local id
  id = compat.request(client, 'textDocument/inlineCompletion', params, function(err, result)
    if s.req ~= id then
      return -- a newer request superseded this one
    end
    s.req = nil
    local r2, c2 = cursor()
    if err or not result or vim.api.nvim_get_current_buf() ~= bufnr
      or vim.api.nvim_buf_get_changedtick(bufnr) ~= tick or r2 ~= row or c2 ~= col then
      return
    end
    done(result.items or result)
  end, bufnr)
  s.req = id
end

-- trigger runs as the user types: it redraws what still fits and asks for a
-- fresh suggestion (lspilot debounces and answers typing-through at once).
function M.trigger(bufnr)
  local s = state[bufnr]
  if not s or not s.enabled then
    return
  end
  local row, col = cursor()
  local key = string.format('%d:%d:%d', vim.api.nvim_buf_get_changedtick(bufnr), row, col)
  if key == s.key then
    return
  end
  s.key = key
  if vim.fn.pumvisible() == 1 then
    cancel(bufnr)
    M.clear(bufnr)
    return
  end
  M.render(bufnr)
  request(bufnr, AUTOMATIC, function(items)
    s.items, s.index = items, 1
    M.render(bufnr)
  end)
end

-- dismiss hides the suggestion until the user types again.
function M.dismiss(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  cancel(bufnr)
  M.clear(bufnr)
  local s = state[bufnr]
  if s then
    s.items, s.index = nil, 0
  end
end

-- merge adds the items of more that are not in items yet.
local function merge(items, more)
  local seen, out = {}, {}
  for _, list in ipairs({ items or {}, more or {} }) do
    for _, it in ipairs(list) do
      local text = type(it.insertText) == 'table' and it.insertText.value or it.insertText
      if not seen[text] then
        seen[text] = true
        table.insert(out, it)
      end
    end
  end
  return out
end

-- cycle shows the next (step 1) or previous (step -1) suggestion; with
-- fewer than two it asks lspilot for alternatives (an invoked request at the
-- same position) first. With none shown, it asks for a suggestion.
function M.cycle(bufnr, step)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local s = state[bufnr]
  if not s then
    return
  end
  local function go()
    local n = #(s.items or {})
    if n == 0 then
      return
    end
    s.index = ((s.index or 1) - 1 + step) % n + 1
    M.render(bufnr)
  end
  if s.items and #s.items > 1 then
    return go()
  end
  if not s.shown then
    s.items, s.index = nil, 0
  end
  request(bufnr, INVOKED, function(items)
    s.items = merge(s.items, items)
    s.index = s.index and s.index > 0 and s.index or 1
    go()
  end)
end

-- insert puts text at the cursor as real lines and moves the cursor after
-- it. The range of the item is honoured: text after the cursor that the
-- item replaces is removed.
local function insert(bufnr, text, item, enc, whole)
  local row, col = cursor()
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
  local end_col = col
  if whole and item.range and item.range['end'].line == row then
    end_col = math.max(col, compat.byteindex(line, item.range['end'].character, enc))
  end
  local lines = vim.split(text, '\n', { plain = true })
  vim.api.nvim_buf_set_text(bufnr, row, col, row, end_col, lines)
  local last = #lines == 1 and col + #lines[1] or #lines[#lines]
  vim.api.nvim_win_set_cursor(0, { row + #lines, last })
end

-- part returns the prefix of text that accepting a word ('word') or a line
-- ('line') takes.
function M.part(text, how)
  if how == 'line' then
    local nl = text:find('\n', 1, true)
    if nl == 1 then
      local rest = text:sub(2)
      local nl2 = rest:find('\n', 1, true)
      return '\n' .. (nl2 and rest:sub(1, nl2 - 1) or rest)
    end
    return nl and text:sub(1, nl - 1) or text
  end
  local word = text:match('^%s*[%w_]+') or text:match('^%s*[^%w_%s]+') or text:match('^%s+')
  return word or text
end

-- accept inserts the shown suggestion: how is nil (all of it), 'word' or
-- 'line'. Returns false when nothing is shown.
function M.accept(bufnr, how)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local s = state[bufnr]
  local client = client_of(bufnr)
  if not (s and s.shown and client) then
    return false
  end
  local shown = s.shown
  local text = how and M.part(shown.text, how) or shown.text
  local whole = text == shown.text
  cancel(bufnr)
  M.clear(bufnr)
  insert(bufnr, text, shown.item, client.offset_encoding, whole)
  if whole then
    s.items, s.index = nil, 0
    feedback.accepted(client, shown.item, bufnr)
  else
    local full = type(shown.item.insertText) == 'table' and shown.item.insertText.value or shown.item.insertText
    feedback.partial(client, shown.item, vim.fn.strchars(full:sub(1, #full - #shown.text + #text)))
    s.key = nil
    M.render(bufnr) -- the rest of the suggestion stays on screen
  end
  return true
end

-- attach turns ghost text on for bufnr, served by client_id.
function M.attach(bufnr, client_id)
  if state[bufnr] then
    state[bufnr].client_id = client_id
    return
  end
  state[bufnr] = { client_id = client_id, enabled = true, index = 0 }
  local group = vim.api.nvim_create_augroup('lspilot_ghost_' .. bufnr, { clear = true })
  local function on(events, fn)
    vim.api.nvim_create_autocmd(events, { group = group, buffer = bufnr, callback = function() fn(bufnr) end })
  end
  on({ 'TextChangedI', 'CursorMovedI' }, M.trigger)
  on({ 'InsertEnter' }, function(b)
    state[b].key = nil
    M.trigger(b)
  end)
  on({ 'InsertLeave', 'BufLeave' }, M.dismiss)
  on({ 'CompleteChanged', 'TextChangedP' }, function(b)
    cancel(b)
    M.clear(b)
  end)
  on({ 'BufUnload' }, function(b)
    vim.api.nvim_del_augroup_by_id(group)
    state[b] = nil
  end)
end

-- set_enabled turns requests on or off for every attached buffer.
function M.set_enabled(on)
  for bufnr, s in pairs(state) do
    s.enabled = on
    if not on then
      M.dismiss(bufnr)
    end
  end
end

return M
