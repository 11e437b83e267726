namespace TradeNode.Bitcoin;

/// <summary>A transaction input: the outpoint it spends, its scriptSig, sequence and witness.</summary>
public sealed class TxIn
{
    /// <summary>nSequence that disables relative locks and marks the input final.</summary>
    public const uint SequenceFinal = 0xffffffff;

    /// <summary>BIP68: set means the sequence carries no relative lock.</summary>
    public const uint SequenceLockTimeDisableFlag = 1u << 31;

    /// <summary>BIP68: set means the relative lock is in units of 512 seconds.</summary>
    public const uint SequenceLockTimeTypeFlag = 1u << 22;

    public const uint SequenceLockTimeMask = 0x0000ffff;

    public TxIn(OutPoint prevOut, Script? scriptSig = null, uint sequence = SequenceFinal)
    {
        ArgumentNullException.ThrowIfNull(prevOut);
        PrevOut = prevOut;
        ScriptSig = scriptSig ?? Script.Empty;
        Sequence = sequence;
    }

    public OutPoint PrevOut { get; set; }

    public Script ScriptSig { get; set; }

    public uint Sequence { get; set; }

    public WitScript WitScript { get; set; } = WitScript.Empty;

    public TxIn Clone() => new(PrevOut, ScriptSig, Sequence) { WitScript = WitScript };
}
