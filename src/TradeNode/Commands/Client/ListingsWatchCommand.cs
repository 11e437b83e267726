using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings watch</c>: the matching listings now, then every change.</summary>
internal sealed class ListingsWatchCommand : ClientCommand
{
    private readonly ListingQueryOptions _query;
    private readonly WatchOptions _watch;

    public ListingsWatchCommand()
        : base("watch", "Print the listings matching the query as they are now, then every listing added, updated or removed, until Ctrl+C.", "tradenode listings watch --tag laptop", "tradenode listings watch --json --count 5")
    {
        _query = new ListingQueryOptions(this);
        _watch = new WatchOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new WatchListingsRequest { Query = _query.Read(parseResult) };
        using var call = context.Connection.Listings.Watch(request, cancellationToken: cancellationToken);
        return await _watch.RunAsync(parseResult, call.ResponseStream.ReadAllAsync(cancellationToken), change =>
        {
            if (context.Json)
            {
                context.WriteJson(change);
                return;
            }

            var listing = change.Listing ?? new Listing();
            var content = listing.Content ?? new ListingContent();
            context.Output.WriteLine($"{Display.Change(change.Kind),-7}  {listing.ListingId}  {content.Title}  {Display.Price(content.Price)}  {Display.OrDash(listing.VendorNodeId)}");
            context.Output.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
