-- :Lspilot {status|toggle|doctor|log|restart}.
local M = {}

M.names = { 'status', 'toggle', 'doctor', 'log', 'restart' }

local function echo(line, hl)
  vim.api.nvim_echo({ { line, hl } }, true, {})
end

-- scratch shows lines in a new read-only split.
local function scratch(name, lines)
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  pcall(vim.api.nvim_buf_set_name, buf, name)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
end

-- doctor runs `lspilot doctor` with the configured binary and shows what it
-- says.
function M.doctor(lspilot)
  local cmd = { lspilot.config.cmd[1], 'doctor' }
  local out = vim.fn.systemlist(cmd)
  table.insert(out, 1, '$ ' .. table.concat(cmd, ' ') .. '   (exit status ' .. vim.v.shell_error .. ')')
  scratch('lspilot doctor', out)
  return out
end

-- arg returns the value of --name=V or --name V in cmd.
local function arg(cmd, name)
  for i, a in ipairs(cmd) do
    if a == '--' .. name then
      return cmd[i + 1]
    end
    local v = a:match('^%-%-' .. name:gsub('%-', '%%-') .. '=(.*)$')
    if v then
      return v
    end
  end
end

-- daemon_log returns the newest log of a shared daemon (serve
-- --remote=auto keeps them in $XDG_RUNTIME_DIR/lspilot, else in
-- lspilot-UID under the temp directory).
local function daemon_log()
  local runtime = os.getenv('XDG_RUNTIME_DIR')
  local dir = runtime and runtime ~= '' and (runtime .. '/lspilot')
    or ((os.getenv('TMPDIR') or '/tmp') .. '/lspilot-' .. (vim.uv or vim.loop).getuid())
  local newest, when = nil, -1
  for _, f in ipairs(vim.fn.glob(dir .. '/*.log', false, true)) do
    local t = vim.fn.getftime(f)
    if t > when then
      newest, when = f, t
    end
  end
  return newest
end

-- log_path returns the file that holds lspilot's log: the --log-file of
-- cmd, the shared daemon's log with --remote=auto, else Neovim's LSP log,
-- where lspilot's stderr goes.
function M.log_path(cmd)
  local file = arg(cmd, 'log-file')
  if file then
    return file
  end
  if arg(cmd, 'remote') == 'auto' then
    local d = daemon_log()
    if d then
      return d
    end
  end
  return vim.lsp.get_log_path()
end

-- run runs :Lspilot {args}.
function M.run(lspilot, args)
  local sub = vim.trim(args or '')
  if sub == 'status' then
    for _, line in ipairs(lspilot.describe()) do
      echo(line)
    end
  elseif sub == 'toggle' then
    lspilot.toggle()
    echo('lspilot: suggestions ' .. (lspilot.enabled() and 'on' or 'off'))
  elseif sub == 'doctor' then
    M.doctor(lspilot)
  elseif sub == 'log' then
    vim.cmd('botright split ' .. vim.fn.fnameescape(M.log_path(lspilot.config.cmd)))
    vim.cmd('normal! G')
  elseif sub == 'restart' then
    lspilot.restart()
    echo('lspilot: restarted')
  else
    echo('Lspilot: unknown subcommand ' .. vim.inspect(sub) .. ' (try ' .. table.concat(M.names, ', ') .. ')', 'ErrorMsg')
  end
end

return M
