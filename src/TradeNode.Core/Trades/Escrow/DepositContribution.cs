using TradeNode.Bitcoin;

namespace TradeNode.Core.Trades.Escrow;

/// <summary>
/// What one party puts into the deposit transaction: its coins, its share of the escrow, its share of the mining fee,
/// and where its change goes. Change is what the coins hold beyond the two shares.
/// </summary>
/// <param name="Role">Who contributes.</param>
/// <param name="Coins">The party's own coins spent by the deposit (their outpoints and outputs).</param>
/// <param name="EscrowShareSats">What the party pays into the escrow (for the seller: amount + deposit; the buyer: deposit).</param>
/// <param name="FeeShareSats">The party's share of the mining fee.</param>
/// <param name="ChangeDestination">Where the change goes; required when there is change.</param>
public sealed record DepositContribution(EscrowRole Role, IReadOnlyList<Coin> Coins, long EscrowShareSats, long FeeShareSats, Script? ChangeDestination)
{
    /// <summary>What the coins hold in total.</summary>
    public long InputSats => Coins.Sum(c => c.Amount.Satoshi);

    /// <summary>What comes back to the party.</summary>
    public long ChangeSats => InputSats - EscrowShareSats - FeeShareSats;
}
