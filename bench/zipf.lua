-- wrk script: each request draws a path from a file of "weight<TAB>path" lines, with probability ∝ weight
-- (bench/mixed.py writes Zipf weights, 1/rank^s).
--   wrk -t2 -c16 -d60s -s bench/zipf.lua http://127.0.0.1:8000 -- WEIGHTED_FILE SEED
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  paths, cumulative, total = {}, {}, 0
  for line in io.lines(args[1]) do
    local weight, path = line:match("^(%S+)\t(.*)$")
    total = total + tonumber(weight)
    paths[#paths + 1] = path
    cumulative[#cumulative + 1] = total
  end
  math.randomseed(tonumber(args[2]) + id * 7919)
end

function request()
  local r = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < r then
      low = middle + 1
    else
      high = middle
    end
  end
  return wrk.format(nil, paths[low])
end
