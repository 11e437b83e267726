using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Tests;

/// <summary>The contract through <see cref="EmbeddedChainClient"/>, in process.</summary>
public sealed class EmbeddedChainClientContractTests : ChainClientContract
{
    private RegtestChain _chain = null!;

    public override Task InitializeAsync()
    {
        _chain = RegtestChain.CreateInMemory();
        Client = new EmbeddedChainClient(_chain);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _chain.Dispose();
        return Task.CompletedTask;
    }
}
