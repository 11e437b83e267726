using System.CommandLine;
using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers price EUR</c>: this node's reference price of a currency (the median of its live offers).</summary>
internal sealed class OffersPriceCommand : ClientCommand
{
    private readonly Argument<string> _currency = new("currency")
    {
        Description = "ISO 4217 currency code, e.g. EUR.",
        CustomParser = ClientParsers.ParseCurrency,
    };

    public OffersPriceCommand()
        : base(
            "price",
            "Show this node's reference price of a currency: the median fixed price of the live offers in it in the offer book (both directions). Orders on listings priced in that currency convert at it by default.",
            "tradenode offers price EUR")
    {
        Arguments.Add(_currency);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var currency = parseResult.GetValue(_currency)!;
        var price = await context.Connection.Offers.GetMarketPriceAsync(new GetMarketPriceRequest { Currency = currency }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(price, () => context.Output.WriteLine(price.HasPrice
            ? $"{price.Price} {price.Currency} per BTC (median of {price.OfferCount.ToString(CultureInfo.InvariantCulture)} live offer{(price.OfferCount == 1 ? string.Empty : "s")})"
            : $"No live {currency} offers in this node's book: no reference price."));
    }
}
