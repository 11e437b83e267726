using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;
using TradeNode.Tui.Trades;
using TradeNode.Tui.Views;

namespace TradeNode.Tui.Screens;

/// <summary>
/// One goods order: what was bought for how much, the escrow address and amounts, the shipping address (vendor side),
/// the tracking note, the timeline with the order's chat beside it (<see cref="ChatPane"/>: the chat service takes
/// order ids like trade ids), and a button for each action the node accepts now (see <see cref="OrderActions"/>).
/// An action asks once more (with a line for the reason or tracking note where it takes one) before it calls the
/// node. A disputed order shows its case (<see cref="DisputeTracker"/>): the state, who said what, the arbitrator's
/// split and note, with Add evidence while it is open and Accept decision once it is decided. Follows the app's order
/// feed.
/// </summary>
public sealed class OrderDetailView : View
{
    private readonly TuiSession _session;
    private readonly Label _facts;
    private readonly Label _timeline;
    private readonly Dictionary<OrderAction, Button> _buttons = [];
    private readonly Button _back;
    private readonly Button _yes;
    private readonly Button _no;
    private readonly Label _status;
    private readonly TextField _text;
    private readonly DisputeTracker _dispute;
    private OrderAction? _asking;

    public OrderDetailView(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _dispute = new DisputeTracker(session);
        _dispute.Changed += Show;
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _status = new Label { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        _text = new TextField { X = 0, Y = Pos.AnchorEnd(3), Width = Dim.Fill(), Visible = false };
        _facts = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 9 };
        _timeline = new Label { X = 0, Y = 9, Width = 26, Height = Dim.Fill(3) };
        _timeline.TextFormatter.WordWrap = true;
        Chat = new ChatPane(session) { X = 27, Y = 9, Width = Dim.Fill(), Height = Dim.Fill(3) };
        foreach (var action in Enum.GetValues<OrderAction>())
        {
            var button = new Button { Text = OrderActions.Caption(action), Y = Pos.AnchorEnd(2), Visible = false, ShadowStyle = null };
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
        _text.Accepting += (_, e) =>
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
        Add(_back, _yes, _no, _status, _text);
        session.OrderFeed.OrderChanged += order =>
        {
            if (order.OrderId == OrderId)
            {
                Show();
                FollowDispute(order);
            }
        };
    }

    /// <summary>Raised on the UI loop when the user goes back to the list.</summary>
    public event Action? Closed;

    /// <summary>The order's chat, beside the timeline.</summary>
    public ChatPane Chat { get; }

    /// <summary>The order on show, or empty.</summary>
    public string OrderId { get; private set; } = string.Empty;

    /// <summary>The action buttons on show now, in order.</summary>
    public IReadOnlyList<OrderAction> OfferedActions { get; private set; } = [];

    /// <summary>The status line under the buttons (answers and refusals).</summary>
    public string Status => _status.Text;

    /// <summary>Shows order <paramref name="orderId"/> (from the feed; asks the node when the feed does not know it yet).</summary>
    public void Open(string orderId)
    {
        OrderId = orderId ?? throw new ArgumentNullException(nameof(orderId));
        _asking = null;
        _dispute.Reset(orderId);
        _status.Text = string.Empty;
        Show();
        Chat.Open(orderId);
        if (_session.OrderFeed.Get(orderId) is { } known)
        {
            FollowDispute(known);
        }
        else
        {
            _session.Call(async ct => await _session.Api.Orders.GetAsync(new GetOrderRequest { OrderId = orderId }, cancellationToken: ct), _session.OrderFeed.Put);
        }
    }

    /// <summary>The dispute of the order on show, once read (disputed and resolved orders).</summary>
    public Dispute? Dispute => _dispute.Current;

    /// <summary>Takes in the order's dispute (from Disputes.Get, or a test); call on the UI loop.</summary>
    public void ShowDispute(Dispute dispute) => _dispute.Put(dispute);

    private void FollowDispute(Order order) => _dispute.Follow(order.State is OrderState.Disputed or OrderState.Resolved);

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
        if (_session.OrderFeed.Get(OrderId) is not { } order)
        {
            _facts.Text = $"Order {TradeText.ShortId(OrderId)}: loading…";
            _timeline.Text = string.Empty;
            SetButtons([]);
            return;
        }

        var dispute = _dispute.Current;
        _facts.Text = Facts(order, dispute);
        _timeline.Text = string.Join('\n', dispute is null ? OrderText.Timeline(order) : [.. DisputeText.Details(dispute), string.Empty, .. OrderText.Timeline(order)]);
        var actions = OrderActions.For(order, dispute);
        if (_asking is { } asking && !actions.Contains(asking))
        {
            _asking = null;
            _status.Text = "The order moved on; that step is no longer possible.";
        }

        SetButtons(actions);
    }

