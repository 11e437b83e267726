using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Blocks;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Descriptors;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Rpc;

/// <summary>Bitcoin Core's JSON shapes for amounts, scripts, transactions and headers (core_write.cpp, blockchain.cpp).</summary>
public static class RpcJson
{
    /// <summary>An amount in BTC with eight decimals, written as Core writes it (e.g. 50.00000000).</summary>
    public static JsonNode Amount(long satoshis) =>
        JsonNode.Parse((satoshis / (decimal)Money.CoinSatoshis).ToString("0.00000000", CultureInfo.InvariantCulture))!;

    public static JsonObject ScriptPubKey(Script script, Network network)
    {
        ArgumentNullException.ThrowIfNull(script);
        var address = script.GetDestinationAddress(network);
        var json = new JsonObject
        {
            ["asm"] = script.ToString(),
            ["desc"] = DescriptorChecksum.AddChecksum(address is null ? $"raw({script.ToHex()})" : $"addr({address})"),
            ["hex"] = script.ToHex(),
        };
        if (address is not null)
        {
            json["address"] = address.ToString();
        }

        json["type"] = TypeName(StandardnessRules.Classify(script), script);
        return json;
    }

    /// <summary>Core's TxToUniv: the decoded transaction (without hex and block fields, which callers add).</summary>
    public static JsonObject Transaction(Transaction tx, Network network, IReadOnlyList<UtxoEntry>? spentCoins = null)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var inputs = new JsonArray();
        foreach (var input in tx.Inputs)
        {
            var json = new JsonObject();
            if (tx.IsCoinBase)
            {
                json["coinbase"] = input.ScriptSig.ToHex();
            }
            else
            {
                json["txid"] = input.PrevOut.Hash.ToString();
                json["vout"] = input.PrevOut.N;
                json["scriptSig"] = new JsonObject { ["asm"] = ScriptSigAsm(input.ScriptSig), ["hex"] = input.ScriptSig.ToHex() };
            }

            if (!input.WitScript.IsEmpty)
            {
                json["txinwitness"] = new JsonArray(input.WitScript.Pushes.Select(p => (JsonNode)Convert.ToHexStringLower(p)).ToArray());
            }

            json["sequence"] = input.Sequence;
            inputs.Add(json);
        }

        var outputs = new JsonArray();
        for (var n = 0; n < tx.Outputs.Count; n++)
        {
            outputs.Add(new JsonObject
            {
                ["value"] = Amount(tx.Outputs[n].Value.Satoshi),
                ["n"] = n,
                ["scriptPubKey"] = ScriptPubKey(tx.Outputs[n].ScriptPubKey, network),
            });
        }

        var result = new JsonObject
        {
            ["txid"] = tx.GetHash().ToString(),
            ["hash"] = tx.GetWitHash().ToString(),
            ["version"] = tx.Version,
            ["size"] = tx.ToBytes().Length,
            ["vsize"] = tx.GetVirtualSize(),
            ["weight"] = tx.GetWeight(),
            ["locktime"] = tx.LockTime,
            ["vin"] = inputs,
            ["vout"] = outputs,
        };
        if (spentCoins is not null && !tx.IsCoinBase)
        {
            result["fee"] = Amount(spentCoins.Sum(c => c.Output.Value.Satoshi) - tx.TotalOut.Satoshi);
        }

        return result;
    }

    /// <summary>The fields getblockheader and getblock share.</summary>
    public static JsonObject Header(BlockIndexEntry entry, int confirmations, UInt256? next)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var header = entry.Header;
        var json = new JsonObject
        {
            ["hash"] = entry.Hash.ToString(),
            ["confirmations"] = confirmations,
            ["height"] = entry.Height,
            ["version"] = header.Version,
            ["versionHex"] = header.Version.ToString("x8", CultureInfo.InvariantCulture),
            ["merkleroot"] = header.HashMerkleRoot.ToString(),
            ["time"] = header.Time,
            ["mediantime"] = entry.GetMedianTimePast(),
            ["nonce"] = header.Nonce,
            ["bits"] = header.Bits.ToString(),
            ["difficulty"] = Difficulty(header.Bits),
            ["chainwork"] = ChainWorkHex(entry.ChainWork),
            ["nTx"] = entry.Block.Transactions.Count,
        };
        if (entry.Previous is not null)
        {
            json["previousblockhash"] = entry.Previous.Hash.ToString();
        }

        if (next is not null)
        {
            json["nextblockhash"] = next.ToString();
        }

        return json;
    }

    /// <summary>Difficulty relative to the genesis target 0x1d00ffff, as Core's GetDifficulty.</summary>
    public static double Difficulty(Target bits)
    {
        var shift = (int)((bits.Compact >> 24) & 0xff);
        var diff = (double)0x0000ffff / (bits.Compact & 0x00ffffff);
        for (; shift < 29; shift++)
        {
            diff *= 256.0;
        }

        for (; shift > 29; shift--)
        {
            diff /= 256.0;
        }

        return diff;
    }

    public static string ChainWorkHex(BigInteger work) => work.ToString("x64", CultureInfo.InvariantCulture)[^64..];

    /// <summary>Core's scriptSig asm: signatures shown with their sighash type, e.g. "3044...[ALL]".</summary>
    public static string ScriptSigAsm(Script scriptSig)
    {
        ArgumentNullException.ThrowIfNull(scriptSig);
        var parts = new List<string>();
        var pc = 0;
        var span = scriptSig.Span;
        while (pc < span.Length)
        {
            if (!Script.TryReadOp(span, ref pc, out var code, out var data))
            {
                parts.Add("[error]");
                break;
            }

            if (code > OpcodeType.OP_PUSHDATA4)
            {
                parts.Add(Op.GetOpName(code));
            }
            else if (data.Length <= 4)
            {
                parts.Add(ScriptNumber.Decode(data).ToString(CultureInfo.InvariantCulture));
            }
            else if (ECDSASignature.IsValidEncoding(data) && SigHashName(data[^1]) is { } name)
            {
                parts.Add(Convert.ToHexStringLower(data[..^1]) + "[" + name + "]");
            }
            else
            {
                parts.Add(Convert.ToHexStringLower(data));
            }
        }

        return string.Join(' ', parts);
    }

    private static string? SigHashName(byte type) => type switch
    {
        0x01 => "ALL",
        0x02 => "NONE",
        0x03 => "SINGLE",
        0x81 => "ALL|ANYONECANPAY",
        0x82 => "NONE|ANYONECANPAY",
        0x83 => "SINGLE|ANYONECANPAY",
        _ => null,
    };

    private static string TypeName(OutputKind kind, Script script) => kind switch
    {
        OutputKind.PubKey => "pubkey",
        OutputKind.PubKeyHash => "pubkeyhash",
        OutputKind.ScriptHash => "scripthash",
        OutputKind.MultiSig => "multisig",
        OutputKind.NullData => "nulldata",
        OutputKind.WitnessV0KeyHash => "witness_v0_keyhash",
        OutputKind.WitnessV0ScriptHash => "witness_v0_scripthash",
        OutputKind.WitnessV1Taproot => "witness_v1_taproot",
        OutputKind.WitnessUnknown => "witness_unknown",
        _ => PayToMultiSigTemplate.Instance.CheckScriptPubKey(script) ? "multisig" : "nonstandard",
    };
}
