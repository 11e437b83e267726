using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode orders place LISTING_ID</c>: buys a listing and funds its escrow at once; the vendor may be offline.</summary>
internal sealed class OrdersPlaceCommand : ClientCommand
{
    private readonly Argument<string> _listing = new("listing-id") { Description = "The listing to buy (from listings search)." };

    private readonly Option<int> _quantity = new("--quantity")
    {
        Description = "Units to buy.",
        HelpName = "n",
        DefaultValueFactory = _ => 1,
        CustomParser = result => OptionParsers.ParseInt(result, "--quantity", 1, int.MaxValue),
    };

    private readonly Option<string> _shipping = new("--shipping") { Description = "One of the listing's shipping options, by name.", HelpName = "name" };

    private readonly Option<string> _address = new("--address") { Description = "Where to ship; only the vendor's node can read it.", HelpName = "text" };

    private readonly Option<string> _arbitrator = new("--arbitrator")
    {
        Description = "One of the listing's arbitrators, by node id (default: the first with a known profile).",
        HelpName = "node-id",
    };

    private readonly Option<string> _rate = new("--rate")
    {
        Description = "For a listing priced in fiat: the rate in fiat per BTC to pay at, e.g. 61234.50 (default: this node's reference price, see offers price).",
        HelpName = "fiat-per-btc",
        CustomParser = ClientParsers.ParseDecimal,
    };

    private readonly Option<string> _note = new("--note") { Description = "A note to the vendor.", HelpName = "text" };

    public OrdersPlaceCommand()
        : base(
            "place",
            "Buy a listing: writes and signs the contract and pays price x quantity + shipping into the 2-of-3 escrow from this node's wallet. "
                + "A listing priced in fiat is paid ceil(total x 100,000,000 / rate) sats.",
            "tradenode orders place 5d4c... --quantity 2 --shipping \"Standard post\" --address \"Jane Doe, 1 Main St, Springfield\"",
            "tradenode orders place 5d4c... --shipping Post --address \"Jane Doe, 1 Main St\" --rate 61234.50")
    {
        Arguments.Add(_listing);
        Options.Add(_quantity);
        Options.Add(_shipping);
        Options.Add(_address);
        Options.Add(_arbitrator);
        Options.Add(_rate);
        Options.Add(_note);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new PlaceOrderRequest
        {
            ListingId = parseResult.GetValue(_listing)!.Trim(),
            Quantity = parseResult.GetValue(_quantity),
            ShippingOption = parseResult.GetValue(_shipping) ?? string.Empty,
            ShippingAddress = parseResult.GetValue(_address) ?? string.Empty,
            ArbitratorNodeId = parseResult.GetValue(_arbitrator)?.Trim() ?? string.Empty,
            Note = parseResult.GetValue(_note) ?? string.Empty,
            Rate = parseResult.GetValue(_rate) ?? string.Empty,
        };
        var response = await context.Connection.Orders.PlaceOrderAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine("Order placed and escrow funded.");
            OrderDisplay.Write(context.Output, response.Order);
        });
    }
}
