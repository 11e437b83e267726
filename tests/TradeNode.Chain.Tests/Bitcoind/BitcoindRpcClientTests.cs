using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Polly.CircuitBreaker;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Chain.Bitcoind;
using TradeNode.Chain.Regtest;
using TradeNode.Chain.Rpc;

namespace TradeNode.Chain.Tests.Bitcoind;

public class BitcoindRpcClientTests
{
    private readonly TestWallet _wallet = new();

    [Fact]
    public async Task Client_mines_spends_and_reads_back_through_the_chain_serverAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();
        IChainClient client = rpc.Client;

        var hashes = await client.GenerateToScriptAsync(101, _wallet.MinerScript);
        var coinbase = (await client.GetBlockAsync(1))!.Block.Transactions[0];
        var receiver = new Key();
        var tx = _wallet.SpendCoinbase(new OutPoint(coinbase.GetHash(), 0), TestWallet.P2wpkh(receiver), Money.Satoshis(1_410));
        var accepted = await client.TestMempoolAcceptAsync([tx]);
        var broadcast = await client.BroadcastAsync(tx);
        var entry = await client.GetMempoolEntryAsync(tx.GetHash());
        var pending = await client.GetTxOutAsync(new OutPoint(tx.GetHash(), 0));
        var mined = (await client.GenerateToScriptAsync(1, _wallet.MinerScript))[0];
        var confirmed = await client.GetTransactionAsync(tx.GetHash());
        var header = await client.GetBlockHeaderAsync(mined);
        var tip = await client.GetTipAsync();

