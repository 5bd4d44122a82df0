-- :checkhealth lspilot: the binary, its version, the backend and model the
-- running server uses (or what `lspilot doctor` says when none runs), and
-- the Neovim features the plugin uses on this version.
local M = {}

-- report returns start/ok/warn/error/info functions: vim.health on 0.9+,
-- vim.health.report_* on 0.8, health#report_* on 0.7.
local function report()
  local h = vim.health
  if h and h.start then
    return h
  end
  if h and h.report_start then
    return { start = h.report_start, ok = h.report_ok, warn = h.report_warn, error = h.report_error, info = h.report_info }
  end
  local function fn(name)
    return function(msg) vim.fn['health#report_' .. name](msg) end
  end
  return { start = fn('start'), ok = fn('ok'), warn = fn('warn'), error = fn('error'), info = fn('info') }
end

-- status asks the running server for lspilot.status.
local function status(client)
  local ok, resp = pcall(require('lspilot.compat').request_sync, client, 'workspace/executeCommand',
    { command = 'lspilot.status', arguments = {} }, 5000)
  return ok and resp and resp.result or nil
end

local function check_binary(h, bin)
  local path = vim.fn.exepath(bin)
  if path == '' then
    h.error('lspilot binary not found: ' .. bin .. ' (go install ./cmd/lspilot, or set cmd in setup())')
    return false
  end
  h.ok('binary: ' .. path)
  local version = vim.fn.systemlist({ path, 'version' })[1] or ''
  if vim.v.shell_error == 0 then
    h.ok('version: ' .. version)
  else
    h.error('`lspilot version` failed: ' .. version)
  end
  return true
end

local function check_backend(h, lspilot, bin)
  local client = lspilot.client()
  local st = client and status(client)
  if st then
    local say = (st.state == 'ready') and h.ok or h.warn
    say('server: ' .. st.state .. (st.backend and (', backend ' .. st.backend) or ''))
    if st.model then
      h.ok('model: ' .. st.model)
    end
    if st.lastError then
      h.warn('last error: ' .. st.lastError)
    end
    return
  end
  h.info('lspilot is not running in this Neovim; asking `lspilot doctor`')
  local out = vim.fn.systemlist({ bin, 'doctor' })
  local say = vim.v.shell_error == 0 and h.ok or h.error
  say('lspilot doctor: ' .. (vim.v.shell_error == 0 and 'a backend answers' or 'no usable backend'))
  for _, line in ipairs(out) do
    if line:match('%S') then
      h.info(line)
    end
  end
end

local function check_features(h, lspilot)
  h.info('Neovim ' .. tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch))
  h.ok('suggestions: ' .. lspilot.engine_name())
  local keys = {}
  for name, lhs in pairs(lspilot.config.keys) do
    table.insert(keys, name .. ' ' .. tostring(lhs))
  end
  table.sort(keys)
  h.info('keys (next_edit_* in normal mode, the others in insert mode): ' .. table.concat(keys, ', '))
  h.ok('next edits: ' .. (lspilot.config.next_edit and 'on (asked for when you pause in normal mode after a change)' or 'off'))
  if lspilot.config.omnifunc then
    h.ok("completion menu: 'omnifunc' is v:lua.vim.lsp.omnifunc in lspilot's buffers (<C-x><C-o>)")
  end
end

-- check runs the health checks.
function M.check()
  local h = report()
  local lspilot = require('lspilot')
  local bin = lspilot.config.cmd[1]
  h.start('lspilot')
  if check_binary(h, bin) then
    check_backend(h, lspilot, bin)
  end
  check_features(h, lspilot)
end

return M
