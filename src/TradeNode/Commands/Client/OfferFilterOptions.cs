using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>The offer book filters of <c>offers list</c> and <c>offers watch</c>.</summary>
internal sealed class OfferFilterOptions
{
    private readonly Option<OfferDirection> _direction = new("--direction")
    {
        Description = "Only offers whose maker buys or sells bitcoin.",
        HelpName = "buy|sell",
        CustomParser = ClientParsers.ParseDirection,
    };

    private readonly Option<string> _currency = new("--currency")
    {
        Description = "Only offers priced in this currency (ISO 4217).",
        HelpName = "code",
        CustomParser = ClientParsers.ParseCurrency,
    };

    private readonly Option<string> _paymentMethod = new("--payment-method")
    {
        Description = "Only offers with this payment method id (see offers payment-methods).",
        HelpName = "id",
    };

    private readonly Option<long> _minAmount = new("--min-amount")
    {
        Description = "Only offers that can trade at least this much (sats, or 0.01btc).",
        HelpName = "amount",
        CustomParser = ClientParsers.ParseSats,
    };

    private readonly Option<long> _maxAmount = new("--max-amount")
    {
        Description = "Only offers that can trade at most this much (sats, or 0.01btc).",
        HelpName = "amount",
        CustomParser = ClientParsers.ParseSats,
    };

    private readonly Option<string> _maker = new("--maker")
    {
        Description = "Only this maker's offers (node id tn1...).",
        HelpName = "node-id",
    };

    public OfferFilterOptions(Command command)
    {
        command.Options.Add(_direction);
        command.Options.Add(_currency);
        command.Options.Add(_paymentMethod);
        command.Options.Add(_minAmount);
        command.Options.Add(_maxAmount);
        command.Options.Add(_maker);
    }

    public OfferFilter Read(ParseResult parseResult) => new()
    {
        Direction = parseResult.GetValue(_direction),
        Currency = parseResult.GetValue(_currency) ?? string.Empty,
        PaymentMethodId = parseResult.GetValue(_paymentMethod) ?? string.Empty,
        MinAmountSats = parseResult.GetValue(_minAmount),
        MaxAmountSats = parseResult.GetValue(_maxAmount),
        MakerNodeId = parseResult.GetValue(_maker) ?? string.Empty,
    };
}
