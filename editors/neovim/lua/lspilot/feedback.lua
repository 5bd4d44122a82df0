-- Reports to lspilot what the user did with a suggestion, in the shape
-- GitHub Copilot's language server uses: textDocument/didShowCompletion when
-- one is shown, textDocument/didPartiallyAcceptCompletion with the number of
-- characters taken for a word or line, and the item's own command
-- (lspilot.acceptCompletion) when it is accepted whole.
local compat = require('lspilot.compat')

local M = {}

-- shown reports that item is on screen.
function M.shown(client, item)
  compat.notify(client, 'textDocument/didShowCompletion', { item = item })
end

-- partial reports that n characters of item were accepted.
function M.partial(client, item, n)
  compat.notify(client, 'textDocument/didPartiallyAcceptCompletion', { item = item, acceptedLength = n })
end

-- accepted runs item's command, as an editor does after inserting it.
function M.accepted(client, item, bufnr)
  local cmd = item.command
  if cmd and cmd.command then
    compat.request(client, 'workspace/executeCommand', { command = cmd.command, arguments = cmd.arguments },
      function() end, bufnr)
  end
end

return M
