-- lspilot for Neovim: starts the lspilot language server, attaches it to
-- buffers and shows its suggestions as ghost text while you type: through
-- Neovim's own inline completion on 0.12+ (lspilot.native), through the
-- plugin's own extmarks on 0.7 to 0.11 (lspilot.ghost). Keys (lspilot.keys)
-- accept, accept a word or line, dismiss and cycle; 'omnifunc' serves the
-- completion menu (lspilot.omni); next-edit suggestions show in normal
-- mode (lspilot.nextedit); :Lspilot and :checkhealth lspilot help.
local compat = require('lspilot.compat')
local keys = require('lspilot.keys')

local M = {}

M.config = {
  cmd = { 'lspilot', 'serve' },
  filetypes = nil, -- nil: every buffer with a file type
  init_options = nil, -- sent as initializationOptions (see the README's configuration keys)
  root_markers = { '.git', 'go.mod', 'package.json', 'pyproject.toml', 'Cargo.toml' },
  ghost_text = true, -- false: no ghost text; use the completion menu (<C-x><C-o>)
  native = true, -- 0.12+: Neovim's own inline completion; false: the plugin's ghost text
  omnifunc = true, -- set 'omnifunc' to vim.lsp.omnifunc in lspilot's buffers
  hover = true, -- map K to hover before 0.10 when nothing else has it
  next_edit = true, -- false: no next-edit suggestions
  keys = vim.deepcopy(keys.defaults),
}

local client_id = nil

-- last_status holds the last didChangeStatus notification: { busy, kind, message }.
local last_status = nil

-- states names the state each kind of status stands for.
local states = { Normal = 'ready', Warning = 'no backend', Error = 'backend down', Inactive = 'disabled' }

local function on_status(_, result)
  last_status = result
  vim.cmd('redrawstatus')
end

local function root_dir(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h:h')
    end
  end
  return dir
end

-- start returns the id of the running lspilot client, starting it if needed.
function M.start(bufnr)
  if client_id and vim.lsp.get_client_by_id(client_id) then
    return client_id
  end
  local config = {
    name = 'lspilot',
    cmd = M.config.cmd,
    root_dir = root_dir(bufnr or 0),
    init_options = M.config.init_options,
    flags = { debounce_text_changes = 0 },
    handlers = { didChangeStatus = on_status },
    on_attach = function(client, b) M._on_attach(client, b) end,
  }
  if compat.has('0.11') then
    client_id = vim.lsp.start(config, {
      bufnr = bufnr or vim.api.nvim_get_current_buf(),
      reuse_client = function() return false end,
    })
  else
    client_id = vim.lsp.start_client(config)
  end
  return client_id
end

-- client returns the running lspilot client, or nil.
function M.client()
  return client_id and vim.lsp.get_client_by_id(client_id) or nil
end

-- use_native reports whether Neovim's own inline completion shows the
-- suggestions.
local function use_native()
  return M.config.native ~= false and vim.lsp.inline_completion ~= nil
end

-- engine returns the module that shows suggestions: lspilot.native or
-- lspilot.ghost.
function M.engine()
  return use_native() and require('lspilot.native') or require('lspilot.ghost')
end

-- engine_name says which engine shows suggestions, for :checkhealth.
function M.engine_name()
  if not M.config.ghost_text then
    return 'ghost text off (completion menu only)'
  end
  if use_native() then
    return "Neovim's own inline completion (vim.lsp.inline_completion)"
  end
  return "lspilot's ghost text (extmarks, " .. (compat.has('0.10') and 'inline' or 'overlay/end of line') .. ')'
end

local enabled = true

-- enabled reports whether suggestions are on (see toggle).
function M.enabled()
  return enabled
end

-- toggle turns ghost-text and next-edit suggestions off or back on.
function M.toggle()
  enabled = not enabled
  M.engine().set_enabled(enabled)
  require('lspilot.nextedit').set_enabled(enabled)
end

-- accept accepts the shown suggestion: how is nil (all), 'word' or 'line'.
function M.accept(how)
  return M.engine().accept(vim.api.nvim_get_current_buf(), how)
end

-- dismiss hides the shown suggestion.
function M.dismiss()
  return M.engine().dismiss(vim.api.nvim_get_current_buf())
end

-- accept_edit jumps to the shown next edit, or accepts it when the cursor
-- is on it; false when none is shown.
function M.accept_edit()
  return require('lspilot.nextedit').accept(vim.api.nvim_get_current_buf())
end

-- dismiss_edit hides the shown next edit, which lspilot then does not
-- offer again; false when none is shown.
function M.dismiss_edit()
  return require('lspilot.nextedit').dismiss(vim.api.nvim_get_current_buf())
end

-- next shows the next suggestion, asking lspilot for alternatives.
function M.next()
  return M.engine().cycle(vim.api.nvim_get_current_buf(), 1)
end

-- prev shows the previous suggestion.
function M.prev()
  return M.engine().cycle(vim.api.nvim_get_current_buf(), -1)
end

-- _on_attach sets up suggestions, keys and the completion menu in bufnr.
function M._on_attach(client, bufnr)
  if M.config.ghost_text then
    M.engine().attach(bufnr, use_native() and client or client.id)
    if not enabled then
      M.engine().set_enabled(false)
    end
    keys.attach(bufnr, M.config.keys)
  end
  if M.config.next_edit then
    local nextedit = require('lspilot.nextedit')
    nextedit.attach(bufnr, client.id)
    if not enabled then
      nextedit.set_enabled(false)
    end
    keys.attach_edits(bufnr, M.config.keys)
  end
  if M.config.omnifunc then
    require('lspilot.omni').attach(bufnr)
  end
  if M.config.hover then
    keys.hover(bufnr, client.id)
  end
end

-- restart stops lspilot and starts it again in the buffers it served.
function M.restart()
  local client = M.client()
  local buffers = {}
  if client then
    for b in pairs(client.attached_buffers or {}) do
      table.insert(buffers, b)
    end
    compat.stop(client, true)
    vim.wait(5000, function() return vim.lsp.get_client_by_id(client.id) == nil end, 20)
  end
  client_id, last_status = nil, nil
  for _, b in ipairs(buffers) do
    if vim.api.nvim_buf_is_loaded(b) then
      M.attach(b)
    end
  end
  return M.client()
end

-- status returns a short text for a statusline: "lspilot: ready",
-- "lspilot: busy", "lspilot: no backend", "lspilot: backend down",
-- "lspilot: disabled"; "" while lspilot is not running.
function M.status()
  if not (client_id and vim.lsp.get_client_by_id(client_id)) or last_status == nil then
    return ''
  end
  if last_status.busy then
    return 'lspilot: busy'
  end
  return 'lspilot: ' .. (states[last_status.kind] or last_status.kind)
end

-- ms formats a latency in milliseconds.
local function ms(v)
  return string.format('%d', math.floor(v + 0.5))
end

-- describe returns the lines :Lspilot status prints: the status notification
-- and what lspilot.status says of the backend, model, latency and last error.
function M.describe()
  local client = client_id and vim.lsp.get_client_by_id(client_id)
  if not client then
    return { 'lspilot is not running' }
  end
  local lines = { (last_status and last_status.message) or 'lspilot' }
  local resp = compat.request_sync(client, 'workspace/executeCommand', { command = 'lspilot.status', arguments = {} }, 5000)
  if not resp or resp.err then
    table.insert(lines, 'lspilot.status failed: ' .. ((resp and resp.err and resp.err.message) or 'no answer'))
    return lines
  end
  local st = resp.result
  table.insert(lines, 'state: ' .. st.state .. (st.busy and ' (busy)' or ''))
  if st.backend then
    table.insert(lines, 'backend: ' .. st.backend .. ((st.backendUrl and st.backendUrl ~= st.backend) and (' (' .. st.backendUrl .. ')') or ''))
  end
  if st.model then
    table.insert(lines, 'model: ' .. st.model)
  end
  if st.latency and st.latency.samples > 0 then
    table.insert(lines, string.format('latency p50/p95/p99: %s/%s/%s ms (last %d suggestions)',
      ms(st.latency.p50Ms), ms(st.latency.p95Ms), ms(st.latency.p99Ms), st.latency.samples))
  end
  if st.lastError then
    table.insert(lines, 'last error: ' .. st.lastError)
  end
  table.insert(lines, string.format('lspilot %s, pid %d', st.version, st.pid))
  return lines
end

-- command runs :Lspilot {args}.
function M.command(args)
  require('lspilot.commands').run(M, args)
end

-- attach connects buffer bufnr to lspilot.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local id = M.start(bufnr)
  if id and not vim.lsp.buf_is_attached(bufnr, id) then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- setup configures lspilot and attaches it to buffers as they get a file type.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  vim.api.nvim_create_user_command('Lspilot', function(o) M.command(o.args) end, {
    nargs = 1,
    complete = function() return require('lspilot.commands').names end,
  })
  vim.cmd('highlight default link LspilotGhost Comment')
  vim.cmd('highlight default link LspilotGhostHint Comment')
  vim.cmd('highlight default link LspilotEditDelete DiffDelete')
  vim.cmd('highlight default link LspilotEditAdd DiffAdd')
  vim.cmd('highlight default link LspilotEditHint Comment')
  vim.cmd([[
    augroup lspilot
      autocmd!
      autocmd FileType * lua require('lspilot')._on_filetype(tonumber(vim.fn.expand('<abuf>')))
    augroup END
  ]])
end

function M._on_filetype(bufnr)
  local ft = vim.bo[bufnr].filetype
  if ft == '' or vim.bo[bufnr].buftype ~= '' then
    return
  end
  if M.config.filetypes and not vim.tbl_contains(M.config.filetypes, ft) then
    return
  end
  M.attach(bufnr)
end

return M
