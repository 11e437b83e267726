namespace TradeNode.Bitcoin.Descriptors;

/// <summary>
/// One output script a descriptor expands to at one index, with the scripts a spender must reveal and the keys
/// involved (the PSBT updater copies these into its input and output fields).
/// </summary>
public sealed class DescriptorOutput
{
    internal DescriptorOutput(Script scriptPubKey, Script? redeemScript, Script? witnessScript, IReadOnlyList<DescriptorKey> keys)
    {
        ScriptPubKey = scriptPubKey;
        RedeemScript = redeemScript;
        WitnessScript = witnessScript;
        Keys = keys;
    }

    public Script ScriptPubKey { get; }

    /// <summary>The P2SH redeem script for sh(...) outputs, else null.</summary>
    public Script? RedeemScript { get; }

    /// <summary>The witness script for wsh(...) outputs (also inside sh), else null.</summary>
    public Script? WitnessScript { get; }

    /// <summary>The keys in the order the descriptor names them (for sortedmulti the order written, not the sorted one).</summary>
    public IReadOnlyList<DescriptorKey> Keys { get; }
}
