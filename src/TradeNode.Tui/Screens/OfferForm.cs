using Grpc.Core;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// The form for a new offer, or for editing one of this node's open offers (<see cref="PrepareEdit"/>: prefilled,
/// saved with Offers.Update, the deposits kept as they were). Each field has a message slot to its right: the form's own checks and the node's
/// INVALID_ARGUMENT sentences land next to the field they name; anything else shows under the buttons.
/// </summary>
public sealed class OfferForm : View
{
    private const int FieldX = 16;
    private const int MessageX = 36;

    private readonly TuiSession _session;
    private readonly Dictionary<string, Label> _messages = [];
    private readonly Button _direction;
    private readonly TextField _amount;
    private readonly TextField _minAmount;
    private readonly TextField _price;
    private readonly TextField _currency;
    private readonly TextField _method;
    private readonly TextField _terms;
    private readonly TextField _arbitrator;
    private readonly Label _general;
    private readonly Button _submit;
    private Offer? _editing;
    private int _row;

    public OfferForm(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _direction = new Button { Text = "SELL", X = FieldX, ShadowStyle = null };
        _direction.Accepting += (_, e) =>
        {
            _direction.Text = _direction.Text == "SELL" ? "BUY" : "SELL";
            e.Handled = true;
        };
        AddField("Direction:", "direction", _direction);
        _amount = AddField("Amount BTC:", "amount_sats", new TextField { Width = 18 });
        _minAmount = AddField("Min amount BTC:", "min_amount_sats", new TextField { Width = 18 });
        _price = AddField("Price per BTC:", "price", new TextField { Width = 18 });
        _currency = AddField("Currency:", "currency", new TextField { Width = 6, Text = "EUR" });
        _method = AddField("Payment method:", "payment_method_id", new TextField { Width = 18, Text = "SEPA" });
        _arbitrator = AddField("Arbitrator id:", "arbitrator_node_ids", new TextField { Width = 18 });
        _terms = AddField("Terms:", "terms", new TextField { Width = 18 });
        var create = _submit = new Button { Text = "Publish offer", X = 0, Y = _row, ShadowStyle = null };
        var cancel = new Button { Text = "Back", X = Pos.Right(create) + 2, Y = _row, ShadowStyle = null };
        _general = new Label { X = 0, Y = _row + 1, Width = Dim.Fill(), Height = Dim.Fill() };
        create.Accepting += (_, e) =>
        {
            Submit();
            e.Handled = true;
        };
        cancel.Accepting += (_, e) =>
        {
            Closed?.Invoke();
            e.Handled = true;
        };
        Add(create, cancel, _general);
    }

    /// <summary>Raised on the UI thread when the form is done (offer published or saved, or Back).</summary>
    public event Action? Closed;

    /// <summary>The offer being edited, or null for a new offer.</summary>
    public Offer? Editing => _editing;

    /// <summary>Clears the messages and suggests the first arbitrator the network knows (other than this node).</summary>
    public void Prepare()
    {
        ClearMessages();
        if (_editing is not null)
        {
            _editing = null;
            _submit.Text = "Publish offer";
            foreach (var field in new[] { _amount, _minAmount, _price, _terms, _arbitrator })
            {
                field.Text = string.Empty;
            }
        }

        if (_arbitrator.Text.Length > 0)
        {
            return;
        }

        _session.Call(
            async ct => (await _session.Api.Arbitrators.ListAsync(new ListArbitratorsRequest(), cancellationToken: ct)).Arbitrators,
            arbitrators =>
            {
                if (_arbitrator.Text.Length == 0 && arbitrators.FirstOrDefault(a => !a.IsMine) is { } arbitrator)
                {
                    _arbitrator.Text = arbitrator.NodeId;
                }
            });
    }

