-- djls_security: Neovim 0.11+ config for djls, the Django settings security
-- language server (https://github.com/djls-dev/djls).
--
-- Named djls_security, not djls: nvim-lspconfig already ships a `djls` config
-- for the Django template language server, a different program.
--
-- Put this file on 'runtimepath' as lsp/djls_security.lua, then:
--   vim.lsp.enable('djls_security')
-- Override any field with vim.lsp.config('djls_security', { ... }).
--
-- Settings go under `djlsSecurity` (the server asks for that section with
-- workspace/configuration). Keys: select, ignore (lists of rule IDs or
-- prefixes, e.g. { 'DJS0' }), severity (rule ID -> 'error'|'warning'|'info'),
-- logLevel ('debug'|'info'|'warn'|'error').
-- A project's own djls-security.toml wins for each key it sets.

---@type vim.lsp.Config
return {
  -- djls-security is the command the wheel (pipx install djls-security)
  -- installs; djls the one go install builds.
  cmd = { vim.fn.executable('djls-security') == 1 and 'djls-security' or 'djls', 'serve' },
  filetypes = { 'python' },
  root_markers = { 'manage.py', 'pyproject.toml', 'djls-security.toml', '.git' },
  settings = {
    -- vim.empty_dict(), not {}: Neovim sends an empty Lua table as a JSON
    -- array, and the server wants an object for its section.
    djlsSecurity = vim.empty_dict(),
  },
}
