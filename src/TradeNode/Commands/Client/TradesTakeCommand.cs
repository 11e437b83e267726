using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades take OFFER_ID</c>: takes an offer; the maker's node answers automatically.</summary>
internal sealed class TradesTakeCommand : ClientCommand
{
    private readonly Argument<string> _offer = new("offer-id") { Description = "The offer to take (from offers list)." };

    private readonly Option<long> _amount = new("--amount")
    {
        Description = "Bitcoin to trade, within the offer's range: sats (1000000) or bitcoin (0.01btc).",
        HelpName = "amount",
        Required = true,
        CustomParser = ClientParsers.ParseSats,
    };

    private readonly Option<string> _arbitrator = new("--arbitrator")
    {
        Description = "One of the offer's arbitrators, by node id (see offers get).",
        HelpName = "node-id",
        Required = true,
    };

    private readonly Option<string> _paymentAccount = new("--payment-account")
    {
        Description = "This node's payment account details shown to the maker (where the fiat comes from or goes to).",
        HelpName = "text",
        Required = true,
    };

    public TradesTakeCommand()
        : base(
            "take",
            "Take an offer: reserves this node's share of the escrow and sends the request to the maker, who accepts or refuses automatically.",
            "tradenode trades take 3f2a... --amount 0.005btc --arbitrator tn1... --payment-account \"IBAN DE89 3704 0044 0532 0130 00\"")
    {
        Arguments.Add(_offer);
        Options.Add(_amount);
        Options.Add(_arbitrator);
        Options.Add(_paymentAccount);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new TakeOfferRequest
        {
            OfferId = parseResult.GetValue(_offer)!.Trim(),
            AmountSats = parseResult.GetValue(_amount),
            ArbitratorNodeId = parseResult.GetValue(_arbitrator)!.Trim(),
            PaymentAccount = parseResult.GetValue(_paymentAccount)!,
        };
        var response = await context.Connection.Trades.TakeOfferAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine("Take request sent.");
            TradeDisplay.Write(context.Output, response.Trade);
        });
    }
}
