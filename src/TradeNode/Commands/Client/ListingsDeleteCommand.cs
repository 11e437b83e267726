using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings delete ID</c>: withdraws an own listing.</summary>
internal sealed class ListingsDeleteCommand : ClientCommand
{
    private readonly Argument<string> _id = new("listing-id") { Description = "The id of one of this node's listings." };

    public ListingsDeleteCommand()
        : base("delete", "Withdraw one of this node's listings from the network.", "tradenode listings delete 9c1e...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id)!.Trim();
        var response = await context.Connection.Listings.DeleteAsync(new DeleteListingRequest { ListingId = id }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine($"Listing {id} deleted."));
    }
}
