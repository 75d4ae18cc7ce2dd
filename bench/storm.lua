-- wrk script for the publish storm of bench/api.py: cycles through a list of paths and
-- counts the X-Cache header of every answer, so the run reports its hit ratio.
--
--   wrk -t2 -c8 -d20s -s bench/storm.lua http://127.0.0.1:8101 -- PATHS_FILE THREADS
--
-- PATHS_FILE holds one path (with its query) a line. Each thread starts at its own
-- offset in the list, so the threads do not ask for the same path at the same moment.
-- done() adds up the threads' counts and prints one line bench/api.py reads:
--   x-cache HIT <n> MISS <n> BYPASS <n> NONE <n> REQUESTS <n>

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  -- Built once: formatting a request on every call costs the load generator time.
  requests = {}
  for path in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format("GET", path)
  end
  position = math.floor(index * #requests / tonumber(args[2]))
  HIT, MISS, BYPASS, NONE = 0, 0, 0, 0
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  local label = headers["X-Cache"] or headers["x-cache"]
  if label == "HIT" then
    HIT = HIT + 1
  elseif label == "MISS" then
    MISS = MISS + 1
  elseif label == "BYPASS" then
    BYPASS = BYPASS + 1
  else
    NONE = NONE + 1
  end
end

function done(summary, latency, requests)
  local totals = { HIT = 0, MISS = 0, BYPASS = 0, NONE = 0 }
  for _, thread in ipairs(threads) do
    for label, count in pairs(totals) do
      totals[label] = count + thread:get(label)
    end
  end
  io.write(string.format(
    "x-cache HIT %d MISS %d BYPASS %d NONE %d REQUESTS %d\n",
    totals.HIT, totals.MISS, totals.BYPASS, totals.NONE, summary.requests
  ))
end
