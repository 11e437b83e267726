namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// Timelocked scripts: &lt;n&gt; OP_CHECKLOCKTIMEVERIFY OP_DROP &lt;script&gt; (BIP65) and the OP_CHECKSEQUENCEVERIFY
/// form (BIP112). The number is pushed minimally (OP_0, OP_1..OP_16 or a minimal script number of up to 5 bytes).
/// </summary>
public static class LockTimeScripts
{
    /// <summary>Locktimes and sequences are unsigned 32-bit; script numbers for CLTV/CSV may be 5 bytes to hold them.</summary>
    public const long MaxValue = uint.MaxValue;

    /// <summary>Below this a CLTV value is a block height, from it on a Unix time (Core's LOCKTIME_THRESHOLD).</summary>
    public const long LockTimeThreshold = 500_000_000;

    public static Script CheckLockTimeVerify(long lockTime, Script script) =>
        Build(lockTime, OpcodeType.OP_CHECKLOCKTIMEVERIFY, script, nameof(lockTime));

    /// <summary>The CSV form; <paramref name="sequence"/> is the BIP68 relative lock (blocks, or 512-second units with bit 22 set).</summary>
    public static Script CheckSequenceVerify(long sequence, Script script) =>
        Build(sequence, OpcodeType.OP_CHECKSEQUENCEVERIFY, script, nameof(sequence));

    /// <summary>Reads back <c>&lt;n&gt; OP_CHECKLOCKTIMEVERIFY OP_DROP &lt;rest&gt;</c>; false for any other shape or a non-minimal number.</summary>
    public static bool TryParseCheckLockTimeVerify(Script script, out long lockTime, out Script? rest) =>
        TryParse(script, OpcodeType.OP_CHECKLOCKTIMEVERIFY, out lockTime, out rest);

    public static bool TryParseCheckSequenceVerify(Script script, out long sequence, out Script? rest) =>
        TryParse(script, OpcodeType.OP_CHECKSEQUENCEVERIFY, out sequence, out rest);

    private static Script Build(long value, OpcodeType verify, Script script, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (value is < 0 or > MaxValue)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "A lock value is an unsigned 32-bit number (0 to 4294967295).");
        }

        return new Script(Op.GetPushOp(value), Op.FromCode(verify), Op.FromCode(OpcodeType.OP_DROP)) + script;
    }

    private static bool TryParse(Script script, OpcodeType verify, out long value, out Script? rest)
    {
        ArgumentNullException.ThrowIfNull(script);
        value = 0;
        rest = null;
        var bytes = script.Span;
        var pc = 0;
        if (!Script.TryReadOp(bytes, ref pc, out var code, out var data))
        {
            return false;
        }

        if (code is >= OpcodeType.OP_1 and <= OpcodeType.OP_16)
        {
            value = code - OpcodeType.OP_1 + 1;
        }
        else if (code <= OpcodeType.OP_PUSHDATA4 && data.Length <= 5)
        {
            value = ScriptNumber.Decode(data);
        }
        else
        {
            return false;
        }

        // Only the push this class would write counts: minimal, non-negative, within 32 bits.
        var numberLength = pc;
        if (value is < 0 or > MaxValue || !new Script(Op.GetPushOp(value)).Span.SequenceEqual(bytes[..numberLength])
            || !Script.TryReadOp(bytes, ref pc, out var check, out _) || check != verify
            || !Script.TryReadOp(bytes, ref pc, out var drop, out _) || drop != OpcodeType.OP_DROP)
        {
            value = 0;
            return false;
        }

        rest = new Script(bytes[pc..]);
        return true;
    }
}
