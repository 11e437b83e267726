namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// What a taproot spend's signature hash and limits depend on beyond the transaction (Core's ScriptExecutionData):
/// the annex, the tapleaf being run, the last OP_CODESEPARATOR position and the remaining validation weight.
/// </summary>
public sealed class ScriptExecutionData
{
    /// <summary>The annex (starting with 0x50) when the witness has one.</summary>
    public byte[]? Annex { get; set; }

    /// <summary>BIP341 tapleaf hash of the script being run; null for a key-path spend.</summary>
    public byte[]? TapleafHash { get; set; }

    /// <summary>Opcode position of the last executed OP_CODESEPARATOR, or 0xFFFFFFFF when none.</summary>
    public uint CodeSeparatorPosition { get; set; } = uint.MaxValue;

    /// <summary>BIP342: the budget that each executed signature check consumes.</summary>
    public long ValidationWeightLeft { get; set; }
}
