using System.Text.Json.Nodes;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Rpc;

/// <summary>Raw transactions and the mempool.</summary>
public sealed partial class ChainRpcMethods
{
    /// <summary>sendrawtransaction's and testmempoolaccept's default maxfeerate: 0.10 BTC/kvB.</summary>
    private const long DefaultMaxFeeRatePerKvB = 10_000_000;

    private const int MaxTestMempoolAcceptTransactions = 25;

    private const string DecodeFailed = "TX decode failed. Make sure the tx has at least one input.";

    private JsonNode GetRawTransaction(RpcParameters p)
    {
        var txid = p.GetHash(0, "txid");
        var verbosity = p.TryGetVerbosity(1) ?? 0;
        var found = _chain.GetTransaction(txid);
        if (found is null || (p.Has(2) && found.BlockHash != p.GetHash(2, "blockhash")))
        {
            throw new JsonRpcException(RpcErrorCode.InvalidAddressOrKey, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.");
        }

        if (verbosity <= 0)
        {
            return found.Transaction.ToHex();
        }

        var json = RpcJson.Transaction(found.Transaction, Network);
        json["hex"] = found.Transaction.ToHex();
        if (found.BlockHash is not null)
        {
            json["blockhash"] = found.BlockHash.ToString();
            json["confirmations"] = found.Confirmations;
            json["time"] = found.BlockTime!.Value.ToUnixTimeSeconds();
            json["blocktime"] = found.BlockTime!.Value.ToUnixTimeSeconds();
        }

        return json;
    }

    private JsonNode DecodeRawTransaction(RpcParameters p)
    {
        var tx = DecodeTransaction(p.GetString(0));
        return RpcJson.Transaction(tx, Network);
    }

    private JsonNode SendRawTransaction(RpcParameters p)
    {
        var tx = DecodeTransaction(p.GetString(0));
        var maxFeeRate = p.TryGetAmountSatoshis(1) ?? DefaultMaxFeeRatePerKvB;
        var txid = tx.GetHash();
        if (_chain.GetMempoolEntry(txid) is not null)
        {
            return txid.ToString();
        }

        var check = _chain.TestMempoolAccept([tx])[0];
        if (check.Allowed && maxFeeRate > 0 && check.Fee!.Value.Satoshi * 1000 > maxFeeRate * check.VirtualSize!.Value)
        {
            throw new JsonRpcException(RpcErrorCode.VerifyError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }

        try
        {
            return _chain.AcceptToMempool(tx).Txid.ToString();
        }
        catch (ValidationException ex) when (ex.RpcCode == ValidationException.RpcVerifyAlreadyInChain)
        {
            throw new JsonRpcException(RpcErrorCode.VerifyAlreadyInChain, "Transaction outputs already in utxo set");
        }
        catch (ValidationException ex)
        {
            throw new JsonRpcException(ex.RpcCode, ex.Message);
        }
    }

    private JsonNode TestMempoolAccept(RpcParameters p)
    {
        var raw = p.TryGetArray(0) ?? throw new JsonRpcException(RpcErrorCode.MiscError, "testmempoolaccept rawtxs ( maxfeerate )");
        if (raw.Count is 0 or > MaxTestMempoolAcceptTransactions)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, $"Array must contain between 1 and {MaxTestMempoolAcceptTransactions} transactions.");
        }

        var maxFeeRate = p.TryGetAmountSatoshis(1) ?? DefaultMaxFeeRatePerKvB;
        var transactions = raw.Select(node => node?.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? DecodeTransaction(node.GetValue<string>())
                : throw new JsonRpcException(RpcErrorCode.TypeError, "JSON value is not a string as expected"))
            .ToList();

        var results = new JsonArray();
        foreach (var result in _chain.TestMempoolAccept(transactions))
        {
            var json = new JsonObject { ["txid"] = result.Txid.ToString(), ["wtxid"] = result.Wtxid.ToString() };
            if (result.Allowed && maxFeeRate > 0 && result.Fee!.Value.Satoshi * 1000 > maxFeeRate * result.VirtualSize!.Value)
            {
                json["allowed"] = false;
                json["reject-reason"] = "max-fee-exceeded";
            }
            else if (result.Allowed)
            {
                json["allowed"] = true;
                json["vsize"] = result.VirtualSize;
                json["fees"] = new JsonObject
                {
                    ["base"] = RpcJson.Amount(result.Fee!.Value.Satoshi),
                    ["effective-feerate"] = RpcJson.Amount(result.Fee!.Value.Satoshi * 1000 / result.VirtualSize!.Value),
                    ["effective-includes"] = new JsonArray(result.Wtxid.ToString()),
                };
            }
            else
            {
                json["allowed"] = false;
                json["reject-reason"] = result.RejectReason;
            }

            results.Add(json);
        }

        return results;
    }

