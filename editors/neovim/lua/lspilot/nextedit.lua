-- Next-edit suggestions: after a change, when you pause in normal mode (or
-- leave insert mode), the plugin asks lspilot for the edit you are likely
-- to make next (textDocument/copilotInlineEdit, in the shape of GitHub
-- Copilot's language server) and shows it where it goes: the text it
-- replaces highlighted (LspilotEditDelete), the lines as they would read
-- below it as virtual lines (LspilotEditAdd), and a hint at the end of the
-- cursor's line naming the edit's line when the cursor is elsewhere. The
-- accept key jumps to the edit, then applies it and runs its command; the
-- dismiss key hides it and tells lspilot, which does not offer it again.
-- Works from Neovim 0.7 on (extmarks with highlights and virtual lines).
local compat = require('lspilot.compat')
local feedback = require('lspilot.feedback')

local M = {}

local ns = vim.api.nvim_create_namespace('lspilot_next_edit')
local uv = vim.uv or vim.loop

M.namespace = ns

-- debounce_ms is the pause after a change before lspilot is asked.
M.debounce_ms = 300

-- state[bufnr] = { client_id, enabled, timer, req (request id), asked (what
-- was asked: tick and cursor line), edit (the edit shown: range, text,
-- command, version, tick and its byte range sr, sc, er, ec), announced }
local state = {}

local function client_of(bufnr)
  local s = state[bufnr]
  return s and vim.lsp.get_client_by_id(s.client_id)
end

local function version(bufnr)
  local v = vim.lsp.util.buf_versions
  return v and v[bufnr] or nil
end

local function normal_mode()
  return vim.api.nvim_get_mode().mode == 'n'
end

-- clear hides the edit shown in bufnr; lspilot is not told (the edit was
-- made stale by a change, or the user moved on).
function M.clear(bufnr)
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  local s = state[bufnr]
  if s then
    s.edit = nil
  end
end

-- cancel stops the pending timer and the request in flight for bufnr.
local function cancel(bufnr)
  local s = state[bufnr]
  if not s then
    return
  end
  if s.timer then
    s.timer:stop()
  end
  s.waiting = false
  local client = client_of(bufnr)
  if s.req and client then
    compat.cancel(client, s.req)
  end
  s.req = nil
end

-- byte_range converts an LSP range to 0-based byte positions in bufnr.
local function byte_range(bufnr, range, enc)
  local function pos(p)
    local line = vim.api.nvim_buf_get_lines(bufnr, p.line, p.line + 1, false)[1]
    if line == nil then
      return nil
    end
    return p.line, compat.byteindex(line, p.character, enc)
  end
  local sr, sc = pos(range.start)
  local er, ec = pos(range['end'])
  if sr == nil or er == nil then
    return nil
  end
  return sr, sc, er, ec
end

-- expand replaces the tabs of a line by spaces up to the next tab stop, as
-- the buffer shows them: virtual text would draw them otherwise.
local function expand(bufnr, line)
  local ts = vim.bo[bufnr].tabstop
  local out, col = {}, 0
  for ch in line:gmatch('[%z\1-\127\194-\244][\128-\191]*') do
    if ch == '\t' then
      local n = ts - col % ts
      table.insert(out, string.rep(' ', n))
      col = col + n
    else
      table.insert(out, ch)
      col = col + vim.fn.strdisplaywidth(ch)
    end
  end
  return table.concat(out)
end

-- preview returns the lines sr to last as the edit leaves them, and last:
-- an edit that ends at the start of a line leaves that line alone.
function M.preview(lines_of, sr, sc, er, ec, text)
  local last = er
  if ec == 0 and er > sr then
    last = er - 1
  end
  local lines = lines_of(sr, last + 1)
  local head = (lines[1] or ''):sub(1, sc)
  local tail = last == er and (lines[#lines] or ''):sub(ec + 1) or ''
  local out = head .. text .. tail
  if last ~= er then
    out = out:gsub('\n$', '')
  end
  if out == '' and text == '' then
    return {}, last
  end
  return vim.split(out, '\n', { plain = true }), last
end

-- at reports whether the cursor is on the lines of the edit.
local function at(edit)
  local row = vim.api.nvim_win_get_cursor(0)[1] - 1
  return row >= edit.sr and row <= math.max(edit.sr, edit.last)
end

-- hint returns the text that tells of the edit from the cursor's line.
local function hint(edit)
  local keys = require('lspilot').config.keys or {}
  local accept, dismiss = keys.next_edit_accept, keys.next_edit_dismiss
  if at(edit) then
    local parts = {}
    if accept then table.insert(parts, accept .. ' accepts') end
    if dismiss then table.insert(parts, dismiss .. ' dismisses') end
    return '  lspilot: next edit' .. (#parts > 0 and (' (' .. table.concat(parts, ', ') .. ')') or '')
  end
  return string.format('  lspilot: next edit at line %d%s', edit.sr + 1, accept and (' (' .. accept .. ' jumps)') or '')
end

-- draw_hint puts the hint at the end of the cursor's line.
local function draw_hint(bufnr)
  local s = state[bufnr]
  if not (s and s.edit) then
    return
  end
  if s.hint then
    pcall(vim.api.nvim_buf_del_extmark, bufnr, ns, s.hint)
  end
  local row = vim.api.nvim_win_get_cursor(0)[1] - 1
  s.hint = vim.api.nvim_buf_set_extmark(bufnr, ns, row, 0, {
    virt_text = { { hint(s.edit), 'LspilotEditHint' } }, virt_text_pos = 'eol',
  })
end

-- draw shows edit in bufnr: the replaced text highlighted, the new lines
-- below, and the hint.
local function draw(bufnr, edit)
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  if edit.sr ~= edit.er or edit.sc ~= edit.ec then
    vim.api.nvim_buf_set_extmark(bufnr, ns, edit.sr, edit.sc, {
      end_row = edit.er, end_col = edit.ec, hl_group = 'LspilotEditDelete', hl_eol = edit.ec == 0,
    })
  end
  local lines = M.preview(function(a, b) return vim.api.nvim_buf_get_lines(bufnr, a, b, false) end,
    edit.sr, edit.sc, edit.er, edit.ec, edit.text)
  if #lines > 0 then
    local virt = {}
    for _, l in ipairs(lines) do
      table.insert(virt, { { l == '' and ' ' or expand(bufnr, l), 'LspilotEditAdd' } })
    end
    vim.api.nvim_buf_set_extmark(bufnr, ns, edit.last, 0, { virt_lines = virt })
  end
  state[bufnr].hint = nil
  draw_hint(bufnr)
end

-- show shows the first edit of an answer for the buffer at tick, if it is
-- still that buffer's text.
local function show(bufnr, tick, edits)
  local s = state[bufnr]
  local client = client_of(bufnr)
  local e = edits and edits[1]
  if not (s and client and e and e.range) or vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
    or not normal_mode() or vim.api.nvim_get_current_buf() ~= bufnr then
    return
  end
  if e.textDocument and e.textDocument.version ~= version(bufnr) then
    return -- made for another text of the buffer
  end
  local sr, sc, er, ec = byte_range(bufnr, e.range, client.offset_encoding)
  if sr == nil then
    return
  end
  local edit = { range = e.range, text = e.text or '', command = e.command, tick = tick,
    sr = sr, sc = sc, er = er, ec = ec }
  edit.last = (ec == 0 and er > sr) and er - 1 or er
  s.edit = edit
  draw(bufnr, edit)
  local id = e.command and e.command.arguments and e.command.arguments[1]
  if id == nil or s.announced ~= id then
    s.announced = id
    feedback.edit_shown(client, e)
  end
end

-- request asks lspilot for the next edit of bufnr at the cursor.
function M.request(bufnr)
  local s = state[bufnr]
  local client = client_of(bufnr)
  if not (s and s.enabled and client) or vim.api.nvim_get_current_buf() ~= bufnr or not normal_mode() then
    return
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  if tick == s.attached_tick then
    return -- nothing changed yet: there is no edit to carry on
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local asked = tick .. ':' .. row
  if s.asked == asked or (s.edit and s.edit.tick == tick) then
    return
  end
  cancel(bufnr)
  s.asked = asked
  local line = vim.api.nvim_buf_get_lines(bufnr, row - 1, row, false)[1] or ''
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr), version = version(bufnr) },
    position = { line = row - 1, character = compat.charindex(line, col, client.offset_encoding) },
  }
  local id
  id = compat.request(client, 'textDocument/copilotInlineEdit', params, function(err, result)
    if s.req ~= id then
      return -- superseded
    end
    s.req = nil
    if not err and result then
      show(bufnr, tick, result.edits)
    end
  end, bufnr)
  s.req = id
end

-- schedule asks for the next edit of bufnr after the debounce pause.
function M.schedule(bufnr)
  local s = state[bufnr]
  if not (s and s.enabled) then
    return
  end
  if not s.timer then
    s.timer = uv.new_timer()
  end
  s.timer:stop()
  s.waiting = true
  s.timer:start(M.debounce_ms, 0, vim.schedule_wrap(function()
    s.waiting = false
    if state[bufnr] == s and vim.api.nvim_buf_is_valid(bufnr) then
      M.request(bufnr)
    end
  end))
end

-- changed runs on a change of bufnr: the shown edit no longer fits.
local function changed(bufnr)
  local s = state[bufnr]
  if s and s.edit and s.edit.tick ~= vim.api.nvim_buf_get_changedtick(bufnr) then
    M.clear(bufnr)
  end
  cancel(bufnr)
  if normal_mode() then
    M.schedule(bufnr)
  end
end

-- visible reports whether an edit is shown in bufnr.
function M.visible(bufnr)
  local s = state[bufnr or vim.api.nvim_get_current_buf()]
  return s ~= nil and s.edit ~= nil
end

-- shown returns the edit shown in bufnr (range, text, command), or nil.
function M.shown(bufnr)
  local s = state[bufnr or vim.api.nvim_get_current_buf()]
  if not (s and s.edit) then
    return nil
  end
  return { range = s.edit.range, text = s.edit.text, command = s.edit.command }
end

-- pending reports whether a request is waiting or in flight for bufnr.
function M.pending(bufnr)
  local s = state[bufnr or vim.api.nvim_get_current_buf()]
  return s ~= nil and (s.req ~= nil or s.waiting == true)
end

-- accept applies the shown edit and runs its command when the cursor is on
-- it, and otherwise moves the cursor to it. Returns false when none is
-- shown.
function M.accept(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local s = state[bufnr]
  local client = client_of(bufnr)
  local edit = s and s.edit
  if not (edit and client) then
    return false
  end
  if not at(edit) then
    vim.api.nvim_win_set_cursor(0, { edit.sr + 1, edit.sc })
    draw_hint(bufnr)
    return true
  end
  M.clear(bufnr)
  vim.lsp.util.apply_text_edits({ { range = edit.range, newText = edit.text } }, bufnr, client.offset_encoding)
  local lines = vim.split(edit.text, '\n', { plain = true })
  local row = edit.sr + #lines - 1
  local col = #lines == 1 and edit.sc + #lines[1] or #lines[#lines]
  local len = #(vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or '')
  vim.api.nvim_win_set_cursor(0, { row + 1, math.max(0, math.min(col, len) - 1) })
  feedback.accepted(client, edit, bufnr)
  return true
end

-- dismiss hides the shown edit and reports it rejected: lspilot does not
-- offer it again. Returns false when none is shown.
function M.dismiss(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local s = state[bufnr]
  local client = client_of(bufnr)
  local edit = s and s.edit
  if not (edit and client) then
    return false
  end
  M.clear(bufnr)
  feedback.edit_rejected(client, edit, bufnr)
  return true
end

-- attach asks for next edits in bufnr, served by client_id.
function M.attach(bufnr, client_id)
  if state[bufnr] then
    state[bufnr].client_id = client_id
    return
  end
  state[bufnr] = { client_id = client_id, enabled = true, attached_tick = vim.api.nvim_buf_get_changedtick(bufnr) }
  local group = vim.api.nvim_create_augroup('lspilot_next_edit_' .. bufnr, { clear = true })
  local function on(events, fn)
    vim.api.nvim_create_autocmd(events, { group = group, buffer = bufnr, callback = function() fn(bufnr) end })
  end
  on({ 'TextChanged', 'TextChangedI' }, changed)
  on({ 'InsertLeave', 'CursorHold' }, M.schedule)
  on({ 'InsertEnter', 'BufLeave' }, function(b)
    cancel(b)
    M.clear(b)
  end)
  on({ 'CursorMoved' }, draw_hint)
  on({ 'BufUnload' }, function(b)
    cancel(b)
    local s = state[b]
    if s and s.timer then
      s.timer:close()
    end
    vim.api.nvim_del_augroup_by_id(group)
    state[b] = nil
  end)
end

-- set_enabled turns next edits on or off for every attached buffer.
function M.set_enabled(on)
  for bufnr, s in pairs(state) do
    s.enabled = on
    if not on then
      cancel(bufnr)
      M.clear(bufnr)
    end
  end
end

return M
