-- Reports to lspilot what the user did with a suggestion, in the shape
-- GitHub Copilot's language server uses: textDocument/didShowCompletion when
-- one is shown, textDocument/didPartiallyAcceptCompletion with the number of
-- characters taken for a word or line, and the item's own command
-- (lspilot.acceptCompletion) when it is accepted whole. For next edits:
-- textDocument/didShowInlineEdit when one is shown, its command when it is
-- accepted, github.copilot.didRejectNextEditSuggestionItem when dismissed.
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

-- edit_shown reports that next edit is on screen.
function M.edit_shown(client, edit)
  compat.notify(client, 'textDocument/didShowInlineEdit', { item = { command = edit.command } })
end

-- edit_rejected reports that the user dismissed next edit.
function M.edit_rejected(client, edit, bufnr)
  local args = edit.command and edit.command.arguments
  if args then
    compat.request(client, 'workspace/executeCommand',
      { command = 'github.copilot.didRejectNextEditSuggestionItem', arguments = args }, function() end, bufnr)
  end
end

return M
