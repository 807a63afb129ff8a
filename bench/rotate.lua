-- wrk script: each request takes the next path of a file, so that no URL is sent twice.
--   wrk -t2 -c16 -d10s -s bench/rotate.lua http://127.0.0.1:8000 -- PATHS_FILE OFFSET THREADS
-- Thread k of THREADS sends lines OFFSET+k, OFFSET+k+THREADS, … (1 line = 1 path); past the end it wraps round,
-- and says so. done() prints one line for bench/run.py:
--   ROTATE next=<first unused offset> sent=<requests generated> wrapped=<paths sent a second time> paths=<lines>
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  offset = tonumber(args[2])
  stride = tonumber(args[3])
  npaths = #paths
  sent = 0
  wrapped = 0
  last = -1
end

function request()
  local index = offset + id + sent * stride
  sent = sent + 1
  last = index
  if index >= npaths then
    wrapped = wrapped + 1
  end
  return wrk.format(nil, paths[(index % npaths) + 1])
end

function done(summary, latency, requests)
  local next_offset, total, wraps, npaths = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    next_offset = math.max(next_offset, thread:get("last") + 1)
    total = total + thread:get("sent")
    wraps = wraps + thread:get("wrapped")
    npaths = thread:get("npaths")
  end
  io.write(string.format("ROTATE next=%d sent=%d wrapped=%d paths=%d\n", next_offset, total, wraps, npaths))
end
