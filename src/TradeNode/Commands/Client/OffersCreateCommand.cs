using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers create</c>: publishes an offer to buy or sell bitcoin for fiat.</summary>
internal sealed class OffersCreateCommand : ClientCommand
{
    private readonly OfferContentOptions _content;

    public OffersCreateCommand()
        : base(
            "create",
            "Publish an offer to buy or sell bitcoin for fiat at a fixed price. A sell offer reserves its amount and deposit in the wallet.",
            "tradenode offers create --direction sell --amount 0.01btc --min-amount 500000 --price 62000.50 --currency EUR --payment-method SEPA --arbitrator tn1...")
    {
        _content = new OfferContentOptions(this, required: true);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = _content.Apply(parseResult, current: null);
        var response = await context.Connection.Offers.CreateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine("Offer published.");
            OfferDisplay.Write(context.Output, response.Offer);
        });
    }
}
