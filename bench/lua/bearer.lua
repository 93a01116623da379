-- Scenario 1: GET /api/v3/athlete with many distinct live tokens.
-- wrk -s bearer.lua URL -- TOKENS_FILE
local tokens = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  i = math.random(#tokens)
end

function request()
  i = i % #tokens + 1
  return wrk.format("GET", "/api/v3/athlete", { ["Authorization"] = "Bearer " .. tokens[i] })
end
