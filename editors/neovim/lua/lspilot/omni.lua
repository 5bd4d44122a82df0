-- The completion menu path (<C-x><C-o>): sets 'omnifunc' to Neovim's LSP
-- omnifunc in the buffers lspilot serves, and mends what the menu does to
-- lspilot's multi-line items. complete() inserts a word's line breaks as
-- NUL characters; on CompleteDone this module puts the item's text back as
-- real lines, with the cursor after it, and runs the item's command.
local feedback = require('lspilot.feedback')

local M = {}

local function get(t, ...)
  for _, k in ipairs({ ... }) do
    if type(t) ~= 'table' then
      return nil
    end
    t = t[k]
  end
  return t
end

-- native_done reports whether Neovim's own completion (vim.lsp.completion,
-- 0.11+) handles CompleteDone in bufnr: it then runs commands itself.
local function native_done(bufnr)
  local ok, cmds = pcall(vim.api.nvim_get_autocmds, { group = 'nvim.lsp.completion', buffer = bufnr, event = 'CompleteDone' })
  return ok and #cmds > 0
end

-- mend replaces the word just inserted before the cursor, whose line breaks
-- became NULs, with its real lines; false if the text before the cursor is
-- not that word.
function M.mend(bufnr, word)
  local pos = vim.api.nvim_win_get_cursor(0)
  local row, col = pos[1] - 1, pos[2]
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
  local start = col - #word
  -- The line holds the word with a NUL for each line break.
  local inserted = word:gsub('\n', '\0')
  if start < 0 or line:sub(start + 1, col) ~= inserted then
    return false
  end
  local lines = vim.split(word, '\n', { plain = true })
  vim.api.nvim_buf_set_text(bufnr, row, start, row, col, lines)
  vim.api.nvim_win_set_cursor(0, { row + #lines, #lines[#lines] })
  return true
end

-- on_done handles CompleteDone in bufnr for lspilot's items.
local function on_done(bufnr)
  local completed = vim.v.completed_item
  local item = get(completed, 'user_data', 'nvim', 'lsp', 'completion_item')
  if not item or get(item, 'command', 'command') ~= 'lspilot.acceptCompletion' then
    return
  end
  local word = completed.word
  local client = require('lspilot').client()
  vim.schedule(function()
    if word:find('\n', 1, true) and vim.api.nvim_get_current_buf() == bufnr then
      M.mend(bufnr, word)
    end
    if client and not native_done(bufnr) then
      feedback.accepted(client, item, bufnr)
    end
  end)
end

-- attach sets 'omnifunc' in bufnr (unless another LSP omnifunc is set) and
-- watches CompleteDone.
function M.attach(bufnr)
  if vim.bo[bufnr].omnifunc ~= 'v:lua.vim.lsp.omnifunc' then
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
  local group = vim.api.nvim_create_augroup('lspilot_omni_' .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd('CompleteDone', {
    group = group,
    buffer = bufnr,
    callback = function() on_done(bufnr) end,
  })
end

return M
