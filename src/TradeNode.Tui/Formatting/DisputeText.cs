using TradeNode.Api.V1;

namespace TradeNode.Tui.Formatting;

/// <summary>
/// How a dispute reads in the trade view, the order view and the arbitrator's console. A goods order's seller is its
/// vendor (<see cref="Dispute.GoodsOrder"/>), and is called so everywhere.
/// </summary>
public static class DisputeText
{
    /// <summary>"buyer", "seller" (currency) or "vendor" (goods), "arbitrator".</summary>
    public static string Party(DisputeRole role, bool goodsOrder) => role switch
    {
        DisputeRole.Buyer => "buyer",
        DisputeRole.Seller => goodsOrder ? "vendor" : "seller",
        DisputeRole.Arbitrator => "arbitrator",
        _ => "unknown",
    };

    /// <summary>What the case calls its seller: "vendor" for a goods order, else "seller".</summary>
    public static string Seller(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        return Party(DisputeRole.Seller, dispute.GoodsOrder);
    }

    /// <summary>"Open", "Decided", … from the state.</summary>
    public static string State(DisputeState state) => state switch
    {
        DisputeState.Open => "Open",
        DisputeState.AwaitingSignature => "Awaiting signature",
        DisputeState.Decided => "Decided",
        DisputeState.PayoutPublished => "Payout published",
        DisputeState.Resolved => "Resolved",
        DisputeState.Refused => "Refused",
        _ => "Unknown",
    };

    /// <summary>One line: the case's state and, once decided, the arbitrator's split.</summary>
    public static string Line(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        return dispute.State switch
        {
            DisputeState.Open => $"Dispute open ({dispute.Evidence.Count} statement(s)): {dispute.Reason}",
            DisputeState.Refused => $"Dispute refused: {dispute.LastError}",
            _ => $"Dispute {dispute.State}: buyer {Btc.Format(dispute.BuyerSats)}, {Seller(dispute)} {Btc.Format(dispute.SellerSats)}, "
                + $"fee {Btc.Format(dispute.ArbitratorFeeSats)}, mining {Btc.Format(dispute.MiningFeeSats)} BTC",
        };
    }

    /// <summary>The case in lines for a trader, as "who: what": the opener's reason, each statement, the arbitrator's note, a problem.</summary>
    public static IReadOnlyList<string> Details(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        var lines = new List<string> { $"{Party(dispute.OpenedBy, dispute.GoodsOrder)} (opened): {dispute.Reason}" };
        lines.AddRange(dispute.Evidence.Select(e => $"{Party(e.From, dispute.GoodsOrder)}: {e.Text}"));
        if (dispute.Note.Length > 0)
        {
            lines.Add($"arbitrator: {dispute.Note}");
        }

        if (dispute.LastError.Length > 0 && dispute.State != DisputeState.Refused)
        {
            lines.Add($"Problem: {dispute.LastError}");
        }

        return lines;
    }
}
