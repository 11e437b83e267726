namespace TradeNode.Api.Services;

/// <summary>When the wallet's last unlock ends, as the API set it, so that WalletStatus can report unlocked_until.</summary>
public sealed class WalletUnlockClock
{
    private long _untilUnixMs;

    /// <summary>The end of the last unlock, or null when none was made through the API.</summary>
    public DateTimeOffset? Until
    {
        get
        {
            var value = Interlocked.Read(ref _untilUnixMs);
            return value == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(value);
        }
    }

    public void Unlocked(DateTimeOffset until) => Interlocked.Exchange(ref _untilUnixMs, until.ToUnixTimeMilliseconds());
}
