using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin.Fees;
using TradeNode.Chain;

namespace TradeNode.Core.Trades.Escrow;

/// <summary>
/// The fee rules every escrow protocol (currency trades, goods orders) shares: the rate a party builds with (the
/// chain's estimate, clamped between the minimum relay rate and a maximum, or a fallback) and the highest fee it
/// accepts on a transaction the other side built.
/// </summary>
internal static class EscrowFees
{
    /// <summary>The chain's estimate for 6 blocks clamped to [min relay, <paramref name="maxSatPerVByte"/>]; <paramref name="fallbackSatPerVByte"/> without one.</summary>
    public static async Task<FeeRate> ChooseRateAsync(IChainClient chain, long fallbackSatPerVByte, long maxSatPerVByte, ILogger logger, CancellationToken cancellationToken)
    {
        var fallback = FeeRate.FromSatoshisPerVByte(fallbackSatPerVByte);
        try
        {
            var estimate = await chain.EstimateFeeRateAsync(6, cancellationToken).ConfigureAwait(false);
            var max = FeeRate.FromSatoshisPerVByte(maxSatPerVByte);
            return estimate.SatoshisPerKiloVByte <= 0 ? fallback : estimate.CompareTo(max) > 0 ? max : estimate.CompareTo(FeeRate.MinRelay) < 0 ? FeeRate.MinRelay : estimate;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug("No fee estimate from the chain ({Reason}); using {FeeRate}", e.Message, fallback);
            return fallback;
        }
    }

    /// <summary>True when <paramref name="feeSats"/> for <paramref name="virtualSize"/> vbytes is above <paramref name="maxSatPerVByte"/>.</summary>
    public static bool TooHigh(long feeSats, int virtualSize, long maxSatPerVByte) =>
        feeSats > FeeRate.FromSatoshisPerVByte(maxSatPerVByte).GetFee(virtualSize).Satoshi;
}
