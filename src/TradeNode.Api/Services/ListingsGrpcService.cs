using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Node;
using Listing = TradeNode.Api.V1.Listing;
using ListingChange = TradeNode.Api.V1.ListingChange;
using ListingSort = TradeNode.Api.V1.ListingSort;

namespace TradeNode.Api.Services;

/// <summary>The Listings service over the runtime's <see cref="ListingService"/>; Create and Update add the wallet's escrow xpub.</summary>
public sealed class ListingsGrpcService(NodeRuntime runtime, ApiShutdown shutdown) : V1.Listings.ListingsBase
{
    private const int SnapshotPageSize = 500;

    public override async Task<CreateListingResponse> Create(CreateListingRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var listing = await runtime.Listings.CreateAsync(ListingMapping.ToDraft(request.Content, EscrowXpub()), context.CancellationToken).ConfigureAwait(false);
        return new CreateListingResponse { Listing = ToApi(listing) };
    }

    public override async Task<UpdateListingResponse> Update(UpdateListingRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var draft = ListingMapping.ToDraft(request.Content, EscrowXpub());
        var listing = await runtime.Listings.UpdateAsync(request.ListingId, draft, context.CancellationToken).ConfigureAwait(false);
        return new UpdateListingResponse { Listing = ToApi(listing) };
    }

    public override async Task<DeleteListingResponse> Delete(DeleteListingRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await runtime.Listings.DeleteAsync(request.ListingId, context.CancellationToken).ConfigureAwait(false);
        return new DeleteListingResponse();
    }

    public override Task<Listing> Get(GetListingRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ToApi(runtime.Listings.Get(request.ListingId)));
    }

    public override Task<SearchListingsResponse> Search(SearchListingsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = runtime.Listings.Search(ListingMapping.ToQuery(request.Query, request.Sort, request.Page));
        var names = NodeNames.Read(runtime.P2P);
        var response = new SearchListingsResponse { Page = CommonMapping.ToPageInfo(page) };
        response.Listings.AddRange(page.Items.Select(l => ToApi(l, names)));
        return Task.FromResult(response);
    }

    public override Task<SearchListingsResponse> ListMine(ListMyListingsRequest request, ServerCallContext context)
    {
        var mine = runtime.Listings.ListMine();
        var names = NodeNames.Read(runtime.P2P);
        var response = new SearchListingsResponse { Page = new PageInfo { TotalCount = mine.Count } };
        response.Listings.AddRange(mine.Select(l => ToApi(l, names)));
        return Task.FromResult(response);
    }

    /// <summary>Subscribes first, then sends the matching listings as ADDED, then every change (see Offers.Watch).</summary>
    public override async Task Watch(WatchListingsRequest request, IServerStreamWriter<ListingChange> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var query = ListingMapping.ToQuery(request.Query, ListingSort.Newest, null);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        var changes = runtime.Listings.WatchAsync(query, ending.Token).GetAsyncEnumerator(ending.Token);
        try
        {
            var next = changes.MoveNextAsync();
            var names = NodeNames.Read(runtime.P2P);
            string? token = null;
            do
            {
                var page = runtime.Listings.Search(query with { PageSize = SnapshotPageSize, PageToken = token });
                foreach (var listing in page.Items)
                {
                    await responseStream.WriteAsync(new ListingChange { Kind = ChangeKind.Added, Listing = ToApi(listing, names) }, ending.Token).ConfigureAwait(false);
                }

                token = page.NextPageToken;
            }
            while (token is not null);

            while (await next.ConfigureAwait(false))
            {
                var change = changes.Current;
                await responseStream.WriteAsync(new ListingChange { Kind = CommonMapping.ToChangeKind(change.Kind), Listing = ToApi(change.Listing) }, ending.Token).ConfigureAwait(false);
                next = changes.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (shutdown.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The node is stopping: the stream ends with OK.
        }
        finally
        {
            await changes.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The wallet's escrow account xpub; a listing without one could not be bought through escrow.</summary>
    private string EscrowXpub() => runtime.Wallet.Exists
        ? runtime.Wallet.EscrowAccountKey.ToString(runtime.Network)
        : throw new PreconditionFailedException("A listing needs the wallet's escrow key: create or restore the wallet first.");

    private Listing ToApi(Core.Market.Listings.Listing listing) => ToApi(listing, NodeNames.Read(runtime.P2P));

    private Listing ToApi(Core.Market.Listings.Listing listing, NodeNames names)
    {
        var result = ListingMapping.ToListing(listing, runtime.P2P.Identity.Id, names);
        result.VendorRating = RatingMapping.ToSummary(runtime.Ratings.CachedSummary(listing.VendorKey));
        return result;
    }
}
