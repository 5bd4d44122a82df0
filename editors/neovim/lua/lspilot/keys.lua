-- Insert-mode keys for suggestions, set per buffer lspilot serves. Each key
-- falls through to its ordinary meaning when no suggestion is shown (a tab
-- for <Tab>, or what a mapping made before lspilot's did); next, with no
-- suggestion shown, asks for one. The engine is Neovim's own inline completion
-- on 0.12+ (lspilot.native) or the plugin's ghost text (lspilot.ghost).
-- Two normal-mode keys act on a shown next edit (lspilot.nextedit) and fall
-- through the same way when none is shown.
local M = {}

-- defaults are the keys `keys = {...}` in setup() overrides; false turns
-- one off.
M.defaults = {
  accept = '<Tab>',
  accept_word = '<M-Right>',
  accept_line = '<M-Down>',
  dismiss = '<C-]>',
  next = '<M-]>',
  prev = '<M-[>',
  next_edit_accept = '<Tab>', -- normal mode: jump to the next edit, then accept it
  next_edit_dismiss = '<Esc>', -- normal mode: dismiss the next edit
}

-- edit_actions are the normal-mode keys of next edits.
local edit_actions = {
  next_edit_accept = { run = 'accept', desc = 'lspilot: jump to the next edit, or accept it' },
  next_edit_dismiss = { run = 'dismiss', desc = 'lspilot: dismiss the next edit' },
}

local function tc(s)
  return vim.api.nvim_replace_termcodes(s, true, false, true)
end

-- actions maps each key to what it does with an engine; each returns
-- whether a suggestion was there to act on.
local actions = {
  accept = function(e, b) return e.accept(b) end,
  accept_word = function(e, b) return e.accept(b, 'word') end,
  accept_line = function(e, b) return e.accept(b, 'line') end,
  dismiss = function(e, b)
    if not e.visible(b) then return false end
    e.dismiss(b)
    return true
  end,
  next = function(e, b)
    e.cycle(b, 1)
    return true
  end,
  prev = function(e, b)
    if not e.visible(b) then return false end
    e.cycle(b, -1)
    return true
  end,
}

local descs = {
  accept = 'lspilot: accept the suggestion',
  accept_word = 'lspilot: accept the next word of the suggestion',
  accept_line = 'lspilot: accept the next line of the suggestion',
  dismiss = 'lspilot: dismiss the suggestion',
  next = 'lspilot: next suggestion',
  prev = 'lspilot: previous suggestion',
}

-- run performs action name on bufnr's engine; called from the mappings.
function M.run(name)
  local lspilot = require('lspilot')
  local bufnr = vim.api.nvim_get_current_buf()
  return actions[name](lspilot.engine(), bufnr)
end

-- fallback returns what lhs does in bufnr when no suggestion is shown: the
-- mapping it had before lspilot's (a Lua callback, an expression or keys;
-- Neovim 0.11+ maps <Tab> to jump in snippets), else the key itself.
local function fallback(bufnr, lhs, mode)
  local prev = vim.api.nvim_buf_call(bufnr, function() return vim.fn.maparg(lhs, mode or 'i', false, true) end)
  if (prev.rhs == nil and prev.callback == nil) or (prev.desc or ''):find('^lspilot:') then
    return function() return tc(lhs) end
  end
  if prev.callback then
    return function()
      local r = prev.callback()
      if prev.expr ~= 1 or type(r) ~= 'string' then
        return ''
      end
      return prev.replace_keycodes == 1 and tc(r) or r
    end
  end
  if prev.expr == 1 then
    return function() return vim.api.nvim_eval(prev.rhs) end
  end
  local keys = tc(prev.rhs)
  return function() return keys end
end

-- attach maps the keys in bufnr.
function M.attach(bufnr, keys)
  for name, lhs in pairs(keys) do
    if lhs and actions[name] then
      local otherwise = fallback(bufnr, lhs)
      vim.api.nvim_buf_set_keymap(bufnr, 'i', lhs, '', {
        expr = true,
        noremap = true,
        desc = descs[name],
        callback = function()
          local engine = require('lspilot').engine()
          if name ~= 'next' and not engine.visible(vim.api.nvim_get_current_buf()) then
            return otherwise()
          end
          -- Buffer edits are not allowed while an <expr> map is evaluated:
          -- act from a <Cmd> the map returns.
          return tc('<Cmd>lua require("lspilot.keys").run("' .. name .. '")<CR>')
        end,
      })
    end
  end
end

-- attach_edits maps the next-edit keys of keys in normal mode in bufnr:
-- with no next edit shown, each does what it did before.
function M.attach_edits(bufnr, keys)
  for name, a in pairs(edit_actions) do
    local lhs = keys[name]
    if lhs then
      local otherwise = fallback(bufnr, lhs, 'n')
      vim.api.nvim_buf_set_keymap(bufnr, 'n', lhs, '', {
        expr = true,
        noremap = true,
        desc = a.desc,
        callback = function()
          if not require('lspilot.nextedit').visible(vim.api.nvim_get_current_buf()) then
            return otherwise()
          end
          return tc('<Cmd>lua require("lspilot.nextedit").' .. a.run .. '()<CR>')
        end,
      })
    end
  end
end

-- hover maps K to vim.lsp.buf.hover() in bufnr on Neovim before 0.10
-- (0.10+ maps K itself), unless K is mapped already or another language
-- server that offers hover serves the buffer: lspilot never takes K from
-- it.
function M.hover(bufnr, client_id)
  if vim.fn.has('nvim-0.10') == 1 then
    return
  end
  if vim.fn.maparg('K', 'n') ~= '' then
    return
  end
  for _, c in ipairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.id ~= client_id and c.server_capabilities and c.server_capabilities.hoverProvider then
      return
    end
  end
  vim.api.nvim_buf_set_keymap(bufnr, 'n', 'K', '', {
    noremap = true,
    desc = 'lspilot: hover',
    callback = function() vim.lsp.buf.hover() end,
  })
end

return M
