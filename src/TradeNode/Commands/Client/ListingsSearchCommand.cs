using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings search</c>: listings matching words and tags.</summary>
internal sealed class ListingsSearchCommand : ClientCommand
{
    private readonly ListingQueryOptions _query;
    private readonly PageOptions _page;

    private readonly Option<ListingSort> _sort = new("--sort")
    {
        Description = "Order: relevance (default), newest, price-asc or price-desc.",
        HelpName = "order",
        CustomParser = ClientParsers.ParseListingSort,
    };

    public ListingsSearchCommand()
        : base("search", "Search the listings this node knows by words and tags; without any, list them all.", "tradenode listings search --text thinkpad", "tradenode listings search --tag laptop --condition used --sort price-asc --json")
    {
        _query = new ListingQueryOptions(this);
        Options.Add(_sort);
        _page = new PageOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new SearchListingsRequest
        {
            Query = _query.Read(parseResult),
            Sort = parseResult.GetValue(_sort),
            Page = _page.Read(parseResult),
        };
        var response = await context.Connection.Listings.SearchAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => ListingDisplay.WriteTable(context.Output, response));
    }
}
