-- Scenario 2: refresh_token grants on independent chains; each request uses the refresh token that the
-- previous response of its chain returned, so rotation is real. A failed refresh ends its chain (an error).
-- wrk -s refresh.lua URL -- CHAINS_FILE THREADS CLIENT_ID CLIENT_SECRET
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  pool = {}
  local threads = tonumber(args[2])
  local k = 0
  for line in io.lines(args[1]) do
    if k % threads == id then
      pool[#pool + 1] = line
    end
    k = k + 1
  end
  prefix = "client_id=" .. args[3] .. "&client_secret=" .. args[4] .. "&grant_type=refresh_token&refresh_token="
end

function request()
  local token = table.remove(pool, 1) or "exhausted"
  return wrk.format("POST", "/oauth/token", { ["Content-Type"] = "application/x-www-form-urlencoded" }, prefix .. token)
end

function response(status, headers, body)
  if status == 200 then
    local token = body:match('"refresh_token":"(%x+)"')
    if token then
      pool[#pool + 1] = token
    end
  end
end
