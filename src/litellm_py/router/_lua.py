"""The router's Redis scripts: each decision is one atomic script call (one round trip).

They implement exactly the rules of `InMemoryState` (see _state.py); the tests run the same
cases against both. Numbers travel as strings; `-1` means "no limit".
"""

from __future__ import annotations

__all__ = ["ACQUIRE", "RELEASE"]

# KEYS[1] = latency hash; then per candidate: cooldown, in-flight zset, rpm, tpm, account zset.
# ARGV: now, lease id, lease expiry, zset key ttl (ms), window key ttl (ms); then per candidate:
# dep id, max_parallel, rpm, tpm, account limit.
# Returns {admitted index (0: none), then per candidate: reason, cooldown end, in flight,
# rpm used, tpm used, latency}.
ACQUIRE = """
local now, lease, expiry = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local zset_ms, window_ms = ARGV[4], ARGV[5]
local out = {0}
local n = (#KEYS - 1) / 5
for i = 0, n - 1 do
  local k, a = 1 + i * 5, 6 + i * 5
  local cool, infl, rpmk, tpmk, acct = KEYS[k+1], KEYS[k+2], KEYS[k+3], KEYS[k+4], KEYS[k+5]
  local maxp, rpm = tonumber(ARGV[a+1]), tonumber(ARGV[a+2])
  local tpm, alim = tonumber(ARGV[a+3]), tonumber(ARGV[a+4])
  redis.call('ZREMRANGEBYSCORE', infl, '-inf', now)
  local held = redis.call('ZCARD', infl)
  local used_rpm = tonumber(redis.call('GET', rpmk) or '0')
  local used_tpm = tonumber(redis.call('GET', tpmk) or '0')
  local until_ = tonumber(redis.call('GET', cool) or '0')
  local reason = ''
  if out[1] == 0 then
    if until_ > now then reason = 'cooldown'
    elseif maxp >= 0 and held >= maxp then reason = 'max_parallel_requests'
    elseif rpm >= 0 and used_rpm >= rpm then reason = 'rpm'
    elseif tpm >= 0 and used_tpm >= tpm then reason = 'tpm'
    else
      redis.call('ZREMRANGEBYSCORE', acct, '-inf', now)
      if alim >= 0 and redis.call('ZCARD', acct) >= alim then reason = 'account'
      else
        redis.call('ZADD', infl, expiry, lease)
        redis.call('PEXPIRE', infl, zset_ms)
        redis.call('ZADD', acct, expiry, lease)
        redis.call('PEXPIRE', acct, zset_ms)
        used_rpm = redis.call('INCR', rpmk)
        redis.call('PEXPIRE', rpmk, window_ms)
        held = held + 1
        out[1] = i + 1
      end
    end
  end
  local latency = redis.call('HGET', KEYS[1], ARGV[a]) or ''
  for _, v in ipairs({reason, tostring(until_), held, used_rpm, used_tpm, latency}) do
    table.insert(out, v)
  end
end
return out
"""

# KEYS: in-flight zset, account zset, tpm, failures, cooldown, latency hash.
# ARGV: lease id, tokens, latency ('' if none), failed (0/1), allowed fails, cooldown time,
# cooldown from retry-after (0 if none), now, dep id, window key ttl (ms), latency weight.
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
local tokens = tonumber(ARGV[2])
if tokens > 0 then
  redis.call('INCRBY', KEYS[3], tokens)
  redis.call('PEXPIRE', KEYS[3], ARGV[10])
end
if ARGV[3] ~= '' then
  local new = tonumber(ARGV[3])
  local old = tonumber(redis.call('HGET', KEYS[6], ARGV[9]) or '')
  if old then new = old + tonumber(ARGV[11]) * (new - old) end
  redis.call('HSET', KEYS[6], ARGV[9], string.format('%.6f', new))
end
local cool = 0
if ARGV[4] == '1' then
  local fails = redis.call('INCR', KEYS[4])
  redis.call('PEXPIRE', KEYS[4], ARGV[10])
  if fails >= tonumber(ARGV[5]) then
    redis.call('DEL', KEYS[4])
    cool = tonumber(ARGV[6])
  end
end
local asked = tonumber(ARGV[7])
if asked > cool then cool = asked end
if cool > 0 then
  local until_ = tonumber(ARGV[8]) + cool
  local old = tonumber(redis.call('GET', KEYS[5]) or '0')
  if until_ > old then
    redis.call('SET', KEYS[5], string.format('%.6f', until_), 'PX', math.ceil(cool * 1000) + 1000)
  end
end
return 1
"""
