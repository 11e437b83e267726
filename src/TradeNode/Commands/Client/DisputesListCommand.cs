using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes list</c>: this node's disputes, as a trader and as the arbitrator.</summary>
internal sealed class DisputesListCommand : ClientCommand
{
    private readonly Option<bool> _open = new("--open") { Description = "Only disputes not resolved or refused." };

    public DisputesListCommand()
        : base("list", "List this node's disputes (as a trader and as the arbitrator), newest first.", "tradenode disputes list --open")
    {
        Options.Add(_open);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new ListDisputesRequest();
        if (parseResult.GetValue(_open))
        {
            request.Open = true;
        }

        var response = await context.Connection.Disputes.ListAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => DisputeDisplay.Write(context.Output, response));
    }
}
