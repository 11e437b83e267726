using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Screens;

/// <summary>
/// One trade: who buys what for how much, the escrow address and amounts, the accounts, the transactions, the
/// timeline of states with the trade's chat beside it (<see cref="ChatPane"/>), and a button for each action the node accepts in the trade's state now (see
/// <see cref="TradeActions"/>). An action asks once more before it calls the node. Follows the app's trade feed, so
/// the view and its buttons change as the trade moves on.
/// </summary>
public sealed class TradeDetailView : View
{
    private readonly TuiSession _session;
    private readonly Label _facts;
    private readonly Label _timeline;
    private readonly Dictionary<TradeAction, Button> _buttons = [];
    private readonly Button _back;
    private readonly Button _yes;
    private readonly Button _no;
    private readonly Label _status;
    private readonly TextField _reason;
    private TradeAction? _asking;

    public TradeDetailView(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _status = new Label { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        _reason = new TextField { X = 0, Y = Pos.AnchorEnd(3), Width = Dim.Fill(), Visible = false };
        _facts = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 9 };
        _timeline = new Label { X = 0, Y = 9, Width = 30, Height = Dim.Fill(2) };
        Chat = new ChatPane(session) { X = 31, Y = 9, Width = Dim.Fill(), Height = Dim.Fill(2) };
        foreach (var action in Enum.GetValues<TradeAction>())
        {
            var button = new Button { Text = TradeActions.Caption(action), Y = Pos.AnchorEnd(2), Visible = false, ShadowStyle = null };
            button.Accepting += (_, e) =>
            {
                Ask(action);
                e.Handled = true;
            };
            _buttons[action] = button;
        }

        _back = new Button { Text = "Back", Y = Pos.AnchorEnd(2), ShadowStyle = null };
        _back.Accepting += (_, e) =>
        {
            Chat.Close();
            Closed?.Invoke();
            e.Handled = true;
        };
        _yes = new Button { Text = "Yes", Y = Pos.AnchorEnd(2), Visible = false, ShadowStyle = null };
        _no = new Button { Text = "No", Y = Pos.AnchorEnd(2), Visible = false, ShadowStyle = null };
        _yes.Accepting += (_, e) =>
        {
            Perform();
            e.Handled = true;
        };
        _no.Accepting += (_, e) =>
        {
            _asking = null;
            _status.Text = "Nothing was done.";
            Show();
            e.Handled = true;
        };
        Add(_facts, _timeline, Chat);
        Add([.. _buttons.Values]);
        Add(_back, _yes, _no, _status, _reason);
        session.TradeFeed.TradeChanged += trade =>
        {
            if (trade.TradeId == TradeId)
            {
                Show();
            }
        };
    }

    /// <summary>Raised on the UI loop when the user goes back to the list.</summary>
    public event Action? Closed;

    /// <summary>The trade's chat, beside the timeline.</summary>
    public ChatPane Chat { get; }

    /// <summary>The trade on show, or empty.</summary>
    public string TradeId { get; private set; } = string.Empty;

    /// <summary>The action buttons on show now, in order.</summary>
    public IReadOnlyList<TradeAction> OfferedActions { get; private set; } = [];

    /// <summary>Shows trade <paramref name="tradeId"/> (from the feed; asks the node when the feed does not know it yet).</summary>
    public void Open(string tradeId)
    {
        TradeId = tradeId ?? throw new ArgumentNullException(nameof(tradeId));
        _asking = null;
        _status.Text = string.Empty;
        Show();
        Chat.Open(tradeId);
        if (_session.TradeFeed.Get(tradeId) is null)
        {
            _session.Call(async ct => await _session.Api.Trades.GetAsync(new GetTradeRequest { TradeId = tradeId }, cancellationToken: ct), trade => _session.TradeFeed.Put(trade));
        }
    }

    /// <summary>Focuses the first action on offer, else Back.</summary>
    public void FocusFirst()
    {
        if (OfferedActions.Count > 0)
        {
            _buttons[OfferedActions[0]].SetFocus();
        }
        else
        {
            _back.SetFocus();
        }
    }

    private void Show()
    {
        if (_session.TradeFeed.Get(TradeId) is not { } trade)
        {
            _facts.Text = $"Trade {TradeText.ShortId(TradeId)}: loading…";
            _timeline.Text = string.Empty;
            SetButtons([]);
            return;
        }

        _facts.Text = Facts(trade);
        _timeline.Text = string.Join('\n', TradeText.Timeline(trade, _session.TradeFeed.Seen(trade.TradeId)));
        var actions = TradeActions.For(trade);
        if (_asking is { } asking && !actions.Contains(asking))
        {
            _asking = null;
            _status.Text = "The trade moved on; that step is no longer possible.";
        }

        SetButtons(actions);
    }

    private void SetButtons(IReadOnlyList<TradeAction> actions)
    {
        var before = OfferedActions;
        OfferedActions = _asking is null ? actions : [];
        var x = 0;
        foreach (var (action, button) in _buttons)
        {
            button.Visible = OfferedActions.Contains(action);
            if (button.Visible)
            {
                button.X = x;
                x += button.Text.Length + 5;
            }
        }

        _reason.Visible = _asking == TradeAction.OpenDispute;
        _yes.Visible = _asking is not null;
        _no.Visible = _asking is not null;
        if (_asking is not null)
        {
            _yes.X = x;
            x += _yes.Text.Length + 5;
            _no.X = x;
            x += _no.Text.Length + 5;
        }

        _back.X = x;

        // A new step for the trader takes the focus (an action only asks, so a stray Enter does nothing for good).
        if (_asking is null && HasFocus && !before.SequenceEqual(OfferedActions))
        {
            FocusFirst();
        }
    }

