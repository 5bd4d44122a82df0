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
  })
  return client_id
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
