using System.Text.Json.Nodes;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Rpc;

/// <summary>
/// The subset of Bitcoin Core's RPC the embedded chain serves, with Core's method names, parameter order (and
/// names, for named calls), result fields and error codes. Anything else is -32601 "Method not found".
/// </summary>
public sealed partial class ChainRpcMethods
{
    private readonly RegtestChain _chain;
    private readonly TimeProvider _timeProvider;
    private readonly Action _requestStop;
    private readonly DateTimeOffset _started;
    private readonly Dictionary<string, (string[] Names, Func<RpcParameters, JsonNode?> Handler)> _methods;

    public ChainRpcMethods(RegtestChain chain, TimeProvider timeProvider, Action requestStop)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(requestStop);
        _chain = chain;
        _timeProvider = timeProvider;
        _requestStop = requestStop;
        _started = timeProvider.GetUtcNow();
        _methods = new(StringComparer.Ordinal)
        {
            ["getblockchaininfo"] = ([], _ => GetBlockchainInfo()),
            ["getblockcount"] = ([], _ => _chain.Height),
            ["getbestblockhash"] = ([], _ => _chain.Tip.Hash.ToString()),
            ["getblockhash"] = (["height"], GetBlockHash),
            ["getblockheader"] = (["blockhash", "verbose"], GetBlockHeader),
            ["getblock"] = (["blockhash", "verbosity"], GetBlock),
            ["getrawtransaction"] = (["txid", "verbose", "blockhash"], GetRawTransaction),
            ["decoderawtransaction"] = (["hexstring", "iswitness"], DecodeRawTransaction),
            ["sendrawtransaction"] = (["hexstring", "maxfeerate", "maxburnamount"], SendRawTransaction),
            ["testmempoolaccept"] = (["rawtxs", "maxfeerate"], TestMempoolAccept),
            ["getrawmempool"] = (["verbose", "mempool_sequence"], GetRawMempool),
            ["getmempoolentry"] = (["txid"], GetMempoolEntry),
            ["gettxout"] = (["txid", "n", "include_mempool"], GetTxOut),
            ["estimatesmartfee"] = (["conf_target", "estimate_mode"], EstimateSmartFee),
            ["generatetoaddress"] = (["nblocks", "address", "maxtries"], GenerateToAddress),
            ["generateblock"] = (["output", "transactions", "submit"], GenerateBlock),
            ["invalidateblock"] = (["blockhash"], InvalidateBlock),
            ["reconsiderblock"] = (["blockhash"], ReconsiderBlock),
            ["getnetworkinfo"] = ([], _ => GetNetworkInfo()),
            ["uptime"] = ([], _ => (long)(_timeProvider.GetUtcNow() - _started).TotalSeconds),
            ["stop"] = ([], _ => Stop()),
        };
    }

    public IReadOnlyCollection<string> MethodNames => _methods.Keys;

    private Network Network => _chain.Parameters.Network;

    /// <summary>Runs one call; throws <see cref="JsonRpcException"/> with Core's code and message on any error.</summary>
    public JsonNode? Invoke(string method, JsonNode? parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!_methods.TryGetValue(method, out var definition))
        {
            throw new JsonRpcException(RpcErrorCode.MethodNotFound, "Method not found");
        }

        return definition.Handler(new RpcParameters(method, definition.Names, parameters));
    }

    private JsonObject GetBlockchainInfo()
    {
        var tip = _chain.TipEntry;
        return new JsonObject
        {
            ["chain"] = "regtest",
            ["blocks"] = tip.Height,
            ["headers"] = _chain.BestHeaderHeight,
            ["bestblockhash"] = tip.Hash.ToString(),
            ["bits"] = tip.Header.Bits.ToString(),
            ["target"] = tip.Header.Bits.ToBigInteger().ToString("x64", System.Globalization.CultureInfo.InvariantCulture)[^64..],
            ["difficulty"] = RpcJson.Difficulty(tip.Header.Bits),
            ["time"] = tip.Header.Time,
            ["mediantime"] = tip.GetMedianTimePast(),
            ["verificationprogress"] = 1,
            ["initialblockdownload"] = false,
            ["chainwork"] = RpcJson.ChainWorkHex(tip.ChainWork),
            ["size_on_disk"] = 0,
            ["pruned"] = false,
            ["warnings"] = new JsonArray(),
        };
    }

    private JsonNode GetBlockHash(RpcParameters p)
    {
        var height = p.GetInt(0);
        return _chain.GetBlockHash(height)?.ToString() ?? throw new JsonRpcException(RpcErrorCode.InvalidParameter, "Block height out of range");
    }

    private JsonNode GetBlockHeader(RpcParameters p)
    {
        var (entry, confirmations, next) = Describe(p.GetHash(0, "blockhash"));
        return p.TryGetBool(1) ?? true
            ? RpcJson.Header(entry, confirmations, next)
            : entry.Header.ToHex();
    }

    private JsonNode GetBlock(RpcParameters p)
    {
        var (entry, confirmations, next) = Describe(p.GetHash(0, "blockhash"));
        var verbosity = p.TryGetVerbosity(1) ?? 1;
        if (verbosity <= 0)
        {
            return entry.Block.ToHex();
        }

        var json = RpcJson.Header(entry, confirmations, next);
        json["strippedsize"] = entry.Block.ToBytes(includeWitness: false).Length;
        json["size"] = entry.Block.ToBytes().Length;
        json["weight"] = entry.Block.GetWeight();
        var transactions = new JsonArray();
        var undo = entry.Undo;
        var spent = 0;
        foreach (var tx in entry.Block.Transactions)
        {
            if (verbosity == 1)
            {
                transactions.Add(tx.GetHash().ToString());
                continue;
            }

            IReadOnlyList<UtxoEntry>? coins = null;
            if (undo is not null && !tx.IsCoinBase)
            {
                coins = undo.Skip(spent).Take(tx.Inputs.Count).ToList();
                spent += tx.Inputs.Count;
            }

            var txJson = RpcJson.Transaction(tx, Network, coins);
            txJson["hex"] = tx.ToHex();
            transactions.Add(txJson);
        }

        json["tx"] = transactions;
        return json;
    }

    private (BlockIndexEntry Entry, int Confirmations, UInt256? Next) Describe(UInt256 hash) =>
        _chain.Describe(hash) ?? throw new JsonRpcException(RpcErrorCode.InvalidAddressOrKey, "Block not found");

    private JsonObject GetNetworkInfo() => new()
    {
        ["version"] = 10000,
        ["subversion"] = "/TradeNode:0.1.0/",
        ["protocolversion"] = 70016,
        ["localservices"] = "0000000000000409",
        ["localservicesnames"] = new JsonArray("NETWORK", "WITNESS", "NETWORK_LIMITED"),
        ["localrelay"] = true,
        ["timeoffset"] = 0,
        ["networkactive"] = true,
        ["connections"] = 0,
        ["connections_in"] = 0,
        ["connections_out"] = 0,
        ["networks"] = new JsonArray(),
        ["relayfee"] = RpcJson.Amount(_chain.Parameters.MinRelayFeePerKvB),
        ["incrementalfee"] = RpcJson.Amount(_chain.Parameters.MinRelayFeePerKvB),
        ["localaddresses"] = new JsonArray(),
        ["warnings"] = new JsonArray(),
    };

    private JsonNode Stop()
    {
        _requestStop();
        return "Bitcoin server stopping";
    }
}
