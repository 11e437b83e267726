using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Formatting;

/// <summary>How a trade reads on screen: its state, what this node's trader does next, and the steps of its timeline.</summary>
public static class TradeText
{
    /// <summary>The happy path of a currency trade, in order: the timeline's steps.</summary>
    public static IReadOnlyList<TradeState> Path { get; } =
    [
        TradeState.TakeRequested,
        TradeState.Accepted,
        TradeState.DepositSigned,
        TradeState.DepositPublished,
        TradeState.DepositConfirmed,
        TradeState.PaymentSent,
        TradeState.PayoutProposed,
        TradeState.PayoutPublished,
        TradeState.Completed,
    ];

    /// <summary>"Deposit confirmed".</summary>
    public static string State(TradeState state) => state switch
    {
        TradeState.TakeRequested => "Take requested",
        TradeState.Accepted => "Accepted",
        TradeState.DepositSigned => "Deposit signed",
        TradeState.DepositPublished => "Deposit published",
        TradeState.DepositConfirmed => "Deposit confirmed",
        TradeState.PaymentSent => "Payment sent",
        TradeState.PayoutProposed => "Payout proposed",
        TradeState.PayoutPublished => "Payout published",
        TradeState.Completed => "Completed",
        TradeState.Refused => "Refused",
        TradeState.Cancelled => "Cancelled",
        TradeState.Failed => "Failed",
        TradeState.Disputed => "Disputed",
        TradeState.Resolved => "Resolved",
        _ => "Unknown",
    };

    /// <summary>"BUY" when this node buys the bitcoin, "SELL" when it sells.</summary>
    public static string Side(TradeSide side) => side switch
    {
        TradeSide.Buyer => "BUY",
        TradeSide.Seller => "SELL",
        _ => "?",
    };

    /// <summary>The node's next_action as a short instruction or wait, for the list and the detail view.</summary>
    public static string NextAction(Trade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var fiat = OfferText.Fiat(trade.FiatAmount);
        return trade.NextAction switch
        {
            "confirm_payment_sent" => $"Pay {fiat}, then press Payment sent",
            "confirm_payment_received" => $"Check {fiat} arrived, then Payment received",
            "wait_for_maker" => "Waiting for the maker to accept",
            "wait_for_taker" => "Waiting for the taker to sign the deposit",
            "wait_for_deposit" => "Waiting for the deposit to be signed",
            "wait_for_deposit_confirmation" => "Waiting for the deposit to confirm",
            "wait_for_payment_sent" => "Waiting for the buyer to pay",
            "wait_for_payment_received" => "Waiting for the seller to confirm the payment",
            "wait_for_payout_confirmation" => "Waiting for the payout to confirm",
            "dispute_open" => "Dispute open: the arbitrator decides",
            "none" or "" => trade.State == TradeState.Completed ? "Done" : State(trade.State),
            var other => other.Replace('_', ' '),
        };
    }

    /// <summary>True when the next step is this node's trader's own (not a wait).</summary>
    public static bool IsMyTurn(Trade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        return trade.NextAction.StartsWith("confirm_", StringComparison.Ordinal);
    }

    /// <summary>
    /// A transaction's confirmations as the API gives them (-1: not published, 0: in the mempool), for after "tx":
    /// empty (no <paramref name="txid"/> yet, or not published), " (unconfirmed)" or " (3 conf)".
    /// </summary>
    public static string Confirmations(string txid, int count) => string.IsNullOrEmpty(txid) ? string.Empty : count switch
    {
        < 0 => string.Empty,
        0 => " (unconfirmed)",
        _ => $" ({count} conf)",
    };

    /// <summary>
    /// A transaction id with its confirmations for a detail line at 80 columns: "-" before there is one, the whole id
    /// while it is not published, else its first 16 digits, "…" and the count ("ab12…  (3 conf)").
    /// </summary>
    public static string Tx(string txid, int count)
    {
        var confirmations = Confirmations(txid, count);
        return string.IsNullOrEmpty(txid) ? "-" : confirmations.Length == 0 ? txid : txid[..Math.Min(16, txid.Length)] + "…" + confirmations;
    }

    /// <summary>"7c1d2e3f" — the first eight characters of a trade id.</summary>
    public static string ShortId(string tradeId) =>
        tradeId.Length <= 8 ? tradeId : tradeId[..8];

    /// <summary>
    /// The timeline: one line per step of the happy path, marked done (✓), current (▶) or to come (·), with the time
    /// this screen saw the trade reach it; a trade that ended early ends with its end state and the reason.
    /// </summary>
    public static IReadOnlyList<string> Timeline(Trade trade, IReadOnlyDictionary<TradeState, DateTimeOffset> seen)
    {
        ArgumentNullException.ThrowIfNull(trade);
        ArgumentNullException.ThrowIfNull(seen);
        var lines = new List<string>();
        var current = IndexOnPath(trade.State);
        var endedEarly = current < 0;
        var reached = endedEarly ? LastReached(seen) : current;
        for (var i = 0; i < Path.Count; i++)
        {
            if (endedEarly && i > reached)
            {
                break;
            }

            var mark = i < reached || (i == reached && (endedEarly || trade.State == TradeState.Completed)) ? "✓" : i == reached ? "▶" : "·";
            var time = seen.TryGetValue(Path[i], out var at) ? " " + at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : string.Empty;
            lines.Add($"{mark} {State(Path[i]),-18}{time}");
        }

        if (endedEarly)
        {
            lines.Add($"✗ {State(trade.State)}{(trade.LastError.Length > 0 ? ": " + trade.LastError : string.Empty)}");
        }

        return lines;
    }

    private static int IndexOnPath(TradeState state)
    {
        for (var i = 0; i < Path.Count; i++)
        {
            if (Path[i] == state)
            {
                return i;
            }
        }

        return -1;
    }

    private static int LastReached(IReadOnlyDictionary<TradeState, DateTimeOffset> seen)
    {
        var last = 0;
        foreach (var state in seen.Keys)
        {
            last = Math.Max(last, IndexOnPath(state));
        }

        return last;
    }
}
