-- The smallest Neovim set-up that talks to dockharden's language server
-- with the built-in client (Neovim 0.7 API, Debian 12), driven by
-- tests/lsp/nvim.sh: open the file, wait for diagnostics, apply the first
-- quick fix (Dockerfile) or "Harden this file" (manifest), format, write.
-- Every step that fails exits Neovim with status 1 and says why. Run it
-- with `nvim --clean -c "luafile THIS" FILE`: a client attaches only to a
-- loaded buffer, and an -u init file runs before FILE is loaded.

local bin = os.getenv("DH_BIN")
local mode = os.getenv("DH_MODE") -- "quickfix" or "fixall"

local function fail(msg)
  io.stderr:write("nvim: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "dockharden",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.getcwd(),
})
if not client_id then
  fail("the server did not start")
end
if not vim.lsp.buf_attach_client(buf, client_id) then
  fail("cannot attach the client")
end

local ok = vim.wait(10000, function()
  return #vim.diagnostic.get(buf) > 0
end, 20)
if not ok then
  fail("no diagnostics within 10 s")
end

local client = vim.lsp.get_client_by_id(client_id)
local last = vim.api.nvim_buf_line_count(buf)
local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  range = { start = { line = 0, character = 0 }, ["end"] = { line = last, character = 0 } },
  context = { diagnostics = {} },
}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(params.context.diagnostics, d.user_data and d.user_data.lsp or {
    range = { start = { line = d.lnum, character = d.col },
              ["end"] = { line = d.end_lnum, character = d.end_col } },
    message = d.message, code = d.code, source = d.source, severity = d.severity,
  })
end
local res = client.request_sync("textDocument/codeAction", params, 10000, buf)
if not res or res.err or not res.result then
  fail("codeAction failed: " .. vim.inspect(res))
end

local chosen
for _, action in ipairs(res.result) do
  if action.edit then
    local fixall = action.kind and action.kind:match("^source%.fixAll") ~= nil
    if (mode == "fixall" and fixall) or (mode == "quickfix" and action.kind == "quickfix") then
      chosen = action
      break
    end
  end
end
if not chosen then
  fail("no " .. mode .. " action with an edit among " .. vim.inspect(res.result))
end
vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)

if mode == "quickfix" then
  vim.lsp.buf.formatting_sync(nil, 10000)
end
vim.cmd("write")
io.stderr:write("\napplied: " .. chosen.title .. "\n")
vim.cmd("qall!")
