using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings update ID</c>: publishes a new version of an own listing.</summary>
internal sealed class ListingsUpdateCommand : ClientCommand
{
    private readonly Argument<string> _id = new("listing-id") { Description = "The id of one of this node's listings (from listings mine)." };
    private readonly ListingContentOptions _content;

    public ListingsUpdateCommand()
        : base(
            "update",
            "Publish a new version of one of this node's listings: the options given replace those fields, the rest stays.",
            "tradenode listings update 9c1e... --price 0.0018btc --quantity 2")
    {
        Arguments.Add(_id);
        _content = new ListingContentOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (!_content.AnyGiven(parseResult))
        {
            throw new UsageException("Nothing to update: give the fields to change, e.g. --price or --quantity.");
        }

        var id = parseResult.GetValue(_id)!.Trim();
        var listings = context.Connection.Listings;
        var current = await listings.GetAsync(new GetListingRequest { ListingId = id }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var content = _content.Apply(parseResult, current.Content ?? new ListingContent());
        var response = await listings.UpdateAsync(new UpdateListingRequest { ListingId = id, Content = content }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine("Listing updated.");
            ListingDisplay.Write(context.Output, response.Listing);
        });
    }
}
