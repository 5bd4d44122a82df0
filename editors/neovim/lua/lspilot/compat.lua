-- Small shims over the Neovim APIs that changed between 0.7 and 0.12, so
-- that the rest of the plugin calls one function whatever the version.
local M = {}

-- has reports whether Neovim is at least version v ('0.10').
function M.has(v)
  return vim.fn.has('nvim-' .. v) == 1
end

-- Methods of a client object are called with ':' from 0.11 on; the '.'
-- form is deprecated there.
local method_call = M.has('0.11')

-- request sends an LSP request; returns the request id or nil.
function M.request(client, method, params, handler, bufnr)
  local ok, id
  if method_call then
    ok, id = client:request(method, params, handler, bufnr)
  else
    ok, id = client.request(method, params, handler, bufnr)
  end
  return ok and id or nil
end

-- request_sync sends an LSP request and waits for its answer.
function M.request_sync(client, method, params, timeout, bufnr)
  if method_call then
    return client:request_sync(method, params, timeout, bufnr)
  end
  return client.request_sync(method, params, timeout, bufnr)
end

-- notify sends an LSP notification.
function M.notify(client, method, params)
  if method_call then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

-- cancel cancels request id of client.
function M.cancel(client, id)
  if method_call then
    return client:cancel_request(id)
  end
  return client.cancel_request(id)
end

-- stop stops client.
function M.stop(client, force)
  if method_call then
    return client:stop(force)
  end
  return client.stop(force)
end

-- clients returns the clients attached to bufnr.
function M.clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end

-- byteindex converts an LSP character offset on line to a byte offset.
function M.byteindex(line, index, encoding)
  if encoding == 'utf-8' then
    return math.min(index, #line)
  end
  local ok, b
  if M.has('0.11') then
    ok, b = pcall(vim.str_byteindex, line, encoding, index, false)
  else
    ok, b = pcall(vim.str_byteindex, line, index, encoding == 'utf-16')
  end
  return ok and b or #line
end

-- charindex converts a byte offset on line to an LSP character offset.
function M.charindex(line, col, encoding)
  if encoding == 'utf-8' then
    return col
  end
  if M.has('0.11') then
    return vim.str_utfindex(line, encoding, col, false)
  end
  local utf32, utf16 = vim.str_utfindex(line, col)
  return encoding == 'utf-16' and utf16 or utf32
end

return M
