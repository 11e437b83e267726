using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings create</c>: publishes a listing of goods for sale.</summary>
internal sealed class ListingsCreateCommand : ClientCommand
{
    private readonly ListingContentOptions _content;

    public ListingsCreateCommand()
        : base(
            "create",
            "Publish a listing of goods for sale, paid in bitcoin through 2-of-3 escrow. Needs a wallet (its escrow key goes into the listing).",
            "tradenode listings create --title \"Used ThinkPad X220\" --description \"8 GB, SSD\" --tag laptop --tag thinkpad --condition used --price 0.002btc --shipping Standard:DE,AT:5000 --arbitrator tn1...")
    {
        _content = new ListingContentOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var content = _content.Apply(parseResult, new ListingContent { Quantity = 1, Condition = ItemCondition.New });
        if (content.Title.Length == 0 || content.Price is null || content.ArbitratorNodeIds.Count == 0)
        {
            throw new UsageException("A listing needs --title, --price and at least one --arbitrator.");
        }

        var response = await context.Connection.Listings.CreateAsync(new CreateListingRequest { Content = content }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine("Listing published.");
            ListingDisplay.Write(context.Output, response.Listing);
        });
    }
}
