-- Drives Neovim's built-in LSP client (0.7 and later) against `leakfinder lsp`, for LspCommandTests.
-- Environment: LF_BIN (the executable, or a .dll run by dotnet), LF_FILE (the Go file to open), LF_OUT (the
-- report this script appends to: one line per step; the test reads it).
local bin, file, out = os.getenv('LF_BIN'), os.getenv('LF_FILE'), os.getenv('LF_OUT')

local function report(line)
  local f = assert(io.open(out, 'a'))
  f:write(line .. '\n')
  f:close()
end

local function findings(buf)
  local codes, lines = {}, {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'leakfinder' then
      table.insert(codes, tostring(d.code))
      lines[tostring(d.code)] = d.lnum + 1
    end
  end
  table.sort(codes)
  return codes, lines
end

local function has(codes, code)
  return vim.tbl_contains(codes, code)
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local cmd = bin:match('%.dll$') and { 'dotnet', bin, 'lsp' } or { bin, 'lsp' }
  local exited = false
  local id = vim.lsp.start_client({
    name = 'leakfinder',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':h'),
    on_exit = function(code) exited = true; report('exit ' .. code) end,
  })
  vim.lsp.buf_attach_client(buf, id)

  if not vim.wait(90000, function() return has(findings(buf), 'LF5002') end, 50) then
    report('timeout waiting for LF5002: ' .. table.concat(findings(buf), ','))
    vim.cmd('qall!')
    return
  end
  local codes, lines = findings(buf)
  report('before ' .. table.concat(codes, ',') .. ' LF5002@' .. lines['LF5002'])

  -- Prefer the server's quick fix for the unlocked mutex; without one, unlock before the early return by hand.
  local client = vim.lsp.get_client_by_id(id)
  local line = lines['LF5002'] - 1
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = {} },
  }, 30000, buf)
  local fixed = false
  for _, action in ipairs((response and response.result) or {}) do
    if not fixed and action.edit and vim.tbl_contains(vim.tbl_map(function(d) return d.code end, action.diagnostics or {}), 'LF5002') then
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      fixed = true
      report('applied quickfix: ' .. action.title)
    end
  end
  if not fixed then
    for i, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if not fixed and text:find('return errQuotaExceeded', 1, true) then
        vim.api.nvim_buf_set_lines(buf, i - 1, i - 1, false, { '\t\tq.mu.Unlock()' })
        fixed = true
        report('edited line ' .. i)
      end
    end
  end

  if vim.wait(90000, function() local c = findings(buf); return not has(c, 'LF5002') and has(c, 'LF6001') end, 50) then
    report('after ' .. table.concat(findings(buf), ','))
  else
    report('timeout waiting for LF5002 to go: ' .. table.concat(findings(buf), ','))
  end
  vim.lsp.stop_client(id)
  vim.wait(30000, function() return exited end, 50)
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  local ok, err = pcall(main)
  if not ok then report('error ' .. tostring(err)); vim.cmd('qall!') end
end })
