-- djls_security for Neovim before 0.11, with nvim-lspconfig's
-- require('lspconfig') framework. On Neovim 0.11+ use lsp/djls_security.lua
-- and vim.lsp.enable('djls_security') instead (see editors/README.md).
--
-- Copy this into your init.lua (or a file it requires). It registers a custom
-- server, djls_security, then starts it for Python buffers. Not `djls`:
-- nvim-lspconfig's `djls` is the Django template language server.

local lspconfig = require('lspconfig')
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

-- Markers in priority order, as Neovim 0.11's root_markers: the nearest
-- folder holding manage.py wins, else pyproject.toml, and so on.
local root_markers = { 'manage.py', 'pyproject.toml', 'djls-security.toml', '.git' }

if not configs.djls_security then
  configs.djls_security = {
    default_config = {
      cmd = { 'djls', 'serve' },
      filetypes = { 'python' },
      root_dir = function(fname)
        for _, marker in ipairs(root_markers) do
          local root = util.root_pattern(marker)(fname)
          if root then
            return root
          end
        end
      end,
      single_file_support = true,
      settings = {
        -- vim.empty_dict(), not {}: an empty Lua table is sent as a JSON array.
        djlsSecurity = vim.empty_dict(),
      },
    },
    docs = {
      description = 'djls: Django settings security checks (DEBUG, SECRET_KEY, ALLOWED_HOSTS, HTTPS, cookies...).',
    },
  }
end

-- Optional, from Neovim 0.7: :DjlsFixAll, :DjlsProductionBlock and the rule
-- code at the end of each finding ("... [DJS001]"), from lua/djls_security.lua
-- (put editors/nvim on 'runtimepath' or copy that file to your lua/ folder):
-- require('djls_security').setup()

lspconfig.djls_security.setup({
  -- on_attach = function(client, bufnr) ... end,
  -- settings = { djlsSecurity = { ignore = { 'DJS801' }, severity = { DJS004 = 'warning' } } },
})
