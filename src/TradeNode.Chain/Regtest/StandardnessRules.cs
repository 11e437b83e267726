using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Chain.Regtest;

/// <summary>
/// Bitcoin Core's relay policy (policy.cpp): IsStandardTx, dust, AreInputsStandard and IsWitnessStandard, as of
/// Core 28 with default settings. Failures throw <see cref="ValidationException"/> with Core's reason.
/// </summary>
public static class StandardnessRules
{
    public const int MaxStandardScriptSigSize = 1650;

    /// <summary>MAX_OP_RETURN_RELAY: the largest standard OP_RETURN output script.</summary>
    public const int MaxOpReturnRelay = 83;

    public const int MinStandardTxNonWitnessSize = 65;

    public const int MaxP2SHSigOps = 15;

    public const int MaxStandardP2WSHScriptSize = 3600;

    public const int MaxStandardP2WSHStackItems = 100;

    public const int MaxStandardP2WSHStackItemSize = 80;

    public static void CheckStandardTx(Transaction transaction, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(parameters);
        if (transaction.Version is < 1 or > 3)
        {
            throw new ValidationException("version");
        }

        if (transaction.GetWeight() > parameters.MaxStandardTxWeight)
        {
            throw new ValidationException("tx-size");
        }

        foreach (var input in transaction.Inputs)
        {
            if (input.ScriptSig.Length > MaxStandardScriptSigSize)
            {
                throw new ValidationException("scriptsig-size");
            }

            if (!input.ScriptSig.IsPushOnly())
            {
                throw new ValidationException("scriptsig-not-pushonly");
            }
        }

        var dataOutputs = 0;
        foreach (var output in transaction.Outputs)
        {
            var kind = Classify(output.ScriptPubKey);
            if (kind == OutputKind.NonStandard)
            {
                throw new ValidationException("scriptpubkey");
            }

            if (kind == OutputKind.NullData)
            {
                dataOutputs++;
            }
            else if (IsDust(output, parameters))
            {
                throw new ValidationException("dust");
            }
        }

        if (dataOutputs > 1)
        {
            throw new ValidationException("multi-op-return");
        }

        if (transaction.ToBytes(includeWitness: false).Length < MinStandardTxNonWitnessSize)
        {
            throw new ValidationException("tx-size-small");
        }
    }

    /// <summary>The value under which an output costs more to spend than it is worth at the dust relay fee.</summary>
    public static Money GetDustThreshold(TxOut output, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(parameters);
        if (output.ScriptPubKey.IsUnspendable)
        {
            return Money.Zero;
        }

        var size = 8 + Bitcoin.Serialization.BitcoinWriter.CompactSizeLength((ulong)output.ScriptPubKey.Length) + output.ScriptPubKey.Length;
        size += output.ScriptPubKey.IsWitnessProgram(out _, out _)
            ? 32 + 4 + 1 + (107 / Transaction.WitnessScaleFactor) + 4
            : 32 + 4 + 1 + 107 + 4;
        return Money.Satoshis(size * parameters.DustRelayFeePerKvB / 1000);
    }

    public static bool IsDust(TxOut output, ChainParameters parameters) => output.Value < GetDustThreshold(output, parameters);

    /// <summary>Inputs must spend standard outputs, and P2SH redeem scripts must stay within 15 sigops.</summary>
    public static void CheckInputsStandard(Transaction transaction, IReadOnlyList<UtxoEntry> coins)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(coins);
        for (var i = 0; i < transaction.Inputs.Count; i++)
        {
            var prevScript = coins[i].Output.ScriptPubKey;
            var kind = Classify(prevScript);
            if (kind is OutputKind.NonStandard or OutputKind.WitnessUnknown)
            {
                throw new ValidationException("bad-txns-nonstandard-inputs", $"input {i}: spends a non-standard output");
            }

            if (kind == OutputKind.ScriptHash)
            {
                var redeem = RedeemScripts.FromScriptSig(transaction.Inputs[i].ScriptSig);
                if (redeem is null || redeem.GetSigOpCount(true) > MaxP2SHSigOps)
                {
                    throw new ValidationException("bad-txns-nonstandard-inputs", $"input {i}: p2sh redeemscript sigops exceed limit");
                }
            }
        }
    }

    /// <summary>Witness policy: no witness for non-witness spends, and P2WSH scripts and stacks within the standard sizes.</summary>
    public static void CheckWitnessStandard(Transaction transaction, IReadOnlyList<UtxoEntry> coins)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(coins);
        for (var i = 0; i < transaction.Inputs.Count; i++)
        {
            var input = transaction.Inputs[i];
            if (input.WitScript.IsEmpty)
            {
                continue;
            }

            var prevScript = coins[i].Output.ScriptPubKey;
            if (prevScript.IsPayToScriptHash)
            {
                prevScript = RedeemScripts.FromScriptSig(input.ScriptSig) ?? Script.Empty;
            }

            if (!prevScript.IsWitnessProgram(out var version, out var program))
            {
                throw new ValidationException("bad-witness-nonstandard", $"input {i}: witness on a non-witness output");
            }

            if (version == 0 && program.Length == 32)
            {
                var items = input.WitScript.Pushes;
                if (items.Count == 0 || items[^1].Length > MaxStandardP2WSHScriptSize || items.Count - 1 > MaxStandardP2WSHStackItems
                    || items.Take(items.Count - 1).Any(item => item.Length > MaxStandardP2WSHStackItemSize))
                {
                    throw new ValidationException("bad-witness-nonstandard", $"input {i}: witness exceeds the standard P2WSH limits");
                }
            }
        }
    }

    /// <summary>Bitcoin Core's Solver, reduced to what policy needs.</summary>
    public static OutputKind Classify(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        if (scriptPubKey.IsPayToScriptHash)
        {
            return OutputKind.ScriptHash;
        }

        if (scriptPubKey.IsWitnessProgram(out var version, out var program))
        {
            return (version, program.Length) switch
            {
                (0, 20) => OutputKind.WitnessV0KeyHash,
                (0, 32) => OutputKind.WitnessV0ScriptHash,
                (0, _) => OutputKind.NonStandard,
                (1, 32) => OutputKind.WitnessV1Taproot,
                _ => OutputKind.WitnessUnknown,
            };
        }

        var span = scriptPubKey.Span;
        if (span.Length >= 1 && span[0] == (byte)OpcodeType.OP_RETURN)
        {
            return span.Length <= MaxOpReturnRelay && new Script(span[1..]).IsPushOnly() ? OutputKind.NullData : OutputKind.NonStandard;
        }

        if (PayToPubkeyHashTemplate.Instance.CheckScriptPubKey(scriptPubKey))
        {
            return OutputKind.PubKeyHash;
        }

        if (PayToPubkeyTemplate.Instance.CheckScriptPubKey(scriptPubKey))
        {
            return OutputKind.PubKey;
        }

        if (PayToMultiSigTemplate.Instance.ExtractScriptPubKeyParameters(scriptPubKey) is { } multisig)
        {
            return multisig.PubKeys.Count <= 3 ? OutputKind.MultiSig : OutputKind.NonStandard;
        }

        return OutputKind.NonStandard;
    }
}
