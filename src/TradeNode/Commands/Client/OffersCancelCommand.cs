using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers cancel ID</c>: withdraws an own offer and releases its reserved funds.</summary>
internal sealed class OffersCancelCommand : ClientCommand
{
    private readonly Argument<string> _id = new("offer-id") { Description = "The id of one of this node's offers (from offers mine)." };

    public OffersCancelCommand()
        : base("cancel", "Withdraw one of this node's offers from the network and release the funds reserved for it.", "tradenode offers cancel 3f2a...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id)!.Trim();
        var response = await context.Connection.Offers.CancelAsync(new CancelOfferRequest { OfferId = id }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine($"Offer {id} cancelled."));
    }
}
