-- lspilot for Neovim: starts the lspilot language server and attaches it to
-- buffers. Works with Neovim 0.7 (vim.lsp.start_client) and later.
local M = {}

M.config = {
  cmd = { 'lspilot', 'serve' },
  filetypes = nil, -- nil: every buffer with a file type
  init_options = nil, -- sent as initializationOptions (see the README's configuration keys)
  root_markers = { '.git', 'go.mod', 'package.json', 'pyproject.toml', 'Cargo.toml' },
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
  client_id = vim.lsp.start_client({
    name = 'lspilot',
    cmd = M.config.cmd,
    root_dir = root_dir(bufnr or 0),
    init_options = M.config.init_options,
    flags = { debounce_text_changes = 0 },
    handlers = { didChangeStatus = on_status },
  })
  return client_id
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
  local resp = client.request_sync('workspace/executeCommand', { command = 'lspilot.status', arguments = {} }, 5000)
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
  if args == 'status' then
    for _, line in ipairs(M.describe()) do
      vim.api.nvim_echo({ { line } }, true, {})
    end
    return
  end
  vim.api.nvim_echo({ { 'Lspilot: unknown subcommand ' .. vim.inspect(args) .. ' (try :Lspilot status)', 'ErrorMsg' } }, true, {})
end

-- attach connects buffer bufnr to lspilot.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local id = M.start(bufnr)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- setup configures lspilot and attaches it to buffers as they get a file type.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  vim.api.nvim_create_user_command('Lspilot', function(o) M.command(o.args) end, {
    nargs = 1,
    complete = function() return { 'status' } end,
  })
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
