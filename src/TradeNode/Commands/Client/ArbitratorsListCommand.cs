using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode arbitrators list</c>: every arbitrator profile the node knows.</summary>
internal sealed class ArbitratorsListCommand : ClientCommand
{
    public ArbitratorsListCommand()
        : base("list", "List the arbitrators this node knows: their node ids go into offers and listings (--arbitrator).", "tradenode arbitrators list")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Arbitrators.ListAsync(new ListArbitratorsRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            var table = new TextTable("NODE ID", "NAME", "FEE", "LANGUAGES", "UPDATED").AlignRight("FEE");
            foreach (var arbitrator in response.Arbitrators)
            {
                table.Add(arbitrator.NodeId, (arbitrator.IsMine ? "(me) " : string.Empty) + arbitrator.Name, Display.Bps(arbitrator.FeeBps), Display.List(arbitrator.Languages), Display.Time(arbitrator.UpdatedAt));
            }

            table.Write(context.Output, "No arbitrators known.");
        });
    }
}
