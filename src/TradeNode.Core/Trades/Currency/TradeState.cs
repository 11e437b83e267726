namespace TradeNode.Core.Trades.Currency;

/// <summary>Where a currency trade stands. The happy path runs top to bottom to <see cref="Completed"/>; Refused, Cancelled and Failed end a trade early; Disputed leads to Resolved.</summary>
public enum TradeState
{
    /// <summary>Taker: the take request is sent, the maker has not answered.</summary>
    TakeRequested,

    /// <summary>The maker accepted: the contract (maker-signed) and the unsigned deposit exist.</summary>
    Accepted,

    /// <summary>Both signed the contract and the taker signed its deposit inputs.</summary>
    DepositSigned,

    /// <summary>The fully signed deposit was broadcast.</summary>
    DepositPublished,

    /// <summary>The deposit is confirmed on chain: the buyer may pay now; the trade period runs.</summary>
    DepositConfirmed,

    /// <summary>The buyer says the fiat payment was sent.</summary>
    PaymentSent,

    /// <summary>The seller confirmed the payment and signed the payout.</summary>
    PayoutProposed,

    /// <summary>The payout, signed by both, was broadcast.</summary>
    PayoutPublished,

    /// <summary>The payout is confirmed: each trader has its coins.</summary>
    Completed,

    /// <summary>The maker refused the take request.</summary>
    Refused,

    /// <summary>A trader cancelled before the deposit was signed.</summary>
    Cancelled,

    /// <summary>A check failed (a contract, deposit or payout this node refused to sign); see <see cref="CurrencyTrade.LastError"/>.</summary>
    Failed,

    /// <summary>A trader opened a dispute: the normal payment and payout steps are blocked; the arbitrator decides the payout.</summary>
    Disputed,

    /// <summary>The arbitrator's payout, co-signed by a trader, is confirmed: the dispute ended the trade.</summary>
    Resolved,
}
