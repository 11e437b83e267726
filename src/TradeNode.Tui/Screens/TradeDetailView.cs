using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;
using TradeNode.Tui.Trades;
using TradeNode.Tui.Views;

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
    private readonly DisputeTracker _dispute;
    private TradeAction? _asking;

    public TradeDetailView(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _dispute = new DisputeTracker(session);
        _dispute.Changed += Show;
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
        // Enter in the reason or note line answers Yes, so a step with text needs no trip to the button.
        _reason.Accepting += (_, e) =>
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
                LoadDispute(trade);
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
        _dispute.Reset(tradeId);
        _status.Text = string.Empty;
        Show();
        Chat.Open(tradeId);
        if (_session.TradeFeed.Get(tradeId) is null)
        {
            _session.Call(async ct => await _session.Api.Trades.GetAsync(new GetTradeRequest { TradeId = tradeId }, cancellationToken: ct), trade => _session.TradeFeed.Put(trade));
        }
        else
        {
            LoadDispute(_session.TradeFeed.Get(tradeId)!);
        }
    }

    /// <summary>The dispute of the trade on show, once read (disputed and resolved trades).</summary>
    public Dispute? Dispute => _dispute.Current;

    /// <summary>Takes in the trade's dispute (from Disputes.Get, or a test); call on the UI loop.</summary>
    public void ShowDispute(Dispute dispute) => _dispute.Put(dispute);

    private void LoadDispute(Trade trade) => _dispute.Follow(trade.State is TradeState.Disputed or TradeState.Resolved);

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

        _facts.Text = Facts(trade, _dispute.Current);
        // A disputed trade lists the case first (reason, each side's statements, the arbitrator's note), as orders do.
        var timeline = TradeText.Timeline(trade, _session.TradeFeed.Seen(trade.TradeId));
        _timeline.Text = string.Join('\n', _dispute.Current is { } dispute && dispute.TradeId == trade.TradeId
            ? [.. DisputeText.Details(dispute), string.Empty, .. timeline]
            : timeline);
        var actions = TradeActions.For(trade, _dispute.Current);
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
        FocusSafety.MoveOffHidden(
            [
                .. _buttons.Where(b => !OfferedActions.Contains(b.Key)).Select(b => b.Value),
                .. _asking is TradeAction.OpenDispute or TradeAction.AddEvidence ? Array.Empty<View>() : [_reason],
                .. _asking is null ? [_yes, _no] : Array.Empty<View>(),
            ],
            _back);
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

        _reason.Visible = _asking is TradeAction.OpenDispute or TradeAction.AddEvidence;
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
            TradeAction.OpenDispute or TradeAction.AddEvidence or TradeAction.AcceptDecision => DisputeSteps.Question(StepOf(action), _dispute.Current),
            _ => "Cancel this trade? Yes releases the reserved funds and tells the other trader.",
        };
        _yes.Text = action switch
        {
            TradeAction.PaymentSent => "Yes, sent",
            TradeAction.PaymentReceived => "Yes, received",
            TradeAction.OpenDispute or TradeAction.AddEvidence or TradeAction.AcceptDecision => DisputeSteps.YesCaption(StepOf(action)),
            _ => "Yes, cancel",
        };
        _reason.Text = string.Empty;
        Show();
        if (action is TradeAction.OpenDispute or TradeAction.AddEvidence)
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

        if (action is TradeAction.OpenDispute or TradeAction.AddEvidence or TradeAction.AcceptDecision)
        {
            RunDisputeStep(action);
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

    private void RunDisputeStep(TradeAction action)
    {
        var step = StepOf(action);
        if (!_dispute.Run(step, _reason.Text, async (id, ct) => await _session.Api.Trades.GetAsync(new GetTradeRequest { TradeId = id }, cancellationToken: ct), trade => _session.TradeFeed.Put(trade), text => _status.Text = text))
        {
            _reason.SetFocus();
            return;
        }

        _asking = null;
        Show();
    }

    private static DisputeStep StepOf(TradeAction action) => action switch
    {
        TradeAction.OpenDispute => DisputeStep.Open,
        TradeAction.AddEvidence => DisputeStep.AddEvidence,
        _ => DisputeStep.Accept,
    };

    private static string Facts(Trade trade, Dispute? dispute)
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
            dispute is { } d && d.TradeId == trade.TradeId ? DisputeText.Line(d) : $"Deposit tx {TradeText.Tx(trade.DepositTxid, trade.DepositConfirmations)}",
            trade.LastError.Length > 0 && !trade.IsClosed ? $"Problem: {trade.LastError}" : $"Payout tx {TradeText.Tx(trade.PayoutTxid, trade.PayoutConfirmations)}",
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
