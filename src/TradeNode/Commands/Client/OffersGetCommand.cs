using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers get ID</c>: one offer, every field.</summary>
internal sealed class OffersGetCommand : ClientCommand
{
    private readonly Argument<string> _id = new("offer-id") { Description = "The offer's id (from offers list)." };

    public OffersGetCommand()
        : base("get", "Show one offer with all its terms.", "tradenode offers get 3f2a...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var offer = await context.Connection.Offers.GetAsync(new GetOfferRequest { OfferId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(offer, () => OfferDisplay.Write(context.Output, offer));
    }
}
