using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers watch</c>: the matching offers now, then every change.</summary>
internal sealed class OffersWatchCommand : ClientCommand
{
    private readonly OfferFilterOptions _filter;
    private readonly WatchOptions _watch;

    public OffersWatchCommand()
        : base("watch", "Print the offers matching the filters as they are now, then every offer added, updated or removed, until Ctrl+C.", "tradenode offers watch --currency EUR", "tradenode offers watch --json --count 10")
    {
        _filter = new OfferFilterOptions(this);
        _watch = new WatchOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new WatchOffersRequest { Filter = _filter.Read(parseResult) };
        using var call = context.Connection.Offers.Watch(request, cancellationToken: cancellationToken);
        return await _watch.RunAsync(parseResult, call.ResponseStream.ReadAllAsync(cancellationToken), change =>
        {
            if (context.Json)
            {
                context.WriteJson(change);
                return;
            }

            var offer = change.Offer ?? new Offer();
            context.Output.WriteLine(
                $"{Display.Change(change.Kind),-7}  {offer.OfferId}  {Display.Direction(offer.Direction)}  {Display.Fiat(offer.Price)}  "
                + $"{Display.Btc(offer.AmountSats)} BTC  {offer.PaymentMethodId}  {Display.OrDash(offer.MakerNodeId)}");
            context.Output.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
