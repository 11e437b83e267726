using TradeNode.Tests.P2P;

namespace TradeNode.Tests.Api;

/// <summary>Tests that start <c>tradenode node</c> (and <c>tradenode chain</c>) processes under one temporary root; every started process is stopped after the test.</summary>
public abstract class ApiProcessTestBase(string name) : IAsyncLifetime
{
    protected string Root { get; } = Path.Combine(Path.GetTempPath(), $"tradenode-api-{name}-{Guid.NewGuid():N}");

    private protected List<ApiNodeProcess> Nodes { get; } = [];

    private protected List<ChainProcess> Chains { get; } = [];

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var chain in Chains)
        {
            await chain.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Starts a node in Root/<paramref name="name"/> with cheap test settings and the given extra arguments.</summary>
    private protected async Task<ApiNodeProcess> StartNodeAsync(string name, params string[] extraArgs)
    {
        var node = await ApiNodeProcess.StartAsync(Path.Combine(Root, name), extraArgs);
        Nodes.Add(node);
        return node;
    }

    /// <summary>Starts a shared <c>tradenode chain</c>; nodes join it with <see cref="RpcArgs"/>.</summary>
    private protected async Task<ChainProcess> StartChainAsync()
    {
        var chain = await ChainProcess.StartAsync(Path.Combine(Root, "chain"));
        Chains.Add(chain);
        return chain;
    }

    /// <summary>The arguments that make a node use <paramref name="chain"/> as its chain backend.</summary>
    private protected static string[] RpcArgs(ChainProcess chain) =>
        ["--chain", "rpc", "--rpc-url", chain.Address.ToString(), "--rpc-cookie", Path.Combine(chain.DataDirectory, ".cookie")];

    private protected static Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) => Eventually.TrueAsync(condition, what, timeout);
}