    private JsonNode GetRawMempool(RpcParameters p)
    {
        if (!(p.TryGetBool(0) ?? false))
        {
            return new JsonArray(_chain.GetMempoolTxids().Select(t => (JsonNode)t.ToString()).ToArray());
        }

        var json = new JsonObject();
        foreach (var entry in _chain.GetMempoolEntries())
        {
            json[entry.Txid.ToString()] = MempoolEntryJson(entry);
        }

        return json;
    }

    private JsonNode GetMempoolEntry(RpcParameters p) =>
        MempoolEntryJson(_chain.GetMempoolEntry(p.GetHash(0, "txid")) ?? throw new JsonRpcException(RpcErrorCode.InvalidAddressOrKey, "Transaction not in mempool"));

    private JsonNode? GetTxOut(RpcParameters p)
    {
        var txid = p.GetHash(0, "txid");
        var n = p.GetInt(1);
        if (n < 0)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, "Invalid parameter, vout cannot be negative");
        }

        var info = _chain.GetTxOut(new OutPoint(txid, (uint)n), p.TryGetBool(2) ?? true);
        if (info is null)
        {
            return null;
        }

        return new JsonObject
        {
            ["bestblock"] = info.BestBlock.ToString(),
            ["confirmations"] = info.Confirmations,
            ["value"] = RpcJson.Amount(info.Output.Value.Satoshi),
            ["scriptPubKey"] = RpcJson.ScriptPubKey(info.Output.ScriptPubKey, Network),
            ["coinbase"] = info.IsCoinBase,
        };
    }

    private static JsonObject MempoolEntryJson(MempoolEntryInfo entry) => new()
    {
        ["vsize"] = entry.VirtualSize,
        ["weight"] = entry.Weight,
        ["time"] = entry.Time.ToUnixTimeSeconds(),
        ["height"] = entry.Height,
        ["descendantcount"] = entry.DescendantCount,
        ["descendantsize"] = entry.DescendantSize,
        ["ancestorcount"] = entry.AncestorCount,
        ["ancestorsize"] = entry.AncestorSize,
        ["wtxid"] = entry.Wtxid.ToString(),
        ["fees"] = new JsonObject
        {
            ["base"] = RpcJson.Amount(entry.Fee.Satoshi),
            ["modified"] = RpcJson.Amount(entry.Fee.Satoshi),
            ["ancestor"] = RpcJson.Amount(entry.AncestorFees.Satoshi),
            ["descendant"] = RpcJson.Amount(entry.DescendantFees.Satoshi),
        },
        ["depends"] = new JsonArray(entry.Depends.Select(d => (JsonNode)d.ToString()).ToArray()),
        ["spentby"] = new JsonArray(entry.SpentBy.Select(d => (JsonNode)d.ToString()).ToArray()),
        ["bip125-replaceable"] = entry.SignalsReplaceability,
        ["unbroadcast"] = false,
    };

    private static Transaction DecodeTransaction(string hex) =>
        Transaction.TryParse(hex, out var tx) ? tx : throw new JsonRpcException(RpcErrorCode.DeserializationError, DecodeFailed);
}
