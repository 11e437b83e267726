namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// A trade with the terms a trader needs to see, read from its contract (or, before the maker accepted, from the
/// take request and the offer), and what this node's trader has to do next. Built by <see cref="TradeService.Describe"/>.
/// </summary>
public sealed record TradeDetails
{
    /// <summary>The trade itself.</summary>
    public required CurrencyTrade Trade { get; init; }

    /// <summary>Security deposit of the buyer, in satoshis (0 when not known yet).</summary>
    public long BuyerDepositSats { get; init; }

    /// <summary>Security deposit of the seller, in satoshis (0 when not known yet).</summary>
    public long SellerDepositSats { get; init; }

    /// <summary>What the escrow output holds: amount plus both deposits.</summary>
    public long EscrowSats => Trade.AmountSats + BuyerDepositSats + SellerDepositSats;

    /// <summary>Fiat per whole bitcoin (null when not known yet).</summary>
    public decimal? Price { get; init; }

    /// <summary>The fiat the buyer pays (null when not known yet).</summary>
    public decimal? FiatAmount { get; init; }

    /// <summary>ISO 4217 code of <see cref="Price"/> and <see cref="FiatAmount"/>.</summary>
    public string Currency { get; init; } = string.Empty;

    /// <summary>The payment method id.</summary>
    public string PaymentMethodId { get; init; } = string.Empty;

    /// <summary>The arbitrator's node id ("tn1..."), empty when not known.</summary>
    public string ArbitratorNodeId { get; init; } = string.Empty;

    /// <summary>The counterparty's node id ("tn1...").</summary>
    public required string CounterpartyNodeId { get; init; }

    /// <summary>The escrow (2-of-3 P2WSH) address, known once the maker accepted.</summary>
    public string EscrowAddress { get; init; } = string.Empty;

    /// <summary>The counterparty's payment account details (from the contract), empty before the maker accepted.</summary>
    public string CounterpartyPaymentAccount { get; init; } = string.Empty;

    /// <summary>
    /// What this node's trader does next: "confirm_payment_sent", "confirm_payment_received", a "wait_for_..." step
    /// the other side or the chain completes, or "none" for a closed trade.
    /// </summary>
    public required string NextAction { get; init; }
}
