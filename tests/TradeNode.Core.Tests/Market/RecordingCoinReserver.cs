using TradeNode.Core.Errors;
using TradeNode.Core.Wallet;

namespace TradeNode.Core.Tests.Market;

/// <summary>A coin reserver with a fixed balance that records reservations, for tests of what offers reserve.</summary>
internal sealed class RecordingCoinReserver(long balanceSats = 100_000_000_000) : ICoinReserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _reserved = [];
    private readonly HashSet<string> _holds = [];

    public long BalanceSats { get; set; } = balanceSats;

    public IReadOnlyDictionary<string, long> Reserved
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_reserved);
            }
        }
    }

    public void Reserve(string reservationId, long amountSats)
    {
        lock (_gate)
        {
            if (_reserved.Where(r => r.Key != reservationId).Sum(r => r.Value) + amountSats > BalanceSats)
            {
                throw new PreconditionFailedException($"The wallet cannot reserve {amountSats} sats: not enough unreserved funds.");
            }

            _reserved[reservationId] = amountSats;
        }
    }

    public void Hold(string holdId, long amountSats)
    {
        lock (_gate)
        {
            Reserve(holdId, amountSats);
            _holds.Add(holdId);
        }
    }

    public IReadOnlyList<string> HoldIds()
    {
        lock (_gate)
        {
            return [.. _holds];
        }
    }

    public bool Release(string reservationId)
    {
        lock (_gate)
        {
            _holds.Remove(reservationId);
            return _reserved.Remove(reservationId);
        }
    }
}
