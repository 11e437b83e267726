using System.Text;
using TradeNode.Chain.Tests;

namespace TradeNode.Tests.Chain;

[Collection(ChainProcessCollection.Name)]
public sealed class ChainCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tradenode-chain-command-" + Guid.NewGuid().ToString("N"));
    private readonly TestWallet _wallet = new();

    [Fact]
    public async Task A_restarted_chain_process_keeps_its_blocks_and_mempoolAsync()
    {
        Transaction pending;
        UInt256 tip;
        await using (var chain = await ChainProcess.StartAsync(_directory))
        {
            await chain.Client.GenerateToScriptAsync(101, _wallet.MinerScript);
            var coinbase = (await chain.Client.GetBlockAsync(1))!.Block.Transactions[0];
            pending = _wallet.SpendCoinbase(new OutPoint(coinbase.GetHash(), 0), TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
            Assert.True((await chain.Client.BroadcastAsync(pending)).Accepted);
            tip = (await chain.Client.GetTipAsync()).Hash;
            Assert.Equal(0, await chain.StopAsync());
        }

        await using var restarted = await ChainProcess.StartAsync(_directory);

        Assert.Equal(tip, (await restarted.Client.GetTipAsync()).Hash);
        Assert.Equal([pending.GetHash()], await restarted.Client.GetMempoolTxidsAsync());
    }

    [Fact]
    public async Task Batch_requests_and_malformed_bodies_are_answered_by_the_processAsync()
    {
        await using var chain = await ChainProcess.StartAsync(_directory);
        using var http = new HttpClient();
        var cookie = await File.ReadAllTextAsync(Path.Combine(_directory, ".cookie"));
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(cookie)));

        using var batch = await http.PostAsync(chain.Address, new StringContent("""[{"method":"getblockcount","id":1},{"method":"getblockhash","params":[0],"id":2}]"""));
        using var malformed = await http.PostAsync(chain.Address, new StringContent("{not json"));
        var batchText = await batch.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)batch.StatusCode);
        Assert.Equal("""[{"result":0,"error":null,"id":1},{"result":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206","error":null,"id":2}]""", batchText.Trim());
        Assert.Equal(500, (int)malformed.StatusCode);
        Assert.Contains("-32700", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(chain.HasExited);
    }

    [Theory]
    [InlineData("--rpcuser", "alice")]
    [InlineData("--rpcport", "70000")]
    [InlineData("--automine", "soon")]
    [InlineData("--automine-address", "bc1qnotregtest")]
    public async Task Bad_chain_options_exit_2_with_one_sentenceAsync(string option, string value)
    {
        var result = await TradeNodeProcess.RunAsync(["chain", "--datadir", _directory, "--rpcport", "0", option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
