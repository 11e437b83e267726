using TradeNode.Bitcoin;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// The arithmetic both traders repeat on their own: who puts what into the deposit, how a mining fee is split
/// (the buyer pays the smaller half of an odd fee), and what the payout pays each side.
/// </summary>
internal static class CurrencyTradeTerms
{
    /// <summary>What <paramref name="side"/> pays into the escrow: the seller the amount and its deposit, the buyer its deposit.</summary>
    public static long EscrowShare(TradeSide side, long amountSats, long buyerDepositSats, long sellerDepositSats) =>
        side == TradeSide.Seller ? amountSats + sellerDepositSats : buyerDepositSats;

    /// <summary>The share of <paramref name="feeSats"/> that <paramref name="side"/> pays.</summary>
    public static long FeeShare(TradeSide side, long feeSats) => side == TradeSide.Buyer ? feeSats / 2 : feeSats - (feeSats / 2);

    /// <summary>Virtual size of a deposit with <paramref name="inputs"/> P2WPKH inputs, the escrow output and <paramref name="changes"/> change outputs.</summary>
    public static int DepositVirtualSize(int inputs, int changes) => EscrowDeposits.EstimateVirtualSize(inputs, changes);

    /// <summary>The payout of a contract whose payout transaction pays <paramref name="feeSats"/>: buyer first, then seller.</summary>
    public static IReadOnlyList<EscrowPayout> Payouts(TradeContract contract, long feeSats) =>
    [
        new EscrowPayout(new Script(contract.BuyerPayoutScript.ToByteArray()), contract.AmountSats + contract.BuyerDepositSats - FeeShare(TradeSide.Buyer, feeSats)),
        new EscrowPayout(new Script(contract.SellerPayoutScript.ToByteArray()), contract.SellerDepositSats - FeeShare(TradeSide.Seller, feeSats)),
    ];

    /// <summary>The sum of the inputs (as the PSBT describes them) minus the outputs.</summary>
    public static long Fee(Bitcoin.Psbt.PSBT psbt) =>
        psbt.Inputs.Sum(i => i.GetTxOut()?.Value.Satoshi ?? 0) - psbt.GetGlobalTransaction().Outputs.Sum(o => o.Value.Satoshi);
}