    private void Ask(TradeAction action)
    {
        if (_session.TradeFeed.Get(TradeId) is not { } trade)
        {
            return;
        }

        var fiat = OfferText.Fiat(trade.FiatAmount);
        _asking = action;
        _status.Text = action switch
        {
            TradeAction.PaymentSent => $"Have you sent {fiat} to the seller's account? Yes tells the seller.",
            TradeAction.PaymentReceived => $"Is {fiat} in your account? Yes releases the bitcoin to the buyer.",
            TradeAction.OpenDispute => "Why? Write the reason above; Yes sends the contract and the reason to the arbitrator.",
            _ => "Cancel this trade? Yes releases the reserved funds and tells the other trader.",
        };
        _yes.Text = action switch
        {
            TradeAction.PaymentSent => "Yes, sent",
            TradeAction.PaymentReceived => "Yes, received",
            TradeAction.OpenDispute => "Yes, open dispute",
            _ => "Yes, cancel",
        };
        _reason.Text = string.Empty;
        Show();
        if (action == TradeAction.OpenDispute)
        {
            _reason.SetFocus();
        }
        else
        {
            _yes.SetFocus();
        }
    }

    private void Perform()
    {
        if (_asking is not { } action)
        {
            return;
        }

        if (action == TradeAction.OpenDispute)
        {
            OpenDispute();
            return;
        }

        _asking = null;
        var id = TradeId;
        _status.Text = action switch
        {
            TradeAction.PaymentSent => "Telling the seller…",
            TradeAction.PaymentReceived => "Signing the payout…",
            _ => "Cancelling…",
        };
        Show();
        _session.Call(
            async ct => action switch
            {
                TradeAction.PaymentSent => await _session.Api.Trades.ConfirmPaymentSentAsync(new ConfirmPaymentSentRequest { TradeId = id }, cancellationToken: ct),
                TradeAction.PaymentReceived => await _session.Api.Trades.ConfirmPaymentReceivedAsync(new ConfirmPaymentReceivedRequest { TradeId = id }, cancellationToken: ct),
                _ => await _session.Api.Trades.CancelAsync(new CancelTradeRequest { TradeId = id }, cancellationToken: ct),
            },
            trade =>
            {
                _status.Text = action switch
                {
                    TradeAction.PaymentSent => "The seller was told the payment is sent.",
                    TradeAction.PaymentReceived => "Payout signed and sent to the buyer.",
                    _ => "Trade cancelled.",
                };
                _session.TradeFeed.Put(trade);
            },
            error => _status.Text = error,
            busy: TradeActions.Caption(action));
    }

    private void OpenDispute()
    {
        var reason = _reason.Text.Trim();
        if (reason.Length == 0)
        {
            _status.Text = "Write why you open the dispute: the arbitrator reads it first.";
            _reason.SetFocus();
            return;
        }

        _asking = null;
        var id = TradeId;
        _status.Text = "Opening the dispute…";
        Show();
        _session.Call(
            async ct =>
            {
                await _session.Api.Disputes.OpenAsync(new OpenDisputeRequest { TradeId = id, Reason = reason }, cancellationToken: ct);
                return await _session.Api.Trades.GetAsync(new GetTradeRequest { TradeId = id }, cancellationToken: ct);
            },
            trade =>
            {
                _status.Text = "Dispute opened: the arbitrator has the contract and your reason.";
                _session.TradeFeed.Put(trade);
            },
            error => _status.Text = error,
            busy: "Opening the dispute");
    }

    private static string Facts(Trade trade)
    {
        var lines = new List<string>
        {
            $"Trade {trade.TradeId}",
            $"{TradeText.State(trade.State)} — {TradeText.NextAction(trade)}{Since(trade)}",
            $"You {TradeText.Side(trade.Side)} {Btc.Format(trade.AmountSats)} BTC for {OfferText.Fiat(trade.FiatAmount)} at {OfferText.Fiat(trade.Price)}/BTC by {trade.PaymentMethodId} ({(trade.Role == TradeRole.Maker ? "your offer" : "you took it")})",
            trade.EscrowSats > 0
                ? $"Escrow {Btc.Format(trade.EscrowSats)} BTC: amount + deposits {Btc.Format(trade.BuyerDepositSats)} buyer, {Btc.Format(trade.SellerDepositSats)} seller"
                : "Escrow: not built yet",
            $"Escrow address {(trade.EscrowAddress.Length > 0 ? trade.EscrowAddress : "(once the maker accepts)")}",
            $"{(trade.Side == TradeSide.Buyer ? "Pay to" : "Paid from")}: {Or(trade.CounterpartyPaymentAccount, trade.State == TradeState.TakeRequested ? "(once the maker accepts)" : "(none given: ask in the chat)")}",
            $"With {NodeText.Short(trade.CounterpartyNodeId)}, arbitrator {NodeText.Short(trade.ArbitratorNodeId)}"
                + (trade.Deadline is { } deadline ? $", deadline {deadline.ToDateTimeOffset().ToLocalTime().ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}{(trade.IsPastDeadline ? " (passed)" : string.Empty)}" : string.Empty),
            $"Deposit tx {Or(trade.DepositTxid, "-")}",
            trade.LastError.Length > 0 && !trade.IsClosed ? $"Problem: {trade.LastError}" : $"Payout tx  {Or(trade.PayoutTxid, "-")}",
        };
        return string.Join('\n', lines);
    }

    /// <summary>For a wait on the other trader or the chain: since when, so a long wait shows as such.</summary>
    private static string Since(Trade trade) =>
        trade.NextAction.StartsWith("wait_for_", StringComparison.Ordinal) && trade.UpdatedAt is { } updated
            ? $" (since {updated.ToDateTimeOffset().ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)})"
            : string.Empty;

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
