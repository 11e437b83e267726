using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode node stop</c>: asks the node to stop gracefully (streams closed, data flushed).</summary>
internal sealed class NodeStopCommand : ClientCommand
{
    public NodeStopCommand()
        : base("stop", "Stop the running node gracefully: its streams are closed and its data flushed.", "tradenode node stop --datadir ~/.tradenode/alice")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Node.StopAsync(new StopRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine($"The node at {context.Connection.Endpoint} is stopping."));
    }
}
