using System.Globalization;
using Grpc.Core;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// The form for a new listing or a new version of an own listing (Listings.Create / Listings.Update). One row per
/// field with its message to the right: the form's own checks (price and shipping notation, quantity, required
/// fields) and the node's INVALID_ARGUMENT sentences land next to the field they name; the node's whole sentence
/// also shows under the buttons, where there is room for it.
/// </summary>
public sealed class ListingForm : View
{
    private const int FieldX = 15;
    private const int FieldWidth = 30;
    private static readonly ItemCondition[] Conditions = [ItemCondition.New, ItemCondition.Used, ItemCondition.Refurbished, ItemCondition.Digital];

    private readonly TuiSession _session;
    private readonly Dictionary<string, Label> _messages = [];
    private readonly Label _heading;
    private readonly TextField _title;
    private readonly TextField _description;
    private readonly TextField _tags;
    private readonly Button _condition;
    private readonly TextField _price;
    private readonly TextField _quantity;
    private readonly TextField _shipping;
    private readonly TextField _arbitrator;
    private readonly TextField _terms;
    private readonly TextField _refund;
    private readonly Button _submit;
    private readonly Label _general;
    private int _conditionIndex;
    private int _row = 1;
    private string? _editing;

    public ListingForm(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = Dim.Fill();
        CanFocus = true;
        _heading = new Label { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
        _title = AddField("Title:", "title", new TextField { Width = FieldWidth });
        _description = AddField("Description:", "description", new TextField { Width = FieldWidth });
        _tags = AddField("Tags:", "tags", new TextField { Width = FieldWidth });
        _condition = AddField("Condition:", "condition", new Button { Text = "NEW", ShadowStyle = null });
        _condition.X = FieldX - 1;
        _condition.Accepting += (_, e) =>
        {
            _conditionIndex = (_conditionIndex + 1) % Conditions.Length;
            _condition.Text = ConditionName(Conditions[_conditionIndex]);
            e.Handled = true;
        };
        _price = AddField("Price:", "price", new TextField { Width = FieldWidth });
        _quantity = AddField("Quantity:", "quantity", new TextField { Width = 8, Text = "1" });
        _shipping = AddField("Shipping:", "shipping_options", new TextField { Width = FieldWidth });
        _arbitrator = AddField("Arbitrator id:", "arbitrator_node_ids", new TextField { Width = FieldWidth });
        _terms = AddField("Terms:", "terms", new TextField { Width = FieldWidth });
        _refund = AddField("Refunds:", "refund_policy", new TextField { Width = FieldWidth });
        _submit = new Button { Text = "Publish listing", X = 0, Y = _row + 1, ShadowStyle = null };
        var back = new Button { Text = "Back", X = Pos.Right(_submit) + 2, Y = _row + 1, ShadowStyle = null };
        _general = new Label { X = 0, Y = _row + 2, Width = Dim.Fill(), Height = Dim.Fill() };
        _submit.Accepting += (_, e) =>
        {
            Submit();
            e.Handled = true;
        };
        back.Accepting += (_, e) =>
        {
            Closed?.Invoke();
            e.Handled = true;
        };
        Add(_heading, _submit, back, _general);
    }

    /// <summary>Raised on the UI loop when the form is done (listing published or saved, or Back).</summary>
    public event Action? Closed;

    /// <summary>The message next to <paramref name="field"/> (its API name, e.g. <c>price</c>).</summary>
    public string MessageFor(string field) => _messages.TryGetValue(field, out var label) ? label.Text : string.Empty;

    /// <summary>The sentence under the buttons.</summary>
    public string GeneralMessage => _general.Text;

    /// <summary>An empty form for a new listing, with the first arbitrator the network knows suggested.</summary>
    public void PrepareNew()
    {
        _editing = null;
        _heading.Text = "New listing. Price: 0.0012 BTC or 45.00 EUR. Shipping: Std:DE,AT:5 EUR; ...";
        _submit.Text = "Publish listing";
        foreach (var field in new[] { _title, _description, _tags, _price, _shipping, _terms, _refund })
        {
            field.Text = string.Empty;
        }

        _quantity.Text = "1";
        _conditionIndex = 0;
        _condition.Text = ConditionName(Conditions[0]);
        ClearMessages();
        _title.SetFocus();
        if (_arbitrator.Text.Length == 0)
        {
            _session.Call(
                async ct => (await _session.Api.Arbitrators.ListAsync(new ListArbitratorsRequest(), cancellationToken: ct)).Arbitrators,
                arbitrators =>
                {
                    if (_arbitrator.Text.Length == 0 && arbitrators.FirstOrDefault(a => !a.IsMine) is { } arbitrator)
                    {
                        _arbitrator.Text = arbitrator.NodeId;
                    }
                },
                _ => { });
        }
    }

    /// <summary>The form filled with <paramref name="listing"/>'s content; saving publishes a new version of it.</summary>
    public void PrepareEdit(Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var content = listing.Content ?? new ListingContent();
        _editing = listing.ListingId;
        _heading.Text = $"Edit listing {listing.ListingId[..Math.Min(8, listing.ListingId.Length)]} (version {listing.Sequence}); Save publishes a new version.";
        _submit.Text = "Save listing";
        _title.Text = content.Title;
        _description.Text = content.Description;
        _tags.Text = string.Join(", ", content.Tags);
        _conditionIndex = Math.Max(0, Array.IndexOf(Conditions, content.Condition));
        _condition.Text = ConditionName(Conditions[_conditionIndex]);
        _price.Text = ListingInput.FormatPrice(content.Price);
        _quantity.Text = content.Quantity.ToString(CultureInfo.InvariantCulture);
        _shipping.Text = ListingInput.FormatShipping(content.ShippingOptions);
        _arbitrator.Text = string.Join(", ", content.ArbitratorNodeIds);
        _terms.Text = content.Terms;
        _refund.Text = content.RefundPolicy;
        ClearMessages();
        _title.SetFocus();
    }

    private T AddField<T>(string caption, string field, T input)
        where T : View
    {
        var label = new Label { Text = caption, X = 0, Y = _row };
        input.X = FieldX;
        input.Y = _row;
        var message = new Label { X = FieldX + FieldWidth + 1, Y = _row, Width = Dim.Fill() };
        _messages[field] = message;
        Add(label, input, message);
        _row++;
        return input;
    }

    private void Submit()
    {
        ClearMessages();
        var content = new ListingContent
        {
            Title = _title.Text.Trim(),
            Description = _description.Text.Trim(),
            Condition = Conditions[_conditionIndex],
            Terms = _terms.Text.Trim(),
            RefundPolicy = _refund.Text.Trim(),
        };
        content.Tags.AddRange(_tags.Text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()));
        content.ArbitratorNodeIds.AddRange(_arbitrator.Text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var valid = true;
        if (content.Title.Length == 0)
        {
            _messages["title"].Text = "Required.";
            valid = false;
        }

        if (ListingInput.TryParsePrice(_price.Text, out var price))
        {
            content.Price = price;
        }
        else
        {
            _messages["price"].Text = "e.g. 0.0012 BTC or 45.00 EUR";
            valid = false;
        }

        if (int.TryParse(_quantity.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) && quantity > 0)
        {
            content.Quantity = quantity;
        }
        else
        {
            _messages["quantity"].Text = "A whole number, at least 1.";
            valid = false;
        }

        if (!ListingInput.TryParseShipping(_shipping.Text, out var shipping, out var wrong))
        {
            _messages["shipping_options"].Text = $"Not Name:REGIONS:price: '{wrong}'";
            valid = false;
        }
        else if (shipping.Count == 0 && content.Condition != ItemCondition.Digital)
        {
            _messages["shipping_options"].Text = "At least one, e.g. Std:DE,AT:5 EUR";
            valid = false;
        }

        content.ShippingOptions.AddRange(shipping);
        if (content.ArbitratorNodeIds.Count == 0)
        {
            _messages["arbitrator_node_ids"].Text = "At least one arbitrator's node id.";
            valid = false;
        }

        if (!valid)
        {
            _general.Text = "Nothing was published: see the messages next to the fields.";
            return;
        }

        var editing = _editing;
        _general.Text = editing is null ? "Publishing…" : "Saving…";
        _session.Call(
            async ct =>
            {
                try
                {
                    var listing = editing is null
                        ? (await _session.Api.Listings.CreateAsync(new CreateListingRequest { Content = content }, cancellationToken: ct)).Listing
                        : (await _session.Api.Listings.UpdateAsync(new UpdateListingRequest { ListingId = editing, Content = content }, cancellationToken: ct)).Listing;
                    return (Listing: listing, Invalid: (string?)null);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
                {
                    return (Listing: (Listing?)null, Invalid: ex.Status.Detail);
                }
            },
            result =>
            {
                if (result.Listing is { } listing)
                {
                    _general.Text = string.Empty;
                    _session.ShowMessage($"Listing '{listing.Content?.Title}' {(editing is null ? "published" : "saved")}.");
                    Closed?.Invoke();
                }
                else
                {
                    ShowInvalid(result.Invalid ?? string.Empty);
                }
            },
            error => _general.Text = error,
            busy: editing is null ? "Publishing the listing" : "Saving the listing");
    }

    /// <summary>The node's sentence next to the field it names ("content.price.fiat.amount" is the price) and in full below.</summary>
    private void ShowInvalid(string sentence)
    {
        _general.Text = sentence;
        if (FieldErrors.FieldOf(sentence) is not { } field)
        {
            return;
        }

        var name = field.StartsWith("content.", StringComparison.Ordinal) ? field["content.".Length..] : field;
        name = name.Split('.')[0] switch
        {
            "shipping" => "shipping_options",
            "arbitrators" or "arbitrator" => "arbitrator_node_ids",
            var other => other,
        };
        if (_messages.TryGetValue(name, out var label))
        {
            label.Text = sentence;
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

    private static string ConditionName(ItemCondition condition) => condition switch
    {
        ItemCondition.New => "NEW",
        ItemCondition.Used => "USED",
        ItemCondition.Refurbished => "REFURBISHED",
        ItemCondition.Digital => "DIGITAL",
        _ => "?",
    };
}
