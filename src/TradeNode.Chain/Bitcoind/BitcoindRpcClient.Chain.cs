using System.Globalization;
using System.Text.Json.Nodes;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Blocks;
using TradeNode.Bitcoin.Fees;
using TradeNode.Chain.Rpc;

namespace TradeNode.Chain.Bitcoind;

/// <summary>The <see cref="IChainClient"/> methods, each mapped to Bitcoin Core's documented calls and result fields.</summary>
public sealed partial class BitcoindRpcClient : IChainClient
{
    public async Task<ChainTip> GetTipAsync(CancellationToken cancellationToken = default)
    {
        var info = await CallAsync("getblockchaininfo", [], cancellationToken).ConfigureAwait(false);
        return new ChainTip(
            info!["blocks"]!.GetValue<int>(),
            UInt256.Parse(info["bestblockhash"]!.GetValue<string>()),
            DateTimeOffset.FromUnixTimeSeconds(info["mediantime"]!.GetValue<long>()));
    }

    public async Task<UInt256?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default)
    {
        var hash = await CallOrNullAsync("getblockhash", [height], RpcErrorCode.InvalidParameter, cancellationToken).ConfigureAwait(false);
        return hash is null ? null : UInt256.Parse(hash.GetValue<string>());
    }

    public async Task<ChainBlock?> GetBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockHash);
        var header = await CallOrNullAsync("getblockheader", [blockHash.ToString(), true], RpcErrorCode.InvalidAddressOrKey, cancellationToken).ConfigureAwait(false);
        var hex = await CallOrNullAsync("getblock", [blockHash.ToString(), 0], RpcErrorCode.InvalidAddressOrKey, cancellationToken).ConfigureAwait(false);
        if (header is null || hex is null)
        {
            return null;
        }

        return new ChainBlock(Block.Parse(hex.GetValue<string>()), header["height"]!.GetValue<int>(), header["confirmations"]!.GetValue<int>());
    }

    public async Task<ChainBlock?> GetBlockAsync(int height, CancellationToken cancellationToken = default)
    {
        var hash = await GetBlockHashAsync(height, cancellationToken).ConfigureAwait(false);
        return hash is null ? null : await GetBlockAsync(hash, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChainHeader?> GetBlockHeaderAsync(UInt256 blockHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockHash);
        var json = await CallOrNullAsync("getblockheader", [blockHash.ToString(), true], RpcErrorCode.InvalidAddressOrKey, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        var header = new BlockHeader
        {
            Version = json["version"]!.GetValue<int>(),
            HashPrevBlock = json["previousblockhash"] is { } previous ? UInt256.Parse(previous.GetValue<string>()) : UInt256.Zero,
            HashMerkleRoot = UInt256.Parse(json["merkleroot"]!.GetValue<string>()),
            Time = json["time"]!.GetValue<uint>(),
            Bits = new Target(uint.Parse(json["bits"]!.GetValue<string>(), NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            Nonce = json["nonce"]!.GetValue<uint>(),
        };
        if (header.GetHash() != blockHash)
        {
            throw new InvalidDataException($"The header Bitcoin Core returned for {blockHash} does not hash to it.");
        }

        return new ChainHeader(
            header,
            json["height"]!.GetValue<int>(),
            json["confirmations"]!.GetValue<int>(),
            DateTimeOffset.FromUnixTimeSeconds(json["mediantime"]!.GetValue<long>()),
            json["nextblockhash"] is { } next ? UInt256.Parse(next.GetValue<string>()) : null,
            json["nTx"]!.GetValue<int>());
    }

    public async Task<ChainTransaction?> GetTransactionAsync(UInt256 txid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(txid);
        var json = await CallOrNullAsync("getrawtransaction", [txid.ToString(), true], RpcErrorCode.InvalidAddressOrKey, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        var tx = Transaction.Parse(json["hex"]!.GetValue<string>());
        if (json["blockhash"] is not { } blockHashNode)
        {
            return new ChainTransaction(tx, null, null, 0, null);
        }

        var blockHash = UInt256.Parse(blockHashNode.GetValue<string>());
        var header = await GetBlockHeaderAsync(blockHash, cancellationToken).ConfigureAwait(false);
        return new ChainTransaction(
            tx,
            blockHash,
            header?.Height,
            json["confirmations"]?.GetValue<int>() ?? 0,
            json["blocktime"] is { } time ? DateTimeOffset.FromUnixTimeSeconds(time.GetValue<long>()) : null);
    }

    public async Task<BroadcastResult> BroadcastAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        try
        {
            var txid = await CallAsync("sendrawtransaction", [transaction.ToHex()], cancellationToken).ConfigureAwait(false);
            return BroadcastResult.Accept(UInt256.Parse(txid!.GetValue<string>()));
        }
        catch (JsonRpcException ex) when (ex.Code is RpcErrorCode.VerifyError or RpcErrorCode.VerifyRejected or RpcErrorCode.VerifyAlreadyInChain)
        {
            return BroadcastResult.Reject(transaction.GetHash(), ex.Message, ex.Code);
        }
    }

    public async Task<IReadOnlyList<MempoolAcceptResult>> TestMempoolAcceptAsync(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var raw = new JsonArray(transactions.Select(t => (JsonNode)t.ToHex()).ToArray());
        var results = await CallAsync("testmempoolaccept", [raw], cancellationToken).ConfigureAwait(false);
        return results!.AsArray().Select(r => new MempoolAcceptResult(
            UInt256.Parse(r!["txid"]!.GetValue<string>()),
            UInt256.Parse(r["wtxid"]!.GetValue<string>()),
            r["allowed"]?.GetValue<bool>() ?? false,
            r["reject-reason"]?.GetValue<string>() ?? r["package-error"]?.GetValue<string>(),
            r["vsize"]?.GetValue<int>(),
            r["fees"]?["base"] is { } fee ? Money.Satoshis(ToSatoshis(fee)) : null)).ToList();
    }

    public async Task<IReadOnlyList<UInt256>> GetMempoolTxidsAsync(CancellationToken cancellationToken = default)
    {
        var txids = await CallAsync("getrawmempool", [], cancellationToken).ConfigureAwait(false);
        return txids!.AsArray().Select(t => UInt256.Parse(t!.GetValue<string>())).ToList();
    }

    public async Task<MempoolEntryInfo?> GetMempoolEntryAsync(UInt256 txid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(txid);
        var json = await CallOrNullAsync("getmempoolentry", [txid.ToString()], RpcErrorCode.InvalidAddressOrKey, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        var fees = json["fees"]!;
        return new MempoolEntryInfo(
            txid,
            UInt256.Parse(json["wtxid"]!.GetValue<string>()),
            json["vsize"]!.GetValue<int>(),
            json["weight"]!.GetValue<int>(),
            Money.Satoshis(ToSatoshis(fees["base"]!)),
            DateTimeOffset.FromUnixTimeSeconds(json["time"]!.GetValue<long>()),
            json["height"]!.GetValue<int>(),
            json["ancestorcount"]!.GetValue<int>(),
            json["ancestorsize"]!.GetValue<int>(),
            Money.Satoshis(ToSatoshis(fees["ancestor"]!)),
            json["descendantcount"]!.GetValue<int>(),
            json["descendantsize"]!.GetValue<int>(),
            Money.Satoshis(ToSatoshis(fees["descendant"]!)),
            json["depends"]!.AsArray().Select(d => UInt256.Parse(d!.GetValue<string>())).ToList(),
            json["spentby"]!.AsArray().Select(d => UInt256.Parse(d!.GetValue<string>())).ToList(),
            json["bip125-replaceable"]?.GetValue<bool>() ?? false);
    }

    public async Task<TxOutInfo?> GetTxOutAsync(OutPoint outPoint, bool includeMempool = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outPoint);
        var json = await CallAsync("gettxout", [outPoint.Hash.ToString(), outPoint.N, includeMempool], cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        var script = Script.FromHex(json["scriptPubKey"]!["hex"]!.GetValue<string>());
        return new TxOutInfo(
            UInt256.Parse(json["bestblock"]!.GetValue<string>()),
            json["confirmations"]!.GetValue<int>(),
            new TxOut(Money.Satoshis(ToSatoshis(json["value"]!)), script),
            json["coinbase"]?.GetValue<bool>() ?? false);
    }

    public async Task<FeeRate> EstimateFeeRateAsync(int confirmationTarget, CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("estimatesmartfee", [confirmationTarget], cancellationToken).ConfigureAwait(false);
        return json?["feerate"] is { } rate ? new FeeRate(ToSatoshis(rate)) : _options.FallbackFeeRate;
    }

    public async Task<IReadOnlyList<UInt256>> GenerateToScriptAsync(int blockCount, Script scriptPubKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        var address = scriptPubKey.GetDestinationAddress(Network)
            ?? throw new ArgumentException("generatetoaddress needs a script that has an address.", nameof(scriptPubKey));
        var hashes = await CallAsync("generatetoaddress", [blockCount, address.ToString()], idempotent: false, cancellationToken).ConfigureAwait(false);
        return hashes!.AsArray().Select(h => UInt256.Parse(h!.GetValue<string>())).ToList();
    }

    public Task InvalidateBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockHash);
        return CallAsync("invalidateblock", [blockHash.ToString()], cancellationToken);
    }

    public Task ReconsiderBlockAsync(UInt256 blockHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockHash);
        return CallAsync("reconsiderblock", [blockHash.ToString()], cancellationToken);
    }

    /// <summary>An amount in BTC as Core writes it, converted exactly to satoshis.</summary>
    private static long ToSatoshis(JsonNode amount)
    {
        var btc = decimal.Parse(amount.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        var satoshis = btc * Money.CoinSatoshis;
        return decimal.Truncate(satoshis) == satoshis
            ? (long)satoshis
            : throw new InvalidDataException($"Bitcoin Core returned an amount with more than 8 decimals: {amount.ToJsonString()}.");
    }

    private async Task<JsonNode?> CallOrNullAsync(string method, JsonArray parameters, int notFoundCode, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException ex) when (ex.Code == notFoundCode)
        {
            return null;
        }
    }
}
