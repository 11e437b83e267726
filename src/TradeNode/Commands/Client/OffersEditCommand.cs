using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers edit ID</c>: publishes a new version of an own open offer under the same id.</summary>
internal sealed class OffersEditCommand : ClientCommand
{
    private readonly Argument<string> _id = new("offer-id") { Description = "The id of one of this node's open offers (from offers mine)." };
    private readonly OfferContentOptions _content;

    public OffersEditCommand()
        : base(
            "edit",
            "Edit one of this node's open offers: the options given (as for offers create) replace those fields, the rest stays. The wallet hold follows the new amount; an offer being taken cannot be edited.",
            "tradenode offers edit 9c1e... --price 63000 --amount 0.02btc")
    {
        Arguments.Add(_id);
        _content = new OfferContentOptions(this, required: false);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (!_content.AnyGiven(parseResult))
        {
            throw new UsageException("Nothing to edit: give the fields to change, e.g. --price or --amount.");
        }

        var id = parseResult.GetValue(_id)!.Trim();
        var offers = context.Connection.Offers;
        var current = await offers.GetAsync(new GetOfferRequest { OfferId = id }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var request = new UpdateOfferRequest { OfferId = id, Offer = _content.Apply(parseResult, current) };
        var response = await offers.UpdateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine("Offer updated.");
            OfferDisplay.Write(context.Output, response.Offer);
        });
    }
}
