-- Scenario 3: authorization_code exchanges with codes minted beforehand, each used once.
-- wrk -s exchange.lua URL -- CODES_FILE THREADS CLIENT_ID CLIENT_SECRET
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  codes = {}
  local threads = tonumber(args[2])
  local k = 0
  for line in io.lines(args[1]) do
    if k % threads == id then
      codes[#codes + 1] = line
    end
    k = k + 1
  end
  next_code = 1
  prefix = "client_id=" .. args[3] .. "&client_secret=" .. args[4] .. "&grant_type=authorization_code&code="
end

function request()
  local code = codes[next_code] or "exhausted"
  next_code = next_code + 1
  return wrk.format("POST", "/oauth/token", { ["Content-Type"] = "application/x-www-form-urlencoded" }, prefix .. code)
end
