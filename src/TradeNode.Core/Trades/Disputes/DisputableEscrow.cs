using TradeNode.Bitcoin;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// A currency trade or goods order as the dispute service needs it, seen from this trader's node: the contract with
/// the signatures this node holds, the escrow output, this node's role and the seller's (vendor's) payout script as
/// this node knows it (a goods vendor names it when it accepts, outside the contract).
/// </summary>
/// <param name="Id">The trade or order id (also the escrow key's child index source).</param>
/// <param name="Role">This node's role: <see cref="EscrowRole.Buyer"/> or <see cref="EscrowRole.Seller"/> (a goods vendor).</param>
/// <param name="Contract">The contract with the signatures this node holds.</param>
/// <param name="Escrow">The escrow output; null while it is not published.</param>
/// <param name="SellerPayoutScript">Where the seller's (vendor's) share goes, as this node knows it; empty when unknown.</param>
/// <param name="PayoutPsbt">The trade's own (undisputed) payout PSBT, for signing elsewhere; empty when none.</param>
/// <param name="BuyerOnly">
/// True for a goods order the vendor never signed (never accepted): only the buyer opens its dispute, with the
/// contract signed by the buyer alone, and only a refund to the buyer can be decided.
/// </param>
public sealed record DisputableEscrow(string Id, EscrowRole Role, SignedTradeContract Contract, OutPoint? Escrow, byte[] SellerPayoutScript, byte[] PayoutPsbt,
    bool BuyerOnly = false)
{
    /// <summary>The contract, parsed.</summary>
    public TradeContract ParsedContract() => TradeContract.Parser.ParseFrom(Contract.Contract);
}
