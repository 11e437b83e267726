using Grpc.Core;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Screens;

/// <summary>
/// Taking an offer in two steps. First the amount (within the offer's range), one of the offer's arbitrators and the
/// payment account the maker sees; Review checks them and shows every number (amount, fiat, both deposits, what the
/// escrow holds, this node's share and the fees). Only Confirm calls Trades.TakeOffer; the new trade then opens.
/// Messages about a field show under it, the node's INVALID_ARGUMENT sentences included.
/// </summary>
public sealed class TakeForm : View
{
    private const int FieldX = 15;

    private readonly TuiSession _session;
    private readonly Label _offerLine;
    private readonly TextField _amount;
    private readonly Label _amountMessage;
    private readonly Button _arbitrator;
    private readonly Label _arbitratorMessage;
    private readonly TextField _account;
    private readonly Label _accountMessage;
    private readonly Button _review;
    private readonly Label _summary;
    private readonly Button _confirm;
    private readonly Button _change;
    private readonly Label _status;
    private readonly Dictionary<string, string> _arbitratorNames = [];
    private Offer? _offer;
    private int _arbitratorIndex;
    private TakeTerms? _pending;

    public TakeForm(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _offerLine = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 2 };
        var amountLabel = new Label { Text = "Amount BTC:", X = 0, Y = 2 };
        _amount = new TextField { X = FieldX, Y = 2, Width = 14 };
        _amountMessage = new Label { X = FieldX, Y = 3, Width = Dim.Fill() };
        var arbitratorLabel = new Label { Text = "Arbitrator:", X = 0, Y = 4 };
        _arbitrator = new Button { Text = "?", X = FieldX - 1, Y = 4, ShadowStyle = null };
        _arbitratorMessage = new Label { X = FieldX, Y = 5, Width = Dim.Fill() };
        var accountLabel = new Label { Text = "Your account:", X = 0, Y = 6 };
        _account = new TextField { X = FieldX, Y = 6, Width = Dim.Fill(1) };
        _accountMessage = new Label { X = FieldX, Y = 7, Width = Dim.Fill() };
        _review = new Button { Text = "Review", X = 0, Y = 8, ShadowStyle = null };
        var back = new Button { Text = "Back", X = Pos.Right(_review) + 1, Y = 8, ShadowStyle = null };
        _summary = new Label { X = 0, Y = 10, Width = Dim.Fill(), Height = 5 };
        _confirm = new Button { Text = "Confirm take", X = 0, Y = 15, Visible = false, ShadowStyle = null };
        _change = new Button { Text = "Change", X = Pos.Right(_confirm) + 1, Y = 15, Visible = false, ShadowStyle = null };
        _status = new Label { X = 0, Y = 16, Width = Dim.Fill(), Height = Dim.Fill() };
        _arbitrator.Accepting += (_, e) =>
        {
            NextArbitrator();
            e.Handled = true;
        };
        _review.Accepting += (_, e) =>
        {
            Review();
            e.Handled = true;
        };
        back.Accepting += (_, e) =>
        {
            Closed?.Invoke();
            e.Handled = true;
        };
        _confirm.Accepting += (_, e) =>
        {
            Confirm();
            e.Handled = true;
        };
        _change.Accepting += (_, e) =>
        {
            ClearReview("Nothing was taken; change the terms and Review again.");
            _amount.SetFocus();
            e.Handled = true;
        };
        Add(_offerLine, amountLabel, _amount, _amountMessage, arbitratorLabel, _arbitrator, _arbitratorMessage, accountLabel, _account, _accountMessage, _review, back, _summary, _confirm, _change, _status);
    }

    /// <summary>Raised on the UI loop when the user goes back without taking.</summary>
    public event Action? Closed;

    /// <summary>Raised on the UI loop with the new trade once the node accepted the take request.</summary>
    public event Action<Trade>? Taken;

    /// <summary>The message under <paramref name="field"/>: "amount", "arbitrator" or "account".</summary>
    public string MessageFor(string field) => field switch
    {
        "amount" => _amountMessage.Text,
        "arbitrator" => _arbitratorMessage.Text,
        "account" => _accountMessage.Text,
        _ => _status.Text,
    };

    /// <summary>Fills the form for <paramref name="offer"/>: its largest amount, its first arbitrator; focus on the amount.</summary>
    public void Open(Offer offer)
    {
        _offer = offer ?? throw new ArgumentNullException(nameof(offer));
        _offerLine.Text = $"Take: {OfferText.Direction(offer.Direction)} {OfferText.AmountRange(offer)} BTC at {OfferText.Fiat(offer.Price)} per BTC by {offer.PaymentMethodId}\n"
            + $"Maker {OfferText.Maker(offer)}; deposits buyer {offer.BuyerDepositBps / 100m}%, seller {offer.SellerDepositBps / 100m}%.";
        _amount.Text = Btc.Format(offer.AmountSats);
        _arbitratorIndex = 0;
        ShowArbitrator();
        ClearReview(string.Empty);
        _amountMessage.Text = string.Empty;
        _arbitratorMessage.Text = string.Empty;
        _accountMessage.Text = string.Empty;
        _amount.SetFocus();
        _session.Call(
            async ct => (await _session.Api.Arbitrators.ListAsync(new ListArbitratorsRequest(), cancellationToken: ct)).Arbitrators,
            arbitrators =>
            {
                foreach (var arbitrator in arbitrators)
                {
                    _arbitratorNames[arbitrator.NodeId] = arbitrator.Name.Length > 0 ? $"{arbitrator.Name} (fee {arbitrator.FeeBps / 100m}% in a dispute)" : NodeText.Short(arbitrator.NodeId);
                }

                ShowArbitrator();
            },
            _ => { });
    }

    private string? ArbitratorId => _offer is { ArbitratorNodeIds.Count: > 0 } offer ? offer.ArbitratorNodeIds[_arbitratorIndex % offer.ArbitratorNodeIds.Count] : null;

    private string ArbitratorName => ArbitratorId is { } id ? _arbitratorNames.GetValueOrDefault(id, NodeText.Short(id)) : "none";

    private void NextArbitrator()
    {
        _arbitratorIndex++;
        ShowArbitrator();
        ClearReview(string.Empty);
    }

    private void ShowArbitrator()
    {
        var count = _offer?.ArbitratorNodeIds.Count ?? 0;
        _arbitrator.Text = ArbitratorName;
        _arbitratorMessage.Text = count > 1 ? $"Enter picks the next of the offer's {count} arbitrators." : string.Empty;
    }

    private void Review()
    {
        if (_offer is not { } offer)
        {
            return;
        }

        ClearReview(string.Empty);
        var terms = TakeTerms.TryCreate(offer, _amount.Text, out var amountError);
        _amountMessage.Text = amountError;
        _arbitratorMessage.Text = ArbitratorId is null ? "The offer names no arbitrator; it cannot be taken." : string.Empty;
        _accountMessage.Text = _account.Text.Trim().Length == 0
            ? terms?.MySide == TradeSide.Seller ? "Where the buyer pays you (e.g. your IBAN)." : "Where your payment comes from (e.g. your IBAN)."
            : string.Empty;
        if (terms is null || ArbitratorId is null || _account.Text.Trim().Length == 0)
        {
            return;
        }

        _pending = terms;
        _summary.Text = terms.Summary(ArbitratorName);
        _confirm.Visible = true;
        _change.Visible = true;
        _status.Text = "Nothing happens until Confirm take.";
        _confirm.SetFocus();
    }

    private void Confirm()
    {
        if (_pending is not { } terms || ArbitratorId is not { } arbitrator)
        {
            return;
        }

        var request = new TakeOfferRequest
        {
            OfferId = terms.Offer.OfferId,
            AmountSats = terms.AmountSats,
            ArbitratorNodeId = arbitrator,
            PaymentAccount = _account.Text.Trim(),
        };
        _pending = null;
        _confirm.Visible = false;
        _change.Visible = false;
        _status.Text = "Sending the take request to the maker…";
        _session.Call(
            async ct =>
            {
                try
                {
                    return (Trade: (await _session.Api.Trades.TakeOfferAsync(request, cancellationToken: ct)).Trade, Invalid: (string?)null);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
                {
                    return (Trade: (Trade?)null, Invalid: ex.Status.Detail);
                }
            },
            result =>
            {
                if (result.Trade is { } trade)
                {
                    _status.Text = string.Empty;
                    _summary.Text = string.Empty;
                    _session.ShowMessage($"Trade {TradeText.ShortId(trade.TradeId)} started: waiting for the maker to accept.");
                    Taken?.Invoke(trade);
                    return;
                }

                var sentence = result.Invalid ?? string.Empty;
                var field = FieldErrors.FieldOf(sentence);
                var label = field switch
                {
                    "amount_sats" => _amountMessage,
                    "arbitrator" or "arbitrator_node_id" => _arbitratorMessage,
                    "payment_account" => _accountMessage,
                    _ => _status,
                };
                label.Text = sentence;
                if (label != _status)
                {
                    _status.Text = "Nothing was taken.";
                }
            },
            error => _status.Text = error + " Nothing was taken.",
            busy: "Sending the take request");
    }

    private void ClearReview(string status)
    {
        _pending = null;
        _summary.Text = string.Empty;
        _confirm.Visible = false;
        _change.Visible = false;
        _status.Text = status;
    }
}
