namespace TradeNode.Tests.P2P;

/// <summary>Tests that start <c>tradenode node</c> processes under one temporary root; every started node is stopped after the test.</summary>
public abstract class NodeProcessTestBase(string name) : IAsyncLifetime
{
    protected string Root { get; } = Path.Combine(Path.GetTempPath(), $"tradenode-{name}-{Guid.NewGuid():N}");

    /// <summary>Nodes to dispose after the test.</summary>
    private protected List<NodeProcess> Nodes { get; } = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}
