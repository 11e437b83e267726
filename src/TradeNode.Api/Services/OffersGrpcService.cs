using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Node;
using MarketPrice = TradeNode.Api.V1.MarketPrice;
using Offer = TradeNode.Api.V1.Offer;
using OfferChange = TradeNode.Api.V1.OfferChange;
using OfferQuery = TradeNode.Core.Market.Offers.OfferQuery;
using OfferSort = TradeNode.Api.V1.OfferSort;

namespace TradeNode.Api.Services;

/// <summary>The Offers service over the runtime's <see cref="OfferService"/> (which reserves the maker's funds in the wallet).</summary>
public sealed class OffersGrpcService(NodeRuntime runtime, ApiShutdown shutdown) : V1.Offers.OffersBase
{
    private const int SnapshotPageSize = 500;

    /// <summary>Creates the offer, then records its payment account (checked first, so bad input changes nothing).</summary>
    public override async Task<CreateOfferResponse> Create(CreateOfferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var draft = OfferMapping.ToDraft(request);
        Core.Trades.Currency.TradeService.CheckPaymentAccount(request.PaymentAccount);
        var offer = await runtime.Offers.CreateAsync(draft, context.CancellationToken).ConfigureAwait(false);
        if (request.PaymentAccount.Length > 0)
        {
            runtime.Trades.SetOfferPaymentAccount(offer.Id, request.PaymentAccount);
        }

        return new CreateOfferResponse { Offer = ToApi(offer) };
    }

    /// <summary>Edits the own offer with the Create mapping, then records a new payment account when one is given.</summary>
    public override async Task<UpdateOfferResponse> Update(UpdateOfferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var content = request.Offer ?? throw new Core.Errors.InvalidInputException("offer", "The field offer must hold the offer's new content.");
        var draft = OfferMapping.ToDraft(content);
        Core.Trades.Currency.TradeService.CheckPaymentAccount(content.PaymentAccount);
        var offer = await runtime.Offers.UpdateAsync(request.OfferId, draft, context.CancellationToken).ConfigureAwait(false);
        if (content.PaymentAccount.Length > 0)
        {
            runtime.Trades.SetOfferPaymentAccount(offer.Id, content.PaymentAccount);
        }

        return new UpdateOfferResponse { Offer = ToApi(offer) };
    }

    public override async Task<Offer> Get(GetOfferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return ToApi(await runtime.Offers.GetAsync(request.OfferId, context.CancellationToken).ConfigureAwait(false));
    }

    public override Task<ListOffersResponse> List(ListOffersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = runtime.Offers.List(OfferMapping.ToQuery(request.Filter, request.Sort, request.Page));
        var names = NodeNames.Read(runtime.P2P);
        var response = new ListOffersResponse { Page = CommonMapping.ToPageInfo(page) };
        response.Offers.AddRange(page.Items.Select(o => ToApi(o, names)));
        return Task.FromResult(response);
    }

    public override Task<ListOffersResponse> ListMine(ListMyOffersRequest request, ServerCallContext context)
    {
        var mine = runtime.Offers.ListMine();
        var names = NodeNames.Read(runtime.P2P);
        var response = new ListOffersResponse { Page = new PageInfo { TotalCount = mine.Count } };
        response.Offers.AddRange(mine.Select(o => ToApi(o, names)));
        return Task.FromResult(response);
    }

    public override async Task<CancelOfferResponse> Cancel(CancelOfferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await runtime.Offers.CancelAsync(request.OfferId, context.CancellationToken).ConfigureAwait(false);
        return new CancelOfferResponse();
    }

    /// <summary>
    /// Subscribes first, then sends the matching offers as ADDED, then every change: an offer that arrives in between
    /// may come twice as ADDED, but none is missed.
    /// </summary>
    public override async Task Watch(WatchOffersRequest request, IServerStreamWriter<OfferChange> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var query = OfferMapping.ToQuery(request.Filter, OfferSort.Newest, null);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        var changes = runtime.Offers.WatchAsync(query, ending.Token).GetAsyncEnumerator(ending.Token);
        try
        {
            var next = changes.MoveNextAsync();
            var names = NodeNames.Read(runtime.P2P);
            foreach (var offer in Snapshot(query))
            {
                await responseStream.WriteAsync(new OfferChange { Kind = ChangeKind.Added, Offer = ToApi(offer, names) }, ending.Token).ConfigureAwait(false);
            }

            while (await next.ConfigureAwait(false))
            {
                var change = changes.Current;
                await responseStream.WriteAsync(new OfferChange { Kind = CommonMapping.ToChangeKind(change.Kind), Offer = ToApi(change.Offer) }, ending.Token).ConfigureAwait(false);
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

    public override Task<ListPaymentMethodsResponse> ListPaymentMethods(ListPaymentMethodsRequest request, ServerCallContext context)
    {
        var response = new ListPaymentMethodsResponse();
        response.PaymentMethods.AddRange(PaymentMethods.All.Select(OfferMapping.ToPaymentMethod));
        return Task.FromResult(response);
    }

    public override Task<MarketPrice> GetMarketPrice(GetMarketPriceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var currency = request.Currency.Trim().ToUpperInvariant();
        var price = runtime.Offers.GetReferencePrice(currency);
        return Task.FromResult(price is null
            ? new MarketPrice { Currency = currency }
            : new MarketPrice { Currency = currency, HasPrice = true, Price = Currencies.Format(price.Price), OfferCount = price.OfferCount });
    }

    private IEnumerable<Core.Market.Offers.Offer> Snapshot(OfferQuery query)
    {
        string? token = null;
        do
        {
            var page = runtime.Offers.List(query with { PageSize = SnapshotPageSize, PageToken = token });
            foreach (var offer in page.Items)
            {
                yield return offer;
            }

            token = page.NextPageToken;
        }
        while (token is not null);
    }

    private Offer ToApi(Core.Market.Offers.Offer offer) => ToApi(offer, NodeNames.Read(runtime.P2P));

    private Offer ToApi(Core.Market.Offers.Offer offer, NodeNames names) => OfferMapping.ToOffer(offer, runtime.P2P.Identity.Id, names);
}
