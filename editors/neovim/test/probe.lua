-- Loaded after the user's init.lua by the terminal tests (ghost_test.go):
-- <F12>, in normal and insert mode, writes what the test checks to
-- $LSPILOT_PROBE as JSON without changing mode, cursor or buffer: the
-- buffer's lines, the cursor, the mode, the suggestions lspilot holds and
-- which one is shown, and lspilot's completion counters (lspilot.status),
-- which count the suggestions shown and accepted as the editor reported them;
-- and the next edit shown (lspilot.nextedit) with lspilot's next-edit counters.
local out = os.getenv('LSPILOT_PROBE')
local seq = 0

local function text(item)
  return type(item.insertText) == 'table' and item.insertText.value or item.insertText
end

-- pending reports whether an inline completion request is in flight.
local function pending(client, bufnr)
  for _, r in pairs(client.requests or {}) do
    if r.method == 'textDocument/inlineCompletion' and r.type == 'pending' and r.bufnr == bufnr then
      return true
    end
  end
  return false
end

-- marks returns the highlights and virtual lines that show the next edit:
-- { row, col, endRow, endCol, hl } for each highlight, { row, hl, text }
-- for each virtual line (rows and columns from 0).
local function marks(b, ns)
  local hls, lines = {}, {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(b, ns, 0, -1, { details = true })) do
    local d = m[4]
    if d.hl_group then
      table.insert(hls, { row = m[2], col = m[3], endRow = d.end_row, endCol = d.end_col, hl = d.hl_group })
    end
    for _, vl in ipairs(d.virt_lines or {}) do
      table.insert(lines, { row = m[2], hl = vl[1][2], text = vl[1][1] })
    end
  end
  return hls, lines
end

local function probe()
  seq = seq + 1
  local b = vim.api.nvim_get_current_buf()
  local lspilot = require('lspilot')
  local engine = lspilot.engine()
  local items, index = engine.items(b)
  local texts = {}
  for _, it in ipairs(items) do
    table.insert(texts, text(it))
  end
  local client = lspilot.client()
  local completion, next_edit = nil, nil
  if client then
    local resp = require('lspilot.compat').request_sync(client, 'workspace/executeCommand',
      { command = 'lspilot.status', arguments = {} }, 5000)
    completion = resp and resp.result and resp.result.completion
    next_edit = resp and resp.result and resp.result.nextEdit
  end
  local nextedit = require('lspilot.nextedit')
  local hls, vlines = marks(b, nextedit.namespace)
  -- JSON has no NUL: show one (a line break the completion menu inserted)
  -- as "\n", which no line holds otherwise.
  local lines = vim.api.nvim_buf_get_lines(b, 0, -1, false)
  for i, l in ipairs(lines) do
    lines[i] = l:gsub('%z', '\n')
  end
  local state = {
    seq = seq,
    lines = lines,
    cursor = vim.api.nvim_win_get_cursor(0),
    mode = vim.api.nvim_get_mode().mode,
    items = texts,
    index = index,
    visible = engine.visible(b),
    shown = engine.shown(b),
    pending = client ~= nil and pending(client, b),
    noticed = vim.api.nvim_exec('messages', true):find('no backend configured', 1, true) ~= nil,
    attached = client ~= nil and client.initialized == true,
    omnifunc = vim.bo[b].omnifunc,
    engine = lspilot.engine_name(),
    completion = completion,
    nextEdit = next_edit,
    edit = nextedit.shown(b),
    editPending = nextedit.pending(b),
    editHighlights = hls,
    editLines = vlines,
  }
  local f = assert(io.open(out .. '.tmp', 'w'))
  f:write(vim.fn.json_encode(state))
  f:close()
  os.rename(out .. '.tmp', out)
end

vim.keymap.set({ 'n', 'i' }, '<F12>', probe)
