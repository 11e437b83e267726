using TradeNode.Chain.Tests;

namespace TradeNode.Tests.Chain;

/// <summary>The chain client contract against a real <c>tradenode chain</c> process over loopback HTTP.</summary>
[Collection(ChainProcessCollection.Name)]
public sealed class ProcessChainClientContractTests : ChainClientContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tradenode-chain-process-" + Guid.NewGuid().ToString("N"));
    private ChainProcess _chain = null!;

    public override async Task InitializeAsync()
    {
        _chain = await ChainProcess.StartAsync(_directory);
        Client = _chain.Client;
    }

    public override async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
