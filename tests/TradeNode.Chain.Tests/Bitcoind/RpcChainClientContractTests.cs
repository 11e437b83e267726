namespace TradeNode.Chain.Tests.Bitcoind;

/// <summary>The contract through <see cref="Chain.Bitcoind.BitcoindRpcClient"/> and the chain's JSON-RPC server over loopback HTTP.</summary>
public sealed class RpcChainClientContractTests : ChainClientContract
{
    private RpcFixture _rpc = null!;

    public override async Task InitializeAsync()
    {
        _rpc = await RpcFixture.StartAsync();
        Client = _rpc.Client;
    }

    public override async Task DisposeAsync() => await _rpc.DisposeAsync();
}
