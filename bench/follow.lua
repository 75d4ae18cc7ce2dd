-- wrk script for bench/api.py's stock route baseline: stock Wagtail's find/ answers a
-- path with a 302 to the page's detail, so a client that has a path makes two requests
-- to get what the project's /route/ answers in one. Each thread asks find/ for the path
-- and then follows the Location of each 302 it got, so the load is pairs of requests.
--
--   wrk -t2 -c8 -d8s -s bench/follow.lua http://127.0.0.1:8102/api/v2/pages/find/?html_path=/x/
--
-- done() prints one line bench/api.py reads (the pages got: followed 200s):
--   follow FOUND <302s> FOLLOWED <200s after a 302> OTHER <anything else> REQUESTS <n>

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  find = wrk.format("GET")
  pending = {}
  FOUND, FOLLOWED, OTHER = 0, 0, 0
end

function request()
  local location = table.remove(pending)
  if location then
    return wrk.format("GET", location)
  end
  return find
end

function response(status, headers, body)
  if status == 302 then
    FOUND = FOUND + 1
    local location = headers["Location"] or headers["location"]
    -- Absolute or not, only the path is asked of the same server.
    table.insert(pending, (location:gsub("^https?://[^/]+", "")))
  elseif status == 200 then
    FOLLOWED = FOLLOWED + 1
  else
    OTHER = OTHER + 1
  end
end

function done(summary, latency, requests)
  local totals = { FOUND = 0, FOLLOWED = 0, OTHER = 0 }
  for _, thread in ipairs(threads) do
    for label, count in pairs(totals) do
      totals[label] = count + thread:get(label)
    end
  end
  io.write(string.format("follow FOUND %d FOLLOWED %d OTHER %d REQUESTS %d\n",
    totals.FOUND, totals.FOLLOWED, totals.OTHER, summary.requests))
end
