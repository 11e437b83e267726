using System.Globalization;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// Buying a listing in two steps. First the quantity, one of the listing's shipping options (Enter picks the next)
/// and the shipping address (only the vendor's node can read it); Review checks them and shows the total (unit price
/// x quantity + shipping), which the escrow will hold. Only Confirm calls Orders.PlaceOrder, which funds the escrow
/// from this node's wallet; the new order then opens. A listing priced in fiat shows a Rate field (fiat per BTC),
/// prefilled with the node's reference price (Offers.GetMarketPrice) when it has one; Review shows the fiat total
/// and the satoshis it converts to, ceil(total x 100,000,000 / rate), and the order is placed at that rate.
/// </summary>
public sealed class BuyForm : View
{
    private const int FieldX = 15;

    private readonly TuiSession _session;
    private readonly Label _listingLine;
    private readonly TextField _quantity;
    private readonly Button _shipping;
    private readonly TextField _address;
    private readonly Label _rateLabel;
    private readonly TextField _rate;
    private readonly Button _review;
    private readonly Label _summary;
    private readonly Button _confirm;
    private readonly Button _change;
    private readonly Label _status;
    private Listing? _listing;
    private int _shippingIndex;
    private PlaceOrderRequest? _pending;

    public BuyForm(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _listingLine = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 2 };
        var quantityLabel = new Label { Text = "Quantity:", X = 0, Y = 2 };
        _quantity = new TextField { X = FieldX, Y = 2, Width = 8, Text = "1" };
        var shippingLabel = new Label { Text = "Shipping:", X = 0, Y = 3 };
        _shipping = new Button { Text = "-", X = FieldX - 1, Y = 3, ShadowStyle = null };
        var addressLabel = new Label { Text = "Ship to:", X = 0, Y = 4 };
        _address = new TextField { X = FieldX, Y = 4, Width = Dim.Fill(1) };
        _rateLabel = new Label { Text = "Rate:", X = 0, Y = 5, Visible = false };
        _rate = new TextField { X = FieldX, Y = 5, Width = 20, Visible = false };
        _review = new Button { Text = "Review", X = 0, Y = 6, ShadowStyle = null };
        var back = new Button { Text = "Back", X = Pos.Right(_review) + 1, Y = 6, ShadowStyle = null };
        _summary = new Label { X = 0, Y = 8, Width = Dim.Fill(), Height = 3 };
        _confirm = new Button { Text = "Confirm order", X = 0, Y = 11, Visible = false, ShadowStyle = null };
        _change = new Button { Text = "Change", X = Pos.Right(_confirm) + 1, Y = 11, Visible = false, ShadowStyle = null };
        _status = new Label { X = 0, Y = 12, Width = Dim.Fill(), Height = Dim.Fill() };
        _shipping.Accepting += (_, e) =>
        {
            _shippingIndex++;
            ShowShipping();
            ClearReview(string.Empty);
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
            ClearReview("Nothing was ordered; change the terms and Review again.");
            _quantity.SetFocus();
            e.Handled = true;
        };
        Add(_listingLine, quantityLabel, _quantity, shippingLabel, _shipping, addressLabel, _address, _rateLabel, _rate, _review, back, _summary, _confirm, _change, _status);
    }

    /// <summary>Raised on the UI loop when the user goes back without ordering.</summary>
    public event Action? Closed;

    /// <summary>Raised on the UI loop with the new order once the node placed and funded it.</summary>
    public event Action<Order>? Ordered;

    /// <summary>The review's total or the reason there is none, and the node's answers.</summary>
    public string Status => _status.Text;

    /// <summary>The reviewed total and terms, empty before Review.</summary>
    public string Summary => _summary.Text;

    /// <summary>Fills the form for <paramref name="listing"/>: quantity 1, its first shipping option; focus on the quantity.</summary>
    public void Open(Listing listing)
    {
        _listing = listing ?? throw new ArgumentNullException(nameof(listing));
        var content = listing.Content ?? new ListingContent();
        _listingLine.Text = $"Buy: {content.Title} at {ListingText.Price(content.Price)} each, {content.Quantity} available\n"
            + $"Vendor {ListingText.Vendor(listing)}, {ListingText.Rating(listing.VendorRating)}";
        _quantity.Text = "1";
        _address.Text = string.Empty;
        _shippingIndex = 0;
        ShowShipping();
        var fiat = content.Price?.ValueCase == Price.ValueOneofCase.Fiat ? content.Price.Fiat.Currency : null;
        _rateLabel.Visible = fiat is not null;
        _rate.Visible = fiat is not null;
        _rate.Text = string.Empty;
        _rateLabel.Text = fiat is null ? "Rate:" : $"{fiat}/BTC:";
        ClearReview(string.Empty);
        if (fiat is not null)
        {
            PrefillRate(listing, fiat);
        }

        _quantity.SetFocus();
    }

    /// <summary>Puts the node's reference price of <paramref name="currency"/> in the rate field, unless the user typed one meanwhile.</summary>
    private void PrefillRate(Listing listing, string currency)
    {
        _status.Text = $"Looking up this node's {currency} reference price…";
        _session.Call(
            async ct => await _session.Api.Offers.GetMarketPriceAsync(new GetMarketPriceRequest { Currency = currency }, cancellationToken: ct),
            price =>
            {
                if (!ReferenceEquals(_listing, listing) || _rate.Text.Length > 0)
                {
                    return;
                }

                _rate.Text = price.HasPrice ? price.Price : string.Empty;
                _status.Text = price.HasPrice
                    ? $"Rate: this node's reference price, the median of {price.OfferCount} live {currency} offer(s); change it if you agreed another."
                    : $"This node knows no live {currency} offers: type the rate in {currency} per BTC.";
            },
            error =>
            {
                if (ReferenceEquals(_listing, listing))
                {
                    _status.Text = $"No reference price ({error}); type the rate in {currency} per BTC.";
                }
            });
    }

    private ShippingOption? Option => _listing?.Content is { ShippingOptions.Count: > 0 } content ? content.ShippingOptions[_shippingIndex % content.ShippingOptions.Count] : null;

    private void ShowShipping()
    {
        var count = _listing?.Content?.ShippingOptions.Count ?? 0;
        _shipping.Text = Option is { } option
            ? $"{option.Name} {ListingText.Price(option.Price)}{(count > 1 ? $" (Enter: next of {count})" : string.Empty)}"
            : "none (nothing is shipped)";
    }

    private void ClearReview(string status)
    {
        _pending = null;
        _summary.Text = string.Empty;
        _confirm.Visible = false;
        _change.Visible = false;
        _status.Text = status;
    }

    private void Review()
    {
        if (_listing is not { Content: { } content } listing)
        {
            return;
        }

        var fiat = content.Price?.ValueCase == Price.ValueOneofCase.Fiat ? content.Price.Fiat : null;
        if (fiat is null && content.Price?.ValueCase != Price.ValueOneofCase.Sats)
        {
            ClearReview("This listing has no price.");
            return;
        }

        if (!int.TryParse(_quantity.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || quantity < 1)
        {
            ClearReview("Quantity: a whole number, at least 1.");
            _quantity.SetFocus();
            return;
        }

        if (quantity > content.Quantity)
        {
            ClearReview($"Quantity: only {content.Quantity} available.");
            _quantity.SetFocus();
            return;
        }

        var option = Option;
        var address = _address.Text.Trim();
        if (option is not null && address.Length == 0)
        {
            ClearReview("Ship to: the vendor needs an address to ship to.");
            _address.SetFocus();
            return;
        }

        if (fiat is not null)
        {
            ReviewFiat(listing, fiat, quantity, option, address);
            return;
        }

        var shipping = option?.Price?.ValueCase == Price.ValueOneofCase.Sats ? option.Price.Sats : 0;
        var goods = content.Price!.Sats * quantity;
        var total = goods + shipping;
        _pending = new PlaceOrderRequest
        {
            ListingId = listing.ListingId,
            Quantity = quantity,
            ShippingOption = option?.Name ?? string.Empty,
            ShippingAddress = option is null ? string.Empty : address,
        };
        _summary.Text = $"{quantity} x {Btc.Format(content.Price.Sats)} = {Btc.Format(goods)} BTC + shipping {Btc.Format(shipping)} BTC\n"
            + $"Total {Btc.Format(total)} BTC goes into the escrow now (plus the funding's mining fee);\n"
            + "the vendor is paid when you confirm receipt.";
        ShowConfirm();
    }

    /// <summary>Review of a fiat-priced listing: the fiat total and its satoshis at the typed rate, rounded up as the node does.</summary>
    private void ReviewFiat(Listing listing, FiatAmount unit, int quantity, ShippingOption? option, string address)
    {
        if (!FiatQuote.TryParseRate(_rate.Text, out var rate))
        {
            ClearReview($"Rate: a positive number of {unit.Currency} per BTC with a dot, e.g. 61234.50.");
            _rate.SetFocus();
            return;
        }

        if (!FiatQuote.TryParseAmount(unit.Amount, out var unitPrice))
        {
            ClearReview("The listing's price cannot be read.");
            return;
        }

        var shipping = 0m;
        if (option is not null && !(option.Price?.ValueCase == Price.ValueOneofCase.Fiat && FiatQuote.TryParseAmount(option.Price.Fiat.Amount, out shipping)))
        {
            ClearReview("The shipping option's price cannot be read.");
            return;
        }

        var goods = unitPrice * quantity;
        var total = goods + shipping;
        var sats = FiatQuote.Sats(total, rate);
        _pending = new PlaceOrderRequest
        {
            ListingId = listing.ListingId,
            Quantity = quantity,
            ShippingOption = option?.Name ?? string.Empty,
            ShippingAddress = option is null ? string.Empty : address,
            Rate = FiatQuote.Format(rate),
        };
        _summary.Text = $"{quantity} x {unit.Amount} = {FiatQuote.Format(goods)} {unit.Currency} + shipping {FiatQuote.Format(shipping)} = {FiatQuote.Format(total)} {unit.Currency}\n"
            + $"at {FiatQuote.Format(rate)} {unit.Currency}/BTC = {Btc.Format(sats)} BTC ({sats.ToString("N0", CultureInfo.InvariantCulture)} sats, rounded up)\n"
            + "goes into the escrow now (plus the mining fee); paid out on receipt.";
        ShowConfirm();
    }

    private void ShowConfirm()
    {
        _confirm.Visible = true;
        _change.Visible = true;
        _status.Text = "Confirm order pays the escrow from your wallet now.";
        _confirm.SetFocus();
    }

    private void Confirm()
    {
        if (_pending is not { } request)
        {
            return;
        }

        _confirm.Visible = false;
        _change.Visible = false;
        _status.Text = "Placing the order and funding the escrow…";
        _session.Call(
            async ct => (await _session.Api.Orders.PlaceOrderAsync(request, cancellationToken: ct)).Order,
            order =>
            {
                _pending = null;
                _status.Text = "Order placed.";
                _session.OrderFeed.Put(order);
                Ordered?.Invoke(order);
            },
            error =>
            {
                _pending = null;
                _summary.Text = string.Empty;
                _status.Text = error;
            },
            busy: "Placing the order");
    }
}