    private void SetButtons(IReadOnlyList<OrderAction> actions)
    {
        var before = OfferedActions;
        OfferedActions = _asking is null ? actions : [];
        FocusSafety.MoveOffHidden(
            [
                .. _buttons.Where(b => !OfferedActions.Contains(b.Key)).Select(b => b.Value),
                .. _asking is { } pending && OrderActions.NeedsText(pending) ? Array.Empty<View>() : [_text],
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

        _text.Visible = _asking is { } asking && OrderActions.NeedsText(asking);
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
        if (_asking is null && HasFocus && !before.SequenceEqual(OfferedActions))
        {
            FocusFirst();
        }
    }

    private void Ask(OrderAction action)
    {
        if (_session.OrderFeed.Get(OrderId) is not { } order)
        {
            return;
        }

        var amount = Btc.Format(order.AmountSats) + " BTC";
        _asking = action;
        _status.Text = action switch
        {
            OrderAction.Accept => $"Accept the order for {amount}? Yes signs the contract; ship once the funding confirms.",
            OrderAction.Decline => $"Why decline? Write the reason above; Yes refunds {amount} to the buyer.",
            OrderAction.MarkFulfilled => "Tracking number or note for the buyer above; Yes tells the buyer the goods are sent.",
            OrderAction.Refund => $"Why refund? Write the reason above; Yes signs the refund of {amount} to the buyer.",
            OrderAction.ConfirmReceipt => $"Did the goods arrive? Yes signs the payout of {amount} to the vendor.",
            _ => DisputeSteps.Question(OrderActions.DisputeStepOf(action)!.Value, _dispute.Current),
        };
        _yes.Text = OrderActions.DisputeStepOf(action) is { } step ? DisputeSteps.YesCaption(step) : "Yes, " + OrderActions.Caption(action).ToLowerInvariant();
        _text.Text = string.Empty;
        Show();
        if (OrderActions.NeedsText(action))
        {
            _text.SetFocus();
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

        if (OrderActions.DisputeStepOf(action) is { } step)
        {
            RunDisputeStep(step);
            return;
        }

        var text = _text.Text.Trim();
        if (action is OrderAction.Decline or OrderAction.Refund && text.Length == 0)
        {
            _status.Text = "Write the reason: the buyer reads it.";
            _text.SetFocus();
            return;
        }

        _asking = null;
        var id = OrderId;
        _status.Text = OrderActions.Caption(action) + "…";
        Show();
        var orders = _session.Api.Orders;
        _session.Call(
            async ct => action switch
            {
                OrderAction.Accept => await orders.AcceptAsync(new AcceptOrderRequest { OrderId = id }, cancellationToken: ct),
                OrderAction.Decline => await orders.DeclineAsync(new DeclineOrderRequest { OrderId = id, Reason = text }, cancellationToken: ct),
                OrderAction.MarkFulfilled => await orders.MarkFulfilledAsync(new MarkFulfilledRequest { OrderId = id, TrackingNote = text }, cancellationToken: ct),
                OrderAction.Refund => await orders.RefundAsync(new RefundOrderRequest { OrderId = id, Reason = text }, cancellationToken: ct),
                _ => await orders.ConfirmReceiptAsync(new ConfirmReceiptRequest { OrderId = id }, cancellationToken: ct),
            },
            order =>
            {
                _status.Text = action switch
                {
                    OrderAction.Accept => "Order accepted.",
                    OrderAction.Decline => "Order declined; the refund is signed.",
                    OrderAction.MarkFulfilled => "The buyer was told the goods are sent.",
                    OrderAction.Refund => "Refund signed and sent to the buyer.",
                    _ => "Payout signed and sent to the vendor.",
                };
                _session.OrderFeed.Put(order);
            },
            error => _status.Text = error,
            busy: OrderActions.Caption(action));
    }

    private void RunDisputeStep(DisputeStep step)
    {
        if (!_dispute.Run(step, _text.Text, async (id, ct) => await _session.Api.Orders.GetAsync(new GetOrderRequest { OrderId = id }, cancellationToken: ct), _session.OrderFeed.Put, text => _status.Text = text))
        {
            _text.SetFocus();
            return;
        }

        _asking = null;
        Show();
    }

    private static string Facts(Order order, Dispute? dispute)
    {
        var lines = new List<string>
        {
            $"Order {order.OrderId}",
            $"{OrderText.State(order.State)} — {OrderText.NextAction(order)}",
            $"You {OrderText.Role(order.Role)} {order.Quantity} x {order.ListingTitle} at {Btc.Format(order.UnitPriceSats)} BTC"
                + (order.ShippingOption.Length > 0 ? $", shipping {order.ShippingOption} {Btc.Format(order.ShippingSats)} BTC" : string.Empty),
            $"Escrow {Btc.Format(order.AmountSats)} BTC at {Or(order.EscrowAddress, "-")}{(order.FundingConfirmed ? " (confirmed)" : string.Empty)}",
            order.Role == OrderRole.Vendor ? $"Ship to: {Or(order.ShippingAddress, "(none given)")}" : $"Tracking: {Or(order.TrackingNote, "-")}",
            order.Role == OrderRole.Vendor ? $"Tracking: {Or(order.TrackingNote, "-")}" : $"Refund reason: {Or(order.RefundReason, "-")}",
            $"With {NodeText.Short(order.CounterpartyNodeId)}, arbitrator {NodeText.Short(order.ArbitratorNodeId)}"
                + (order.CreatedAt is { } created ? $", placed {created.ToDateTimeOffset().ToLocalTime().ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}" : string.Empty),
            dispute is not null ? DisputeText.Line(dispute) : $"Funding tx {TradeText.Tx(order.FundingTxid, order.FundingConfirmations)}",
            order.LastError.Length > 0 ? $"Problem: {order.LastError}" : order.RefundTxid.Length > 0 ? $"Refund tx {TradeText.Tx(order.RefundTxid, order.RefundConfirmations)}"
                : $"Payout tx {TradeText.Tx(order.PayoutTxid, order.PayoutConfirmations)}",
        };
        return string.Join('\n', lines);
    }

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
