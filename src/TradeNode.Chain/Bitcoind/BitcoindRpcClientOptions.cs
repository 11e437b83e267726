using TradeNode.Bitcoin.Fees;

namespace TradeNode.Chain.Bitcoind;

/// <summary>How <see cref="BitcoindRpcClient"/> reaches Bitcoin Core (or <c>tradenode chain</c>) and how patient it is.</summary>
public sealed class BitcoindRpcClientOptions
{
    public required Uri Endpoint { get; init; }

    public required Network Network { get; init; }

    /// <summary>User and password (rpcuser/rpcpassword); when null, <see cref="CookieFilePath"/> is read.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>bitcoind's <c>.cookie</c> file; read again after a 401 (the cookie changes when the server restarts).</summary>
    public string? CookieFilePath { get; init; }

    /// <summary>Time allowed for one attempt of one call.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient failure (connection refused, HTTP 5xx, RPC -28 "loading") for calls safe to repeat.</summary>
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the circuit stays open after too many failures (calls fail at once meanwhile).</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Failures (at least this many, in the sampling window) that open the circuit when they are half the calls or more.</summary>
    public int CircuitBreakerMinimumThroughput { get; init; } = 10;

    /// <summary>The fee rate used when estimatesmartfee has no data yet (as bitcoind's -fallbackfee).</summary>
    public FeeRate FallbackFeeRate { get; init; } = FeeRate.MinRelay;
}
