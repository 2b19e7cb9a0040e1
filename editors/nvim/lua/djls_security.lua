-- djls_security: helpers for djls (the Django settings security language
-- server) in Neovim 0.7 and later, with or without nvim-lspconfig.
--
-- Put editors/nvim on 'runtimepath' (or copy this file to lua/ in your
-- config), then:
--   local djls = require('djls_security')
--   djls.setup()            -- :DjlsFixAll, :DjlsProductionBlock, rule codes in diagnostics
-- or pick the parts:
--   djls.fix_all()          -- apply every safe djls fix in the current buffer
--   djls.production_block() -- insert the production security block
--   vim.diagnostic.config({ virtual_text = { format = djls.format }, float = { format = djls.float_format } })
--
-- fix_all works on Neovim 0.7: vim.lsp.buf.code_action{ apply = true } needs
-- 0.8, so the code action is requested with vim.lsp.buf_request and its edit
-- applied with vim.lsp.util.apply_workspace_edit.

local M = {}

M.KIND_FIX_ALL = 'source.fixAll.djls'
M.KIND_PRODUCTION_BLOCK = 'source.djls.productionBlock'
-- The diagnostics' source; the client is found by its name (djls_security).
M.SOURCE = 'djls'
M.CLIENT_NAME = 'djls_security'

local function clients(bufnr)
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ bufnr = bufnr, name = M.CLIENT_NAME })
  end
  local out = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == M.CLIENT_NAME then
      out[#out + 1] = c
    end
  end
  return out
end

-- The whole buffer as an LSP range (end: one past the last line).
local function whole_buffer(bufnr)
  return { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } }
end

local function notify(msg, level)
  vim.notify('djls: ' .. msg, level or vim.log.levels.INFO)
end

-- Applies the first code action of `kind` that djls offers for the whole
-- buffer. opts.on_done(applied: boolean, action|nil) is called at the end
-- (tests wait on it); opts.quiet: no notification when there is nothing.
function M.apply_source_action(kind, opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local done = opts.on_done or function() end
  local client = clients(bufnr)[1]
  if not client then
    notify('no djls_security client is attached to this buffer', vim.log.levels.WARN)
    return done(false)
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = whole_buffer(bufnr),
    -- whole-file actions: the server needs no diagnostics in the context
    context = { only = { kind }, diagnostics = {} },
  }
  client.request('textDocument/codeAction', params, function(err, result)
    if err then
      notify('code action failed: ' .. tostring(err.message or err), vim.log.levels.ERROR)
      return done(false)
    end
    local action
    for _, a in ipairs(result or {}) do
      if a.kind == kind or (a.kind and a.kind:sub(1, #kind + 1) == kind .. '.') then
        action = a
        break
      end
    end
    if not action then
      if not opts.quiet then
        notify('nothing to apply (' .. kind .. ')')
      end
      return done(false)
    end
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
    end
    if action.command then
      local command = type(action.command) == 'table' and action.command or action
      client.request('workspace/executeCommand', command, function() end, bufnr)
    end
    done(true, action)
  end, bufnr)
end

-- Every safe djls fix in the buffer (the source.fixAll.djls code action).
function M.fix_all(opts)
  M.apply_source_action(M.KIND_FIX_ALL, opts)
end

-- The production security block (HTTPS redirect, HSTS, secure cookies).
function M.production_block(opts)
  M.apply_source_action(M.KIND_PRODUCTION_BLOCK, opts)
end

-- A vim.diagnostic format function: djls findings end with their rule code,
-- "DEBUG defaults to True [DJS001]", so a rule can be looked up, ignored
-- or suppressed by code. Other sources' diagnostics are left as they are.
function M.format(diagnostic)
  local code = diagnostic.code
  if code == nil and diagnostic.user_data and diagnostic.user_data.lsp then
    code = diagnostic.user_data.lsp.code
  end
  if diagnostic.source ~= M.SOURCE or code == nil or code == '' then
    return diagnostic.message
  end
  return string.format('%s [%s]', diagnostic.message, tostring(code))
end

-- A vim.diagnostic float format: format's line, then what the finding says
-- in its relatedInformation (Neovim shows only the message): its detail
-- (why it matters, what to do) and the other places it names, each as
-- "path:line: message".
function M.float_format(diagnostic)
  local text = M.format(diagnostic)
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  if diagnostic.source ~= M.SOURCE or not lsp then
    return text
  end
  local own = diagnostic.bufnr and vim.uri_from_bufnr(diagnostic.bufnr)
  for _, rel in ipairs(lsp.relatedInformation or {}) do
    local loc = rel.location or {}
    local line = loc.range and loc.range.start.line
    if loc.uri == own and line == diagnostic.lnum then
      text = text .. '\n' .. rel.message -- the detail sits on the finding itself
    elseif loc.uri and line then
      local path = vim.fn.fnamemodify(vim.uri_to_fname(loc.uri), ':~:.')
      text = string.format('%s\n%s:%d: %s', text, path, line + 1, rel.message)
    end
  end
  return text
end

-- setup(): the two commands and the rule code in virtual text and floats
-- (floats also show each finding's detail and related places).
-- opts.format = false leaves vim.diagnostic.config alone.
function M.setup(opts)
  opts = opts or {}
  vim.api.nvim_create_user_command('DjlsFixAll', function()
    M.fix_all()
  end, { desc = 'djls: apply every safe fix in this file' })
  vim.api.nvim_create_user_command('DjlsProductionBlock', function()
    M.production_block()
  end, { desc = 'djls: insert the production security block' })
  if opts.format ~= false then
    vim.diagnostic.config({
      virtual_text = { format = M.format },
      float = { format = M.float_format },
    })
  end
end

return M