        Assert.Equal(101, hashes.Count);
        Assert.True(accepted[0].Allowed);
        Assert.Equal(Money.Satoshis(1_410), accepted[0].Fee);
        Assert.True(broadcast.Accepted);
        Assert.Equal(Money.Satoshis(1_410), entry!.Fee);
        Assert.Equal(tx.GetVirtualSize(), entry.VirtualSize);
        Assert.Equal(0, pending!.Confirmations);
        Assert.Equal(mined, confirmed!.BlockHash);
        Assert.Equal(102, confirmed.BlockHeight);
        Assert.Equal(1, confirmed.Confirmations);
        Assert.Equal(102, header!.Height);
        Assert.Equal(2, header.TransactionCount);
        Assert.Equal(new TipSnapshot(102, mined), new TipSnapshot(tip.Height, tip.Hash));
        Assert.Empty(await client.GetMempoolTxidsAsync());
        Assert.Null(await client.GetBlockAsync(500));
        Assert.Null(await client.GetTransactionAsync(UInt256.One));
    }

    [Fact]
    public async Task Rejections_come_back_with_Core_reasons_and_codesAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();
        await rpc.Client.GenerateToScriptAsync(101, _wallet.MinerScript);
        var coinbase = (await rpc.Client.GetBlockAsync(1))!.Block.Transactions[0];
        var coin = new OutPoint(coinbase.GetHash(), 0);
        var first = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000), sequence: TxIn.SequenceFinal);
        var second = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(2_000), sequence: TxIn.SequenceFinal);
        var missing = _wallet.SpendCoinbase(new OutPoint(UInt256.One, 0), TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));

        await rpc.Client.BroadcastAsync(first);
        var again = await rpc.Client.BroadcastAsync(first);
        var conflict = await rpc.Client.BroadcastAsync(second);
        var noInputs = await rpc.Client.BroadcastAsync(missing);
        var tested = await rpc.Client.TestMempoolAcceptAsync([second]);

        Assert.True(again.Accepted);
        Assert.Equal(new BroadcastResult(second.GetHash(), false, "txn-mempool-conflict", RpcErrorCode.VerifyRejected), conflict);
        Assert.Equal(new BroadcastResult(missing.GetHash(), false, "bad-txns-inputs-missingorspent", RpcErrorCode.VerifyError), noInputs);
        Assert.Equal("txn-mempool-conflict", tested[0].RejectReason);
    }

    [Fact]
    public async Task Reorg_through_invalidateblock_and_reconsiderblockAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();
        var hashes = await rpc.Client.GenerateToScriptAsync(5, _wallet.MinerScript);

        await rpc.Client.InvalidateBlockAsync(hashes[2]);
        var afterInvalidate = await rpc.Client.GetTipAsync();
        var orphan = await rpc.Client.GetBlockHeaderAsync(hashes[4]);
        await rpc.Client.ReconsiderBlockAsync(hashes[2]);
        var afterReconsider = await rpc.Client.GetTipAsync();

        Assert.Equal(hashes[1], afterInvalidate.Hash);
        Assert.Equal(-1, orphan!.Confirmations);
        Assert.Equal(hashes[4], afterReconsider.Hash);
        var unknown = await Assert.ThrowsAsync<JsonRpcException>(() => rpc.Client.InvalidateBlockAsync(UInt256.One));
        Assert.Equal(RpcErrorCode.InvalidAddressOrKey, unknown.Code);
    }

    [Fact]
    public async Task Raw_rpc_results_use_Core_field_namesAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();
        var address = _wallet.MinerKey.PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest).ToString();
        var hash = (await rpc.Client.CallAsync("generatetoaddress", [1, address], idempotent: false))![0]!.GetValue<string>();

        var block = await rpc.Client.CallAsync("getblock", [hash, 2]);
        var info = await rpc.Client.CallAsync("getblockchaininfo", []);
        var fee = await rpc.Client.CallAsync("estimatesmartfee", [6]);
        var badAddress = await Assert.ThrowsAsync<JsonRpcException>(() => rpc.Client.CallAsync("generatetoaddress", [1, "bc1qnotanaddress"], idempotent: false));

        var coinbaseOut = block!["tx"]![0]!["vout"]![0]!;
        Assert.Equal("50.00000000", coinbaseOut["value"]!.ToJsonString());
        Assert.Equal(address, coinbaseOut["scriptPubKey"]!["address"]!.GetValue<string>());
        Assert.Equal("witness_v0_keyhash", coinbaseOut["scriptPubKey"]!["type"]!.GetValue<string>());
        Assert.StartsWith($"addr({address})#", coinbaseOut["scriptPubKey"]!["desc"]!.GetValue<string>());
        Assert.Equal(1, block["height"]!.GetValue<int>());
        Assert.Equal("207fffff", block["bits"]!.GetValue<string>());
        Assert.Equal("regtest", info!["chain"]!.GetValue<string>());
        Assert.Equal("0.00001000", fee!["feerate"]!.ToJsonString());
        Assert.Equal(RpcErrorCode.InvalidAddressOrKey, badAddress.Code);
    }

    [Fact]
    public async Task Raw_transaction_mempool_and_generateblock_calls_answer_as_CoreAsync()
    {
        await using var rpc = await RpcFixture.StartAsync();
        var address = _wallet.MinerKey.PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest).ToString();
        await rpc.Client.GenerateToScriptAsync(101, _wallet.MinerScript);
        var coinbase = (await rpc.Client.GetBlockAsync(1))!.Block.Transactions[0];
        var tx = _wallet.SpendCoinbase(new OutPoint(coinbase.GetHash(), 0), TestWallet.P2wpkh(new Key()), Money.Satoshis(2_000));
        await rpc.Client.BroadcastAsync(tx);

        var decoded = await rpc.Client.CallAsync("decoderawtransaction", [tx.ToHex()]);
        var verboseMempool = await rpc.Client.CallAsync("getrawmempool", [true]);
        var verboseTx = await rpc.Client.CallAsync("getrawtransaction", [tx.GetHash().ToString(), true]);
        var generated = await rpc.Client.CallAsync("generateblock", [address, new System.Text.Json.Nodes.JsonArray(tx.GetHash().ToString())], idempotent: false);
        var uptime = await rpc.Client.CallAsync("uptime", []);
        var network = await rpc.Client.CallAsync("getnetworkinfo", []);
        var badDecode = await Assert.ThrowsAsync<JsonRpcException>(() => rpc.Client.CallAsync("decoderawtransaction", ["00"]));
        var notInMempool = await Assert.ThrowsAsync<JsonRpcException>(() => rpc.Client.CallAsync("generateblock", [address, new System.Text.Json.Nodes.JsonArray(UInt256.One.ToString())], idempotent: false));

        Assert.Equal(tx.GetHash().ToString(), decoded!["txid"]!.GetValue<string>());
        Assert.Equal(tx.GetWitHash().ToString(), decoded["hash"]!.GetValue<string>());
        Assert.Equal(tx.GetVirtualSize(), decoded["vsize"]!.GetValue<int>());
        Assert.Equal(2, decoded["vin"]![0]!["txinwitness"]!.AsArray().Count);
        Assert.Equal("0.00002000", verboseMempool![tx.GetHash().ToString()]!["fees"]!["base"]!.ToJsonString());
        Assert.True(verboseMempool[tx.GetHash().ToString()]!["bip125-replaceable"]!.GetValue<bool>());
        Assert.Equal(tx.ToHex(), verboseTx!["hex"]!.GetValue<string>());
        Assert.False(verboseTx.AsObject().ContainsKey("blockhash"));
        Assert.Equal((await rpc.Client.GetTipAsync()).Hash.ToString(), generated!["hash"]!.GetValue<string>());
        Assert.Equal(1, (await rpc.Client.GetTransactionAsync(tx.GetHash()))!.Confirmations);
        Assert.True(uptime!.GetValue<long>() >= 0);
        Assert.Equal("/TradeNode:0.1.0/", network!["subversion"]!.GetValue<string>());
        Assert.Equal(RpcErrorCode.DeserializationError, badDecode.Code);
        Assert.Equal(RpcErrorCode.InvalidAddressOrKey, notInMempool.Code);
    }

    [Fact]
    public async Task A_server_that_is_down_is_retried_until_it_comes_upAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tradenode-rpc-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        using var client = new BitcoindRpcClient(new BitcoindRpcClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/"),
            Network = Network.RegTest,
            CookieFilePath = Path.Combine(directory, ".cookie"),
            MaxRetryAttempts = 30,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });
        var firstFailure = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var retries = 0;
        client.Retrying += (_, e) =>
        {
            Interlocked.Increment(ref retries);
            firstFailure.TrySetResult(e.Failure);
        };

        var call = client.GetTipAsync();
        var failure = await firstFailure.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var chain = RegtestChain.Open(directory);
        await using var server = await ChainRpcServer.StartAsync(chain, new ChainRpcServerOptions { Port = port, DataDirectory = directory });
        var tip = await call.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(failure is FileNotFoundException or DirectoryNotFoundException or HttpRequestException, $"Unexpected failure {failure}");
        Assert.True(retries >= 1);
        Assert.Equal(0, tip.Height);
        await server.StopAsync();
        chain.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures()
    {
        using var client = new BitcoindRpcClient(new BitcoindRpcClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{FreePort()}/"),
            Network = Network.RegTest,
            User = "u",
            Password = "p",
            MaxRetryAttempts = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            CircuitBreakerMinimumThroughput = 4,
            BreakDuration = TimeSpan.FromMinutes(1),
        });

        Exception? last = null;
        for (var i = 0; i < 10 && last is not BrokenCircuitException; i++)
        {
            last = await Record.ExceptionAsync(() => client.GetTipAsync());
        }

        Assert.IsType<BrokenCircuitException>(last);
    }

    [Fact]
    public async Task Calls_that_must_not_repeat_are_sent_once_but_reads_are_retriedAsync()
    {
        var requests = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapPost("/", (HttpContext context) =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        using var client = new BitcoindRpcClient(new BitcoindRpcClientOptions
        {
            Endpoint = new Uri(app.Urls.First()),
            Network = Network.RegTest,
            User = "u",
            Password = "p",
            MaxRetryAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GenerateToScriptAsync(1, _wallet.MinerScript));
        var afterGenerate = requests;
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetTipAsync());

        Assert.Equal(1, afterGenerate);
        Assert.Equal(1 + 4, requests);
        await app.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record TipSnapshot(int Height, UInt256 Hash);
}
