using System.Text.Json.Nodes;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Rpc;

/// <summary>Mining, fee estimation and the regtest reorg tools.</summary>
public sealed partial class ChainRpcMethods
{
    /// <summary>generatetoaddress refuses more blocks than this in one call, so one request cannot stall the server.</summary>
    private const int MaxBlocksPerCall = 10_000;

    private JsonNode EstimateSmartFee(RpcParameters p)
    {
        var target = p.GetInt(0);
        var mode = p.TryGetString(1) ?? "conservative";
        if (target is < 1 or > 1008)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, "Invalid conf_target, must be between 1 and 1008");
        }

        if (mode.ToUpperInvariant() is not ("UNSET" or "ECONOMICAL" or "CONSERVATIVE"))
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"");
        }

        return new JsonObject
        {
            ["feerate"] = RpcJson.Amount(_chain.EstimateFeeRate(target).SatoshisPerKiloVByte),
            ["blocks"] = target,
        };
    }

    private JsonNode GenerateToAddress(RpcParameters p)
    {
        var count = p.GetInt(0);
        var address = ParseAddress(p.GetString(1), "Error: Invalid address");
        if (count is < 0 or > MaxBlocksPerCall)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, $"nblocks must be between 0 and {MaxBlocksPerCall}");
        }

        return new JsonArray(_chain.Generate(count, address.ScriptPubKey).Select(h => (JsonNode)h.ToString()).ToArray());
    }

    private JsonNode GenerateBlock(RpcParameters p)
    {
        var address = ParseAddress(p.GetString(0), "Error: Invalid address or descriptor");
        var items = p.TryGetArray(1) ?? throw new JsonRpcException(RpcErrorCode.MiscError, "generateblock output transactions ( submit )");
        if (p.TryGetBool(2) == false)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, "generateblock with submit=false is not supported by the embedded chain");
        }

        var transactions = new List<Transaction>();
        foreach (var item in items)
        {
            var text = item?.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? item.GetValue<string>()
                : throw new JsonRpcException(RpcErrorCode.TypeError, "JSON value is not a string as expected");
            if (text.Length == 64 && UInt256.TryParse(text, out var txid))
            {
                var pending = _chain.GetMempoolEntry(txid) is null ? null : _chain.GetTransaction(txid);
                transactions.Add(pending?.Transaction ?? throw new JsonRpcException(RpcErrorCode.InvalidAddressOrKey, $"Transaction {text} not in mempool."));
            }
            else
            {
                transactions.Add(Transaction.TryParse(text, out var tx)
                    ? tx
                    : throw new JsonRpcException(RpcErrorCode.DeserializationError, $"Transaction decode failed for {(text.Length > 80 ? text[..80] + "..." : text)}. Make sure the tx has at least one input."));
            }
        }

        try
        {
            return new JsonObject { ["hash"] = _chain.GenerateBlock(address.ScriptPubKey, transactions).ToString() };
        }
        catch (ValidationException ex)
        {
            throw new JsonRpcException(RpcErrorCode.VerifyError, ex.Message);
        }
    }

    private JsonNode? InvalidateBlock(RpcParameters p)
    {
        var hash = p.GetHash(0, "blockhash");
        try
        {
            _chain.InvalidateBlock(hash);
            return null;
        }
        catch (KeyNotFoundException)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidAddressOrKey, "Block not found");
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidParameter, ex.Message);
        }
    }

    private JsonNode? ReconsiderBlock(RpcParameters p)
    {
        var hash = p.GetHash(0, "blockhash");
        try
        {
            _chain.ReconsiderBlock(hash);
            return null;
        }
        catch (KeyNotFoundException)
        {
            throw new JsonRpcException(RpcErrorCode.InvalidAddressOrKey, "Block not found");
        }
    }

    private BitcoinAddress ParseAddress(string text, string error) =>
        BitcoinAddress.TryCreate(text, Network, out var address) ? address : throw new JsonRpcException(RpcErrorCode.InvalidAddressOrKey, error);
}