    /// <summary>Fills the form with <paramref name="offer"/> (one of this node's) so Save publishes its next version.</summary>
    public void PrepareEdit(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ClearMessages();
        _editing = offer;
        _submit.Text = "Save offer";
        _direction.Text = offer.Direction == OfferDirection.Buy ? "BUY" : "SELL";
        _amount.Text = Btc.Format(offer.AmountSats);
        _minAmount.Text = offer.MinAmountSats > 0 && offer.MinAmountSats != offer.AmountSats ? Btc.Format(offer.MinAmountSats) : string.Empty;
        _price.Text = offer.Price?.Amount ?? string.Empty;
        _currency.Text = offer.Price?.Currency ?? string.Empty;
        _method.Text = offer.PaymentMethodId;
        _arbitrator.Text = string.Join(", ", offer.ArbitratorNodeIds);
        _terms.Text = offer.Terms;
        _general.Text = $"Edit offer {offer.OfferId[..Math.Min(8, offer.OfferId.Length)]}; Save publishes its new version.";
    }

    /// <summary>The message shown next to <paramref name="field"/> (its API name, e.g. <c>price</c>).</summary>
    public string MessageFor(string field) => _messages.TryGetValue(field, out var label) ? label.Text : string.Empty;

    private T AddField<T>(string caption, string field, T input)
        where T : View
    {
        var label = new Label { Text = caption, X = 0, Y = _row };
        input.X = FieldX;
        input.Y = _row;
        var message = new Label { X = MessageX, Y = _row, Width = Dim.Fill(), Height = 2 };
        _messages[field] = message;
        Add(label, input, message);
        _row += 2;
        return input;
    }

    private void Submit()
    {
        ClearMessages();
        var valid = true;
        if (!Btc.TryParse(_amount.Text, out var amount))
        {
            _messages["amount_sats"].Text = "A positive BTC amount, at most 8 decimals.";
            valid = false;
        }

        long minAmount = 0;
        if (_minAmount.Text.Trim().Length > 0 && !Btc.TryParse(_minAmount.Text, out minAmount))
        {
            _messages["min_amount_sats"].Text = "A positive BTC amount, or empty for the whole amount.";
            valid = false;
        }

        if (!valid)
        {
            return;
        }

        var request = new CreateOfferRequest
        {
            Direction = _direction.Text == "BUY" ? OfferDirection.Buy : OfferDirection.Sell,
            AmountSats = amount,
            MinAmountSats = minAmount,
            Price = _price.Text.Trim(),
            Currency = _currency.Text.Trim().ToUpperInvariant(),
            PaymentMethodId = _method.Text.Trim().ToUpperInvariant(),
            Terms = _terms.Text.Trim(),
        };
        request.ArbitratorNodeIds.AddRange(_arbitrator.Text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var editing = _editing;
        if (editing is not null)
        {
            request.BuyerDepositBps = editing.BuyerDepositBps;
            request.SellerDepositBps = editing.SellerDepositBps;
        }

        _general.Text = "Publishing…";
        _session.Call(
            async ct =>
            {
                try
                {
                    var offer = editing is null
                        ? (await _session.Api.Offers.CreateAsync(request, cancellationToken: ct)).Offer
                        : (await _session.Api.Offers.UpdateAsync(new UpdateOfferRequest { OfferId = editing.OfferId, Offer = request }, cancellationToken: ct)).Offer;
                    return (Offer: offer, Invalid: (string?)null);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
                {
                    return (Offer: (Offer?)null, Invalid: ex.Status.Detail);
                }
            },
            result =>
            {
                if (result.Offer is { } offer)
                {
                    _general.Text = string.Empty;
                    _session.ShowMessage($"Offer {offer.OfferId[..8]} {(editing is null ? "published" : "saved")}.");
                    Closed?.Invoke();
                }
                else
                {
                    ShowInvalid(result.Invalid ?? string.Empty);
                }
            },
            error => _general.Text = error,
            busy: "Publishing the offer");
    }

    private void ShowInvalid(string sentence)
    {
        _general.Text = string.Empty;
        if (FieldErrors.FieldOf(sentence) is { } field && _messages.TryGetValue(field, out var label))
        {
            label.Text = sentence;
        }
        else
        {
            _general.Text = sentence;
        }
    }

    private void ClearMessages()
    {
        foreach (var label in _messages.Values)
        {
            label.Text = string.Empty;
        }

        _general.Text = string.Empty;
    }
}
